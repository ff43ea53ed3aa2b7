package pdf

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/fonts"
	"sourcebook/layouts"
)

// manifest is the reader's manifest file, where the apparatus is written.
func (bl *builder) manifest() string {
	if len(bl.b.Inputs) > 0 {
		return bl.b.Inputs[0]
	}
	return bl.b.Name
}

func (bl *builder) bodyText() textOpts {
	a := alignJustify
	if !bl.p.Justify {
		a = alignLeft
	}
	return textOpts{fam: bl.serif, size: bl.p.BodySize, leading: bl.p.Leading, align: a, hyphenate: bl.p.Hyphenate}
}

func (bl *builder) apparatusText() textOpts {
	o := bl.bodyText()
	o.size, o.leading = bl.p.HeadnoteSize, bl.p.HeadnoteLeading
	return o
}

func (bl *builder) smallSans(text string, style markup.Style, size float64, keep bool, id string) {
	bl.para([]markup.Inline{{Text: text}}, textOpts{fam: bl.sans, size: size, leading: size * 1.3, style: style,
		align: alignLeft, keep: keep, gray: true, blockID: id})
}

// heading sets a display heading in the sans face.
func (bl *builder) heading(text string, size float64, id string, level int) {
	bl.para([]markup.Inline{{Text: text}}, textOpts{fam: bl.sans, size: size, leading: size * 1.25, style: markup.Bold,
		align: alignLeft, keep: true, blockID: id, role: hn(level)})
}

// hn is the structure type of a heading of a level (1–6).
func hn(level int) string {
	return "H" + itoa(max(1, min(6, level)))
}

// strut opens a page with an invisible box, so that the space after it
// is kept rather than discarded at the top of the page.
func (bl *builder) strut() {
	bl.add(&vbox{kind: vDraw, height: 0.01})
}

// titlePage sets the reader's title page.
func (bl *builder) titlePage() {
	b := bl.b
	bl.openSect("Sect", "titlepage", nil)
	bl.pending = append(bl.pending, "titlepage")
	bl.pendFol = folioRoman
	bl.pendHead = &runHead{opener: true}
	bl.strut()
	bl.space(0.22 * (bl.p.PageHeight - bl.p.Margins.Top - bl.p.Margins.Bottom))
	center := func(text string, fam *fonts.Family, size float64, style markup.Style) {
		bl.para([]markup.Inline{{Text: text}}, textOpts{fam: fam, size: size, leading: size * 1.25, style: style, align: alignCenter, keep: true, blockID: "titlepage"})
	}
	center(b.Title, bl.serif, bl.p.TitleSize, markup.Bold)
	if b.Subtitle != "" {
		bl.space(8)
		center(b.Subtitle, bl.serif, bl.p.TitleSize*0.62, markup.Italic)
	}
	bl.space(48)
	if len(b.Editors) > 0 {
		center(bl.loc.T(book.MsgEditedBy, bl.loc.And(b.Editors)), bl.serif, bl.p.BodySize*1.15, 0)
	}
	for _, s := range []string{b.Course, b.Institution, b.Publisher} {
		if s != "" {
			bl.space(6)
			center(s, bl.sans, bl.p.BodySize, 0)
		}
	}
	if bl.opt.Edition == "teacher" {
		bl.space(36)
		center(bl.loc.T(book.MsgTeacherEdition), bl.sans, bl.p.BodySize*1.3, markup.Bold)
	}
}

// credits sets the sources-and-rights page: each document's citation,
// translator, archive, funders and full rights statement.
func (bl *builder) credits() {
	bl.pageBreak(false)
	bl.pending = append(bl.pending, "credits")
	bl.openSect("Sect", "credits", nil)
	credits := bl.loc.T(book.MsgCredits)
	bl.pendHead = &runHead{right: credits}
	bl.pendBM = &bookmark{title: credits}
	bl.heading(credits, bl.p.H2Size, "credits", 1)
	bl.space(bl.p.Leading * 0.5)
	o := bl.apparatusText()
	o.align = alignLeft
	pg := bl.b.Credits(bl.opt.Edition)
	if pg.Intro != "" {
		bl.para([]markup.Inline{{Text: pg.Intro}}, o)
	}
	for _, sc := range pg.Sources {
		bl.space(o.leading * 0.6)
		bl.para([]markup.Inline{{Text: sc.Title, Style: markup.Bold}}, withKeep(o))
		for _, f := range sc.Fields {
			bl.para(append([]markup.Inline{{Text: f.Label + ": ", Style: markup.Bold}}, citeInlines(f.Value)...), o)
			for _, para := range f.Paras {
				bl.para(citeInlines(para), o)
			}
		}
	}
	if pg.Licence != "" {
		bl.space(o.leading)
		bl.para([]markup.Inline{{Text: pg.Licence}}, o)
	}
	// This edition: the same facts as the EPUB's credits.
	if len(pg.Edition) > 0 {
		bl.space(o.leading)
		bl.para([]markup.Inline{{Text: pg.EditionTitle, Style: markup.Bold}}, withKeep(o))
		for _, f := range pg.Edition {
			bl.para([]markup.Inline{{Text: f.Label + ": ", Style: markup.Bold}, {Text: f.Value}}, o)
		}
	}
	if len(bl.b.Intro) == 0 {
		bl.aboutEdition()
	}
}

