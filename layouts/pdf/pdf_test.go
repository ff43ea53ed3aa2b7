package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/layouts"
	"sourcebook/layouts/internal/testtool"
)

func loadExample(t testing.TB) *book.Book {
	t.Helper()
	b, err := book.Load("../../examples/masoud-letter/reader.yaml", book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// speechBook builds a one-document reader from a speech in the shared
// corpus, or skips when the corpus is not beside the repository.
func speechBook(t testing.TB, file string) *book.Book {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "corpus", "speeches", file)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("speech corpus not available: %v", err)
	}
	lines := strings.SplitN(string(data), "\n", 2)
	author := strings.TrimSpace(strings.TrimPrefix(lines[0], "President:"))
	var paras []string
	for _, p := range regexp.MustCompile(`\n\s*\n`).Split(lines[1], -1) {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	src := &book.Source{ID: "speech", Title: strings.TrimSuffix(file[11:], ".txt"), Type: "speech",
		Authors: book.Names{author}, Body: strings.Join(paras, "\n\n") + "\n", File: path, BodyLine: 3,
		Rights: book.Rights{Status: "public-domain"}}
	src.Date, _ = book.ParseDate(file[:10])
	m, err := book.ParseManifest("speech.yaml", []byte("title: Speeches\nitems: [speech]\ndate: 2026-01-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Assemble(m, &book.Library{Sources: map[string]*book.Source{"speech": src}, Order: []string{"speech"}}, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func layoutBook(t testing.TB, b *book.Book, preset string) *Document {
	t.Helper()
	p, err := layouts.Get(preset, "letter")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { t.Log(w) }, keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func writePDF(t testing.TB, doc *Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Every PDF the tests write passes qpdf's structural check.
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
			t.Fatalf("qpdf --check: %v\n%s", err, out)
		}
	}
	return path
}

// pageText extracts the text of one page (1-based), optionally cropped to
// the text block so that running heads, folios and line numbers are left
// out.
func pageText(t testing.TB, pdf string, page int, crop *layouts.Preset) string {
	t.Helper()
	bin := testtool.Need(t, "pdftotext")
	args := []string{"-f", fmt.Sprint(page), "-l", fmt.Sprint(page)}
	if crop != nil {
		args = append(args, "-x", fmt.Sprint(int(crop.Margins.Inner)-1), "-y", fmt.Sprint(int(crop.Margins.Top)-1),
			"-W", fmt.Sprint(int(crop.Measure())+2), "-H", fmt.Sprint(int(crop.PageHeight-crop.Margins.Top-crop.Margins.Bottom)+2))
	}
	args = append(args, pdf, "-")
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// words normalises text for comparison: hyphens removed (so that a word
// broken at a line end compares equal to the whole word), no-break spaces
// made spaces, and split at white space.
func words(s string) []string {
	s = strings.ReplaceAll(s, "-\n", "")
	s = strings.ReplaceAll(s, "-", "")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return strings.Fields(s)
}

func indexWords(hay, needle []string) int {
	if len(needle) == 0 {
		return 0
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j := range needle {
			if hay[i+j] != needle[j] {
				continue outer
			}
		}
		return i
	}
	return -1
}

// documentText extracts the text block of every page the item is on,
// above the footnotes.
func documentText(t *testing.T, doc *Document, pdfPath string, it *book.Item) []string {
	first := doc.pm.Starts[it.ID]
	last := first
	for id, pos := range doc.pm.Blocks {
		if strings.HasPrefix(id, it.ID+"-") && pos.LastPage > last {
			last = pos.LastPage
		}
	}
	var text strings.Builder
	for pg := first; pg <= last; pg++ {
		crop := doc.p
		crop.Margins.Bottom += doc.pages[pg].noteArea(0)
		text.WriteString(pageText(t, pdfPath, pg+1, &crop))
	}
	return words(text.String())
}

// printedWords is what the PDF should show of a source's text: its words,
// with note markers (which pdftotext joins to the word before them).
func printedWords(bs []markup.Block) []string {
	var b strings.Builder
	var walk func(bs []markup.Block)
	walk = func(bs []markup.Block) {
		for _, bl := range bs {
			for _, in := range bl.Inlines {
				switch {
				case in.Note != nil:
					b.WriteString(in.Note.Marker())
				case in.Break:
					b.WriteByte(' ')
				default:
					b.WriteString(in.Text)
				}
			}
			b.WriteByte('\n')
			walk(bl.Blocks)
			for _, it := range bl.Items {
				walk(it)
			}
		}
	}
	walk(bs)
	return words(b.String())
}

func TestSourceWordsInPDF(t *testing.T) {
	for _, c := range []struct {
		name string
		b    func(t *testing.T) *book.Book
	}{
		{"example", func(t *testing.T) *book.Book { return loadExample(t) }},
		{"speech", func(t *testing.T) *book.Book { return speechBook(t, "1969-11-03-address-nation-war-vietnam.txt") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := c.b(t)
			doc := layoutBook(t, b, "reader")
			path := writePDF(t, doc)
			hyphenated := 0
			for _, pg := range doc.pages {
				for _, bx := range pg.boxes {
					if bx.line != nil && bx.line.hyphenated {
						hyphenated++
					}
				}
			}
			for _, it := range b.Items {
				got := documentText(t, doc, path, it)
				want := printedWords(it.Body)
				if indexWords(got, want) < 0 {
					t.Errorf("%s: the source's %d words do not appear in order in the PDF text:\n%s", it.ID, len(want), strings.Join(got, " "))
				}
			}
			t.Logf("%d pages, %d hyphenated lines", len(doc.pages), hyphenated)
			if c.name == "speech" && hyphenated == 0 {
				t.Error("a 4,500-word speech set justified should have some hyphenated lines")
			}
		})
	}
}

func TestContentsPageNumbers(t *testing.T) {
	b := loadExample(t)
	doc := layoutBook(t, b, "reader")
	path := writePDF(t, doc)
	contents := doc.pm.Starts["contents"]
	toc := pageText(t, path, contents+1, nil)
	entryRE := regexp.MustCompile(`(?m)^(Introduction|Part \d+\. .+|Document \d+\. .+?)[ .]*\s(\d+)$`)
	// Entries may wrap; join lines first so that each ends with its number.
	flat := regexp.MustCompile(`\n(?:[^\n]*\. \. )?`).ReplaceAllStringFunc(toc, func(s string) string { return s })
	matches := entryRE.FindAllStringSubmatch(strings.ReplaceAll(flat, ". . ", ""), -1)
	checked := 0
	for _, it := range b.Items {
		label := doc.pm.Pages[doc.pm.Starts[it.ID]].Label
		found := false
		for _, m := range matches {
			if strings.HasPrefix(m[1], it.Label+".") {
				found = true
				if m[2] != label {
					t.Errorf("%s: contents says page %s, the page map %s", it.Label, m[2], label)
				}
			}
		}
		_ = found
		// The heading is on the page whose folio is that label.
		for pi, pg := range doc.pm.Pages {
			if pg.Label == label && !strings.HasPrefix(doc.pages[pi].label, "i") {
				text := pageText(t, path, pi+1, nil)
				if !strings.Contains(strings.Join(strings.Fields(text), " "), strings.ToUpper(it.Label)) {
					t.Errorf("%s is not on the page labelled %s", it.Label, label)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no entry checked")
	}
	// Every number printed in the contents names a page whose folio is that number
	// and which holds the entry's heading.
	numRE := regexp.MustCompile(`(?m)(\S.*?)[ .]*\s(\d+)\s*$`)
	n := 0
	for _, m := range numRE.FindAllStringSubmatch(toc, -1) {
		title := strings.TrimSpace(strings.TrimRight(m[1], ". "))
		if title == "" {
			continue
		}
		for pi, pg := range doc.pm.Pages {
			if pg.Label == m[2] && !doc.pages[pi].roman {
				text := strings.Join(strings.Fields(pageText(t, path, pi+1, nil)), " ")
				last := strings.Fields(title)
				probe := last[len(last)-1]
				if !strings.Contains(text, probe) {
					t.Errorf("contents entry %q says page %s, but %q is not on it", title, m[2], probe)
				}
				// The folio printed at the foot is the label.
				foot := doc.p
				foot.Margins.Top = foot.PageHeight - foot.Margins.Bottom
				foot.Margins.Bottom = 0
				if folio := strings.TrimSpace(pageText(t, path, pi+1, &foot)); folio != m[2] {
					t.Errorf("page %d prints folio %q, want %s", pi+1, folio, m[2])
				}
				n++
			}
		}
	}
	if n < len(b.Items) {
		t.Errorf("checked %d contents entries, want at least %d", n, len(b.Items))
	}
}

func TestDeterministic(t *testing.T) {
	b := loadExample(t)
	var a, c bytes.Buffer
	if err := layoutBook(t, b, "reader").Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := layoutBook(t, b, "reader").Write(&c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("two builds differ")
	}
}

func TestQPDFAndFonts(t *testing.T) {
	b := loadExample(t)
	path := writePDF(t, layoutBook(t, b, "reader"))
	qpdf := testtool.Need(t, "qpdf")
	if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	pdffonts := testtool.Need(t, "pdffonts")
	out, err := exec.Command(pdffonts, path).Output()
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(rows) == 0 {
		t.Fatal("no fonts")
	}
	for _, r := range rows {
		f := strings.Fields(r)
		// name type... encoding emb sub uni id gen: emb is the 4th from the end +1
		if f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", r)
		}
		if f[len(f)-4] != "yes" {
			t.Errorf("font not subset: %s", r)
		}
	}
}

// TestLayoutRules checks the typesetter's own records against the rules a
// publisher would apply.
func TestLayoutRules(t *testing.T) {
	books := map[string]func(t *testing.T) *book.Book{
		"example": func(t *testing.T) *book.Book { return loadExample(t) },
		"speech":  func(t *testing.T) *book.Book { return speechBook(t, "1961-07-25-report-berlin-crisis.txt") },
	}
	for name, mk := range books {
		t.Run(name, func(t *testing.T) {
			doc := layoutBook(t, mk(t), "reader")
			checkLayout(t, doc)
		})
	}
}

func checkLayout(t *testing.T, doc *Document) {
	t.Helper()
	run := 0
	for pi, pg := range doc.pages {
		var prev *vbox
		for bi, bx := range pg.boxes {
			l := bx.line
			if l == nil {
				continue
			}
			if l.measure > 0 && l.set > l.measure+0.5 && !l.overfull {
				t.Errorf("page %d: line wider than the measure by %.2fpt: %q ratio %.2f", pi+1, l.set-l.measure, lineText(l), l.ratio)
			}
			if !l.last && l.spaceMax > 2.0001 && l.measure > 0 {
				t.Errorf("page %d: interword space stretched %.2f× in %q", pi+1, l.spaceMax, lineText(l))
			}
			if l.hyphenated {
				run++
				if run > 2 {
					t.Errorf("page %d: more than 2 consecutive hyphenated lines", pi+1)
				}
			} else {
				run = 0
			}
			// Heading kept with two lines.
			if bx.noBreakAfter && bi == len(pg.boxes)-1 && pi+1 < len(doc.pages) && !pg.forced {
				t.Errorf("page %d ends on a line that must be kept with the next: %q", pi+1, lineText(l))
			}
			prev = bx
		}
		_ = prev
		// Footnotes on the page of their reference.
		for _, bx := range pg.boxes {
			for _, fn := range bx.notes {
				if !pg.hasNote(fn) {
					t.Errorf("page %d: note %d is not on the page that calls it", pi+1, fn.note.Number)
				}
			}
		}
		// Widows and orphans: a paragraph's first line is not the last line
		// of a page, nor its last line the first of a page.
		if n := len(pg.boxes); n > 0 && pi+1 < len(doc.pages) {
			last := pg.boxes[n-1]
			next := doc.pages[pi+1]
			if last.line != nil && len(next.boxes) > 0 && next.boxes[0].line != nil &&
				last.mark.ID != "" && last.mark.ID == next.boxes[0].mark.ID {
				if !isFirstLine(doc, pi, n-1) && false {
					continue
				}
				if next.boxes[0].line.last {
					t.Errorf("page %d: widow %q", pi+2, lineText(next.boxes[0].line))
				}
				if isFirstLine(doc, pi, n-1) {
					t.Errorf("page %d: orphan %q", pi+1, lineText(last.line))
				}
			}
		}
	}
}

func isFirstLine(doc *Document, pi, bi int) bool {
	bx := doc.pages[pi].boxes[bi]
	if bi == 0 {
		return false
	}
	prev := doc.pages[pi].boxes[bi-1]
	return prev.mark.ID != bx.mark.ID || prev.line == nil
}

func lineText(l *line) string {
	var b strings.Builder
	for _, f := range l.frags {
		b.WriteString(f.text)
		b.WriteByte(' ')
	}
	return b.String()
}
