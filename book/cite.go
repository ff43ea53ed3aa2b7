package book

import (
	"fmt"
	"sourcebook/book/manifest"
	"strconv"
	"strings"
	"unicode"
)

// CiteRole says what a piece of a citation is, so that each renderer
// maps it to its own style (italic in print and EPUB alike).
type CiteRole uint8

const (
	// CitePlain is set in the text face.
	CitePlain CiteRole = iota
	// CiteTitle is the title of a work published on its own (a book, a
	// collection, a website): set in italics in every style.
	CiteTitle
	// CiteURL is a web address, which may be linked.
	CiteURL
)

// CitePiece is one run of a citation: text and what it is.
type CitePiece struct {
	Text string
	Role CiteRole
}

// Cite is a whole entry of the list of sources, in pieces.
type Cite []CitePiece

// String is the entry as plain text (for searching, tests and logs).
func (c Cite) String() string {
	var b strings.Builder
	for _, p := range c {
		b.WriteString(p.Text)
	}
	return b.String()
}

// CitationHeading is the heading of the list of sources: the style's own
// ("Bibliography", "Works Cited", "References", in the reader's
// language), or "List of Sources" when none is set.
func CitationHeading(style string, loc *Locale) string {
	switch style {
	case manifest.StyleChicago:
		return loc.T(msgBibliography)
	case manifest.StyleMLA:
		return loc.T(msgWorksCited)
	case manifest.StyleAPA:
		return loc.T(msgReferences)
	}
	return loc.T(MsgSources)
}

// PlainCiteText is a citation field without its italic markers (*…*),
// for places that print it as plain text (the credits page).
func PlainCiteText(s string) string {
	var b cb
	b.rich(s)
	return b.c.String()
}

// Bibliography is the source's entry as plain text in Chicago style, kept
// for callers that cannot set italics.
func (s *Source) Bibliography() []string {
	return []string{s.Reference(manifest.StyleChicago).String()}
}

// cb builds a citation sentence by sentence, so that no entry ends with
// doubled punctuation however a field was written.
type cb struct{ c Cite }

func (b *cb) add(role CiteRole, text string) {
	if text == "" {
		return
	}
	if n := len(b.c); n > 0 && b.c[n-1].Role == role && role == CitePlain {
		b.c[n-1].Text += text
		return
	}
	b.c = append(b.c, CitePiece{Text: text, Role: role})
}

// rich adds a free-text field in which a teacher may mark a title in
// italics with *…* or _…_, as in Markdown.
func (b *cb) rich(text string) {
	for text != "" {
		i := strings.IndexAny(text, "*_")
		if i < 0 {
			b.add(CitePlain, text)
			return
		}
		j := strings.IndexByte(text[i+1:], text[i])
		if j < 0 || (text[i] == '_' && i > 0 && isWordByte(text[i-1])) {
			b.add(CitePlain, text[:i+1])
			text = text[i+1:]
			continue
		}
		b.add(CitePlain, text[:i])
		b.add(CiteTitle, text[i+1:i+1+j])
		text = text[i+2+j:]
	}
}

func isWordByte(c byte) bool {
	return c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)))
}

// end closes a sentence with a period unless it already ends with
// punctuation (a title ending in "?" keeps it), then a space.
func (b *cb) end() {
	n := len(b.c)
	if n == 0 {
		return
	}
	t := strings.TrimRight(b.c[n-1].Text, " ")
	if t == "" {
		return
	}
	last, _ := lastRune(t)
	switch last {
	case '.', '?', '!':
		b.add(CitePlain, " ")
	case '”', '’':
		// Chicago and MLA put the period inside the closing quote.
		if b.c[n-1].Role == CitePlain {
			_, size := lastRune(t)
			body := t[:len(t)-size]
			if l, _ := lastRune(body); l == '.' || l == '?' || l == '!' {
				b.add(CitePlain, " ")
				return
			}
			b.c[n-1].Text = body + ".” "
			return
		}
		b.add(CitePlain, ". ")
	default:
		b.add(CitePlain, ". ")
	}
}

// heldAt ends a citation with where the source is held, when the
// manifest gives no publication or archive (the free text after the
// title, shaped by rest), then its digital copy.
func (b *cb) heldAt(s *Source, rest func(string) string) {
	if s.Citation.PublishedIn == "" && s.Citation.Archive == "" {
		if r := s.citationRest(); r != "" {
			b.rich(rest(r))
			b.end()
		}
	}
	if s.DigitalCopy.Repository != "" {
		b.rich(trimEnd(s.DigitalCopy.Repository))
		b.end()
	}
	if s.DigitalCopy.URL != "" {
		b.add(CiteURL, s.DigitalCopy.URL)
	}
}