func withKeep(o textOpts) textOpts { o.keep = true; return o }

// section opens a titled section of the book on a new page (a recto in
// two-sided printing): its running head, bookmark and link target.
func (bl *builder) section(id, title string) {
	bl.pageBreak(true)
	bl.openSect("Sect", id, nil)
	bl.pending = append(bl.pending, id)
	bl.pendHead = &runHead{right: title, opener: true}
	bl.pendBM = &bookmark{title: title}
	bl.heading(title, bl.p.H1Size, id, 1)
	bl.docLevel, bl.lastH = 1, 1
	bl.space(bl.p.Leading)
}

// introduction sets the editor's introduction, where the body (and its
// arabic page numbers) begins.
func (bl *builder) introduction() {
	bl.section("introduction", bl.loc.T(book.MsgIntroduction))
	bl.blocks(bl.b.Intro, bl.bodyText(), 0)
	bl.aboutEdition()
}

// aboutEdition says how to find a place in this edition (see
// Book.AboutEdition): after the introduction, or on the credits page
// when there is none.
func (bl *builder) aboutEdition() {
	paras := bl.b.AboutEdition(true, bl.p.LineNumbers, bl.p.TwoSided, false)
	if len(paras) == 0 {
		return
	}
	bl.space(bl.p.Leading)
	bl.smallSans(bl.loc.T(book.MsgAboutEdition), markup.Bold, bl.p.HeadnoteSize, true, "about-edition")
	bl.space(2)
	o := bl.apparatusText()
	o.align = alignLeft
	o.blockID = "about-edition"
	for _, p := range paras {
		bl.para([]markup.Inline{{Text: p}}, o)
	}
}

// partOpener sets a part's title page with its introduction and central
// question.
func (bl *builder) partOpener(p *book.Part) {
	bl.pageBreak(true)
	bl.sect = bl.part
	bl.pending = append(bl.pending, p.ID)
	bl.pendHead = &runHead{right: p.Title, opener: true}
	if p.Title != "" {
		bl.pendBM = &bookmark{title: p.Title}
		bl.strut()
		if len(p.Intro) > 0 || len(p.Question) > 0 {
			bl.space(bl.p.Leading * 4)
		}
		bl.smallSans(cases.Upper(language.Make(bl.b.Language)).String(bl.loc.T(book.MsgPart, p.Number)), markup.Bold, bl.p.HeadSize+1, true, p.ID)
		bl.space(6)
		bl.heading(p.ShownTitle(), bl.p.H1Size, p.ID, 1)
		bl.docLevel, bl.lastH = 1, 1
		bl.space(bl.p.Leading)
	}
	bl.blocks(p.Intro, bl.bodyText(), 0)
	if len(p.Question) > 0 {
		bl.space(bl.p.Leading)
		bl.heading(bl.loc.T(book.MsgCentralQuestion), bl.p.H3Size, p.ID+"-dbq", 2)
		o := bl.bodyText()
		o.bar, o.indent = true, 10
		bl.blocks(p.Question, o, 0)
	}
}

