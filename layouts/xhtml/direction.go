package xhtml

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// RTLLang reports languages written right to left.
func RTLLang(lang string) bool {
	base := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "ar", "fa", "he", "iw", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "prs", "pes", "arb":
		return true
	}
	return false
}

// rtlLetter reports Hebrew and Arabic letters.
func rtlLetter(r rune) bool {
	return (r >= 0x0590 && r < 0x0900 || r >= 0xFB1D && r < 0xFE00 || r >= 0xFE70 && r < 0xFF00) && unicode.IsLetter(r)
}

// hasRTL reports whether s holds a right-to-left letter; ASCII bytes,
// most of any Latin text, are passed over without decoding.
func hasRTL(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if rtlLetter(r) {
			return true
		}
		i += n
	}
	return false
}

// NonLatinScript reports text with letters of a script other than Latin,
// for marking a title as written in its source's language.
func NonLatinScript(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// bidiText writes text escaped, with runs of right-to-left words inside
// left-to-right text isolated in <bdi>, so that neighbouring punctuation
// and numbers keep their places.
func (w *Writer) bidiText(s string) {
	if w.Discard || !hasRTL(s) {
		w.Text(s)
		return
	}
	// Words (cut at spaces) that hold right-to-left letters, with the
	// spaces between two such words, form one run.
	words := strings.SplitAfter(s, " ")
	i := 0
	for i < len(words) {
		if !strings.ContainsFunc(words[i], rtlLetter) {
			w.Text(words[i])
			i++
			continue
		}
		j := i + 1
		for j < len(words) && strings.ContainsFunc(words[j], rtlLetter) {
			j++
		}
		run := strings.Join(words[i:j], "")
		trail := run[len(strings.TrimRight(run, " ")):]
		w.S("<bdi>")
		w.Text(strings.TrimRight(run, " "))
		w.S("</bdi>")
		w.Text(trail)
		i = j
	}
}
