package typeset

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

func hyphenate(word string, pts []int) string {
	r := []rune(word)
	var b strings.Builder
	last := 0
	for _, i := range pts {
		b.WriteString(string(r[last:i]))
		b.WriteByte('-')
		last = i
	}
	b.WriteString(string(r[last:]))
	return b.String()
}

func TestKnownWords(t *testing.T) {
	h := EnglishUS()
	for word, want := range map[string]string{
		"hyphenation":   "hy-phen-ation", // as TeX
		"typesetting":   "type-set-ting",
		"international": "in-ter-na-tional",
		"Afghanistan":   "Afghanistan", // the patterns find nothing, like TeX's hyphen.tex
		"HYPHENATION":   "HY-PHEN-ATION",
		"Developers":    "De-vel-op-ers",
		"associate":     "as-so-ciate", // a whole-word pattern (TUGboat exception)
		"table":         "ta-ble",      // 5 runes: only a break before rune 2 is allowed
		"paragraph":     "para-graph",
		"algorithm":     "al-go-rithm",
	} {
		if got := hyphenate(word, h.Points(word)); got != want {
			t.Errorf("%s: got %s, want %s", word, got, want)
		}
	}
}

func TestPointsRejects(t *testing.T) {
	h := EnglishUS()
	for _, w := range []string{"", "a", "ab", "abcd", "h4xor", "hyphen2ation", "co-operation", "don't", "hyphenation.", "hyphen ation", "typeset\u00ad"} {
		if p := h.Points(w); p != nil {
			t.Errorf("%q: %v, want nil", w, p)
		}
	}
	// 5 runes is leftMin+rightMin: allowed.
	if p := h.Points("table"); !slices.Equal(p, []int{2}) {
		t.Errorf("table: %v", p)
	}
}

// refPatterns parses TeX patterns into letters -> priorities (one more
// than letters: the priority before each letter and after the last).
func refPatterns(text string) map[string][]int {
	m := map[string][]int{}
	for _, pat := range strings.Fields(text) {
		var letters []rune
		digits := []int{0}
		for _, r := range pat {
			if r >= '0' && r <= '9' {
				digits[len(digits)-1] = int(r - '0')
			} else {
				letters = append(letters, r)
				digits = append(digits, 0)
			}
		}
		m[string(letters)] = digits
	}
	return m
}

// refPoints is a plain Liang hyphenator written from the thesis, to check
// how speedata/hyphenation is wrapped.
func refPoints(patterns map[string][]int, word string, left, right int) []int {
	rw := []rune("." + strings.ToLower(word) + ".")
	vals := make([]int, len(rw)+1) // vals[k]: priority before rw[k]
	for s := range rw {
		for e := s + 1; e <= len(rw); e++ {
			for k, d := range patterns[string(rw[s:e])] {
				vals[s+k] = max(vals[s+k], d)
			}
		}
	}
	n := len(rw) - 2
	var out []int
	for i := left; i <= n-right; i++ {
		if vals[i+1]%2 == 1 { // word rune i is rw[i+1]
			out = append(out, i)
		}
	}
	return out
}

// testWords: whole-word patterns from the file plus ordinary words.
func testWords() []string {
	words := strings.Fields(`hyphenation typesetting Afghanistan international
		breaking paragraphs into lines knuth plass algorithm demerits
		justification typography characteristically incomprehensibilities
		electroencephalograph uncopyrightable mississippi probability
		documentation sourcebook renderer measurement consecutive
		flagged penalties information representative responsibility
		fiancé naïve cooperation résumé encyclopaedia Übermensch`)
	for _, pat := range strings.Fields(enUSPatterns) {
		if strings.HasPrefix(pat, ".") && strings.HasSuffix(pat, ".") {
			w := strings.Trim(strings.Map(func(r rune) rune {
				if unicode.IsDigit(r) {
					return -1
				}
				return r
			}, pat), ".")
			words = append(words, w)
		}
	}
	return words
}

