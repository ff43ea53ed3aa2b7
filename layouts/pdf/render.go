// Package pdf renders the print edition of a reader with fpdf, through
// Sourcebook's own typesetting layer: Knuth–Plass paragraphs with
// hyphenation (layouts/typeset), mixed styles within a line, footnotes at
// the foot of the page that calls them, widow and orphan control, line
// numbers, running heads, a linked table of contents and PDF bookmarks.
// fpdf only draws: it places each word where the typesetter put it.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/fonts"
	"sourcebook/layouts"
)

// Options control the print edition.
type Options struct {
	// Edition is "student" (default) or "teacher".
	Edition string
	// Workers bounds how many chunks are set at once (GOMAXPROCS when 0).
	Workers int
	// Handout sets one document as a handout: no front or back matter,
	// ruled answer space under each question, and a footer naming the
	// reader and the document. Use LayoutHandout.
	Handout bool
	item    *book.Item
	// Warn receives problems that do not stop the build.
	Warn   func(*book.Warning)
	images *imageCache
}

func (o Options) warn(w *book.Warning) {
	if o.Warn != nil {
		o.Warn(w)
	}
}

// Document is a laid-out print edition, ready to write.
type Document struct {
	b      *book.Book
	p      layouts.Preset
	opt    Options
	pages  []*page
	pm     *layouts.PageMap
	images *imageCache
	refs   map[string]string // for tests: each question's printed line reference
}

// Layout sets the book in pages. It does not draw: the page map it
// returns is what the EPUB needs even when no PDF is written.
//
// The body is set in chunks that each start on a new page (the
// introduction, each part opener, each document, the back matter), so
// that the chunks can be set and paginated in parallel and joined
// afterwards; the result does not depend on the number of workers.
func Layout(b *book.Book, p layouts.Preset, opt Options) (*Document, error) {
	if opt.Edition == "" {
		opt.Edition = "student"
	}
	opt.images = &imageCache{maxPixels: b.Limits.ImagePixels}
	avail := p.PageHeight - p.Margins.Top - p.Margins.Bottom
	var front []*page
	lead := newBuilder(b, p, opt)
	if p.FrontMatter {
		lead.file = lead.manifest()
		lead.titlePage()
		lead.credits()
		front = paginate(lead.boxes, avail, p.TwoSided)
		lead.boxes = nil
	}
	var chunks []func(*builder)
	if opt.item != nil {
		chunks = []func(*builder){func(bl *builder) { bl.item(opt.item, 0) }}
	} else {
		chunks = bodyChunks(b)
	}
	built := make([]*builder, len(chunks))
	paged := make([][]*page, len(chunks))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(workers, len(chunks)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var set *setter // one per worker: its buffers are reused
			for i := range next {
				bl := newBuilder(b, p, opt)
				if set != nil {
					set.missing = bl.set.missing
					bl.set = set
				}
				set = bl.set
				chunks[i](bl)
				built[i] = bl
				paged[i] = paginate(bl.boxes, avail, p.TwoSided)
				bl.boxes = nil
			}
		}()
	}
	for i := range chunks {
		next <- i
	}
	close(next)
	wg.Wait()
	// Join the chunks in order: a blank verso where a chunk must open on
	// a recto, and the warnings in reading order, each character once.
	var body []*page
	warned := map[rune]bool{}
	for _, w := range lead.warnings {
		if w.r == 0 || !warned[w.r] {
			warned[w.r] = true
			opt.warn(w.w)
		}
	}
	refs := map[string]string{}
	for i, pages := range paged {
		bl := built[i]
		if len(pages) > 0 && p.TwoSided && len(body)%2 == 1 && len(pages[0].boxes) > 0 && bl.opensRecto {
			body = append(body, &page{blank: true})
		}
		body = append(body, pages...)
		for _, w := range bl.warnings {
			if w.r == 0 || !warned[w.r] {
				warned[w.r] = true
				opt.warn(w.w)
			}
		}
		for k, v := range bl.refs {
			refs[k] = v
		}
	}
	for i, pg := range body {
		pg.label = itoa(i + 1)
	}
	var toc []*page
	if p.FrontMatter {
		starts := map[string]string{}
		for _, pg := range body {
			for _, bx := range pg.boxes {
				for _, id := range bx.starts {
					if _, ok := starts[id]; !ok {
						starts[id] = pg.label
					}
				}
			}
		}
		lead.contents(starts)
		toc = paginate(lead.boxes, avail, p.TwoSided)
		lead.boxes = nil
	}
	pages := append(front, toc...)
	if p.TwoSided && len(pages)%2 == 1 {
		pages = append(pages, &page{blank: true})
	}
	for i, pg := range pages {
		pg.label, pg.roman = roman(i+1), true
	}
	pages = append(pages, body...)
	decorate(pages, &runHead{})
	doc := &Document{b: b, p: p, opt: opt, pages: pages, images: opt.images, refs: refs}
	doc.pm = doc.pageMap()
	return doc, nil
}

