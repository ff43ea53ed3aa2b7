package pdf

import (
	"fmt"
	"strings"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/fonts"
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
func (bl *builder) heading(text string, size float64, id string) {
	bl.para([]markup.Inline{{Text: text}}, textOpts{fam: bl.sans, size: size, leading: size * 1.25, style: markup.Bold,
		align: alignLeft, keep: true, blockID: id})
}

// strut opens a page with an invisible box, so that the space after it
// is kept rather than discarded at the top of the page.
func (bl *builder) strut() {
	bl.add(&vbox{kind: vDraw, height: 0.01})
}

// titlePage sets the reader's title page.
func (bl *builder) titlePage() {
	b := bl.b
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
		center("Edited by "+joinAnd(b.Editors), bl.serif, bl.p.BodySize*1.15, 0)
	}
	for _, s := range []string{b.Course, b.Institution, b.Publisher} {
		if s != "" {
			bl.space(6)
			center(s, bl.sans, bl.p.BodySize, 0)
		}
	}
	if bl.opt.Edition == "teacher" {
		bl.space(36)
		center("Teacher Edition", bl.sans, bl.p.BodySize*1.3, markup.Bold)
	}
}

// credits sets the sources-and-rights page: each document's citation,
// translator, archive, funders and full rights statement.
func (bl *builder) credits() {
	bl.pageBreak(false)
	bl.pending = append(bl.pending, "credits")
	bl.pendHead = &runHead{right: "Sources and Rights"}
	bl.pendBM = &bookmark{title: "Sources and Rights"}
	bl.heading("Sources and Rights", bl.p.H2Size, "credits")
	bl.space(bl.p.Leading * 0.5)
	o := bl.apparatusText()
	o.align = alignLeft
	for _, it := range bl.b.Items {
		s := it.Source
		bl.space(o.leading * 0.6)
		bl.para([]markup.Inline{{Text: it.Label + ". ", Style: markup.Bold}, {Text: s.Title, Style: markup.Bold}}, withKeep(o))
		for _, ln := range creditLines(s) {
			bl.para([]markup.Inline{{Text: ln}}, o)
		}
	}
	if bl.b.License != "" {
		bl.space(o.leading)
		bl.para([]markup.Inline{{Text: "The editors’ introduction, headnotes and questions: " + bl.b.License + "."}}, o)
	}
}

func withKeep(o textOpts) textOpts { o.keep = true; return o }

