package pdf

// page is one printed page: its boxes from the top, its footnotes, and how
// it is headed and numbered.
type page struct {
	boxes  []*vbox
	idx    []int // index of each box in the vertical list (-1: a repeated table header)
	notes  []*footnote
	used   float64
	noteH  float64
	blank  bool
	forced bool // the page ends because the next box asked for a new page
	label  string
	head   *runHead
	opener bool
	roman  bool
}

// noteSep is the space taken by the rule above the footnotes.
const noteSep = 10.0

func (pg *page) noteArea(extra float64) float64 {
	h := pg.noteH + extra
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

// newNotes returns the height of b's footnotes not yet on the page.
func (pg *page) newNotes(b *vbox) float64 {
	h := 0.0
	for _, f := range b.notes {
		if !pg.hasNote(f) {
			h += f.height
		}
	}
	return h
}

func (pg *page) place(b *vbox, idx int) {
	pg.boxes = append(pg.boxes, b)
	pg.idx = append(pg.idx, idx)
	pg.used += b.height
	for _, f := range b.notes {
		if !pg.hasNote(f) {
			pg.notes = append(pg.notes, f)
			pg.noteH += f.height
		}
	}
}

// truncate keeps the first n boxes and recomputes the footnotes.
func (pg *page) truncate(n int) {
	boxes, idx := pg.boxes[:n], pg.idx[:n]
	*pg = page{}
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
	cur := &page{}
	finish := func() {
		if len(cur.boxes) > 0 {
			pages = append(pages, cur)
		}
		cur = &page{}
	}
	for i := 0; i < len(boxes); {
		b := boxes[i]
		if b.breakBefore != noBreak {
			cur.forced = true
			finish()
			if b.breakBefore == newRecto && twoSided && len(pages)%2 == 1 {
				pages = append(pages, &page{blank: true})
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
	return pages
}

// decorate sets each page's running head, folio style and opener flag
// from the boxes on it.
func decorate(pages []*page, head *runHead) *runHead {
	for _, pg := range pages {
		pg.head = head
		for _, b := range pg.boxes {
			if b.head != nil {
				if b.head.opener {
					pg.opener = true
				}
				h := *b.head
				h.opener = false
				head = &h
				pg.head = head
			}
		}
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