// bodyChunks lists the body's pieces that each open a new page.
func bodyChunks(b *book.Book) []func(*builder) {
	var cs []func(*builder)
	if len(b.Intro) > 0 {
		cs = append(cs, func(bl *builder) { bl.introduction() })
	}
	for _, p := range b.Parts {
		level := 0
		if p.Title != "" || len(p.Intro) > 0 || len(p.Question) > 0 {
			// An untitled part still prints its introduction and question.
			cs = append(cs, func(bl *builder) { bl.partOpener(p) })
		}
		if p.Title != "" {
			level = 1
		}
		for _, it := range p.Items {
			cs = append(cs, func(bl *builder) { bl.item(it, level) })
		}
	}
	return append(cs, func(bl *builder) { bl.backMatter() })
}

// newBuilder makes a builder for one chunk.
func newBuilder(b *book.Book, p layouts.Preset, opt Options) *builder {
	bl := &builder{b: b, p: p, opt: opt, serif: fonts.Serif(), sans: fonts.Sans(), notes: map[*markup.Note]*footnote{},
		anchors: map[string]int{}, blockLines: map[string][2]int{}, refs: map[string]string{}}
	bl.set = newSetter(func(r rune) {
		w := &book.Warning{File: bl.file, Line: bl.lineAt, Msg: fmt.Sprintf("no font has the character %U %q; a placeholder box is printed instead", r, string(r))}
		if r > 0xFFFF {
			w.Msg = fmt.Sprintf("the character %U %q (outside the Basic Multilingual Plane, e.g. an emoji) cannot be printed; a placeholder box is printed instead", r, string(r))
		}
		bl.warnings = append(bl.warnings, warning{r, w})
	})
	return bl
}

// LayoutHandout sets one item of the book as a handout.
func LayoutHandout(b *book.Book, it *book.Item, p layouts.Preset, opt Options) (*Document, error) {
	opt.Handout, opt.item = true, it
	p.FrontMatter = false
	return Layout(b, p, opt)
}

// PageMap returns where everything was printed.
func (doc *Document) PageMap() *layouts.PageMap { return doc.pm }

// PageCount is the number of physical pages.
func (doc *Document) PageCount() int { return len(doc.pages) }

func (doc *Document) pageMap() *layouts.PageMap {
	pm := layouts.NewPageMap()
	for pi, pg := range doc.pages {
		entry := layouts.Page{Label: pg.label}
		if pg.blank || (pi == 0 && doc.p.FrontMatter) {
			// Blank pages and the title page print no folio.
			entry.Label = ""
			if pg.blank {
				entry.Label = pg.label
			}
		}
		for _, bx := range pg.boxes {
			if bx.mark.ID != "" && entry.Start.ID == "" {
				entry.Start = bx.mark
			}
			for _, id := range bx.starts {
				if _, ok := pm.Starts[id]; !ok {
					pm.Starts[id] = pi
				}
			}
			if bx.mark.ID == "" {
				continue
			}
			pos, ok := pm.Blocks[bx.mark.ID]
			if !ok {
				pos = layouts.BlockPos{Page: pi, FirstLine: bx.lineNo}
			}
			pos.LastPage = pi
			if bx.lineNo > 0 {
				if pos.FirstLine == 0 {
					pos.FirstLine = bx.lineNo
				}
				pos.LastLine = bx.lineNo
			}
			pm.Blocks[bx.mark.ID] = pos
		}
		pm.Pages = append(pm.Pages, entry)
	}
	return pm
}