// item sets one document with its apparatus.
func (bl *builder) item(it *book.Item, level int) {
	s := it.Source
	teacher := bl.inlineTeacher()
	if bl.samePage {
		bl.samePage = false
		bl.space(bl.p.Leading * 2)
	} else {
		bl.pageBreak(true)
	}
	bl.pending = append(bl.pending, it.ID)
	bl.openSect("Sect", it.ID, bl.part)
	// The item's own title when the manifest gives one, curled as in
	// the heading; else the source's short title.
	head := it.RunningHead()
	bl.pendHead = &runHead{right: head, opener: true}
	bl.pendBM = &bookmark{title: it.ShortHeading(bl.loc), level: level}
	bl.lineNo = 0
	bl.docLevel = level + 1
	bl.lastH = bl.docLevel
	bl.file = bl.manifest()
	if bl.opt.Handout && bl.p.NameLine {
		// What a student writes on a handout before handing it in.
		bl.para([]markup.Inline{{Text: bl.loc.T(book.MsgNameLine)}},
			textOpts{fam: bl.sans, size: bl.p.HeadnoteSize + 0.5, leading: (bl.p.HeadnoteSize + 0.5) * 1.3, align: alignLeft, keep: true, blockID: it.ID + "-name"})
		bl.space(bl.p.Leading)
	}
	label := strings.ToUpper(it.HeadingLabel(bl.loc))
	bl.smallSans(label, markup.Bold, bl.p.HeadSize+0.5, true, it.ID)
	bl.space(4)
	bl.para([]markup.Inline{{Text: it.ShownTitle()}}, textOpts{fam: bl.serif, size: bl.p.H1Size, leading: bl.p.H1Size * 1.2,
		style: markup.Bold, align: alignLeft, keep: true, blockID: it.ID, role: hn(level + 1)})
	bl.space(6)
	bl.sourcingBox(it)
	if teacher || bl.b.ShowMetrics {
		m := book.Measure(it)
		time := ""
		if teacher {
			time = it.Time
		}
		line := bl.loc.MetricsLine(m, time)
		bl.space(3)
		bl.smallSans(line, markup.Italic, bl.p.HeadnoteSize-0.5, true, it.ID)
	}
	if len(it.Headnote) > 0 {
		bl.space(bl.p.Leading * 0.8)
		o := bl.apparatusText()
		o.bar = true
		o.indent = 10
		bl.blocks(it.Headnote, o, 0)
	}
	if len(it.Vocabulary) > 0 {
		bl.space(bl.p.Leading * 0.6)
		bl.smallSans(bl.loc.T(book.MsgWordBank), markup.Bold, bl.p.HeadnoteSize, true, it.ID+"-vocab")
		bl.space(2)
		bl.glossList(it.Vocabulary, it.ID+"-vocab", false)
	}
	bl.questions(it, func(stage string) bool { return stage == "before" }, bl.loc.Stage("before"))
	bl.space(bl.p.Leading * 1.2)
	bl.file = s.File
	body := bl.bodyText()
	body.numbered = bl.p.LineNumbers
	body.lang = s.Language
	bl.blocks(it.Body, body, 0)
	bl.file = bl.manifest()
	// The citation and rights statement travel with the document, as the
	// archive asks.
	bl.space(bl.p.Leading * 0.8)
	o := bl.apparatusText()
	o.align, o.gray = alignLeft, true
	o.size, o.leading = bl.p.NoteSize, bl.p.NoteLeading
	o.blockID = it.ID + "-source"
	for _, n := range it.SourceNotes(bl.loc) {
		bl.para(append([]markup.Inline{{Text: n.Label + ": ", Style: markup.Bold}}, citeInlines(n.Value)...), o)
	}
	bl.questions(it, func(stage string) bool { return stage != "before" }, "")
}

// sourcingBox sets the document's facts in a framed box.
func (bl *builder) sourcingBox(it *book.Item) {
	facts := it.Source.FactsIn(bl.loc)
	if len(facts) == 0 {
		return
	}
	size := bl.p.HeadnoteSize - 0.5
	lead := size * 1.35
	pad := 5.0
	labelW := 0.0
	bold := bl.sans.Face(fonts.Bold)
	for _, f := range facts {
		labelW = max(labelW, bold.Width(f.Label, size))
	}
	labelW += 8
	frame := &vbox{kind: vDraw, height: pad, noBreakAfter: true, mark: layouts.Mark{ID: it.ID}}
	bl.add(frame)
	var lines []*vbox
	// Tagged, a table of two columns whose rows are headed by the
	// labels: read "Author, Frederick Douglass", and a student can move
	// from fact to fact by row.
	tbl := bl.group("Table", nil, "")
	for _, f := range facts {
		o := textOpts{fam: bl.sans, size: size, leading: lead, align: alignLeft, keep: true, indent: pad + labelW, right: pad,
			gray: false, blockID: it.ID, role: "TD", group: bl.group("TR", tbl, "")}
		boxes := bl.para(citeInlines(f.Styled()), o)
		if len(boxes) > 0 {
			lab := simpleLine(f.Label, bold, size, bl.set.missing)
			l := boxes[0].line
			for _, pf := range lab.frags {
				pf.x -= labelW
				l.frags = append([]placed{pf}, l.frags...)
				l.labels++
			}
			boxes[0].lbl = "TH"
		}
		lines = append(lines, boxes...)
	}
	bottom := &vbox{kind: vDraw, height: pad, mark: layouts.Mark{ID: it.ID}}
	bl.add(bottom)
	total := pad * 2
	for _, l := range lines {
		total += l.height
	}
	w := bl.p.Measure()
	frame.draw = func(d *drawer, x, y float64) {
		d.frame(x, y, w, total, 0.5, 150)
	}
}