func (b *cb) done() Cite {
	if n := len(b.c); n > 0 {
		b.c[n-1].Text = strings.TrimRight(b.c[n-1].Text, " ")
		if b.c[n-1].Text == "" {
			b.c = b.c[:n-1]
		}
	}
	return b.c
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			r := []rune(s[i:])
			if len(r) > 0 {
				return r[0], len(s) - i
			}
		}
	}
	return 0, 0
}

func trimEnd(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".,;: ") }

// descriptive reports whether the title describes the document rather
// than naming it ("Letter from Masoud to Vorontsov"); such titles are
// not quoted in Chicago or MLA and are bracketed in APA.
func (s *Source) descriptive() bool {
	t := strings.ToLower(s.Title)
	return s.Type == "letter" && (strings.HasPrefix(t, "letter") || len(s.Recipients) > 0 && !strings.ContainsAny(s.Title, "“\""))
}

// letterTitle is "Letter to Yuli Vorontsov" ("Lettre à …") for a letter
// whose title only describes it; otherwise the title as given.
func (s *Source) letterTitle(l *Locale) string {
	if s.descriptive() && len(s.Recipients) > 0 {
		return l.T(msgLetterTo, l.And(s.Recipients))
	}
	return trimEnd(s.Title)
}

// Reference is the source's entry in the list of sources in a style
// ("" is Chicago), in English. Titles of separately published works come
// as CiteTitle pieces for italics; nothing of the source's wording
// changes.
func (s *Source) Reference(style string) Cite { return s.ReferenceIn(style, English) }

// ReferenceIn is Reference with the words the style adds ("Translated
// by", "In", month names, "n.d.", "and") in the reader's language; the
// punctuation and order stay the style's. Every English reader gets the
// styles' own (American) dates, as before.
func (s *Source) ReferenceIn(style string, l *Locale) Cite {
	if l == nil || l.Lang == "en" {
		l = English
	}
	switch style {
	case manifest.StyleMLA:
		return s.mla(l)
	case manifest.StyleAPA:
		return s.apa(l)
	}
	return s.chicago(l)
}

// styleDates is the locale whose dates Chicago and APA use: American
// English ("September 2, 1989") for English, else the reader's own.
func styleDates(l *Locale) *Locale {
	if l.Lang == "en" {
		return usEnglish
	}
	return l
}

var usEnglish = &Locale{Lang: "en", monthFirst: true}

// chicago follows CMOS 17 14.111 (letters), 14.221 (speeches), 14.232
// (manuscript collections) and 14.103 (translations):
//
//	Masoud, Ahmad Shah. Letter to Yuli Vorontsov, September 2, 1989. In
//	A. A. Lyakhovskiy, *Plamya Afgana*, 523. Translated by Gary Goldberg.
//	Wilson Center Digital Archive. https://…
func (s *Source) chicago(l *Locale) Cite {
	var b cb
	if len(s.Authors) > 0 {
		b.add(CitePlain, invertName(s.Authors[0])+andOthers(s.Authors[1:], l))
		b.end()
	}
	title := s.letterTitle(l)
	switch {
	case s.descriptive():
		b.add(CitePlain, title)
		if d := chicagoDate(s, l); d != "" {
			b.add(CitePlain, ", "+d)
		}
	case s.Type == "speech":
		// As a paper presented (14.221): title, then the occasion.
		b.add(CitePlain, "“"+title+"”")
		b.end()
		b.add(CitePlain, l.TypeName("speech"))
		if s.Place != "" {
			b.add(CitePlain, ", "+s.Place)
		}
		if d := chicagoDate(s, l); d != "" {
			b.add(CitePlain, ", "+d)
		}
	default:
		b.add(CitePlain, "“"+title+"”")
		if d := chicagoDate(s, l); d != "" {
			b.end()
			b.add(CitePlain, d)
		}
	}
	b.end()
	s.container(&b, l, l.T(msgIn)+" ", func(p string) string { return ", " + p }, true, false)
	return b.done()
}

