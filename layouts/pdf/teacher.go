package pdf

import (
	"fmt"
	"strings"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/layouts"
)

// The teacher edition prints the student edition's pages exactly, page
// for page, and gathers the teacher's material (reading measures,
// suggested times, answers and teaching notes) in "Teacher's Notes" at
// the end, each entry naming the page, paragraph and lines it concerns:
// "Turn to page 21" means the same page in both copies. The answer key
// is that section on its own.

// inlineTeacher reports whether teacher material goes in the flow: only
// on a teacher's handout, which has no page numbers to keep.
func (bl *builder) inlineTeacher() bool {
	return bl.opt.Edition == "teacher" && bl.opt.Handout
}

// notesAtEnd reports whether a layout appends the Teacher's Notes.
func (o Options) notesAtEnd() bool { return o.Edition == "teacher" && !o.Handout }

// teacherNotes sets the notes for every document, with the pages of the
// student edition laid out in pm.
func (bl *builder) teacherNotes(pm *layouts.PageMap, refs map[string]string, title string) {
	bl.section("teacher-notes", title)
	o := bl.apparatusText()
	o.align = alignLeft
	bl.para([]markup.Inline{{Text: bl.loc.T(book.MsgTeacherNotesIntro), Style: markup.Italic}}, o)
	notes := bl.sect
	for _, it := range bl.b.Items {
		// Tagged, each document's notes are a section of their own.
		bl.openSect("Sect", it.ID+"-tn", notes)
		bl.teacherItem(it, pm, refs)
	}
}

func pageLabel(pm *layouts.PageMap, i int) string {
	if pm == nil || i < 0 || i >= len(pm.Pages) {
		return ""
	}
	return pm.Pages[i].Label
}

// pagesOf is "pp. 5–9" for an item.
func pagesOf(loc *book.Locale, pm *layouts.PageMap, it *book.Item) string {
	if pm == nil {
		return ""
	}
	start, ok := pm.Starts[it.ID]
	if !ok {
		return ""
	}
	// Every document opens a page: it ends before the next thing that
	// does.
	end := len(pm.Pages) - 1
	for _, s := range pm.Starts {
		if s > start && s-1 < end {
			end = s - 1
		}
	}
	for end > start && pm.Pages[end].Label == "" {
		end--
	}
	return loc.PageRef(pageLabel(pm, start), pageLabel(pm, end))
}

// questionPlace is where a question points, or where it is printed:
// "p. 12, ¶ 4, lines 12–15".
func questionPlace(loc *book.Locale, pm *layouts.PageMap, refs map[string]string, q book.Question) string {
	if pm == nil {
		return ""
	}
	var parts []string
	page, from, to := -1, 0, 0
	if r := q.Ref; r != nil {
		if r.Start != "" {
			if a, ok := pm.Anchors[r.Start]; ok {
				page, from = a.Page, a.FirstLine
			}
			if e, ok := pm.Anchors[r.End]; ok {
				to = e.FirstLine
			}
		} else if bp, ok := pm.Blocks[r.BlockID]; ok {
			page, from, to = bp.Page, bp.FirstLine, bp.LastLine
		}
	}
	if page < 0 && len(q.Text) > 0 {
		if bp, ok := pm.Blocks[q.Text[0].ID]; ok {
			page = bp.Page
		}
	}
	if l := pageLabel(pm, page); l != "" {
		parts = append(parts, loc.T(book.MsgPageRef, l))
	}
	// The reference the student edition prints, "(¶ 4, lines 15–16)",
	// word for word.
	if q.Ref != nil && q.Ref.Start != "" {
		if r := strings.Trim(refs[q.Ref.Start], "()"); r != "" {
			return strings.Join(append(parts, r), ", ")
		}
	}
	if q.Ref != nil && q.Ref.Paragraph > 0 {
		parts = append(parts, fmt.Sprintf("¶ %d", q.Ref.Paragraph))
	}
	if from > 0 {
		parts = append(parts, loc.Lines(from, to))
	}
	return strings.Join(parts, ", ")
}

func (bl *builder) teacherItem(it *book.Item, pm *layouts.PageMap, refs map[string]string) {
	bl.space(bl.p.Leading)
	head := it.Heading(bl.loc)
	if pp := pagesOf(bl.loc, pm, it); pp != "" {
		head += " (" + pp + ")"
	}
	bl.heading(head, bl.p.H3Size, it.ID+"-tn", 2)
	bl.lastH = 2
	line := bl.loc.MetricsLine(book.Measure(it), it.Time)
	bl.smallSans(line, markup.Italic, bl.p.HeadnoteSize-0.5, true, it.ID+"-tn")
	if len(it.Questions) == 0 {
		return
	}
	list := bl.group("L", nil, "")
	for _, q := range it.Questions {
		bl.space(4)
		o := bl.apparatusText()
		o.align, o.indent = alignLeft, 18
		o.label = fmt.Sprintf("%d.", q.Number)
		o.group = bl.listItem(list)
		text := append([]markup.Block{}, q.Text...)
		var pre []markup.Inline
		if pl := questionPlace(bl.loc, pm, refs, q); pl != "" {
			pre = append(pre, markup.Inline{Text: "(" + pl + ") ", Style: markup.Italic})
		}
		if st := bl.loc.Stage(q.Stage); st != "" {
			pre = append([]markup.Inline{{Text: st + ". ", Style: markup.Italic}}, pre...)
		}
		if len(text) > 0 && text[0].Kind == markup.Paragraph {
			first := text[0]
			first.Inlines = append(pre, first.Inlines...)
			text[0] = first
		}
		if q.Time != "" && len(text) > 0 {
			last := text[len(text)-1]
			last.Inlines = append(append([]markup.Inline{}, last.Inlines...), markup.Inline{Text: " (" + q.Time + ")", Style: markup.Italic})
			text[len(text)-1] = last
		}
		// The notes' blocks are printed a second time: their ids must
		// not take the student edition's places in the page map.
		bl.blocks(retag(text, "tn-"), o, 0)
		if len(q.Answer) > 0 {
			ao := bl.apparatusText()
			ao.indent, ao.align, ao.gray, ao.group = 18, alignLeft, true, o.group
			bl.para([]markup.Inline{{Text: bl.loc.T(book.MsgAnswer), Style: markup.Bold | markup.Italic}}, withKeep(ao))
			bl.blocks(retag(q.Answer, "tn-"), ao, 0)
		}
	}
}

// retag copies blocks with prefixed ids and without anchors, so that a
// second printing does not move what the page map says of the first.
func retag(bs []markup.Block, prefix string) []markup.Block {
	out := make([]markup.Block, len(bs))
	for i, b := range bs {
		if b.ID != "" {
			b.ID = prefix + b.ID
		}
		var ins []markup.Inline
		for _, in := range b.Inlines {
			if in.Anchor != "" && in.Text == "" {
				continue
			}
			in.Anchor = ""
			ins = append(ins, in)
		}
		b.Inlines = ins
		b.Blocks = retag(b.Blocks, prefix)
		items := make([][]markup.Block, len(b.Items))
		for k, it := range b.Items {
			items[k] = retag(it, prefix)
		}
		b.Items = items
		out[i] = b
	}
	return out
}
