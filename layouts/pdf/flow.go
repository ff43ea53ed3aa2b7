package pdf

import (
	"cmp"
	"fmt"
	"strings"
	"unicode/utf8"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/fonts"
	"sourcebook/layouts"
)

// vkind is what a vertical box holds.
type vkind uint8

const (
	vLine  vkind = iota // a line of text
	vSpace              // vertical space, discarded at the top of a page
	vDraw               // something drawn by a function (rules, tables)
)

// breakKind asks for a page break before a box.
type breakKind uint8

const (
	noBreak breakKind = iota
	newPage
	newRecto // next odd page in two-sided printing
)

// vbox is one element of the vertical list that the pager cuts into
// pages.
type vbox struct {
	kind         vkind
	height       float64
	line         *line
	x            float64 // offset from the text block's left edge
	noBreakAfter bool    // keep with the next box (widows, orphans, headings)
	breakBefore  breakKind
	notes        []*footnote
	lineNo       int // line number in the source text (0: not numbered)
	pnum         int // paragraph number printed beside this box (0: none)
	mark         layouts.Mark
	starts       []string  // item, part and section IDs that begin here
	bookmark     *bookmark // outline entry placed at this box
	head         *runHead  // running-head context from this box on
	draw         func(d *drawer, x, y float64)
	gray         bool       // apparatus colour
	tocLink      string     // the line links to the start of this ID
	tocLabel     string     // filled in later: page number shown at the right
	rowHeader    *vbox      // table rows: the header to repeat after a break
	folio        folioStyle // set on the first box of a section
	bar          bool       // headnote bar in the left margin
	role         string     // structure type of its content (tagged PDF; "" is P)
	lang         string     // language of its text, when not the book's
	group        *sgroup    // structure element its content is in (tagged PDF)
	lbl          string     // structure type of its line's labels ("" is Lbl)
}

// folioStyle says how pages are numbered from a box on.
type folioStyle uint8

const (
	folioKeep folioStyle = iota
	folioRoman
	folioArabic
)

type bookmark struct {
	title string
	level int
}

// runHead is the running head in force: the document's short title.
type runHead struct {
	right  string
	opener bool // the page that starts a document prints no running head
}

// footnote is a note laid out for the foot of the page.
type footnote struct {
	note   *markup.Note
	lines  []*vbox
	height float64
}

// builder turns the book into a vertical list.
type builder struct {
	b   *book.Book
	loc *book.Locale // the reader's generated words
	// samePage sets the next item below what is set, not on a new page.
	samePage bool
	p        layouts.Preset
	opt      Options
	set      *setter
	docLevel int // heading level of the document being set (1, or 2 in a titled part)
	lastH    int // level of the last heading set (tagged PDF)
	boxes    []*vbox
	serif    *fonts.Family
	sans     *fonts.Family
	lineNo   int // running line number within a document
	pendPnum int // paragraph number waiting for its block's first box
	notes    map[*markup.Note]*footnote
	pending  []string // starts waiting for the next box
	pendHead *runHead
	pendBM   *bookmark
	pendFol  folioStyle
	// file and lineAt locate the text being set, for warnings.
	file   string
	lineAt int
	// anchors and blockLines record the line numbers of anchors and of
	// source blocks as lines are set, for questions' "lines 12–15".
	anchors    map[string]int
	blockLines map[string][2]int
	refs       map[string]string // printed reference of each question, by start anchor
	// warnings are reported once the chunks are joined, in reading order.
	warnings   []warning
	err        error // a problem that stops the build (no font for a script)
	opensRecto bool  // the chunk's first page must be a recto
	// Tagged PDF: the section being set (a Part or Sect) and the part a
	// document is in.
	sect, part *sgroup
}

// warning is a warning with the character it is about (0 for others), so
// that a missing character is reported once per build.
type warning struct {
	r rune
	w *book.Warning
}

func (bl *builder) add(v *vbox) {
	if len(bl.pending) > 0 && v.kind != vSpace {
		v.starts = append(v.starts, bl.pending...)
		bl.pending = nil
		if v.mark.ID == "" {
			v.mark = layouts.Mark{ID: v.starts[0]}
		}
	}
	if bl.pendHead != nil && v.kind != vSpace {
		v.head, bl.pendHead = bl.pendHead, nil
	}
	if bl.pendBM != nil && v.kind != vSpace {
		v.bookmark, bl.pendBM = bl.pendBM, nil
	}
	if bl.pendFol != folioKeep && v.kind != vSpace {
		v.folio, bl.pendFol = bl.pendFol, folioKeep
	}
	if bl.pendPnum > 0 && v.kind != vSpace {
		v.pnum, bl.pendPnum = bl.pendPnum, 0
	}
	if v.group == nil {
		v.group = bl.sect
	}
	bl.boxes = append(bl.boxes, v)
}