// contents sets the table of contents with the body's page labels.
func (bl *builder) contents(labels map[string]string) {
	bl.section("contents", "Contents")
	entry := func(id, text string, indent float64, style markup.Style) {
		o := textOpts{fam: bl.serif, size: bl.p.BodySize, leading: bl.p.Leading, style: style, indent: indent,
			right: 36, align: alignLeft, blockID: "contents"}
		boxes := bl.para([]markup.Inline{{Text: text}}, o)
		for _, bx := range boxes {
			bx.tocLink = id
			bx.mark = layouts.Mark{ID: "contents"}
		}
		if len(boxes) > 0 {
			boxes[len(boxes)-1].tocLabel = labels[id]
		}
		bl.space(3)
	}
	if len(bl.b.Intro) > 0 {
		entry("introduction", "Introduction", 0, 0)
	}
	for _, p := range bl.b.Parts {
		indent := 0.0
		if p.Title != "" {
			bl.space(4)
			entry(p.ID, fmt.Sprintf("Part %d. %s", p.Number, p.Title), 0, markup.Bold)
			indent = 14
		}
		for _, it := range p.Items {
			entry(it.ID, it.Label+". "+it.Title, indent, 0)
		}
	}
	bl.space(4)
	for _, back := range [][2]string{{"glossary", "Glossary"}, {"bibliography", "List of Sources"}, {"timeline", "Timeline"}} {
		if _, ok := labels[back[0]]; ok {
			entry(back[0], back[1], 0, 0)
		}
	}
}

// Write draws the pages and writes the PDF.
func (doc *Document) Write(w io.Writer) error {
	p := doc.p
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: p.PageWidth, Ht: p.PageHeight}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCatalogSort(true)
	f.SetCreationDate(doc.b.Modified)
	f.SetModificationDate(doc.b.Modified)
	f.SetTitle(doc.b.Title, true)
	f.SetAuthor(strings.Join(doc.b.Editors, ", "), true)
	subject := doc.b.Subtitle
	if subject == "" {
		subject = doc.b.Course
	}
	f.SetSubject(subject, true)
	var kw []string
	seen := map[string]bool{}
	for _, s := range doc.b.Sources {
		for _, k := range s.Subjects {
			if !seen[k] {
				seen[k] = true
				kw = append(kw, k)
			}
		}
	}
	f.SetKeywords(strings.Join(kw, ", "), true)
	f.SetCreator("Sourcebook", true)
	f.SetProducer("Sourcebook (fpdf)", true)
	f.SetLang(doc.b.Language)
	f.SetDisplayMode("fullpage", "continuous")
	// Streams are compressed afterwards, in parallel (see compressStreams).
	f.SetCompression(false)
	d := &drawer{f: f, registered: map[*fonts.Face]bool{}, links: map[string]int{}, images: doc.images,
		used: map[*fonts.Face][]bool{}}
	// Link targets first, so that the contents can point forward.
	for pi, pg := range doc.pages {
		_ = pi
		for _, bx := range pg.boxes {
			for _, id := range bx.starts {
				if _, ok := d.links[id]; !ok {
					d.links[id] = f.AddLink()
				}
			}
		}
	}
	for pi, pg := range doc.pages {
		doc.drawPage(d, pi, pg)
		if err := f.Error(); err != nil {
			return fmt.Errorf("drawing page %d: %w", pi+1, err)
		}
	}
	d.registerGlyphs()
	var raw bytes.Buffer
	if err := f.Output(&raw); err != nil {
		return err
	}
	data, err := compressStreams(raw.Bytes(), doc.opt.Workers)
	if err != nil {
		return fmt.Errorf("compressing the PDF: %w", err)
	}
	_, err = w.Write(data)
	return err
}