// glossList sets terms with their definitions (word banks, the glossary).
func (bl *builder) glossList(entries []*book.GlossEntry, blockID string, targets bool) {
	o := bl.apparatusText()
	o.align = alignLeft
	o.indent = 14
	o.first = -14
	// Tagged, an L whose items are the term (Lbl) and its definition.
	list := bl.group("L", nil, "")
	for _, g := range entries {
		runs := []markup.Inline{{Text: g.Term, Style: markup.Bold}, {Text: " — "}}
		def := g.Definition
		if len(def) > 0 && def[0].Kind == markup.Paragraph {
			runs = append(runs, def[0].Inlines...)
			def = def[1:]
		}
		if targets {
			bl.pending = append(bl.pending, g.ID)
		}
		oo := o
		oo.blockID = blockID
		oo.group = bl.listItem(list)
		if boxes := bl.para(runs, oo); len(boxes) > 0 && !boxes[0].line.rtl {
			// The term's words, bold, are the item's label.
			l := boxes[0].line
			for l.labels < len(l.frags) && l.frags[l.labels].style&markup.Bold != 0 && l.frags[l.labels].text != "" {
				l.labels++
			}
			if l.labels == len(l.frags) {
				l.labels = 0 // a term that fills the line: no label
			}
		}
		if len(def) > 0 {
			do := o
			do.first = 0
			do.group = oo.group
			bl.blocks(def, do, 0)
		}
		bl.space(2)
	}
}