func (bl *builder) space(h float64) {
	if h <= 0 {
		return
	}
	bl.boxes = append(bl.boxes, &vbox{kind: vSpace, height: h})
}

// pageBreak starts a new page (a recto in two-sided printing when
// recto is set) at the next box.
func (bl *builder) pageBreak(recto bool) {
	k := newPage
	if recto && bl.p.TwoSided {
		k = newRecto
	}
	if len(bl.boxes) == 0 && recto {
		bl.opensRecto = true
	}
	bl.boxes = append(bl.boxes, &vbox{kind: vSpace, breakBefore: k})
}

// textOpts describes a paragraph's look in the vertical list.
type textOpts struct {
	fam       *fonts.Family
	size      float64
	leading   float64
	style     markup.Style
	indent    float64 // left indent of all lines
	right     float64 // right indent
	first     float64 // extra first-line indent
	align     align
	hyphenate bool
	keep      bool // keep with the next box (headings)
	gray      bool
	bar       bool
	blockID   string
	label     string // list label hung in the left margin of the first line
	// outer are the labels of enclosing list items that start on the same
	// line (an item that starts with a list), innermost first; each hangs
	// one list indent further left.
	outer    []string
	numbered bool
	lang     string // language of the text, when not the book's
	role     string // structure type of the paragraph (tagged PDF; "" is P)
	group    *sgroup
}

// para sets runs and appends their lines with widow and orphan control.
func (bl *builder) para(runs []markup.Inline, o textOpts) []*vbox {
	measure := bl.p.Measure() - o.indent - o.right
	ls := bl.set.set(runs, paraSpec{fam: o.fam, size: o.size, style: o.style, measure: measure,
		firstIndent: o.first, align: o.align, hyphenate: o.hyphenate, lang: cmp.Or(o.lang, bl.b.Language)})
	rtl := len(ls) > 0 && ls[0].rtl
	if len(ls) > 0 {
		bl.hangLabels(ls[0], o)
	}
	out := make([]*vbox, len(ls))
	for _, l := range ls {
		if l.overfull || l.set > l.measure+0.5 {
			bl.warnings = append(bl.warnings, warning{0, &book.Warning{File: bl.file, Line: bl.lineAt,
				Msg: fmt.Sprintf("a line runs %.1fpt into the margin: %q", l.set-l.measure, lineWords(l, 60))}})
		}
	}
	for i, l := range ls {
		v := &bl.set.boxes.take(1)[0] // reused with the line (see setter.reuse)
		*v = vbox{kind: vLine, height: o.leading, line: l, x: o.indent + l.indent, gray: o.gray, bar: o.bar, role: o.role, lang: o.lang, group: o.group}
		if rtl {
			// Indents mirror: a quotation or list item is indented from
			// the right.
			v.x = o.right + l.indent
		}
		v.mark = layouts.Mark{ID: o.blockID, Offset: l.offset}
		if o.numbered {
			bl.lineNo++
			v.lineNo = bl.lineNo
			if o.blockID != "" {
				r, ok := bl.blockLines[o.blockID]
				if !ok {
					r[0] = v.lineNo
				}
				r[1] = v.lineNo
				bl.blockLines[o.blockID] = r
			}
		}
		for _, f := range l.frags {
			if f.anchor != "" {
				bl.anchors[f.anchor] = v.lineNo
			}
		}
		for _, n := range l.notes {
			v.notes = append(v.notes, bl.footnote(n, o.lang))
		}
		n := len(ls)
		// Orphans: never leave a paragraph's first line alone at a page's
		// foot; widows: never carry its last line alone to the next page.
		// No break after a hyphenated line either, so that no page ends
		// in a hyphen.
		v.noBreakAfter = o.keep || (i == 0 && n > 2) || (i == n-2) || l.hyphenated
		if n == 2 && i == 0 {
			v.noBreakAfter = true
		}
		out[i] = v
		bl.add(v)
	}
	return out
}

// listIndent is how far each level of a list is indented.
const listIndent = 18

