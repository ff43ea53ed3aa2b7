package pdf

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"sourcebook/book/markup"
	"sourcebook/layouts/internal/testtool"
)

// TestParagraphNumbersInPrint: each numbered paragraph's first line has
// "¶ N" in the inner margin (the left on these one-sided pages), the same numbers as the EPUB; closings and date lines have
// none; questions cite "(¶ N, lines …)"; and the explanation after the
// introduction says what this edition prints.
func TestParagraphNumbersInPrint(t *testing.T) {
	b := loadExample(t)
	doc := layoutBook(t, b, "reader")
	path := writePDF(t, doc)
	bin := testtool.Need(t, "pdftotext")
	out, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	lines := strings.Split(text, "\n")
	pnumRE := regexp.MustCompile(`^\s*(?:glossary p\. \d+\s+)?¶ ?(\d+)\s+(\S.*)$`)
	found := map[int]string{}
	for _, l := range lines {
		if m := pnumRE.FindStringSubmatch(l); m != nil {
			found[atoi(m[1])] = m[2]
		}
	}
	it := b.Items[0]
	n := 0
	for _, bl := range it.Body {
		words := strings.Fields(markup.PlainText(bl.Inlines))
		if bl.Number == 0 {
			for k, v := range found {
				if strings.HasPrefix(v, strings.Join(words, " ")) {
					t.Errorf("the unnumbered block %q has ¶ %d", strings.Join(words, " "), k)
				}
			}
			continue
		}
		n++
		start := strings.Join(words[:min(3, len(words))], " ")
		got, ok := found[bl.Number]
		if !ok || !strings.HasPrefix(got, start) {
			t.Errorf("¶ %d: printed beside %q, want the line starting %q", bl.Number, got, start)
		}
	}
	if n < 4 || len(found) != n {
		t.Errorf("%d numbered paragraphs, %d numbers printed", n, len(found))
	}
	if !regexp.MustCompile(`\(¶ 4, lines \d+–\d+\) What does Masoud mean`).MatchString(text) {
		t.Errorf("the question about a phrase does not cite its paragraph and lines")
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"About this edition", "numbered in the left margin (¶ 1, ¶ 2 …), and every fifth line in the right margin", "“(¶ 4, lines 12–15)”", "the line numbers belong to this printing only"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if strings.Contains(flat, "p. 12") {
		t.Errorf("the print edition's explanation speaks of e-book page markers")
	}
}
