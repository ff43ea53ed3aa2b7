package typeset

import (
	"bytes"
	"compress/gzip"
	"embed"
	"strings"
	"sync"
)

//go:embed patterns/hyph-*.dic.gz
var langPatterns embed.FS

// hyphenMins are the fewest letters kept before and after a hyphen, by
// language (the patterns' own LEFTHYPHENMIN and RIGHTHYPHENMIN where they
// give them, else the TeX conventions for the language).
var hyphenMins = map[string][2]int{
	"de": {2, 2}, "fr": {2, 3}, "es": {2, 2}, "it": {2, 2}, "nl": {2, 2}, "pl": {2, 2}, "pt": {2, 3}, "ru": {2, 2},
}

var (
	langMu    sync.Mutex
	langCache = map[string]*Hyphenator{}
)

// ForLanguage returns the hyphenator for a BCP 47 language tag (its
// primary subtag: "de-CH" uses German), or nil when there are no patterns
// for it. English ("en", or no language) uses EnglishUS.
func ForLanguage(lang string) *Hyphenator {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	if base == "" || base == "en" {
		return EnglishUS()
	}
	mins, ok := hyphenMins[base]
	if !ok {
		return nil
	}
	langMu.Lock()
	defer langMu.Unlock()
	if h, ok := langCache[base]; ok {
		return h
	}
	var h *Hyphenator
	if data, err := langPatterns.ReadFile("patterns/hyph-" + base + ".dic.gz"); err == nil {
		if zr, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
			h, _ = NewHyphenator(zr, mins[0], mins[1]) // checked by tests
		}
	}
	langCache[base] = h
	return h
}
