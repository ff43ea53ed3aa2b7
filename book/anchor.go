package book

import (
	"strings"
	"unicode/utf8"

	"sourcebook/book/markup"
)

// textSpot is a run list that holds reading text, with the top-level
// block it belongs to.
type textSpot struct {
	runs *[]markup.Inline
	top  *markup.Block
}

// textSpots lists every run list in reading order.
func textSpots(bs []markup.Block) []textSpot {
	var out []textSpot
	var walk func(bs []markup.Block, top *markup.Block)
	walk = func(bs []markup.Block, top *markup.Block) {
		for i := range bs {
			b := &bs[i]
			t := top
			if t == nil {
				t = b
			}
			switch b.Kind {
			case markup.Paragraph, markup.Heading:
				if !b.Omission {
					out = append(out, textSpot{&b.Inlines, t})
				}
			case markup.Quote:
				walk(b.Blocks, t)
			case markup.List:
				for _, it := range b.Items {
					walk(it, t)
				}
			case markup.Definitions:
				for k := range b.Defs {
					out = append(out, textSpot{&b.Defs[k].Term, t})
					for _, dd := range b.Defs[k].Defs {
						walk(dd, t)
					}
				}
			}
		}
	}
	walk(bs, nil)
	return out
}

// findPhrase finds the nth (1-based) occurrence of phrase in the text of
// bs: the run list, and the phrase's rune offsets in its plain text.
func findPhrase(bs []markup.Block, phrase string, nth int) (textSpot, int, int, bool) {
	if nth < 1 {
		nth = 1
	}
	count := 0
	plen := utf8.RuneCountInString(phrase)
	for _, sp := range textSpots(bs) {
		text := markup.PlainText(*sp.runs)
		from := 0
		for {
			i := strings.Index(text[from:], phrase)
			if i < 0 {
				break
			}
			count++
			at := from + i
			if count == nth {
				start := utf8.RuneCountInString(text[:at])
				return sp, start, start + plen, true
			}
			from = at + len(phrase)
		}
	}
	return textSpot{}, 0, 0, false
}

// countPhrase counts the occurrences of phrase, for messages.
func countPhrase(bs []markup.Block, phrase string) int {
	n := 0
	for _, sp := range textSpots(bs) {
		n += strings.Count(markup.PlainText(*sp.runs), phrase)
	}
	return n
}

// splitAt makes sure a run boundary falls at rune offset off of the runs'
// plain text and returns the index of the first run at or after it.
func splitAt(runs []markup.Inline, off int) ([]markup.Inline, int) {
	pos := 0
	for i := 0; i < len(runs); i++ {
		r := runs[i]
		if r.Note != nil || r.Anchor != "" {
			continue
		}
		n := 1
		if !r.Break {
			n = utf8.RuneCountInString(r.Text)
		}
		if off == pos {
			return runs, i
		}
		if off < pos+n && !r.Break {
			k := 0
			for bi := range r.Text {
				if k == off-pos {
					a, b := r, r
					a.Text, b.Text = r.Text[:bi], r.Text[bi:]
					out := append([]markup.Inline{}, runs[:i]...)
					out = append(out, a, b)
					out = append(out, runs[i+1:]...)
					return out, i + 1
				}
				k++
			}
		}
		pos += n
	}
	return runs, len(runs)
}

// insertRun puts a zero-width run (an anchor or a note reference) at
// rune offset off.
func insertRun(runs []markup.Inline, off int, marker markup.Inline) []markup.Inline {
	runs, i := splitAt(runs, off)
	out := append([]markup.Inline{}, runs[:i]...)
	out = append(out, marker)
	return append(out, runs[i:]...)
}

// restyle adds style (and a link) to the text between rune offsets start
// and end.
func restyle(runs []markup.Inline, start, end int, style markup.Style, link string) []markup.Inline {
	runs, i := splitAt(runs, start)
	runs, j := splitAt(runs, end)
	for k := i; k < j; k++ {
		if runs[k].Note != nil || runs[k].Anchor != "" {
			continue
		}
		runs[k].Style |= style
		if runs[k].Link == "" {
			runs[k].Link = link
		}
	}
	return runs
}
