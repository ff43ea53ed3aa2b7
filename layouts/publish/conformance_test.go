package publish

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/importer"
	"sourcebook/book/markup"
	"sourcebook/layouts"
	"sourcebook/layouts/internal/testtool"
	"sourcebook/layouts/pdf"
)

const (
	exampleReader = "../../examples/masoud-letter/reader.yaml"
	everyFeature  = "../../testdata/readers/every-feature/reader.yaml"
	speechCorpus  = "../../../shared/corpus/speeches"
)

// speechesReader imports the shared corpus of speeches into a temporary
// library and writes a reader that lists them all, as a teacher would
// with `sourcebook import`. It skips when the corpus is not there.
func speechesReader(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(speechCorpus); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the speech corpus is needed on CI: %v", err)
		}
		t.Skip("speech corpus not available")
	}
	dir := t.TempDir()
	rs, errs := importer.ImportPaths([]string{speechCorpus})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, err := importer.WriteAll(filepath.Join(dir, "sources"), rs, false); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.Source.ID)
	}
	m := "title: Cold War Speeches\neditors: [Test Editor]\nlanguage: en\ndate: 2026-01-01\nname: speeches\nitems: [" + strings.Join(ids, ", ") + "]\n"
	p := filepath.Join(dir, "reader.yaml")
	if err := os.WriteFile(p, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func build(t testing.TB, manifest, edition string, formats ...string) (*book.Book, map[string]string) {
	t.Helper()
	b, err := book.Load(manifest, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var fs []Format
	for _, f := range formats {
		fs = append(fs, Format(f))
	}
	res, err := Build(b, Options{OutDir: dir, Edition: Edition(edition), Formats: fs})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range res.Files {
		files[filepath.Ext(f)] = f
	}
	return b, files
}

// TestConformance: EPUBCheck 0/0 and Ace 0 violations for the example,
// the speeches and the every-feature reader, in both editions; qpdf
// accepts every PDF.
func TestConformance(t *testing.T) {
	readers := map[string]func(t *testing.T) string{
		"example":       func(*testing.T) string { return exampleReader },
		"every-feature": func(*testing.T) string { return everyFeature },
		"speeches":      func(t *testing.T) string { return speechesReader(t) },
	}
	for name, r := range readers {
		for _, edition := range []string{"student", "teacher"} {
			t.Run(name+"/"+edition, func(t *testing.T) {
				_, files := build(t, r(t), edition)
				testtool.EPUBCheck(t, files[".epub"])
				testtool.Ace(t, files[".epub"])
				qpdf := testtool.Need(t, "qpdf")
				if out, err := exec.Command(qpdf, "--check", files[".pdf"]).CombinedOutput(); err != nil {
					t.Errorf("qpdf: %v\n%s", err, out)
				}
			})
		}
	}
}

// epubEntries reads every file of an EPUB, by its name in the package.
func epubEntries(t testing.TB, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = string(data)
	}
	return files
}

// epubDocs reads the content documents in spine order.
func epubDocs(t testing.TB, path string) []string {
	t.Helper()
	files := epubEntries(t, path)
	var opf string
	for name := range files {
		if strings.HasSuffix(name, ".opf") {
			opf = name
		}
	}
	base := filepath.Dir(opf)
	items := map[string]string{}
	for _, m := range regexp.MustCompile(`<item [^>]*id="([^"]+)"[^>]*href="([^"]+)"|<item [^>]*href="([^"]+)"[^>]*id="([^"]+)"`).FindAllStringSubmatch(files[opf], -1) {
		if m[1] != "" {
			items[m[1]] = m[2]
		} else {
			items[m[4]] = m[3]
		}
	}
	var docs []string
	for _, m := range regexp.MustCompile(`<itemref [^>]*idref="([^"]+)"`).FindAllStringSubmatch(files[opf], -1) {
		docs = append(docs, files[filepath.ToSlash(filepath.Join(base, items[m[1]]))])
	}
	return docs
}

var (
	pageBreakRE = regexp.MustCompile(`<[^>]*epub:type="pagebreak"[^>]*>`)
	labelRE     = regexp.MustCompile(`aria-label="([^"]+)"`)
	titleAttrRE = regexp.MustCompile(`title="([^"]+)"`)
)

// TestPageListMatchesPrint: for sampled paragraphs of the speeches
// reader, the EPUB's print page (the last page break before the
// paragraph) is the PDF page on which the paragraph's first words appear.
func TestPageListMatchesPrint(t *testing.T) {
	manifest := speechesReader(t)
	b, files := build(t, manifest, "student")
	preset, _ := layouts.Get(b.Layout, b.PageSize)
	doc, err := pdf.Layout(b, preset, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pm := doc.PageMap()
	physical := map[string]int{}
	for i, p := range pm.Pages {
		if p.Label != "" {
			physical[p.Label] = i
		}
	}
	// Page in force at each block ID, read from the EPUB.
	pageOf := map[string]string{}
	current := ""
	for _, d := range epubDocs(t, files[".epub"]) {
		tokens := regexp.MustCompile(`<[^>]+>`).FindAllStringIndex(d, -1)
		for _, tk := range tokens {
			tag := d[tk[0]:tk[1]]
			if pageBreakRE.MatchString(tag) {
				if m := labelRE.FindStringSubmatch(tag); m != nil {
					current = m[1]
				} else if m := titleAttrRE.FindStringSubmatch(tag); m != nil {
					current = m[1]
				}
				continue
			}
			if m := regexp.MustCompile(` id="([^"]+-p\d+)"`).FindStringSubmatch(tag); m != nil {
				pageOf[m[1]] = current
			}
		}
	}
	var ids []string
	for _, it := range b.Items {
		for _, bl := range it.Body {
			if bl.Kind == markup.Paragraph && bl.Number > 0 && len(strings.Fields(markup.PlainText(bl.Inlines))) >= 6 {
				ids = append(ids, bl.ID)
			}
		}
	}
	sort.Strings(ids)
	step := 1 // every paragraph, not only a sample
	checked := 0
	texts := map[int]string{}
	for i := 0; i < len(ids); i += step {
		id := ids[i]
		label, ok := pageOf[id]
		if !ok || label == "" {
			t.Errorf("%s: no print page in the EPUB", id)
			continue
		}
		pi, ok := physical[label]
		if !ok {
			t.Errorf("%s: EPUB page %q is not a page of the PDF", id, label)
			continue
		}
		if _, ok := texts[pi]; !ok {
			texts[pi] = norm(pdfPage(t, files[".pdf"], pi+1))
		}
		blk := findBlock(b, id)
		first := strings.Join(strings.Fields(norm(markup.PlainText(blk.Inlines)))[:4], " ")
		if !strings.Contains(texts[pi], first) {
			t.Errorf("%s: EPUB says page %s, but %q is not on PDF page %d", id, label, first, pi+1)
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("checked %d paragraphs, want at least 20", checked)
	}
	t.Logf("checked %d paragraphs on %d pages", checked, len(texts))
}

func findBlock(b *book.Book, id string) *markup.Block {
	for _, it := range b.Items {
		for i := range it.Body {
			if it.Body[i].ID == id {
				return &it.Body[i]
			}
		}
	}
	return nil
}

func norm(s string) string {
	s = strings.ReplaceAll(s, "-\n", "")
	s = strings.ReplaceAll(s, "-", "")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return strings.Join(strings.Fields(s), " ")
}

func pdfPage(t testing.TB, path string, n int) string {
	t.Helper()
	bin := testtool.Need(t, "pdftotext")
	out, err := exec.Command(bin, "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func pdfText(t testing.TB, path string) string {
	t.Helper()
	bin := testtool.Need(t, "pdftotext")
	out, err := exec.Command(bin, path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// pdfRawText is the text in content-stream order (pdftotext -raw), which
// margin numbers (¶, lines) cannot reorder as layout analysis can.
func pdfRawText(t testing.TB, path string) string {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, "pdftotext"), "-raw", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func epubText(t testing.TB, path string) string {
	var b strings.Builder
	for _, d := range epubDocs(t, path) {
		b.WriteString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(d, " "))
	}
	return b.String()
}

// TestStudentEditionHasNoAnswers searches the student files for every
// answer's text, and the teacher files for each.
func TestStudentEditionHasNoAnswers(t *testing.T) {
	for _, r := range []string{exampleReader, everyFeature} {
		b, student := build(t, r, "student")
		_, teacher := build(t, r, "teacher")
		sText := norm(pdfText(t, student[".pdf"])) + " " + norm(epubText(t, student[".epub"]))
		tPDF, tEPUB := norm(pdfText(t, teacher[".pdf"])), norm(epubText(t, teacher[".epub"]))
		n := 0
		for _, it := range b.Items {
			for _, q := range it.Questions {
				for _, bl := range q.Answer {
					words := strings.Fields(norm(markup.PlainText(bl.Inlines)))
					if len(words) > 6 {
						words = words[len(words)-6:]
					}
					probe := strings.Join(words, " ")
					if probe == "" {
						continue
					}
					n++
					if strings.Contains(sText, probe) {
						t.Errorf("student edition contains answer text %q", probe)
					}
					if !strings.Contains(tPDF, probe) || !strings.Contains(tEPUB, probe) {
						t.Errorf("teacher edition lacks answer text %q", probe)
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no answers to check", r)
		}
		if !strings.Contains(tPDF, "Teacher Edition") || !strings.Contains(tEPUB, "Teacher Edition") {
			t.Error("teacher edition does not say so")
		}
		if strings.Contains(sText, "Teacher Edition") {
			t.Error("student edition says Teacher Edition")
		}
	}
}

// TestGlossaryAndAnnotations: each glossary term is marked at its first
// occurrence in each document (a link to its entry in the EPUB), and each
// annotation's marker follows its phrase.
func TestGlossaryAndAnnotations(t *testing.T) {
	b, files := build(t, everyFeature, "student", "epub")
	docs := strings.Join(epubDocs(t, files[".epub"]), "\n")
	for _, it := range b.Items {
		for _, g := range it.Glossed {
			re := regexp.MustCompile(`<a [^>]*href="[^"]*#` + regexp.QuoteMeta(g.ID) + `"[^>]*>(?:<span[^>]*>)?(?i)` + regexp.QuoteMeta(g.Term) + `(?:</span>)?</a>`)
			if !re.MatchString(docs) {
				t.Errorf("%s: glossary term %q not linked", it.ID, g.Term)
			}
		}
		for _, n := range it.Notes {
			if !n.Annotation {
				continue
			}
			if !strings.Contains(docs, `href="#`+n.ID+`"`) {
				t.Errorf("%s: annotation %s has no reference", it.ID, n.ID)
			}
		}
	}
	// The annotation on the second "PDPA" follows that phrase.
	plain := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(docs, "")
	if !regexp.MustCompile(`and the PDPA\s*a?b?,`).MatchString(plain) && !strings.Contains(plain, "PDPAa,") {
		i := strings.Index(plain, "and the PDPA")
		t.Errorf("annotation marker not after the second PDPA: %q", plain[i:min(len(plain), i+40)])
	}
}

// TestHandoutsStartAtPageOne: every handout's first page is numbered 1.
func TestHandoutsStartAtPageOne(t *testing.T) {
	b, err := book.Load(everyFeature, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := Build(b, Options{OutDir: dir, Formats: []Format{"pdf"}, Handouts: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Files {
		if !strings.Contains(f, "-handout-") {
			continue
		}
		n++
		first := pdfPage(t, f, 1)
		if !regexp.MustCompile(`Page 1 of \d+`).MatchString(first) {
			t.Errorf("%s: first page is not numbered 1", f)
		}
		if strings.Contains(first, "Contents") {
			t.Errorf("%s: a handout has front matter", f)
		}
	}
	if n != len(b.Items) {
		t.Errorf("%d handouts for %d items", n, len(b.Items))
	}
}

// TestBuildTwiceIdentical: the same reader gives the same bytes.
func TestBuildTwiceIdentical(t *testing.T) {
	_, a := build(t, everyFeature, "teacher")
	_, c := build(t, everyFeature, "teacher")
	for ext := range a {
		x, _ := os.ReadFile(a[ext])
		y, _ := os.ReadFile(c[ext])
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", ext)
		}
	}
}

// TestSerialAndParallelIdentical: one worker or many, the same bytes.
func TestSerialAndParallelIdentical(t *testing.T) {
	b, err := book.Load(everyFeature, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]map[string][]byte{}
	for _, workers := range []int{1, 4} {
		dir := t.TempDir()
		res, err := Build(b, Options{OutDir: dir, Workers: workers, Edition: "teacher"})
		if err != nil {
			t.Fatal(err)
		}
		out[workers] = map[string][]byte{}
		for _, f := range res.Files {
			data, _ := os.ReadFile(f)
			out[workers][filepath.Ext(f)] = data
		}
	}
	for ext, data := range out[1] {
		if !bytes.Equal(data, out[4][ext]) {
			t.Errorf("%s: serial and parallel builds differ", ext)
		}
	}
}
