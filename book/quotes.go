package book

import (
	"strconv"
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

// ShownTitle is the item's title as headings, the contents and running
// heads print it: the editor's straight quotes curled.
func (it *Item) ShownTitle() string { return SmartQuotes(strings.TrimSpace(it.Title)) }

// ShownTitle is the part's title as printed.
func (p *Part) ShownTitle() string { return SmartQuotes(strings.TrimSpace(p.Title)) }

// ShownTitle is the source's title as the credits print it.
func (s *Source) ShownTitle() string { return SmartQuotes(strings.TrimSpace(s.Title)) }

// HeadingLabel is the label over a document's title, saying whether the
// text is an excerpt or modified: "Document 1 · Excerpt · Modified".
func (it *Item) HeadingLabel(l *Locale) string {
	out := strings.TrimSpace(it.Label)
	if it.Excerpt {
		out += " · " + l.T(MsgExcerpt)
	}
	if it.Modified {
		out += " · " + l.T(MsgModified)
	}
	return strings.TrimPrefix(out, " · ")
}

// RunningHead is the document's running head: the item's own title when
// the manifest gives one, else the source's short title.
func (it *Item) RunningHead() string {
	if it.Source == nil || it.Title != it.Source.Title {
		return it.ShownTitle()
	}
	return SmartQuotes(strings.TrimSpace(it.Source.Label()))
}

// Heading is the document's entry in the contents and its bookmark:
// "Document 1: Title", or whichever of the two it has.
func (it *Item) Heading(l *Locale) string {
	t, lb := it.ShownTitle(), strings.TrimSpace(it.Label)
	switch {
	case lb == "" && t == "":
		return l.T(MsgDocument, strconv.Itoa(it.Number))
	case lb == "":
		return t
	case t == "":
		return lb
	}
	return l.T(msgColon, lb, t)
}

// ShortHeading is the document's PDF bookmark: as Heading, with the
// running head's short title ("Document 1: Truman Doctrine").
func (it *Item) ShortHeading(l *Locale) string {
	t, lb := it.RunningHead(), strings.TrimSpace(it.Label)
	switch {
	case t == "":
		return it.Heading(l)
	case lb == "":
		return t
	}
	return l.T(msgColon, lb, t)
}

// Heading is the part's entry in the contents: "Part 1: Letters".
func (p *Part) Heading(l *Locale) string {
	if t := p.ShownTitle(); t != "" {
		return l.T(msgColon, l.T(MsgPart, p.Number), t)
	}
	return l.T(MsgPart, p.Number)
}
