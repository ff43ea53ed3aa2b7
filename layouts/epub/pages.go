package epub

import (
	"sort"
	"strconv"
	"strings"
)

// pageMark is the marker of one printed page.
type pageMark struct{ id, label string }

// pageGroup is a set of page markers that stand at one point: a placed
// page, followed by the pages after it that could not be placed (blank
// pages, pages starting in text the EPUB does not render), so that the
// page list stays complete and in order.
type pageGroup struct {
	file    string
	offset  int // rune offset into the element's text; 0 = before it
	marks   []pageMark
	emitted bool
}

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
		m := pageMark{id: p.pageIDs[i], label: label}
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
			g := &pageGroup{file: pl.file, offset: off, marks: []pageMark{m}}
			p.plan[pg.Start.ID] = append(p.plan[pg.Start.ID], g)
			p.groups = append(p.groups, g)
			last, lastPos = g, pos
		} else if last != nil {
			last.marks = append(last.marks, m)
		} else {
			// Nothing placed yet: such pages go to the start of the
			// title page, ahead of anything else there.
			if front == nil {
				tp := p.places["titlepage"]
				front = &pageGroup{file: tp.file}
				p.plan["titlepage"] = append([]*pageGroup{front}, p.plan["titlepage"]...)
				p.groups = append(p.groups, front)
				lastPos = [3]int{spine[tp.file], tp.seq, 0}
			}
			front.marks = append(front.marks, m)
			last = front
		}
		entries = append(entries, entry{m, last})
	}
	for _, e := range entries {
		p.pageList = append(p.pageList, pageRef{file: e.g.file, id: e.m.id, label: e.m.label})
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

// sortGroups orders marker groups by offset, keeping page order for
// equal offsets.
func sortGroups(gs []*pageGroup) []*pageGroup {
	out := append([]*pageGroup(nil), gs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].offset < out[j].offset })
	return out
}
