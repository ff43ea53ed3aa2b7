package epub

import (
	"strconv"
	"strings"
)

// pageRef is an entry of the page list.
type pageRef struct{ file, id, label string }

// planPages decides where each labelled print page's marker goes, from
// the places found in pass 1; spine gives each file's position in the
// reading order.
func (p *pub) planPages(spine map[string]int) {
	p.plan = map[string][]*pageGroup{}
	p.groups, p.pageList = nil, nil
	if p.pages == nil {
		return
	}
	type entry struct {
		m pageMark
		g *pageGroup
	}
	var entries []entry
	var last, front *pageGroup
	var lastPos [3]int // spine index, place number, offset of last
	for i, pg := range p.pages.Pages {
		label := strings.TrimSpace(pg.Label)
		if label == "" {
			continue
		}
		m := pageMark{ID: p.pageIDs[i], Label: label}
		pl, ok := p.places[pg.Start.ID]
		off := max(pg.Start.Offset, 0)
		if !pl.inline {
			off = 0 // the marker stands before the element
		}
		pos := [3]int{spine[pl.file], pl.seq, off}
		// A page is placed where it starts, unless that lies before the
		// previous page in the EPUB's reading order (the page list must
		// be in reading order).
		if ok && pg.Start.ID != "" && (last == nil || !less(pos, lastPos)) {
			g := &pageGroup{File: pl.file, Offset: off, Marks: []pageMark{m}}
			p.plan[pg.Start.ID] = append(p.plan[pg.Start.ID], g)
			p.groups = append(p.groups, g)
			last, lastPos = g, pos
		} else if last != nil {
			last.Marks = append(last.Marks, m)
		} else {
			// Nothing placed yet: such pages go to the start of the
			// title page, ahead of anything else there.
			if front == nil {
				tp := p.places["titlepage"]
				front = &pageGroup{File: tp.file}
				p.plan["titlepage"] = append([]*pageGroup{front}, p.plan["titlepage"]...)
				p.groups = append(p.groups, front)
				lastPos = [3]int{spine[tp.file], tp.seq, 0}
			}
			front.Marks = append(front.Marks, m)
			last = front
		}
		entries = append(entries, entry{m, last})
	}
	for _, e := range entries {
		p.pageList = append(p.pageList, pageRef{file: e.g.File, id: e.m.ID, label: e.m.Label})
	}
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// reservePageIDs gives every labelled page its marker's id.
func (p *pub) reservePageIDs() {
	p.pageIDs, p.reserved = map[int]string{}, map[string]bool{}
	if p.pages == nil {
		return
	}
	for i, pg := range p.pages.Pages {
		if label := strings.TrimSpace(pg.Label); label != "" {
			p.pageIDs[i] = pageID(label, p.reserved)
		}
	}
}

// pageID returns a unique id for a page label: "page-iii", "page-3".
func pageID(label string, used map[string]bool) string {
	base := "page-" + idChars(label)
	id := base
	for k := 2; used[id]; k++ {
		id = base + "-" + strconv.Itoa(k)
	}
	used[id] = true
	return id
}