func TestPointsMatchReference(t *testing.T) {
	patterns := refPatterns(enUSPatterns)
	h := EnglishUS()
	checked := 0
	for _, w := range testWords() {
		got := h.Points(w)
		n := utf8.RuneCountInString(w)
		letters := !strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if !letters || n < 5 {
			if got != nil {
				t.Errorf("%q: %v, want nil", w, got)
			}
			continue
		}
		for _, i := range got {
			if i < 2 || i > n-3 {
				t.Errorf("%q: point %d outside [2,%d]", w, i, n-3)
			}
		}
		if want := refPoints(patterns, w, 2, 3); !slices.Equal(got, want) {
			t.Errorf("%q: %v (%s), reference %v (%s)", w, got, hyphenate(w, got), want, hyphenate(w, want))
		}
		checked++
	}
	if checked < 1000 {
		t.Fatalf("only %d words checked", checked)
	}
}

func TestHyphenatorMins(t *testing.T) {
	h, err := NewHyphenator(strings.NewReader(enUSPatterns), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	patterns := refPatterns(enUSPatterns)
	for _, w := range []string{"hyphenation", "typesetting", "table", "recognizance", "project"} {
		if got, want := h.Points(w), refPoints(patterns, w, 1, 1); !slices.Equal(got, want) {
			t.Errorf("%s with mins 1,1: %v, want %v", w, got, want)
		}
	}
}

// TestLibhyphenInput: the raw Debian .dic layout (charset, keywords,
// comments) gives the same hyphenator as the converted list.
func TestLibhyphenInput(t *testing.T) {
	raw := "UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 3\n% comment\n" + enUSPatterns + "ff1f/f=f,2,1\nNEXTLEVEL\n"
	h, err := NewHyphenator(strings.NewReader(raw), 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range testWords()[:40] {
		if got, want := h.Points(w), EnglishUS().Points(w); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", w, got, want)
		}
	}
}

func TestPatternComments(t *testing.T) {
	h, err := NewHyphenator(strings.NewReader("# header\nn1n % 1x1y\n%9b\nb1/b=,1,1\n"), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Points("annaxybb"); !slices.Equal(got, []int{2}) {
		t.Fatalf("got %v, want [2]", got)
	}
}

func TestEmbeddedPatternsArePlain(t *testing.T) {
	n := 0
	for _, tok := range strings.Fields(enUSPatterns) {
		n++
		if strings.ContainsAny(tok, "/=%") || isKeyword(tok) {
			t.Fatalf("non-standard token %q", tok)
		}
	}
	if n < 10000 {
		t.Fatalf("%d patterns", n)
	}
}

func TestPointsResultOwnedByCaller(t *testing.T) {
	h := EnglishUS()
	p := h.Points("hyphenation")
	p[0] = 99
	if q := h.Points("hyphenation"); q[0] != 2 {
		t.Fatalf("cache corrupted: %v", q)
	}
}

func TestPointsConcurrent(t *testing.T) {
	words := testWords()
	h, err := NewHyphenator(strings.NewReader(enUSPatterns), 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]int, len(words))
	for i, w := range words {
		want[i] = EnglishUS().Points(w)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Go(func() {
			for k := range words {
				i := (k + g*131) % len(words)
				if got := h.Points(words[i]); !slices.Equal(got, want[i]) {
					errs <- words[i]
					return
				}
				_ = EnglishUS()
			}
		})
	}
	wg.Wait()
	close(errs)
	for w := range errs {
		t.Errorf("concurrent Points(%q) differs", w)
	}
}

func TestCacheBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("slow under -race")
	}
	h, err := NewHyphenator(strings.NewReader(enUSPatterns), 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	buf := make([]byte, 8)
	for range maxCache + 1000 {
		for i := range buf {
			buf[i] = byte('a' + rng.IntN(26))
		}
		h.Points(string(buf))
	}
	if n := h.cacheSize.Load(); n > maxCache {
		t.Fatalf("cache holds %d words", n)
	}
}

func BenchmarkHyphenate(b *testing.B) {
	// Running text repeats words, so most calls hit the cache.
	words := strings.Fields(`the total fit algorithm of knuth and plass considers
		every feasible breakpoint of a paragraph and chooses the sequence of
		breaks with the least demerits hyphenation points come from liang's
		patterns international typesetting conventions`)
	h := EnglishUS()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		h.Points(words[i%len(words)])
		i++
	}
}

func BenchmarkHyphenateUncached(b *testing.B) {
	words := testWords()
	h := EnglishUS()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		h.lang.Hyphenate(words[i%len(words)])
		i++
	}
}

func BenchmarkNewHyphenator(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewHyphenator(strings.NewReader(enUSPatterns), 2, 3); err != nil {
			b.Fatal(err)
		}
	}
}
