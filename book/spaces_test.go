package book

import (
	"strings"
	"testing"
)

// TestCollapseSpacesAndWordCount: the allocation-free helpers agree with
// strings.Fields on every kind of white space.
func TestCollapseSpacesAndWordCount(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "a\u00a0b", "x y z", "  ", "a b ", "\na"} {
		if collapseSpaces(s) != strings.Join(strings.Fields(s), " ") {
			t.Errorf("collapseSpaces(%q) = %q", s, collapseSpaces(s))
		}
		if wordCount(s) != len(strings.Fields(s)) {
			t.Errorf("wordCount(%q) = %d", s, wordCount(s))
		}
		for n := 0; n < 4; n++ {
			if atMostWords(s, n) != (len(strings.Fields(s)) <= n) {
				t.Errorf("atMostWords(%q, %d)", s, n)
			}
		}
	}
}
