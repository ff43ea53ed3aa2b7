package pdf

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"sourcebook/book/markup"
	"sourcebook/layouts/internal/testtool"
)

// TestLineReferences checks every "lines N–M" a question prints against
// the printed page: the phrase starts on line N and ends on line M, counting
// the source's lines as printed (pdftotext -layout), and the margin numbers
// agree with that count.
func TestLineReferences(t *testing.T) {
	b := loadExample(t)
	doc := layoutBook(t, b, "reader")
	path := writePDF(t, doc)
	bin := testtool.Need(t, "pdftotext")
	checked := 0
	for _, it := range b.Items {
		// The source's printed lines, in order, across its pages.
		var lines []string
		first := doc.pm.Starts[it.ID]
		last := doc.pm.Blocks[it.Body[len(it.Body)-1].ID].LastPage
		bodyStart := strings.Fields(markup.PlainText(it.Body[0].Inlines))[0]
		lastWords := strings.Fields(markup.PlainText(it.Body[len(it.Body)-1].Inlines))
		in := false
		for pg := first; pg <= last; pg++ {
			p := doc.p
			args := []string{"-layout", "-f", fmt.Sprint(pg + 1), "-l", fmt.Sprint(pg + 1),
				"-x", fmt.Sprint(int(p.Margins.Inner) - 1), "-y", fmt.Sprint(int(p.Margins.Top) - 1),
				"-W", fmt.Sprint(int(p.Measure()) + 40),
				"-H", fmt.Sprint(int(p.PageHeight-p.Margins.Top-p.Margins.Bottom-doc.pages[pg].noteArea(0)) + 2), path, "-"}
			out, err := exec.Command(bin, args...).Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(string(out), "\n") {
				if strings.TrimSpace(l) == "" {
					continue
				}
				if !in && strings.HasPrefix(strings.TrimSpace(l), bodyStart) {
					in = true
				}
				if in {
					lines = append(lines, l)
					if strings.Contains(l, lastWords[len(lastWords)-1]) && strings.Contains(l, lastWords[0]) {
						in = false
					}
				}
			}
		}
		if len(lines) == 0 {
			t.Fatalf("%s: no source lines found", it.ID)
		}
		// Margin numbers sit at the end of every fifth line.
		num := regexp.MustCompile(`\s(\d+)\s*$`)
		for i, l := range lines {
			if (i+1)%5 == 0 {
				m := num.FindStringSubmatch(l)
				if m == nil || m[1] != fmt.Sprint(i+1) {
					t.Errorf("%s line %d: margin number missing or wrong: %q", it.ID, i+1, l)
				}
			}
		}
		// "(¶ 4, lines 15–16)": the paragraph every edition prints, then
		// this print's lines.
		refRE := regexp.MustCompile(`^\(¶ (\d+), lines? (\d+)(?:–(\d+))?\)`)
		for _, q := range it.Questions {
			if q.Ref == nil || q.Ref.Start == "" {
				continue
			}
			got := doc.refs[q.Ref.Start]
			m := refRE.FindStringSubmatch(got)
			if m == nil {
				t.Errorf("question %d: printed reference %q", q.Number, got)
				continue
			}
			if atoi(m[1]) != q.Ref.Paragraph {
				t.Errorf("question %d: printed reference %q, want paragraph %d", q.Number, got, q.Ref.Paragraph)
			}
			from, to := atoi(m[2]), atoi(m[2])
			if m[3] != "" {
				to = atoi(m[3])
			}
			words := strings.Fields(q.Ref.Phrase)
			if from > len(lines) || !strings.Contains(lines[from-1], words[0]) {
				t.Errorf("question %d: %q does not start on line %d", q.Number, q.Ref.Phrase, from)
			}
			if to > len(lines) || !strings.Contains(lines[to-1], words[len(words)-1]) {
				t.Errorf("question %d: %q does not end on line %d", q.Number, q.Ref.Phrase, to)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no line reference checked")
	}
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}
