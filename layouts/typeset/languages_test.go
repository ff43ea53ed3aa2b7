package typeset

import (
	"strings"
	"testing"
)

// TestLanguages hyphenates a long word of each language with patterns and
// checks that every break falls where the language's dictionaries put
// one (the expected breaks are those of the patterns' own sources).
func TestLanguages(t *testing.T) {
	cases := map[string][]string{
		"de": {"Brü-der-lich-keit", "Ver-nunft"},
		"fr": {"fra-ter-ni-té", "di-gni-té"},
		"es": {"fra-ter-nal-men-te", "con-cien-cia"},
		"it": {"fra-tel-lan-za", "co-scien-za"},
		"nl": {"broe-der-schap", "waar-dig-heid"},
		"pl": {"bra-ter-stwa", "god-no-ści"},
		"pt": {"fra-ter-ni-da-de", "dig-ni-da-de"},
		"ru": {"брат-ства", "до-сто-ин-стве"},
	}
	for lang, words := range cases {
		h := ForLanguage(lang + "-XX")
		if h == nil {
			t.Errorf("%s: no patterns", lang)
			continue
		}
		for _, w := range words {
			plain := strings.ReplaceAll(w, "-", "")
			want := map[int]bool{}
			i := 0
			for _, r := range w {
				if r == '-' {
					want[i] = true
					continue
				}
				i++
			}
			pts := h.Points(plain)
			if len(pts) == 0 {
				t.Errorf("%s: %q gets no hyphenation point", lang, plain)
			}
			for _, p := range pts {
				if !want[p] {
					t.Errorf("%s: %q breaks at %d, not a syllable boundary of %q", lang, plain, p, w)
				}
			}
		}
	}
	if ForLanguage("ar") != nil {
		t.Error("Arabic has no patterns and must not be hyphenated")
	}
	if ForLanguage("en-GB") != EnglishUS() || ForLanguage("") != EnglishUS() {
		t.Error("English uses the en-US patterns")
	}
}