// hangLabels hangs o's list labels in the margin left of l.
func (bl *builder) hangLabels(l *line, o textOpts) {
	labels := o.outer
	if o.label != "" {
		labels = append([]string{o.label}, labels...)
	}
	for k, label := range labels {
		lab := simpleLine(label, o.fam.Face(faceStyle(o.style&^markup.Bold)), o.size, bl.set.missing)
		for _, f := range lab.frags {
			// The label hangs in the margin where the line starts: left,
			// or right of a right-to-left line.
			if l.rtl {
				f.x += l.set + o.size*0.5 + float64(k)*listIndent
			} else {
				f.x -= lab.set + o.size*0.5 + float64(k)*listIndent
			}
			l.frags = append([]placed{f}, l.frags...)
			l.labels++
		}
	}
}

// headingOpts is the look of a source's heading of a level: six levels,
// each distinct in size or face, so that the outline reads in print as
// the source has it.
func (bl *builder) headingOpts(level int) textOpts {
	p := bl.p
	fam, size, style := bl.sans, p.H3Size, markup.Bold
	switch level {
	case 1:
		size = p.H2Size * 1.2
	case 2:
		size = p.H2Size
	case 3:
	case 4:
		style = markup.Bold | markup.Italic
	case 5:
		fam, size = bl.serif, p.BodySize
	default:
		fam, size, style = bl.serif, p.BodySize, markup.Italic
	}
	// Tagged, a source's headings nest under the document's title and
	// never skip a level (a source that starts at ## reads as the next
	// level down).
	h := min(bl.docLevel+level, bl.lastH+1)
	bl.lastH = h
	return textOpts{fam: fam, size: size, leading: size * 1.25, style: style, align: alignLeft, keep: true, role: hn(h)}
}

// labelLine sets a list item's labels on a line of their own, for an
// item that is empty or starts with something other than text (a code
// block, a quote, a rule): the number must print all the same.
func (bl *builder) labelLine(o textOpts) {
	if o.label == "" && len(o.outer) == 0 {
		return
	}
	l := &line{last: true}
	bl.hangLabels(l, o)
	bl.add(&vbox{kind: vLine, height: o.leading, line: l, x: o.indent, mark: layouts.Mark{ID: o.blockID}, noBreakAfter: true, group: o.group})
}

// footnote lays out a note once, the first time it is referenced; lang
// is the language of the text that calls it, which a source's own notes
// share (tagged PDF) and an editor's annotations do not.
func (bl *builder) footnote(n *markup.Note, lang string) *footnote {
	if fn, ok := bl.notes[n]; ok {
		return fn
	}
	fn := &footnote{note: n}
	bl.notes[n] = fn
	saved := bl.boxes
	savedNo, savedPnum := bl.lineNo, bl.pendPnum
	bl.boxes, bl.pendPnum = nil, 0
	size, lead := bl.p.NoteSize, bl.p.NoteLeading
	for i, b := range n.Blocks {
		label := ""
		if i == 0 {
			label = n.Marker()
		}
		switch b.Kind {
		case markup.Paragraph:
			bl.para(b.Inlines, textOpts{fam: bl.serif, size: size, leading: lead, indent: size * 1.6,
				align: alignJustify, hyphenate: bl.p.Hyphenate, label: label, blockID: n.ID})
		default:
			bl.para([]markup.Inline{{Text: strings.TrimSpace(markup.BlocksText([]markup.Block{b}))}},
				textOpts{fam: bl.serif, size: size, leading: lead, indent: size * 1.6, align: alignLeft, label: label, blockID: n.ID})
		}
	}
	if n.Annotation {
		lang = ""
	}
	for _, v := range bl.boxes {
		v.role, v.lang = "Note", lang
		fn.lines = append(fn.lines, v)
		fn.height += v.height
	}
	bl.boxes = saved
	bl.lineNo, bl.pendPnum = savedNo, savedPnum
	return fn
}