func (doc *Document) drawPage(d *drawer, pi int, pg *page) {
	p := doc.p
	f := d.f
	f.AddPage()
	// fpdf forgets the font at a page break.
	d.face = nil
	verso := p.TwoSided && pi%2 == 1
	left := p.Margins.Inner
	if verso {
		left = p.Margins.Outer
	}
	g := pageGeom{width: p.PageWidth, height: p.PageHeight, left: left, top: p.Margins.Top,
		measure: p.Measure(), bottom: p.PageHeight - p.Margins.Bottom, verso: verso}
	d.p = g
	if pg.blank {
		return
	}
	sans := fonts.Sans().Face(fonts.Regular)
	// Running head and folio.
	if !pg.opener && pg.head != nil && pi > 0 {
		y := p.Margins.Top - 2*p.HeadSize - 4
		titleLine := simpleLine(doc.b.Title, sans, p.HeadSize, nil)
		docLine := simpleLine(pg.head.right, sans, p.HeadSize, nil)
		if doc.opt.Edition == "teacher" {
			docLine = simpleLine(strings.TrimSpace(pg.head.right+" · Teacher Edition"), sans, p.HeadSize, nil)
		}
		if verso || !p.TwoSided {
			d.line(titleLine, left, y, p.HeadSize*1.5, true)
		}
		if !verso {
			d.line(docLine, left+g.measure-docLine.set, y, p.HeadSize*1.5, true)
		}
		f.SetLineWidth(0.3)
		f.SetDrawColor(150, 150, 150)
		f.Line(left, y+p.HeadSize*1.5+2, left+g.measure, y+p.HeadSize*1.5+2)
	}
	if pi > 0 || !p.FrontMatter {
		fy := g.bottom + p.Margins.Bottom/2 - p.HeadSize
		fol := simpleLine(pg.label, sans, p.HeadSize+0.5, nil)
		if doc.opt.item != nil {
			// A handout's footer names the reader and the document, so
			// that a loose page can be put back where it belongs.
			fol = simpleLine("Page "+pg.label+" of "+itoa(len(doc.pages)), sans, p.HeadSize+0.5, nil)
			d.line(simpleLine(doc.b.Title, sans, p.HeadSize, nil), left, fy, p.HeadSize*1.5, true)
			lab := simpleLine(doc.opt.item.Label, sans, p.HeadSize, nil)
			d.line(lab, left+g.measure-lab.set, fy, p.HeadSize*1.5, true)
		}
		d.line(fol, left+(g.measure-fol.set)/2, fy, p.HeadSize*1.5, true)
	}
	y := g.top
	for _, bx := range pg.boxes {
		for _, id := range bx.starts {
			f.SetLink(d.links[id], y, -1)
		}
		if bx.bookmark != nil {
			f.Bookmark(bx.bookmark.title, bx.bookmark.level, y)
		}
		switch bx.kind {
		case vLine:
			doc.drawLineBox(d, bx, left, y)
		case vDraw:
			if bx.draw != nil {
				bx.draw(d, left, y)
			}
		}
		y += bx.height
	}
	// Footnotes at the foot of the page.
	if len(pg.noteLines) > 0 {
		ny := g.bottom - pg.noteH
		// A note continued from the last page is announced by a rule
		// across the whole measure.
		rule := g.measure / 3
		if len(pg.carryIn) > 0 {
			rule = g.measure
		}
		d.rule(left, ny-noteSep/2, rule)
		for _, bx := range pg.noteLines {
			doc.drawLineBox(d, bx, left, ny)
			ny += bx.height
		}
	}
}

func (doc *Document) drawLineBox(d *drawer, bx *vbox, left, y float64) {
	f := d.f
	if bx.bar {
		f.SetLineWidth(1.5)
		f.SetDrawColor(180, 180, 180)
		f.Line(left+1, y, left+1, y+bx.height)
	}
	d.line(bx.line, left+bx.x, y, bx.height, bx.gray)
	if bx.tocLink != "" {
		if id, ok := d.links[bx.tocLink]; ok {
			f.Link(left+bx.x, y, d.p.measure-bx.x, bx.height, id)
		}
	}
	if bx.tocLabel != "" {
		face := fonts.Serif().Face(fonts.Regular)
		size := doc.p.BodySize
		num := simpleLine(bx.tocLabel, face, size, nil)
		nx := left + d.p.measure - num.set
		d.line(num, nx, y, bx.height, false)
		// Dot leaders, aligned on a grid so that they line up.
		dot := face.Width(". ", size)
		start := left + bx.x + bx.line.set + dot
		var b strings.Builder
		gx := left + dot*float64(int((start-left)/dot)+1)
		for x := gx; x+dot < nx-4; x += dot {
			b.WriteString(". ")
		}
		if b.Len() > 0 {
			d.line(simpleLine(b.String(), face, size, nil), gx, y, bx.height, true)
		}
	}
	// A glossary term's first use: where to find it, in the inner margin
	// (one note per line, for the first term on it).
	for _, pf := range bx.line.frags {
		if pf.style&markup.Term == 0 || !strings.HasPrefix(pf.link, "#") {
			continue
		}
		if pi, ok := doc.pm.Starts[pf.link[1:]]; ok {
			sans := fonts.Sans().Face(fonts.Italic)
			note := simpleLine("glossary p. "+doc.pm.Label(pi), sans, doc.p.HeadSize-0.5, nil)
			x := left - 10 - note.set
			if d.p.verso {
				x = left + d.p.measure + 10
			}
			d.line(note, x, y, bx.height, true)
		}
		break
	}
	if bx.lineNo > 0 && bx.lineNo%5 == 0 {
		sans := fonts.Sans().Face(fonts.Regular)
		size := doc.p.HeadSize
		num := simpleLine(itoa(bx.lineNo), sans, size, nil)
		x := left + d.p.measure + 10
		if d.p.verso {
			x = left - 10 - num.set
		}
		d.line(num, x, y, bx.height, true)
	}
}
