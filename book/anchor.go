package book

import (
	"index/suffixarray"
	"sort"
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

// itemText indexes the reading text of an item's body once, so that
// finding (or failing to find) each of many anchors does not scan the
// whole text again: the spots' plain texts joined by NUL (which no phrase
// holds), a suffix array over them when the text is long, and rune
// checkpoints to turn byte offsets into the rune offsets splitAt takes.
// Anchors and note references are zero-width, so inserting them leaves
// the index valid.
type itemText struct {
	spots  []textSpot
	joined string
	starts []int // byte offset of each spot in joined
	sa     *suffixarray.Index
	marks  []int // runes before each multiple of checkpoint bytes
	// phrases counts the lookups so far; found keeps their results.
	phrases int
	found   map[string][]int
	// placed counts the anchors and note references put in each run
	// list, against Limits.NotesPerParagraph.
	placed map[*[]markup.Inline]int
	// misses counts the anchors not found; fold is joined folded for
	// near misses, made on the first.
	misses int
	fold   *folded
}

func newItemText(bs []markup.Block) *itemText {
	t := &itemText{spots: textSpots(bs)}
	texts := make([]string, len(t.spots))
	n := 0
	for i, sp := range t.spots {
		texts[i] = markup.PlainText(*sp.runs)
		n += len(texts[i]) + 1
	}
	var b strings.Builder
	b.Grow(n)
	t.starts = make([]int, 0, len(texts))
	for _, s := range texts {
		t.starts = append(t.starts, b.Len())
		b.WriteString(s)
		b.WriteByte(0)
	}
	t.joined = b.String()
	return t
}

// occurrences returns the byte offsets in joined of the non-overlapping
// occurrences of phrase, in order, as strings.Index finds them spot by
// spot.
func (t *itemText) occurrences(phrase string) []int {
	if phrase == "" || strings.IndexByte(phrase, 0) >= 0 {
		return nil
	}
	if occ, ok := t.found[phrase]; ok {
		return occ
	}
	t.phrases++
	var all []int
	if t.sa == nil && len(t.joined) > 1<<16 && t.phrases > 8 {
		// Many phrases over a long text: index it once.
		t.sa = suffixarray.New([]byte(t.joined))
	}
	if t.sa != nil {
		all = t.sa.Lookup([]byte(phrase), -1)
		sort.Ints(all)
	} else {
		for from := 0; ; {
			i := strings.Index(t.joined[from:], phrase)
			if i < 0 {
				break
			}
			all = append(all, from+i)
			from += i + 1
		}
	}
	// Keep the non-overlapping ones, as a scan from left to right does.
	out := all[:0]
	next := 0
	for _, at := range all {
		if at >= next {
			out = append(out, at)
			next = at + len(phrase)
		}
	}
	if t.found == nil {
		t.found = map[string][]int{}
	}
	t.found[phrase] = out
	return out
}

// spotAt returns the spot holding byte offset at of joined, and the
// offset within that spot's text.
func (t *itemText) spotAt(at int) (int, int) {
	k := sort.SearchInts(t.starts, at+1) - 1
	return k, at - t.starts[k]
}

// checkpoint is the stride of itemText.marks.
const checkpoint = 4096

// runesBefore counts the runes of joined before byte offset at (a rune
// boundary), from a checkpoint every 4 KB: the bytes that start a rune.
func (t *itemText) runesBefore(at int) int {
	if t.marks == nil {
		t.marks = make([]int, len(t.joined)/checkpoint+1)
		n := 0
		for i := 0; i < len(t.joined); i++ {
			if i%checkpoint == 0 {
				t.marks[i/checkpoint] = n
			}
			if t.joined[i]&0xC0 != 0x80 {
				n++
			}
		}
	}
	k := at / checkpoint
	n := t.marks[k]
	for i := k * checkpoint; i < at; i++ {
		if t.joined[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// find finds the nth (1-based) occurrence of phrase: its spot and its
// rune offsets in the spot's plain text.
func (t *itemText) find(phrase string, nth int) (textSpot, int, int, bool) {
	if nth < 1 {
		nth = 1
	}
	occ := t.occurrences(phrase)
	if nth > len(occ) {
		return textSpot{}, 0, 0, false
	}
	k, _ := t.spotAt(occ[nth-1])
	start := t.runesBefore(occ[nth-1]) - t.runesBefore(t.starts[k])
	return t.spots[k], start, start + utf8.RuneCountInString(phrase), true
}

// place counts one more anchor in sp's paragraph and reports whether the
// paragraph is still within limit: each costs a copy of the paragraph's
// runs, so Thousands in one paragraph would grow quadratically.
func (t *itemText) place(sp textSpot, limit int) bool {
	if t.placed == nil {
		t.placed = map[*[]markup.Inline]int{}
	}
	t.placed[sp.runs]++
	return t.placed[sp.runs] <= limit
}

// count counts the occurrences of phrase, for messages.
func (t *itemText) count(phrase string) int { return len(t.occurrences(phrase)) }

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
					out := append(make([]markup.Inline, 0, len(runs)+1), runs[:i]...)
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
	out := append(make([]markup.Inline, 0, len(runs)+1), runs[:i]...)
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