// blocks appends markup blocks. depth is the nesting of quotes and lists.
func (bl *builder) blocks(bs []markup.Block, o textOpts, depth int) {
	first := true
	if len(bs) == 0 {
		bl.labelLine(o) // an empty list item keeps its number
	}
	for i, b := range bs {
		bo := o
		if i > 0 {
			// Only the first block carries the list item's label.
			bo.label, bo.outer = "", nil
		}
		if b.Line > 0 {
			bl.lineAt = b.Line
		}
		if b.ID != "" {
			bo.blockID = b.ID
		}
		if b.Number > 0 && !bl.b.HideParagraphNumbers {
			// Printed beside the block's first line, as in the EPUB.
			bl.pendPnum = b.Number
		}
		switch b.Kind {
		case markup.Paragraph, markup.Heading, markup.List:
		default:
			bl.labelLine(bo)
		}
		switch b.Kind {
		case markup.Paragraph:
			if !first && bl.p.ParSkip > 0 {
				bl.space(bl.p.ParSkip)
			}
			if !first && o.align == alignJustify && bl.p.ParIndent > 0 {
				bo.first = bl.p.ParIndent
			}
			bl.para(b.Inlines, bo)
		case markup.Heading:
			ho := bl.headingOpts(b.Level)
			ho.indent, ho.right, ho.blockID, ho.label, ho.outer, ho.group = o.indent, o.right, bo.blockID, bo.label, bo.outer, bo.group
			if !first {
				bl.space(o.leading * 0.8)
			}
			if len(b.Inlines) == 0 {
				bl.labelLine(bo)
			}
			bl.para(b.Inlines, ho)
			bl.space(o.leading * 0.3)
			first = true
			continue
		case markup.Quote:
			if !first {
				bl.space(o.leading * 0.4)
			}
			qo := bo
			qo.indent += 18
			qo.right += 18
			qo.first = 0
			qo.label, qo.outer = "", nil
			if qo.role == "" {
				qo.group = bl.group("BlockQuote", bo.group, bo.lang)
			}
			bl.blocks(b.Blocks, qo, depth+1)
			bl.space(o.leading * 0.4)
		case markup.List:
			if !first {
				bl.space(o.leading * 0.3)
			}
			list := bl.group("L", bo.group, bo.lang)
			for i, item := range b.Items {
				lo := bo
				lo.group = bl.listItem(list)
				lo.indent += listIndent
				lo.first = 0
				lo.outer = nil
				if i == 0 && (bo.label != "" || len(bo.outer) > 0) {
					// An item that starts with a list: the outer label
					// hangs beside the inner one.
					lo.outer = append([]string{bo.label}, bo.outer...)
				}
				if b.Ordered {
					lo.label = fmt.Sprintf("%d.", b.Start+i)
				} else {
					lo.label = [...]string{"•", "◦", "▪"}[depth%3]
				}
				if lo.align == alignJustify {
					lo.align = alignJustify
				}
				bl.blocks(item, lo, depth+1)
			}
			bl.space(o.leading * 0.3)
		case markup.CodeBlock:
			bl.code(b.Code, bo)
		case markup.Table:
			bl.table(b.Table, bo)
		case markup.Rule:
			bl.space(o.leading * 0.5)
			w := bl.p.Measure()
			bl.add(&vbox{kind: vDraw, height: o.leading * 0.5, mark: layouts.Mark{ID: bo.blockID}, draw: func(d *drawer, x, y float64) {
				d.rule(x+w/3, y+o.leading*0.25, w/3)
			}})
			bl.space(o.leading * 0.5)
		case markup.Figure:
			bl.figure(b, bo)
		case markup.Definitions:
			// Tagged, an L whose items are the term (Lbl) and its
			// definitions (LBody).
			list := bl.group("L", bo.group, bo.lang)
			for _, def := range b.Defs {
				li := bl.group("LI", list, bo.lang)
				to := bo
				to.label, to.outer = "", nil
				to.style |= markup.Bold
				to.first = 0
				to.keep = true
				to.align = alignLeft
				if to.role == "" {
					to.role, to.group = "Lbl", li
				}
				bl.para(def.Term, to)
				body := bl.group("LBody", li, bo.lang)
				for _, dd := range def.Defs {
					do := bo
					do.label, do.outer = "", nil
					do.indent += 18
					do.first = 0
					do.group = body
					bl.blocks(dd, do, depth+1)
				}
			}
		}
		first = false
	}
}

// tabStop is the distance between tab stops in preformatted text, as on
// a typewriter or a terminal.
const tabStop = 8

