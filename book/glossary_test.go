package book

import (
	"strings"
	"testing"

	"sourcebook/book/markup"
)

// markGlossary marks each term's first use as a whole word, whatever its
// case, in ASCII and other scripts alike, and nothing else.
func TestMarkGlossaryFirstWholeWordUse(t *testing.T) {
	long := strings.Repeat("x", 70)
	body := "The Congressional record names no one.\n\n" +
		"Then CONGRESS met; congress met again.\n\n" +
		"Über alles: the ÜBERGANG and the übergang. A " + long + "y word, then " + long + ".\n\n" +
		"A Soviet-era building in the Soviet Union, and [the NATO site](https://nato.int/NATO)."
	terms := []string{"Congress", "übergang", long, "Soviet Union", "NATO", "absent"}
	var gloss []*GlossEntry
	for i, term := range terms {
		gloss = append(gloss, &GlossEntry{ID: "g" + string(rune('a'+i)), Term: term})
	}
	it := &Item{Body: markup.ParseString(body, markup.Options{}).Blocks}
	markGlossary(it, gloss)
	var marked []string
	for _, sp := range textSpots(it.Body) {
		for _, r := range *sp.runs {
			if r.Style&markup.Term != 0 {
				marked = append(marked, r.Text+" "+r.Link)
			}
		}
	}
	want := []string{"CONGRESS #ga", "ÜBERGANG #gb", long + " #gc", "Soviet Union #gd", "NATO https://nato.int/NATO"}
	if strings.Join(marked, "|") != strings.Join(want, "|") {
		t.Errorf("marked %q, want %q", marked, want)
	}
	var ids []string
	for _, g := range it.Glossed {
		ids = append(ids, g.ID)
	}
	if got := strings.Join(ids, " "); got != "ga gb gc gd ge" {
		t.Errorf("Glossed = %s, want ga gb gc gd ge", got)
	}
}
