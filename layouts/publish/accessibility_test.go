package publish

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/internal/pdfua"
	"sourcebook/layouts/internal/testtool"
	"sourcebook/layouts/presets"
)

// checkTagged asserts what the issue asks of every PDF: poppler sees it
// as tagged, the Matterhorn checker finds no failure and, read by pdf.js
// (when js is set), no text is outside both the structure and the
// artifacts.
func checkTagged(t *testing.T, path, jsDir string) (*pdfua.Report, *pdfua.PDFJS) {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, "pdfinfo"), path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	if !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).Match(out) {
		t.Errorf("%s: pdfinfo does not say Tagged: yes", filepath.Base(path))
	}
	testtool.Need(t, "qpdf")
	r, err := pdfua.Check(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Failures {
		t.Errorf("%s: %s", filepath.Base(path), f)
	}
	if r.Types["P"] == 0 || r.Types["H1"] == 0 {
		t.Errorf("%s: a structure without paragraphs or headings: %v", filepath.Base(path), r.Types)
	}
	if jsDir == "" {
		return r, nil
	}
	js, err := pdfua.ReadPDFJS(jsDir, path)
	if err != nil {
		t.Fatal(err)
	}
	for i, pg := range js.Pages {
		if len(pg.Outside) > 0 {
			t.Errorf("%s: page %d: text outside the structure and the artifacts: %q", filepath.Base(path), i+1, pg.Outside)
		}
	}
	return r, js
}

// TestTaggedPDF: every PDF of the example and the every-feature reader
// (both editions, large print, every handout, the answer key) and of a
// reader of the 16 speeches (both editions) is a tagged PDF with no Matterhorn failure
// the checker can find.
func TestTaggedPDF(t *testing.T) {
	jsDir := testtool.NeedPDFJS(t)
	readers := map[string]func(t *testing.T) string{
		"example":       func(*testing.T) string { return exampleReader },
		"every-feature": func(*testing.T) string { return everyFeature },
		"speeches":      func(t *testing.T) string { return speechesReader(t) },
	}
	for name, r := range readers {
		for _, v := range []struct {
			edition  string
			layout   string
			handouts bool
		}{{"student", "", true}, {"teacher", "", false}, {"student", "large-print", false}} {
			if name == "speeches" && (v.handouts || v.layout != "") {
				// The same pages as the example's handouts and large
				// print; 16 more handouts would only add minutes.
				v.handouts = false
				if v.layout != "" {
					continue
				}
			}
			t.Run(name+"/"+v.edition+v.layout, func(t *testing.T) {
				b, err := book.Load(r(t), book.Options{})
				if err != nil {
					t.Fatal(err)
				}
				opt := Options{OutDir: t.TempDir(), Edition: Edition(v.edition), Formats: []Format{"pdf"}, Handouts: v.handouts,
					AnswerKey: v.edition == "teacher"}
				if v.layout != "" {
					l, err := presets.ParseLayout(v.layout)
					if err != nil {
						t.Fatal(err)
					}
					opt.Layout = l
				}
				res, err := Build(b, opt)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, f := range res.Files {
					if filepath.Ext(f) != ".pdf" {
						continue
					}
					n++
					checkTagged(t, f, jsDir)
				}
				if want := 1 + map[bool]int{true: len(b.Items)}[v.handouts] + map[bool]int{true: 1}[opt.AnswerKey]; n != want {
					t.Errorf("%d PDFs checked, want %d", n, want)
				}
			})
		}
	}
}