// expandTabs replaces each tab by the spaces up to the next tab stop.
func expandTabs(ln string) string {
	if !strings.Contains(ln, "\t") {
		return ln
	}
	var b strings.Builder
	col := 0
	for _, r := range ln {
		if r == '\t' {
			n := tabStop - col%tabStop
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// contMark hangs in the margin beside a preformatted line that continues
// the one above, which was too long for the measure.
const contMark = "↪"

// code sets a code block or preformatted transcript line by line in the
// mono face, with tab stops every eight columns. A line too long for the
// measure is broken after its last space that fits (or, in a word longer
// than the line, where the measure ends) and continues on the next line
// behind a continuation mark, so that nobody takes it for a new line.
func (bl *builder) code(text string, o textOpts) {
	size := o.size * 0.85
	lead := size * 1.3
	mono := fonts.Mono().Face(fonts.Regular)
	measure := bl.p.Measure() - o.indent - o.right - 8
	add := func(ln string, cont, more bool) {
		l := simpleLine(ln, mono, size, bl.set.missing)
		if cont {
			mark := simpleLine(contMark, mono, size, bl.set.missing)
			for _, f := range mark.frags {
				f.x -= mark.set + 9
				l.frags = append([]placed{f}, l.frags...)
			}
		}
		bl.add(&vbox{kind: vLine, height: lead, line: l, x: o.indent + 8, mark: layouts.Mark{ID: o.blockID}, bar: true, noBreakAfter: more, group: o.group, lang: o.lang})
	}
	for _, ln := range strings.Split(text, "\n") {
		ln = expandTabs(ln)
		cont := false
		for {
			l := simpleLine(ln, mono, size, bl.set.missing)
			if l.set <= measure || utf8.RuneCountInString(ln) <= 1 {
				add(ln, cont, false)
				break
			}
			// Cut where the line reaches the measure, or after the last
			// space before it.
			cut, space, w := 0, 0, 0.0
			for i, r := range ln {
				w += mono.Width(string(r), size)
				if w > measure && i > 0 {
					cut = i
					break
				}
				if r == ' ' && i > 0 {
					space = i + 1
				}
			}
			if cut == 0 {
				cut = len(ln)
			}
			if space > 0 && space < cut && strings.TrimSpace(ln[:space]) != "" {
				cut = space
			}
			add(ln[:cut], cont, true)
			ln, cont = ln[cut:], true
		}
	}
	bl.space(o.leading * 0.4)
}

// figure places an image, scaled to fit the measure and a third of the
// page, with its caption.
func (bl *builder) figure(b markup.Block, o textOpts) {
	img := b.Image
	info, err := bl.opt.images.get(img.Src)
	if err != nil {
		bl.warnings = append(bl.warnings, warning{0, &book.Warning{File: bl.file, Line: b.Line, Msg: fmt.Sprintf("%s: %v; its description is printed instead", img.Src, err)}})
		bl.para([]markup.Inline{{Text: "[" + img.Alt + "]", Style: markup.Italic}}, o)
		return
	}
	maxW := bl.p.Measure() - o.indent - o.right
	maxH := (bl.p.PageHeight - bl.p.Margins.Top - bl.p.Margins.Bottom) / 2
	w, h := info.w, info.h
	if w > maxW {
		h, w = h*maxW/w, maxW
	}
	if h > maxH {
		w, h = w*maxH/h, maxH
	}
	x := o.indent + (maxW-w)/2
	name, alt := img.Src, img.Alt
	if img.Decorative {
		alt = "" // an artifact: assistive technology skips it
	} else if alt == "" {
		bl.warnings = append(bl.warnings, warning{0, &book.Warning{File: bl.file, Line: b.Line, Msg: fmt.Sprintf("image %s has no alternative text: screen readers cannot describe it; write one in ![...](%s)", img.Src, img.Src)}})
	}
	bl.space(o.leading * 0.5)
	v := &vbox{kind: vDraw, height: h, mark: layouts.Mark{ID: o.blockID}, noBreakAfter: img.Caption != "", group: o.group, draw: func(d *drawer, x0, y float64) {
		d.image(name, alt, x0+x, y, w, h)
	}}
	bl.add(v)
	if img.Caption != "" {
		bl.space(4)
		co := o
		co.size, co.leading, co.align, co.style = bl.p.NoteSize, bl.p.NoteLeading, alignCenter, markup.Italic
		co.numbered, co.role = false, "Caption"
		bl.para([]markup.Inline{{Text: img.Caption}}, co)
	}
	bl.space(o.leading * 0.5)
}

// lineWords returns the start of a line's text, for messages.
func lineWords(l *line, n int) string {
	var b strings.Builder
	for _, f := range l.frags {
		b.WriteString(f.text)
		if b.Len() > n {
			break
		}
	}
	s := b.String()
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "…"
	}
	return s
}