// creditLines lists what the credits page says of one source.
func creditLines(s *book.Source) []string {
	var out []string
	if s.Citation.Text != "" {
		out = append(out, "Source: "+s.Citation.Text)
	} else if s.Citation.PublishedIn != "" {
		out = append(out, "Source: "+s.Citation.PublishedIn)
	}
	if s.Citation.Archive != "" {
		a := s.Citation.Archive
		if s.Citation.ArchiveLocation != "" {
			a += ", " + s.Citation.ArchiveLocation
		}
		out = append(out, "Archive: "+a)
	}
	if len(s.Translators) > 0 && !strings.Contains(s.Citation.Text, s.Translators[0]) {
		out = append(out, "Translated by "+joinAnd(s.Translators)+".")
	}
	if s.DigitalCopy.Repository != "" {
		r := "Digital copy: " + s.DigitalCopy.Repository
		if s.DigitalCopy.RecordID != "" {
			r += ", record " + s.DigitalCopy.RecordID
		}
		if s.DigitalCopy.URL != "" {
			r += ", " + s.DigitalCopy.URL
		}
		out = append(out, r+".")
	}
	if len(s.Credits.Funders) > 0 {
		out = append(out, "Made available with support from "+joinAnd(s.Credits.Funders)+".")
	}
	rights := "Rights: " + s.Rights.Status
	if s.Rights.Holder != "" {
		rights += " (" + s.Rights.Holder + ")"
	}
	out = append(out, rights+".")
	for _, p := range strings.Split(s.Rights.Statement, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func joinAnd(ns []string) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// body appends the introduction, the parts and the documents.
func (bl *builder) body() {
	b := bl.b
	first := true
	startBody := func() {
		if first {
			bl.pendFol = folioArabic
			first = false
		}
	}
	if len(b.Intro) > 0 {
		bl.pageBreak(true)
		startBody()
		bl.pending = append(bl.pending, "introduction")
		bl.pendHead = &runHead{right: "Introduction", opener: true}
		bl.pendBM = &bookmark{title: "Introduction"}
		bl.heading("Introduction", bl.p.H1Size, "introduction")
		bl.space(bl.p.Leading)
		bl.blocks(b.Intro, bl.bodyText(), 0)
	}
	for _, p := range b.Parts {
		level := 0
		if p.Title != "" {
			bl.pageBreak(true)
			startBody()
			bl.pending = append(bl.pending, p.ID)
			bl.pendHead = &runHead{right: p.Title, opener: true}
			bl.pendBM = &bookmark{title: p.Title}
			bl.strut()
			bl.space(bl.p.Leading * 4)
			bl.smallSans(fmt.Sprintf("PART %d", p.Number), markup.Bold, bl.p.HeadSize+1, true, p.ID)
			bl.space(6)
			bl.heading(p.Title, bl.p.H1Size, p.ID)
			bl.space(bl.p.Leading)
			bl.blocks(p.Intro, bl.bodyText(), 0)
			level = 1
		}
		for _, it := range p.Items {
			startBody()
			bl.item(it, level)
		}
	}
}

// item sets one document with its apparatus.
func (bl *builder) item(it *book.Item, level int) {
	s := it.Source
	bl.pageBreak(true)
	bl.pending = append(bl.pending, it.ID)
	bl.pendHead = &runHead{right: s.Label(), opener: true}
	bl.pendBM = &bookmark{title: it.Label + ": " + s.Label(), level: level}
	bl.lineNo = 0
	bl.file = bl.manifest()
	bl.smallSans(strings.ToUpper(it.Label), markup.Bold, bl.p.HeadSize+0.5, true, it.ID)
	bl.space(4)
	bl.para([]markup.Inline{{Text: it.Title}}, textOpts{fam: bl.serif, size: bl.p.H1Size, leading: bl.p.H1Size * 1.2,
		style: markup.Bold, align: alignLeft, keep: true, blockID: it.ID})
	bl.space(5)
	if line := s.Sourcing(); line != "" {
		bl.smallSans(line, 0, bl.p.HeadnoteSize, true, it.ID)
	}
	if len(it.Headnote) > 0 {
		bl.space(bl.p.Leading * 0.8)
		o := bl.apparatusText()
		o.bar = true
		o.indent = 10
		bl.blocks(it.Headnote, o, 0)
	}
	bl.space(bl.p.Leading * 1.2)
	bl.file = s.File
	body := bl.bodyText()
	body.numbered = bl.p.LineNumbers
	if s.Language != "" && s.Language != bl.b.Language {
		// Hyphenation patterns are English only.
		body.hyphenate = body.hyphenate && strings.HasPrefix(s.Language, "en")
	}
	bl.blocks(it.Body, body, 0)
	// The citation and rights statement travel with the document, as the
	// archive asks.
	bl.space(bl.p.Leading * 0.8)
	o := bl.apparatusText()
	o.align, o.gray = alignLeft, true
	o.size, o.leading = bl.p.NoteSize, bl.p.NoteLeading
	o.blockID = it.ID + "-source"
	if s.Citation.Text != "" {
		bl.para([]markup.Inline{{Text: "Source: ", Style: markup.Bold}, {Text: s.Citation.Text}}, o)
	}
	if s.Rights.Statement != "" {
		bl.para([]markup.Inline{{Text: "Rights: ", Style: markup.Bold}, {Text: strings.Join(strings.Fields(s.Rights.Statement), " ")}}, o)
	}
	bl.questions(it)
}

var stageTitles = map[string]string{"before": "Before reading", "during": "While reading", "after": "After reading"}

func (bl *builder) questions(it *book.Item) {
	if len(it.Questions) == 0 {
		return
	}
	bl.space(bl.p.Leading * 1.2)
	bl.heading("Questions for discussion", bl.p.H3Size, it.ID+"-questions")
	stage := ""
	for _, q := range it.Questions {
		if q.Stage != stage && q.Stage != "" {
			stage = q.Stage
			bl.space(4)
			bl.smallSans(stageTitles[q.Stage], markup.Italic, bl.p.HeadnoteSize, true, it.ID+"-questions")
		}
		bl.space(3)
		o := bl.bodyText()
		o.align = alignLeft
		o.indent = 18
		o.label = fmt.Sprintf("%d.", q.Number)
		bl.blocks(q.Text, o, 0)
		if bl.opt.Edition == "teacher" && len(q.Answer) > 0 {
			ao := bl.apparatusText()
			ao.indent, ao.align, ao.gray = 18, alignLeft, true
			ao.label = ""
			bl.para([]markup.Inline{{Text: "Answer / teaching note", Style: markup.Bold | markup.Italic}}, withKeep(ao))
			bl.blocks(q.Answer, ao, 0)
		}
	}
}