// TestTaggedLetterReadsWhole: read by pdf.js in the order of the
// structure tree, the example's letter is one run of words: no line
// number, running head or folio inside it, no word split at a line end,
// no note in the middle (a note's marker is a Reference, left out here
// as a screen reader announces it apart).
func TestTaggedLetterReadsWhole(t *testing.T) {
	jsDir := testtool.NeedPDFJS(t)
	b, files := build(t, exampleReader, "student", "pdf")
	r, js := checkTagged(t, files[".pdf"], jsDir)
	// The example has words split at line ends, line numbers and running
	// heads: the test is not passing for want of them.
	if r.Types["Span"] == 0 || r.Types["Reference"] == 0 {
		t.Errorf("no split word or note marker in the example's structure: %v", r.Types)
	}
	arts := map[string]bool{}
	for _, pg := range js.Pages {
		for _, a := range pg.Artifacts {
			arts[strings.TrimSpace(a)] = true
		}
	}
	if !arts["5"] || !arts[b.Title] {
		t.Errorf("line number 5 or the running head %q is not an artifact", b.Title)
	}
	got := strings.Fields(pdfua.TreeText(r, js, "Reference"))
	var want []string
	for _, it := range b.Items {
		want = append(want, strings.Fields(markup.BlocksText(it.Body))...)
	}
	if len(want) < 100 {
		t.Fatalf("the letter has only %d words", len(want))
	}
	start := -1
	for i := range got {
		if got[i] == want[0] && i+1 < len(got) && got[i+1] == want[1] {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatalf("the letter's first words %q are not in the structure's text", want[:2])
	}
	for k, w := range want {
		if start+k >= len(got) || got[start+k] != w {
			end := min(len(got), start+k+8)
			t.Fatalf("word %d of the letter: want %q, the structure reads %q", k, w, got[max(start, start+k-8):end])
		}
	}
}

// TestTaggedImposed: booklets and 2-up handouts are tagged too, and
// their structure reads as the pages they impose: the tree's text (by
// pdf.js, in tree order) is the reader's or the handout's, word for
// word, although the sheets hold the pages out of order; a one-page
// handout printed twice on its sheet is read once.
func TestTaggedImposed(t *testing.T) {
	jsDir := testtool.NeedPDFJS(t)
	var imposed []string
	for _, manifest := range []string{exampleReader, everyFeature} {
		b, err := book.Load(manifest, book.Options{})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := Build(b, Options{OutDir: dir, Formats: []Format{"pdf"}, Handouts: true, Booklet: true, TwoUp: true}); err != nil {
			t.Fatal(err)
		}
		bk, _ := filepath.Glob(filepath.Join(dir, "*-booklet.pdf"))
		two, _ := filepath.Glob(filepath.Join(dir, "*-2up.pdf"))
		if len(bk) != len(b.Items)+1 || len(two) != len(b.Items) {
			t.Fatalf("%s: %d booklets and %d 2-up handouts, want a booklet of the reader and of each of %d handouts and each handout 2-up", b.Name, len(bk), len(two), len(b.Items))
		}
		imposed = append(append(imposed, bk...), two...)
	}
	for _, f := range imposed {
		src := strings.TrimSuffix(strings.TrimSuffix(f, "-booklet.pdf"), "-2up.pdf") + ".pdf"
		r, js := checkTagged(t, f, jsDir)
		rs, jss := checkTagged(t, src, jsDir)
		// Compared without spaces: pdf.js guesses word spaces from the
		// glyphs' distances, which scaling the page moves.
		got, want := strings.Join(strings.Fields(pdfua.TreeText(r, js)), ""), strings.Join(strings.Fields(pdfua.TreeText(rs, jss)), "")
		if len(want) < 500 || got != want {
			k := 0
			for k < min(len(got), len(want)) && got[k] == want[k] {
				k++
			}
			t.Errorf("%s: the structure does not read as %s (%d characters) from character %d: %q, want %q", filepath.Base(f), filepath.Base(src), len(want), k, got[k:min(len(got), k+40)], want[k:min(len(want), k+40)])
		}
		for _, typ := range []string{"Sect", "Table", "TH", "L", "Note"} {
			if r.Types[typ] != rs.Types[typ] {
				t.Errorf("%s: %d %s elements, %s has %d", filepath.Base(f), r.Types[typ], typ, filepath.Base(src), rs.Types[typ])
			}
		}
	}
}
