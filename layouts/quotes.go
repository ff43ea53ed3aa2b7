package layouts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SmartQuotes curls the straight quotes of an editor's title ("Tear Down
// This Wall", Masoud's) as the typographer does for headnotes, so that
// the contents and headings match the apparatus. Never used on a
// source's text.
func SmartQuotes(s string) string {
	if !strings.ContainsAny(s, `"'`) {
		return s
	}
	var b strings.Builder
	prev := ' '
	for i, r := range s {
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
		opening := unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/“‘", prev)
		switch r {
		case '"':
			if opening {
				b.WriteRune('“')
			} else {
				b.WriteRune('”')
			}
		case '\'':
			if opening && next != utf8.RuneError && !unicode.IsSpace(next) {
				b.WriteRune('‘')
			} else {
				b.WriteRune('’') // closing quote or apostrophe
			}
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}
