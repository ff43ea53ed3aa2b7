package pdf

import (
	"slices"

	"sourcebook/layouts"
)

// page is one printed page: its boxes from the top, its footnotes, and how
// it is headed and numbered.
type page struct {
	boxes []*vbox
	idx   []int // index of each box in the vertical list (-1: a repeated table header)
	notes []*footnote
	used  float64
	noteH float64
	// carryIn are note lines continued from the previous page, drawn
	// first at the foot; noteLines is what is drawn there, set when the
	// page is finished (a note too long for its page continues on the
	// next one).
	carryIn   []*vbox
	carryH    float64
	noteLines []*vbox
	avail     float64 // height of the text block
	blank     bool
	forced    bool // the page ends because the next box asked for a new page
	label     string
	head      *runHead
	opener    bool
	roman     bool
	// What remains once the layout is freed (see summarize and finish).
	rec     *printed
	z       []byte       // the text block's content stream, compressed (see sealer)
	zoff    int64        // or where it is in the sealer's spool
	zlen    int          // (0: not there)
	codes   []uint16     // the alias codes z was made with, for a kept page
	empty   bool         // no boxes
	starts  []string     // IDs that begin on the page, in order
	first   layouts.Mark // the first marked box's mark
	blocks  []blockSpan  // the marked blocks on the page, in order
	ownHead *runHead     // the last running head set on the page
}

// blockSpan is a marked block's extent on one page.
type blockSpan struct {
	id          string
	firstBox    int32 // line number of its first box here (0: not numbered)
	first, last int32 // first and last numbered lines here (0: none)
}

// sealed reports whether the page's text block is compressed.
func (pg *page) sealed() bool { return pg.z != nil || pg.zlen > 0 }

// summarize records what the page map, the contents and the running heads
// need from the page's boxes.
func (pg *page) summarize() {
	pg.empty = len(pg.boxes) == 0
	for _, bx := range pg.boxes {
		pg.starts = append(pg.starts, bx.starts...)
		if bx.head != nil {
			if bx.head.opener {
				pg.opener = true
			}
			h := *bx.head
			h.opener = false
			pg.ownHead = &h
		}
		if bx.mark.ID == "" {
			continue
		}
		if pg.first.ID == "" {
			pg.first = bx.mark
		}
		var bs *blockSpan
		for i := range pg.blocks {
			if pg.blocks[i].id == bx.mark.ID {
				bs = &pg.blocks[i]
				break
			}
		}
		if bs == nil {
			pg.blocks = append(pg.blocks, blockSpan{id: bx.mark.ID, firstBox: int32(bx.lineNo)})
			bs = &pg.blocks[len(pg.blocks)-1]
		}
		if bx.lineNo > 0 {
			if bs.first == 0 {
				bs.first = int32(bx.lineNo)
			}
			bs.last = int32(bx.lineNo)
		}
	}
	// Kept until the page map is made: exactly as large as needed.
	pg.blocks, pg.starts = slices.Clone(pg.blocks), slices.Clone(pg.starts)
}

// noteSep is the space taken by the rule above the footnotes.
const noteSep = 10.0

func (pg *page) noteArea(extra float64) float64 {
	h := pg.noteH + pg.carryH + extra
	if h == 0 {
		return 0
	}
	return h + noteSep
}

func (pg *page) hasNote(f *footnote) bool {
	for _, n := range pg.notes {
		if n == f {
			return true
		}
	}
	return false
}

// newNotes returns the height b's footnotes not yet on the page need on
// it (see noteNeed).
func (pg *page) newNotes(b *vbox) float64 {
	h := 0.0
	for _, f := range b.notes {
		if !pg.hasNote(f) {
			h += pg.noteNeed(f)
		}
	}
	return h
}

// noteNeed is the space a note must have on the page that calls it: all
// of it, or for a note longer than half a page its first two lines (the
// rest continues at the foot of the next page).
func (pg *page) noteNeed(f *footnote) float64 {
	if f.height > pg.avail/2 && len(f.lines) > 2 {
		return f.lines[0].height + f.lines[1].height
	}
	return f.height
}

