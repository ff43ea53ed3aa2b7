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

// TestLowerASCII: the glossary's word lowering agrees with
// strings.ToLower, and leaves what is not ASCII to it.
func TestLowerASCII(t *testing.T) {
	var buf [8]byte
	for _, w := range []string{"", "Soviet", "NATO", "nato", "a1B2", "Été", "toolongword"} {
		got, ok := lowerASCII(buf[:], w)
		ascii := len(w) <= len(buf) && strings.ToUpper(w) == strings.Map(func(r rune) rune {
			if r >= 0x80 {
				return -1
			}
			return r
		}, strings.ToUpper(w))
		if ok != ascii {
			t.Errorf("lowerASCII(%q): ok %v, want %v", w, ok, ascii)
		}
		if ok && string(got) != strings.ToLower(w) {
			t.Errorf("lowerASCII(%q) = %q", w, got)
		}
	}
}
