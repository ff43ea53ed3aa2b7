package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"sourcebook/book"
)

// maxIDLen keeps ids short enough to type and to read in a file listing.
const maxIDLen = 50

// idRE is book's rule for ids (not exported there).
var idRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// ID derives a stable, readable id from the catalogue fields alone, so
// that importing the same document again gives the same id:
//
//   - names: the surname (last word, "Jr."/"III" skipped) of up to two
//     authors; for correspondence (recipients given) also of up to two
//     recipients, and then no title words: masoud-vorontsov-1989;
//   - otherwise the title's key words, in order, without small words
//     (of, the, to …), words already in the names and, unless nothing else
//     is left, genre words (address, speech, letter …):
//     truman-doctrine-1947, reagan-brandenburg-gate-berlin-wall-1987;
//   - the year (of the start of an interval) last;
//
// transliterated to lower-case ASCII (é→e, ß→ss; other scripts dropped),
// joined by hyphens and cut at a hyphen to at most 50 characters, title
// words going first. An id that would not start with a letter is prefixed
// with "source-"; with nothing to go on the id is "source".
func ID(s *book.Source) string {
	var names []string
	used := map[string]bool{}
	addName := func(list book.Names) {
		n := 0
		for _, name := range list {
			if n == 2 {
				break
			}
			if w := slug(surname(name)); w != "" && !used[w] {
				names = append(names, w)
				used[w] = true
				n++
			}
		}
	}
	addName(s.Authors)
	if len(s.Recipients) > 0 {
		addName(s.Recipients)
	}
	var words []string
	if len(s.Recipients) == 0 || len(names) == 0 {
		var genre []string
		for _, w := range strings.FieldsFunc(translit(s.Title), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}) {
			switch {
			case smallWords[w] || used[w]:
			case genreWords[w]:
				genre = append(genre, w)
			default:
				words = append(words, w)
			}
			used[w] = true
		}
		if len(words) == 0 {
			words = genre
		}
	}
	year := ""
	if !s.Date.IsZero() && s.Date.Year > 0 {
		year = strconv.Itoa(s.Date.Year)
	}
	build := func(words []string) string {
		parts := append(append([]string(nil), names...), words...)
		if year != "" {
			parts = append(parts, year)
		}
		return strings.Join(parts, "-")
	}
	id := build(words)
	for len(id) > maxIDLen && len(words) > 0 {
		words = words[:len(words)-1]
		id = build(words)
	}
	if len(id) > maxIDLen {
		// Names alone are too long: keep the year, cut the names.
		head := strings.Join(names, "-")
		if year != "" {
			head = cutAtHyphen(head, maxIDLen-len(year)-1) + "-" + year
		} else {
			head = cutAtHyphen(head, maxIDLen)
		}
		id = strings.Trim(head, "-")
	}
	switch {
	case id == "":
		return "source"
	case id[0] < 'a' || id[0] > 'z':
		id = cutAtHyphen("source-"+id, maxIDLen)
	case id == "readme":
		// book.LoadLibrary skips README.md.
		id = "readme-source"
	}
	if !idRE.MatchString(id) {
		return "source"
	}
	return id
}

// cutAtHyphen shortens an id to at most n bytes, at a hyphen if there is
// one (a word cut in half reads worse than a word left out).
func cutAtHyphen(id string, n int) string {
	if len(id) <= n {
		return id
	}
	if i := strings.LastIndexByte(id[:n+1], '-'); i > 0 {
		return id[:i]
	}
	return id[:n]
}

// surname is the last word of a name that is not a suffix.
func surname(name string) string {
	ws := strings.Fields(name)
	for len(ws) > 1 {
		last := strings.ToLower(strings.Trim(ws[len(ws)-1], ".,"))
		if last == "jr" || last == "sr" || last == "ii" || last == "iii" || last == "iv" {
			ws = ws[:len(ws)-1]
			continue
		}
		break
	}
	if len(ws) == 0 {
		return ""
	}
	return strings.TrimRight(ws[len(ws)-1], ",")
}

// slug turns a word into id characters: "O’Brien" → "obrien",
// "Smith-Jones" → "smith-jones".
func slug(s string) string {
	ws := strings.FieldsFunc(translit(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	return strings.Join(ws, "-")
}

// translit lower-cases s and reduces it to ASCII where a Latin reading
// exists: accents are dropped after NFKD decomposition, a few letters that
// do not decompose are spelled out, apostrophes vanish (so "People’s" is
// one word); other characters are kept for the caller to split on.
func translit(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if r < 0x80 {
			if r != '\'' {
				b.WriteRune(r)
			}
			continue
		}
		switch r {
		case '’', 'ʼ', '‘':
		case 'ß':
			b.WriteString("ss")
		case 'æ':
			b.WriteString("ae")
		case 'œ':
			b.WriteString("oe")
		case 'ø':
			b.WriteByte('o')
		case 'ł':
			b.WriteByte('l')
		case 'đ', 'ð':
			b.WriteByte('d')
		case 'þ':
			b.WriteString("th")
		case 'ı':
			b.WriteByte('i')
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

var smallWords = setOf("a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "nor", "but",
	"from", "by", "with", "at", "as", "about", "into", "onto", "upon", "regarding", "concerning",
	"between", "among", "his", "her", "its", "their", "our", "this", "that", "these", "those", "s")

// genreWords say what kind of document it is, which the type field
// already records.
var genreWords = setOf("address", "speech", "remarks", "statement", "letter", "memorandum", "memo",
	"telegram", "cable", "note", "record", "conversation", "minutes", "transcript")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