// settleNotes decides which note lines are drawn on the page: the lines
// carried in, then the notes called from it, as far as the space under
// the text allows. It returns the lines left for the next page.
func (pg *page) settleNotes(avail float64) []*vbox {
	lines := append([]*vbox{}, pg.carryIn...)
	for _, f := range pg.notes {
		lines = append(lines, f.lines...)
	}
	space := avail - pg.used - noteSep
	h := 0.0
	n := 0
	for n < len(lines) && h+lines[n].height <= space+0.01 {
		h += lines[n].height
		n++
	}
	if n == 0 && len(lines) > 0 && len(pg.boxes) == 0 {
		n, h = 1, lines[0].height // a page of notes only: always progress
	}
	pg.noteLines = lines[:n]
	pg.noteH, pg.carryH = h, 0
	return lines[n:]
}

func (pg *page) place(b *vbox, idx int) {
	pg.boxes = append(pg.boxes, b)
	pg.idx = append(pg.idx, idx)
	pg.used += b.height
	for _, f := range b.notes {
		if !pg.hasNote(f) {
			pg.notes = append(pg.notes, f)
			pg.noteH += pg.noteNeed(f)
		}
	}
}

// truncate keeps the first n boxes and recomputes the footnotes.
func (pg *page) truncate(n int) {
	boxes, idx := pg.boxes[:n], pg.idx[:n]
	*pg = page{carryIn: pg.carryIn, carryH: pg.carryH, avail: pg.avail}
	for i, b := range boxes {
		pg.place(b, idx[i])
	}
}

// paginate cuts the vertical list into pages of height avail. It fills
// each page greedily and, when a box does not fit, backs up to the last
// place where a break is allowed (widows, orphans, headings kept with what
// follows), so that the moved lines open the next page. Page 0 is a
// recto; in two-sided printing a box asking for a recto may be preceded by
// a blank page.
func paginate(boxes []*vbox, avail float64, twoSided bool) []*page {
	var pages []*page
	var carry []*vbox
	// open starts a page, with the note lines carried from the last one
	// (at most half the page: the rest waits for the next).
	open := func() *page {
		pg := &page{avail: avail}
		for len(carry) > 0 && pg.carryH+carry[0].height <= avail/2 {
			pg.carryIn = append(pg.carryIn, carry[0])
			pg.carryH += carry[0].height
			carry = carry[1:]
		}
		return pg
	}
	cur := open()
	finish := func() {
		if len(cur.boxes) == 0 && len(cur.carryIn) == 0 {
			return
		}
		rest := cur.settleNotes(avail)
		pages = append(pages, cur)
		carry = append(rest, carry...)
		cur = open()
	}
	for i := 0; i < len(boxes); {
		b := boxes[i]
		if b.breakBefore != noBreak {
			cur.forced = true
			finish()
			if b.breakBefore == newRecto && twoSided && len(pages)%2 == 1 {
				pages = append(pages, &page{blank: true, avail: avail})
			}
			if b.kind == vSpace {
				i++
				continue
			}
		}
		if len(cur.boxes) == 0 {
			if b.kind == vSpace {
				i++
				continue
			}
			if b.rowHeader != nil && b.rowHeader != b {
				cur.place(b.rowHeader, -1)
			}
		}
		need := cur.used + b.height + cur.noteArea(cur.newNotes(b))
		if need <= avail+0.01 || len(cur.boxes) == 0 || (len(cur.boxes) == 1 && cur.idx[0] < 0) {
			cur.place(b, i)
			i++
			continue
		}
		k := len(cur.boxes) - 1
		for k >= 0 && cur.boxes[k].noBreakAfter {
			k--
		}
		if k >= 0 && k < len(cur.boxes)-1 && cur.idx[k+1] >= 0 {
			i = cur.idx[k+1]
			cur.truncate(k + 1)
		}
		finish()
	}
	finish()
	// Notes still to continue get pages of their own.
	for len(carry) > 0 || len(cur.carryIn) > 0 {
		if len(cur.carryIn) == 0 {
			cur = open()
			if len(cur.carryIn) == 0 { // a line taller than half a page
				cur.carryIn, carry = carry[:1], carry[1:]
			}
		}
		finish()
	}
	return pages
}

// decorate sets each page's running head, folio style and opener flag
// from the boxes on it.
func decorate(pages []*page, head *runHead) *runHead {
	for _, pg := range pages {
		if pg.ownHead != nil {
			head = pg.ownHead
		}
		pg.head = head
	}
	return head
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	s := ""
	for i, v := range vals {
		for n >= v {
			s += syms[i]
			n -= v
		}
	}
	return s
}