// container adds where the text is found: the published collection and
// page, the archive, the translator, the online copy, and whatever the
// free-text citation adds to them.
//
// collectionComma joins an archive's collection, repository and place
// with commas, as one element (MLA: "John Charles Fremont Papers,
// Southwest Museum Library, Los Angeles.").
// page writes the page after the collection (", 523", ", p. 523");
// transl names the translators here ("Translated by …").
func (s *Source) container(b *cb, l *Locale, in string, page func(string) string, transl, collectionComma bool) {
	if s.Citation.PublishedIn != "" {
		b.add(CitePlain, in)
		b.rich(trimEnd(s.Citation.PublishedIn))
		if s.Citation.Page != "" {
			b.add(CitePlain, page(s.Citation.Page))
		}
		b.end()
	}
	if s.Citation.Archive != "" {
		if s.Citation.ArchiveLocation != "" {
			b.rich(trimEnd(s.Citation.ArchiveLocation))
			if collectionComma {
				b.add(CitePlain, ", ")
			} else {
				b.end()
			}
		}
		b.rich(trimEnd(s.Citation.Archive))
		if s.Citation.ArchivePlace != "" {
			b.add(CitePlain, ", "+trimEnd(s.Citation.ArchivePlace))
		}
		b.end()
	}
	if transl && len(s.Translators) > 0 {
		b.add(CitePlain, l.T(MsgTranslatedBy, l.And(s.Translators)))
		b.end()
	}
	b.heldAt(s, trimEnd)
}

// citationRest is the free-text citation without what the entry already
// says: when it begins by naming the author, the title or the date (as
// the Wilson Center's citations do), those are dropped rather than
// printed twice.
func (s *Source) citationRest() string {
	t := strings.TrimSpace(s.Citation.Text)
	if t == "" {
		return ""
	}
	// Skip everything up to the end of the title, and a date right after.
	for _, cand := range []string{s.Title, trimEnd(s.Title)} {
		if cand == "" {
			continue
		}
		if i := strings.Index(foldCite(t), foldCite(cand)); i >= 0 && i < 80 {
			t = strings.TrimLeft(t[i+len(cand):], " .,;:\"“”'’")
			break
		}
	}
	if d := s.DateText(); d != "" && strings.HasPrefix(t, d) {
		t = strings.TrimLeft(t[len(d):], " .,;:")
	}
	if s.DigitalCopy.Repository != "" {
		t = strings.TrimSpace(strings.Replace(t, s.DigitalCopy.Repository, "", 1))
	}
	if s.DigitalCopy.URL != "" {
		t = strings.TrimSpace(strings.Replace(t, s.DigitalCopy.URL, "", 1))
	}
	return strings.TrimRight(strings.TrimSpace(t), ".,; ")
}

