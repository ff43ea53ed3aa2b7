package pdf

import (
	"fmt"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/fonts"
	"sourcebook/layouts"
)

// layoutLines sets a one-source book and returns its body's text lines.
func layoutLines(t *testing.T, body string) ([]*vbox, []string) {
	t.Helper()
	b := oneSource(t, body)
	p, _ := layouts.Get("reader", "letter")
	var warnings []string
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w.Error()) }, keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []*vbox
	for _, pg := range doc.pages {
		for _, bx := range pg.boxes {
			if bx.kind == vLine && bx.line != nil && strings.HasPrefix(bx.mark.ID, "doc-s-") {
				out = append(out, bx)
			}
		}
	}
	return out, warnings
}

func plainLine(l *line) string {
	var b strings.Builder
	for _, f := range l.frags {
		if f.x >= 0 {
			b.WriteString(f.text)
		}
	}
	return b.String()
}

// TestHeadingLevelsInPrint: the six levels of a source's headings used
// to print in two looks (levels 1–2 and 3–6 alike); each now has its own
// size or face, larger levels larger or bolder.
func TestHeadingLevelsInPrint(t *testing.T) {
	lines, _ := layoutLines(t, "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\nText.\n")
	looks := map[string]string{}
	for _, bx := range lines {
		txt := plainLine(bx.line)
		f := bx.line.frags[0]
		looks[fmt.Sprintf("%s %.2f", f.face.Name, f.size)] += txt + " "
	}
	if len(looks) != 7 { // six heading looks and the text's
		t.Errorf("%d distinct looks for six heading levels and a paragraph: %v", len(looks), looks)
	}
}

// TestPreformattedTabsAndWrapping: a tab in preformatted text (a
// telegram, code) was always four spaces; tab stops are now every eight
// columns. A line too long for the measure used to be cut mid-word with
// nothing to show it continues; it now breaks after a space and the
// continuation carries a mark (↪, which the fallback font has).
func TestPreformattedTabsAndWrapping(t *testing.T) {
	long := "1.\tTHE SOVIET GOVERNMENT HAS INFORMED US THAT THE WITHDRAWAL OF ITS FORCES WILL BE COMPLETED BY FEBRUARY FIFTEENTH AS AGREED AT GENEVA STOP"
	lines, _ := layoutLines(t, "```\nTO:\tAMBASSADOR\tKABUL\nFROM:\tSECSTATE\tWASHDC\n"+long+"\n```\n")
	if len(lines) < 4 {
		t.Fatalf("%d lines", len(lines))
	}
	if got := plainLine(lines[0].line); got != "TO:     AMBASSADOR      KABUL" {
		t.Errorf("tabs: %q", got)
	}
	if got := plainLine(lines[1].line); got != "FROM:   SECSTATE        WASHDC" {
		t.Errorf("tabs: %q", got)
	}
	var joined strings.Builder
	for i, bx := range lines[2:] {
		txt := plainLine(bx.line)
		joined.WriteString(txt)
		marked := len(bx.line.frags) > 0 && bx.line.frags[0].x < 0 && bx.line.frags[0].text == contMark
		if i > 0 != marked {
			t.Errorf("line %d %q: continuation mark %v", i+3, txt, marked)
		}
		if i+3 < len(lines) && !strings.HasSuffix(txt, " ") {
			t.Errorf("line %q is broken inside a word", txt)
		}
	}
	if want := strings.Replace(long, "\t", "      ", 1); joined.String() != want {
		t.Errorf("text changed:\n%q\nwant\n%q", joined.String(), want)
	}
	if !fonts.Fallback().Face(fonts.Regular).Has([]rune(contMark)[0]) {
		t.Error("the fallback font has no continuation mark")
	}
}
