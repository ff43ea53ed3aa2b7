package book

import (
	"math"
	"strings"
	"unicode"
)

// Reading metrics for the catalogue: how long a document is, how long a
// student needs to read it, and how hard its prose is. They are rough
// guides for choosing documents, not measurements to grade students by.

// studentWPM is a typical silent reading speed for secondary-school
// students reading informational text, slower than adults' 250.
const studentWPM = 200

// WordCount counts the words of a reading text: runs of non-space
// characters that hold at least one letter or digit, so that "—" or "§"
// alone are not words while "1,500,000" and "freedom-loving" are one each.
func WordCount(text string) int {
	n := 0
	for _, f := range strings.Fields(text) {
		if hasWordChar(f) {
			n++
		}
	}
	return n
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// ReadingMinutes is the time a student needs for words at 200 words a
// minute, rounded up, and at least one minute.
func ReadingMinutes(words int) int {
	m := (words + studentWPM - 1) / studentWPM
	return max(m, 1)
}

// FleschKincaidGrade is the Flesch–Kincaid grade level of an English text:
// 0.39·(words/sentences) + 11.8·(syllables/words) − 15.59. Syllables are
// counted by a spelling heuristic (see Syllables), which is right for most
// words and close for the rest; over a document the errors mostly cancel.
// A text with no words has grade 0.
func FleschKincaidGrade(text string) float64 {
	words, syllables := 0, 0
	for _, f := range strings.Fields(text) {
		if !hasWordChar(f) {
			continue
		}
		words++
		syllables += Syllables(f)
	}
	if words == 0 {
		return 0
	}
	sentences := max(countSentences(text), 1)
	g := 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
	// Very short, simple texts give negative scores: grade 0 is the floor.
	return math.Max(0, math.Round(g*10)/10)
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"vs": true, "etc": true, "no": true, "gen": true, "col": true, "lt": true, "capt": true,
	"gov": true, "sen": true, "rep": true, "prof": true, "rev": true, "hon": true, "messrs": true,
	"e.g": true, "i.e": true, "cf": true, "vol": true, "pp": true, "p": true, "art": true,
	"jan": true, "feb": true, "aug": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// countSentences counts words that end in ., ! or ? (quotes and brackets
// after them allowed), except abbreviations and initials ("A. A.",
// "U.S."), and lines that end without such a mark (headings, salutations,
// list items), since each is read as a unit of its own.
func countSentences(text string) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		ended := true
		for _, f := range fields {
			if !hasWordChar(f) {
				continue
			}
			ended = endsSentence(f)
			if ended {
				n++
			}
		}
		if !ended {
			n++
		}
	}
	return n
}

func endsSentence(w string) bool {
	w = strings.TrimRight(w, `"'”’»)]`)
	if w == "" {
		return false
	}
	switch w[len(w)-1] {
	case '!', '?':
		return true
	case '.':
	default:
		return false
	}
	core := strings.ToLower(strings.Trim(strings.TrimRight(w, "."), `"'“‘«([`))
	if abbreviations[core] {
		return false
	}
	// A single letter ("A.") or letters joined by periods ("U.S.") is an
	// initial or an abbreviation.
	letters := strings.ReplaceAll(core, ".", "")
	if len([]rune(letters)) == 1 || strings.Contains(core, ".") {
		return false
	}
	return true
}

// Syllables estimates the number of syllables of an English word from its
// spelling: groups of vowels (y counting as one except at the start), less
// a silent final e ("make"), a silent e in -es ("makes") and -ed
// ("jumped"), with "-le" after a consonant kept as a syllable ("table").
// A word without letters (a number) counts as one syllable.
func Syllables(word string) int {
	var b strings.Builder
	for _, r := range strings.ToLower(word) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		} else if unicode.IsLetter(r) {
			// Accented Latin letters: é, ö … are vowels in loan words.
			switch {
			case strings.ContainsRune("àáâãäåæèéêëìíîïòóôõöøùúûüýÿœ", r):
				b.WriteByte('a')
			default:
				b.WriteByte('b')
			}
		}
	}
	w := b.String()
	if w == "" {
		return 1
	}
	if len(w) <= 3 {
		return 1
	}
	switch {
	case strings.HasSuffix(w, "es") && !endsInAny(w[:len(w)-2], "s", "x", "z", "c", "g", "ch", "sh"):
		w = w[:len(w)-1] // "makes" → "make", then the silent e below
	case strings.HasSuffix(w, "ed") && !endsInAny(w[:len(w)-2], "t", "d") && len(w) >= 4:
		w = w[:len(w)-2] + "d" // "jumped" → "jumpd"
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && !strings.HasSuffix(w, "ye") {
		if !(strings.HasSuffix(w, "le") && len(w) > 2 && !isVowel(w[len(w)-3])) {
			w = w[:len(w)-1]
		}
	}
	n := 0
	prev := false
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i]) || (w[i] == 'y' && i > 0)
		if v && !prev {
			n++
		}
		prev = v
	}
	n += splitVowels(w)
	return max(n, 1)
}

// splitVowels counts the vowel pairs that are read as two syllables
// (so-vi-et, ac-tu-al, i-de-a, go-ing) in a word from which a silent e has
// been dropped, and takes one off for a silent e before -ly, -ful, -less
// and -ness (com-plete-ly).
func splitVowels(w string) int {
	n := 0
	for i := 1; i+1 < len(w); i++ {
		prev, a, b := w[i-1], w[i], w[i+1]
		rest := w[i:]
		switch {
		case a == 'i' && b == 'a' && !strings.ContainsRune("ctgs", rune(prev)):
			n++ // me-di-a, li-a-ble
		case a == 'i' && b == 'e' && (strings.HasPrefix(rest, "iet") || (strings.HasPrefix(rest, "ien") && !strings.ContainsRune("ct", rune(prev)))):
			n++ // qui-et, so-ci-e-ty, sci-ence
		case a == 'i' && b == 'o' && (i+2 == len(w) || !strings.ContainsRune("tscgxnl", rune(prev))):
			n++ // ra-di-o, pe-ri-od
		case a == 'u' && b == 'a' && prev != 'q' && prev != 'g':
			n++ // ac-tu-al, con-tin-u-a-tion
		case a == 'e' && b == 'o' && prev != 'p' && !strings.HasPrefix(rest, "eou"):
			n++ // vi-de-o, ge-og-ra-phy
		case a == 'o' && b == 'e' && i+2 < len(w) && (w[i+2] == 't' || w[i+2] == 'm'):
			n++ // po-em, po-et
		case a == 'i' && b == 'n' && strings.HasPrefix(rest, "ing") && i+3 == len(w) && (isVowel(prev) || prev == 'y'):
			n++ // go-ing, be-ing, play-ing
		}
	}
	if strings.HasSuffix(w, "ea") || strings.Contains(w, "creat") {
		n++ // i-de-a, cre-ate
	}
	for _, suf := range []string{"ely", "eful", "eless", "eness"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+1 && !isVowel(w[len(w)-len(suf)-1]) {
			n--
		}
	}
	return n
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func endsInAny(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
