package typeset

import (
	"bufio"
	_ "embed"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/speedata/hyphenation"
)

//go:embed patterns/hyph-en-us.pat.txt
var enUSPatterns string

// Hyphenator finds hyphenation points with Liang's patterns
// (github.com/speedata/hyphenation). It is safe for concurrent use.
type Hyphenator struct {
	lang              *hyphenation.Lang
	leftMin, rightMin int

	// cache memoises Points: hyphenation.Lang.Hyphenate allocates for every
	// substring it looks up, and running text repeats words a lot.
	cache     sync.Map // string -> []int (never handed out directly)
	cacheSize atomic.Int64
}

// maxCache bounds the memo; past it, words are hyphenated uncached.
const maxCache = 1 << 15

// NewHyphenator reads whitespace-separated TeX patterns such as ".ach4".
// It also accepts a libhyphen .dic file: comments ('%' to the end of the
// line, lines starting with '#'), lines starting with an all-uppercase
// keyword (the charset, LEFTHYPHENMIN 2, ...) and libhyphen's non-standard
// patterns (with '/' or '=') are skipped; compound levels (NEXTLEVEL) are
// not supported and would be merged. leftMin and rightMin are the fewest
// runes kept before and after a hyphen (at least 1).
func NewHyphenator(patterns io.Reader, leftMin, rightMin int) (*Hyphenator, error) {
	var clean strings.Builder
	sc := bufio.NewScanner(patterns)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '%' || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if isKeyword(f[0]) {
			continue
		}
		for _, tok := range f {
			comment := false
			if k := strings.IndexByte(tok, '%'); k >= 0 {
				tok, comment = tok[:k], true
			}
			// libhyphen's non-standard patterns have no TeX equivalent.
			if tok != "" && !strings.ContainsAny(tok, "/=") {
				clean.WriteString(tok)
				clean.WriteByte('\n')
			}
			if comment {
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	lang, err := hyphenation.New(strings.NewReader(clean.String()))
	if err != nil {
		return nil, err
	}
	// Lang's own Leftmin is off by one (Leftmin 2 forbids a break before
	// rune 2), so it stays 0 and Points applies the limits.
	lang.Leftmin, lang.Rightmin = 0, 0
	return &Hyphenator{lang: lang, leftMin: max(leftMin, 1), rightMin: max(rightMin, 1)}, nil
}

// isKeyword reports whether s is a libhyphen directive such as "UTF-8" or
// "LEFTHYPHENMIN": patterns are lowercase.
func isKeyword(s string) bool {
	upper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		upper = upper || unicode.IsUpper(r)
	}
	return upper
}

var (
	enUSOnce sync.Once
	enUS     *Hyphenator
)

// EnglishUS returns the embedded en-US hyphenator (leftMin 2, rightMin 3),
// built once and safe for concurrent use.
func EnglishUS() *Hyphenator {
	enUSOnce.Do(func() {
		h, err := NewHyphenator(strings.NewReader(enUSPatterns), 2, 3)
		if err != nil {
			panic("typeset: embedded en-US patterns: " + err.Error()) // checked by tests
		}
		enUS = h
	})
	return enUS
}

// Points returns the rune offsets inside word at which it may be hyphenated
// (a break before rune i), ascending. Words with digits or other non-letters,
// or shorter than leftMin+rightMin, return nil; the caller strips
// punctuation. Case-insensitive. The result belongs to the caller.
func (h *Hyphenator) Points(word string) []int {
	n := utf8.RuneCountInString(word)
	if n < h.leftMin+h.rightMin {
		return nil
	}
	for _, r := range word {
		if !unicode.IsLetter(r) {
			return nil
		}
	}
	if v, ok := h.cache.Load(word); ok {
		return clonePoints(v.([]int))
	}
	var pts []int
	for _, i := range h.lang.Hyphenate(word) {
		if i >= h.leftMin && i <= n-h.rightMin {
			pts = append(pts, i)
		}
	}
	if h.cacheSize.Load() < maxCache {
		if _, loaded := h.cache.LoadOrStore(word, pts); !loaded {
			h.cacheSize.Add(1)
		}
	}
	return clonePoints(pts)
}

func clonePoints(p []int) []int {
	if len(p) == 0 {
		return nil
	}
	return append([]int(nil), p...)
}