// questions sets the item's questions whose stage passes keep. Questions
// that point at the text say where: "(lines 12–15)".
func (bl *builder) questions(it *book.Item, keep func(string) bool, heading string) {
	var qs []book.Question
	for _, q := range it.Questions {
		if keep(q.Stage) {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return
	}
	teacher := bl.inlineTeacher()
	bl.space(bl.p.Leading * 1.2)
	id := it.ID + "-questions-before"
	if heading == "" {
		heading, id = bl.loc.T(book.MsgQuestions), it.ID+"-questions"
	}
	bl.heading(heading, bl.p.H3Size, id, bl.docLevel+1)
	bl.lastH = bl.docLevel + 1
	stage := ""
	list := bl.group("L", nil, "")
	for _, q := range qs {
		if q.Stage != stage && q.Stage != "" && q.Stage != "before" {
			stage = q.Stage
			bl.space(4)
			bl.smallSans(bl.loc.Stage(q.Stage), markup.Italic, bl.p.HeadnoteSize, true, it.ID+"-questions")
		}
		bl.space(3)
		o := bl.bodyText()
		o.align = alignLeft
		o.indent = 18
		o.label = fmt.Sprintf("%d.", q.Number)
		o.group = bl.listItem(list)
		text := q.Text
		ref := bl.refText(q.Ref)
		if q.Ref != nil && q.Ref.Start != "" {
			bl.refs[q.Ref.Start] = ref
		}
		if ref != "" && len(text) > 0 && text[0].Kind == markup.Paragraph {
			text = append([]markup.Block{}, text...)
			first := text[0]
			first.Inlines = append([]markup.Inline{{Text: ref + " ", Style: markup.Italic}}, first.Inlines...)
			text[0] = first
		}
		if teacher && q.Time != "" && len(text) > 0 {
			last := text[len(text)-1]
			last.Inlines = append(append([]markup.Inline{}, last.Inlines...), markup.Inline{Text: " (" + q.Time + ")", Style: markup.Italic})
			text = append(append([]markup.Block{}, text[:len(text)-1]...), last)
		}
		if bl.opt.Handout {
			// A question is never parted from its answer lines.
			o.keep = true
		}
		bl.blocks(text, o, 0)
		if bl.opt.Handout {
			bl.answerLines(q.Lines, o.indent)
		}
		if teacher && len(q.Answer) > 0 {
			ao := bl.apparatusText()
			ao.indent, ao.align, ao.gray, ao.group = 18, alignLeft, true, o.group
			bl.para([]markup.Inline{{Text: bl.loc.T(book.MsgAnswer), Style: markup.Bold | markup.Italic}}, withKeep(ao))
			bl.blocks(q.Answer, ao, 0)
		}
	}
}

// refText is where a question points: its paragraph, printed in every
// edition, then its lines, which only this print has: "(¶ 4, lines
// 12–15)", so that a class with both editions shares the first part.
func (bl *builder) refText(r *book.Ref) string {
	if r == nil {
		return ""
	}
	var from, to int
	if r.Start != "" {
		from, to = bl.anchors[r.Start], bl.anchors[r.End]
	} else {
		lines := bl.blockLines[r.BlockID]
		from, to = lines[0], lines[1]
	}
	para := ""
	if r.Paragraph > 0 {
		para = fmt.Sprintf("¶ %d", r.Paragraph)
	}
	lines := ""
	if from > 0 {
		lines = bl.loc.Lines(from, to)
	}
	if para != "" && lines != "" {
		return "(" + para + ", " + lines + ")"
	}
	if para+lines == "" {
		return ""
	}
	return "(" + para + lines + ")"
}

// answerLines rules space for a written answer on a handout.
func (bl *builder) answerLines(n int, indent float64) {
	if n <= 0 {
		n = 3
	}
	lead := bl.p.Leading * 1.6
	w := bl.p.Measure() - indent
	for i := 0; i < n; i++ {
		// All of a question's lines stay together, and with the question.
		v := &vbox{kind: vDraw, height: lead, noBreakAfter: i < n-1, draw: func(d *drawer, x, y float64) {
			d.stroke(x+indent, y+lead-3, x+indent+w, y+lead-3, 0.4, 160, nil, "")
		}}
		bl.add(v)
	}
}

// backMatter sets the glossary, the list of sources and the timeline.
func (bl *builder) backMatter() {
	b := bl.b
	if len(b.Glossary) > 0 {
		bl.section("glossary", bl.loc.T(book.MsgGlossary))
		bl.glossList(b.Glossary, "glossary", true)
	}
	if len(b.Sources) > 0 {
		bl.section("bibliography", book.CitationHeading(b.CitationStyle, bl.loc))
		srcs := append([]*book.Source{}, b.Sources...)
		sort.SliceStable(srcs, func(i, j int) bool { return srcs[i].SortKey() < srcs[j].SortKey() })
		o := bl.bodyText()
		o.align, o.indent, o.first, o.blockID = alignLeft, 18, -18, "bibliography"
		for _, s := range srcs {
			bl.para(citeInlines(s.ReferenceIn(b.CitationStyle, bl.loc)), o)
			bl.space(4)
		}
	}
	if b.Timeline {
		bl.section("timeline", bl.loc.T(book.MsgTimeline))
		items := b.Chronology()
		// Dates in a column, right-aligned against the entries.
		o := bl.bodyText()
		o.align, o.blockID = alignLeft, "timeline"
		face := bl.serif.Face(fonts.Regular)
		date := func(it *book.Item) string {
			if it.Source == nil {
				return ""
			}
			return it.Source.DateIn(bl.loc)
		}
		for _, it := range items {
			o.indent = max(o.indent, face.Width(date(it), o.size)+o.size)
		}
		list := bl.group("L", nil, "")
		for _, it := range items {
			o.label = date(it)
			o.group = bl.listItem(list)
			bl.para([]markup.Inline{{Text: it.Label + ": " + it.Title}}, o)
			bl.space(3)
		}
	}
}

// citeInlines maps a citation's pieces to styled runs: titles of works in
// italics, web addresses as links.
func citeInlines(c book.Cite) []markup.Inline {
	var out []markup.Inline
	for _, p := range c {
		in := markup.Inline{Text: p.Text}
		switch p.Role {
		case book.CiteTitle:
			in.Style = markup.Italic
		case book.CiteURL:
			in.Link = p.Text
		}
		out = append(out, in)
	}
	return out
}