// foldCite compares ASCII case-insensitively while keeping byte offsets
// (curly quotes are three bytes either way).
func foldCite(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// mla follows the MLA Handbook, 9th ed. (core elements: author, title,
// container, contributors, date, location):
//
//	Masoud, Ahmad Shah. Letter to Yuli Vorontsov. 2 Sept. 1989. Translated
//	by Gary Goldberg, *Wilson Center Digital Archive*, https://….
func (s *Source) mla(l *Locale) Cite {
	var b cb
	if len(s.Authors) > 0 {
		switch len(s.Authors) {
		case 1:
			b.add(CitePlain, invertName(s.Authors[0]))
		case 2:
			b.add(CitePlain, invertName(s.Authors[0])+", "+l.T(msgAnd)+" "+s.Authors[1])
		default:
			b.add(CitePlain, invertName(s.Authors[0])+", et al")
		}
		b.end()
	}
	if s.descriptive() {
		b.add(CitePlain, s.letterTitle(l))
	} else {
		b.add(CitePlain, "“"+s.letterTitle(l)+"”")
	}
	b.end()
	if d := mlaDate(s, l); d != "" {
		b.add(CitePlain, d)
		if s.Type == "speech" && s.Place != "" {
			b.add(CitePlain, ", "+s.Place)
		}
		b.end()
	}
	if len(s.Translators) > 0 {
		b.add(CitePlain, l.T(MsgTranslatedBy, l.And(s.Translators)))
		b.end()
	}
	s.container(&b, l, "", func(p string) string { return ", " + l.T(MsgPageRef, p) }, false, true)
	return b.done()
}

// mlaDate writes day month year with MLA's month abbreviations ("2 Sept.
// 1989", "2 sept. 1989"), or the date as the source shows it when it is
// not a plain date.
func mlaDate(s *Source, l *Locale) string {
	d := s.Date
	if d.IsZero() || d.End != nil || d.Uncertain || d.Approximate || s.DateDisplay != "" && d.Year == 0 {
		return s.DateIn(l)
	}
	return l.dateWith(d, shortMonths)
}

// chicagoDate is "September 2, 1989" (CMOS 6.38; "2 septembre 1989" in
// French), or the date as the source shows it when it is not a plain
// date.
func chicagoDate(s *Source, l *Locale) string {
	d := s.Date
	if s.DateDisplay != "" || d.IsZero() || d.End != nil || d.Uncertain || d.Approximate {
		return s.DateIn(l)
	}
	return styleDates(l).Date(d)
}

// apa follows the APA Publication Manual, 7th ed., and the APA Style
// page on archival documents:
//
//	Frank, L. K. (1935, February 4). [Letter to Robert M. Ogden].
//	Rockefeller Archive Center (GEB Series 1.3, Box 371, Folder 3877),
//	Tarrytown, NY, United States.
func (s *Source) apa(l *Locale) Cite {
	var b cb
	if len(s.Authors) > 0 {
		var ns []string
		for _, a := range s.Authors {
			ns = append(ns, apaName(a))
		}
		switch len(ns) {
		case 1:
			b.add(CitePlain, ns[0])
		case 2:
			b.add(CitePlain, ns[0]+", & "+ns[1])
		default:
			b.add(CitePlain, strings.Join(ns[:len(ns)-1], ", ")+", & "+ns[len(ns)-1])
		}
		b.add(CitePlain, " ")
	}
	b.add(CitePlain, "("+apaDate(s, l)+")")
	b.end()
	tr := ""
	if len(s.Translators) > 0 {
		var ns []string
		for _, t := range s.Translators {
			ns = append(ns, apaInitialsFirst(t))
		}
		tr = " (" + l.T(msgTrans, strings.Join(ns, ", ")) + ")"
	}
	if s.descriptive() {
		b.add(CitePlain, "["+s.letterTitle(l)+tr+"]")
	} else {
		b.add(CiteTitle, trimEnd(s.Title))
		if tr != "" {
			b.add(CitePlain, tr)
		}
		if s.Type != "" && s.Type != "other" {
			b.add(CitePlain, " ["+l.TypeName(s.Type)+"]")
		}
	}
	b.end()
	if s.Citation.Archive != "" {
		b.rich(trimEnd(s.Citation.Archive))
		if s.Citation.ArchiveLocation != "" {
			b.add(CitePlain, " (")
			b.rich(trimEnd(s.Citation.ArchiveLocation))
			b.add(CitePlain, ")")
		}
		if s.Citation.ArchivePlace != "" {
			b.add(CitePlain, ", "+trimEnd(s.Citation.ArchivePlace))
		}
		b.end()
	}
	if s.Citation.PublishedIn != "" {
		b.add(CitePlain, l.T(msgIn)+" ")
		b.rich(trimEnd(s.Citation.PublishedIn))
		if s.Citation.Page != "" {
			b.add(CitePlain, " ("+l.T(MsgPageRef, s.Citation.Page)+")")
		}
		b.end()
	}
	b.heldAt(s, func(t string) string { return t })
	return b.done()
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// apaDate is "1935, February 4" ("1935, 4 février"), "1989" or "n.d."
// ("s.d.", "o. J.").
func apaDate(s *Source, l *Locale) string {
	d := s.Date
	switch {
	case d.IsZero() || d.Year == 0:
		if s.DateDisplay != "" {
			return s.DateDisplay
		}
		return l.T(msgNoDate)
	case d.End != nil || d.Uncertain || d.Approximate:
		return s.DateIn(l)
	}
	y := strconv.Itoa(d.Year)
	dl := styleDates(l)
	ms := months[dl.Lang]
	switch {
	case d.Day > 0:
		return y + ", " + dl.dayMonth(d.Day, ms[d.Month-1])
	case d.Month > 0:
		return y + ", " + ms[d.Month-1]
	}
	return y
}

// apaName is "Frank, L. K." for "Lawrence K. Frank".
func apaName(n string) string {
	last, given, suffix := splitName(n)
	if given == "" {
		return n
	}
	out := last + ", " + initials(given)
	if suffix != "" {
		out += ", " + suffix
	}
	return out
}

// apaInitialsFirst is "W. Rickel" for "William Rickel".
func apaInitialsFirst(n string) string {
	last, given, _ := splitName(n)
	if given == "" {
		return n
	}
	return initials(given) + " " + last
}

func initials(given string) string {
	var parts []string
	for _, g := range strings.Fields(given) {
		var hy []string
		for _, h := range strings.Split(g, "-") {
			r := []rune(strings.TrimSuffix(h, "."))
			if len(r) > 0 {
				hy = append(hy, string(r[0])+".")
			}
		}
		parts = append(parts, strings.Join(hy, "-"))
	}
	return strings.Join(parts, " ")
}

// particles stay with the surname when a name is inverted: "Martin Van
// Buren" is filed as "Van Buren, Martin" and "Charles de Gaulle" as "de
// Gaulle, Charles" (CMOS 8.5).
var particles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "du": true, "da": true,
	"di": true, "del": true, "della": true, "des": true, "la": true, "le": true, "ten": true,
	"ter": true, "dos": true, "das": true, "al": true, "el": true, "bin": true, "ibn": true,
	"st.": true, "mac": false,
}

var suffixes = map[string]bool{"jr.": true, "sr.": true, "jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// splitName separates "Martin Luther King Jr." into "King", "Martin
// Luther" and "Jr."; a name already written "Van Buren, Martin" is taken
// as inverted.
func splitName(n string) (last, given, suffix string) {
	n = strings.TrimSpace(n)
	if l, g, ok := strings.Cut(n, ","); ok && !suffixes[strings.ToLower(strings.TrimSpace(g))] {
		g = strings.TrimSpace(g)
		if l2, s2, ok := strings.Cut(g, ","); ok {
			return strings.TrimSpace(l), strings.TrimSpace(l2), strings.TrimSpace(s2)
		}
		return strings.TrimSpace(l), g, ""
	}
	f := strings.Fields(strings.ReplaceAll(n, ",", ""))
	if len(f) > 1 && suffixes[strings.ToLower(f[len(f)-1])] {
		suffix = f[len(f)-1]
		f = f[:len(f)-1]
	}
	if len(f) < 2 {
		return strings.Join(f, " "), "", suffix
	}
	i := len(f) - 1
	for i > 1 && particles[strings.ToLower(f[i-1])] {
		i--
	}
	return strings.Join(f[i:], " "), strings.Join(f[:i], " "), suffix
}

// invertName turns "Ahmad Shah Masoud" into "Masoud, Ahmad Shah", "Martin
// Van Buren" into "Van Buren, Martin" and "Martin Luther King Jr." into
// "King, Martin Luther, Jr."; single names are left as they are.
func invertName(n string) string {
	last, given, suffix := splitName(n)
	if given == "" {
		if suffix != "" {
			return last + ", " + suffix
		}
		return last
	}
	out := last + ", " + given
	if suffix != "" {
		out += ", " + suffix
	}
	return out
}

// andOthers follows the first, inverted, author with the others:
// ", and B", ", B, C, and D" (Chicago's serial comma, English only;
// ", B, C et D" in French).
func andOthers(ns []string, l *Locale) string {
	switch {
	case len(ns) == 0:
		return ""
	case len(ns) == 1:
		return ", " + l.T(msgAnd) + " " + ns[0]
	case l.Lang != "en":
		return ", " + l.And(ns)
	}
	return ", " + strings.Join(ns[:len(ns)-1], ", ") + ", and " + ns[len(ns)-1]
}

// SortKey orders the list of sources by author, then title, then date.
// Fields are compared one after the other (not as one line), so that
// every "Adams, John" comes before "Adams, John Quincy"; case, accents of
// punctuation and an initial "The" or "A" do not count.
func (s *Source) SortKey() string {
	author := ""
	if len(s.Authors) > 0 {
		author = invertName(s.Authors[0])
	}
	date := fmt.Sprintf("%04d-%02d-%02d", s.Date.Year, s.Date.Month, s.Date.Day)
	if author == "" {
		// Untitled authors file under the title, as every style asks.
		return sortText(s.Title) + "\x00\x00" + date
	}
	return sortText(author) + "\x00" + sortText(s.Title) + "\x00" + date
}

func sortText(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == ',':
			// The comma after a surname sorts before any letter.
			b.WriteByte(1)
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		}
	}
	t := b.String()
	for _, a := range []string{"the ", "a ", "an "} {
		if strings.HasPrefix(t, a) {
			return t[len(a):]
		}
	}
	return t
}
