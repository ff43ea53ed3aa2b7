// Package pdf renders the print edition of a reader through Sourcebook's
// own typesetting layer: text shaped with go-text (kerning, ligatures,
// Arabic joining, Indic reordering), right-to-left text in visual order,
// Knuth–Plass paragraphs with hyphenation by language (layouts/typeset),
// mixed styles within a line, footnotes at the foot of the page that calls
// them, widow and orphan control, line numbers, running heads, a linked
// table of contents and PDF bookmarks. The file is written by pdfwrite,
// glyph by glyph (see docs/design-pdf.md).
package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"sourcebook/internal/deflate"
	"sourcebook/internal/work"
	"strings"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/fonts"
	"sourcebook/layouts"
	"sourcebook/layouts/pdf/pdfwrite"
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
	// Cache, when set, keeps work for the next build of the same reader
	// (see Cache); the output is the same with or without it.
	Cache *Cache
	// Warn receives problems that do not stop the build.
	Warn   func(*book.Warning)
	images *imageCache
	// PageMapOnly lays the book out for its page map (the EPUB's page
	// list) without drawing the pages: Write then fails.
	PageMapOnly bool
	// keepLayout keeps every page's boxes after drawing, for tests that
	// inspect the layout.
	keepLayout bool
	// untagged writes no structure (benchmarks: what tagging costs).
	untagged bool
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
	glyphs []map[*fonts.Face]map[uint16]string // glyphs drawn, per chunk
	seal   *sealer
	refs   map[string]string // for tests: each question's printed line reference
	notdef bool              // for tests: Write drew glyph 0 (.notdef)
	// For tests: the most structure elements the last Write held at
	// once, and how many it wrote.
	treeHeld, treeWritten int
}

// chunkResult is one chunk set, paginated and drawn.
type chunkResult struct {
	pages      []*page
	warnings   []warning
	refs       map[string]string
	opensRecto bool
	glyphs     map[*fonts.Face]map[uint16]string
	err        error
}

// Layout sets the book in pages and draws them (see printed). The page
// map it returns is what the EPUB needs even when no PDF is written.
//
// The body is set in chunks that each start on a new page (the
// introduction, each part opener, each document, the back matter), so
// that the chunks can be set, paginated and drawn in parallel and joined
// afterwards; the result does not depend on the number of workers. Each
// chunk's layout is freed once its pages are drawn.
func Layout(b *book.Book, p layouts.Preset, opt Options) (*Document, error) {
	if opt.Edition == "" {
		opt.Edition = "student"
	}
	opt.images = &imageCache{maxPixels: b.Limits.ImagePixels}
	doc := &Document{b: b, p: p, opt: opt, images: opt.images, refs: map[string]string{}}
	avail := p.PageHeight - p.Margins.Top - p.Margins.Bottom
	leadDraw := doc.newDrawer()
	var front []*page
	lead := newBuilder(b, p, opt)
	if p.FrontMatter {
		lead.file = lead.manifest()
		lead.titlePage()
		lead.credits()
		front = paginate(lead.boxes, avail, p.TwoSided)
		lead.boxes = nil
		doc.finish(front, leadDraw)
		if !opt.keepLayout {
			// The lead builder waits to set the contents, last: its
			// setter lets go of the front matter's text (the credits
			// of every source) meanwhile.
			lead.set = lead.newSetter()
		}
	}
	var chunks []chunk
	if opt.item != nil {
		chunks = []chunk{{set: func(bl *builder) { bl.item(opt.item, 0) }}}
	} else {
		chunks = bodyChunks(b, p, opt)
	}
	opt.Cache.beginLayout()
	defer opt.Cache.endLayout()
	results := make([]chunkResult, len(chunks))
	doc.seal = &sealer{results: results, drawn: make([]bool, len(chunks)), fonts: map[*fonts.Face]*pdfwrite.Font{}, keep: opt.Cache != nil}
	if opt.Cache == nil && !opt.PageMapOnly && len(chunks) >= spoolChunks {
		// Closed (and so gone) when the document is collected.
		doc.seal.spool = newSpool()
	}
	if opt.item == nil {
		// The glossary's entries are link targets when it is printed
		// (in the back matter, which a handout leaves out).
		doc.seal.targets = map[string]bool{}
		for _, g := range b.Glossary {
			doc.seal.targets[g.ID] = true
		}
	}
	work.Each(opt.Workers, len(chunks), func() func(int) {
		var set *setter // one per worker: its buffers are reused
		d := doc.newDrawer()
		var zbuf bytes.Buffer
		zw := deflate.NewZlib(&zbuf)
		return func(i int) {
			if r := opt.Cache.chunk(chunks[i].key); r != nil {
				results[i] = *r
				doc.seal.arrive(i, zw, &zbuf)
				return
			}
			bl := newBuilder(b, p, opt)
			if set != nil {
				set.missing, set.noFont = bl.set.missing, bl.set.noFont
				bl.set = set
				if !opt.keepLayout {
					set.reuse()
				}
			}
			set = bl.set
			chunks[i].set(bl)
			pages := paginate(bl.boxes, avail, p.TwoSided)
			bl.boxes = nil
			doc.finish(pages, d)
			results[i] = chunkResult{pages: pages, warnings: bl.warnings, refs: bl.refs, opensRecto: bl.opensRecto, glyphs: d.glyphs.take(), err: bl.err}
			if bl.err == nil {
				opt.Cache.putChunk(chunks[i].key, &results[i])
			}
			doc.seal.arrive(i, zw, &zbuf)
		}
	})
	// Join the chunks in order: a blank verso where a chunk must open on
	// a recto, and the warnings in reading order, each character once.
	if lead.err != nil {
		return nil, lead.err
	}
	for _, c := range results {
		if c.err != nil {
			return nil, c.err
		}
	}
	var body []*page
	warned := map[rune]bool{}
	for _, w := range lead.warnings {
		if w.r == 0 || !warned[w.r] {
			warned[w.r] = true
			opt.warn(w.w)
		}
	}
	for _, c := range results {
		pages := c.pages
		if len(pages) > 0 && p.TwoSided && len(body)%2 == 1 && !pages[0].empty && c.opensRecto {
			body = append(body, &page{blank: true})
		}
		body = append(body, pages...)
		for _, w := range c.warnings {
			if w.r == 0 || !warned[w.r] {
				warned[w.r] = true
				opt.warn(w.w)
			}
		}
		for k, v := range c.refs {
			doc.refs[k] = v
		}
		// Its glyphs are recorded by the sealer.
	}
	for i, pg := range body {
		pg.label = itoa(i + 1)
	}
	var toc []*page
	if p.FrontMatter {
		starts := map[string]string{}
		for _, pg := range body {
			for _, id := range pg.starts {
				if _, ok := starts[id]; !ok {
					starts[id] = pg.label
				}
			}
		}
		lead.contents(starts)
		toc = paginate(lead.boxes, avail, p.TwoSided)
		lead.boxes = nil
		doc.finish(toc, leadDraw)
	}
	doc.glyphs = append(doc.glyphs, leadDraw.glyphs.take())
	pages := append(front, toc...)
	if p.TwoSided && len(pages)%2 == 1 {
		pages = append(pages, &page{blank: true})
	}
	for i, pg := range pages {
		pg.label, pg.roman = roman(i+1), true
	}
	pages = append(pages, body...)
	decorate(pages, &runHead{})
	doc.pages = pages
	doc.pm = doc.pageMap()
	if opt.notesAtEnd() {
		doc.appendNotes(body)
	}
	if opt.Cache == nil {
		// Only the page map needed them; kept pages make it again.
		for _, pg := range doc.pages {
			pg.blocks = nil
		}
	}
	return doc, nil
}

// appendNotes sets the Teacher's Notes after the student edition's pages,
// numbered on from the body, with references to the pages laid out.
func (doc *Document) appendNotes(body []*page) {
	p := doc.p
	bl := newBuilder(doc.b, p, doc.opt)
	bl.teacherNotes(doc.pm, doc.refs, bl.loc.T(book.MsgTeacherNotes))
	notes := paginate(bl.boxes, p.PageHeight-p.Margins.Top-p.Margins.Bottom, p.TwoSided)
	bl.boxes = nil
	d := doc.newDrawer()
	doc.finish(notes, d)
	for _, w := range bl.warnings {
		doc.opt.warn(w.w)
	}
	for k, v := range bl.refs {
		doc.refs[k] = v
	}
	doc.glyphs = append(doc.glyphs, d.glyphs.take())
	n := len(body)
	if p.TwoSided && len(doc.pages)%2 == 1 && len(notes) > 0 {
		doc.pages = append(doc.pages, &page{blank: true, label: itoa(n + 1)})
		n++
	}
	for i, pg := range notes {
		pg.label = itoa(n + i + 1)
	}
	doc.pages = append(doc.pages, notes...)
	decorate(doc.pages, &runHead{})
	doc.pm = doc.pageMap()
}

// LayoutAnswerKey sets the Teacher's Notes on their own: every document's
// questions, answers, teaching notes and timings, with the page, paragraph
// and lines of the student edition laid out in of.
func LayoutAnswerKey(b *book.Book, p layouts.Preset, opt Options, of *Document) (*Document, error) {
	opt.Edition = "teacher"
	opt.images = &imageCache{maxPixels: b.Limits.ImagePixels}
	p.FrontMatter = false
	doc := &Document{b: b, p: p, opt: opt, images: opt.images, refs: map[string]string{}}
	bl := newBuilder(b, p, opt)
	bl.teacherNotes(of.pm, of.refs, bl.loc.T(book.MsgAnswerKey))
	pages := paginate(bl.boxes, p.PageHeight-p.Margins.Top-p.Margins.Bottom, p.TwoSided)
	bl.boxes = nil
	d := doc.newDrawer()
	doc.finish(pages, d)
	for _, w := range bl.warnings {
		opt.warn(w.w)
	}
	doc.glyphs = append(doc.glyphs, d.glyphs.take())
	for i, pg := range pages {
		pg.label = itoa(i + 1)
	}
	decorate(pages, &runHead{})
	doc.pages = pages
	doc.pm = doc.pageMap()
	return doc, nil
}

// newDrawer makes a drawer for the text block of any page: x is measured
// from the text block's left edge, which Write places on the page.
func (doc *Document) newDrawer() *drawer {
	p := doc.p
	return &drawer{tag: !doc.opt.untagged, glyphs: newGlyphSet(), p: pageGeom{width: p.PageWidth, height: p.PageHeight, top: p.Margins.Top,
		measure: p.Measure(), bottom: p.PageHeight - p.Margins.Bottom}}
}

// finish summarizes and draws paginated pages, then frees their layout
// (unless a test keeps it to inspect).
func (doc *Document) finish(pages []*page, d *drawer) {
	for _, pg := range pages {
		pg.summarize()
		if !pg.blank && !doc.opt.PageMapOnly {
			pg.rec = doc.record(d, pg)
		}
		if !doc.opt.keepLayout {
			pg.boxes, pg.idx, pg.notes, pg.carryIn, pg.noteLines = nil, nil, nil, nil, nil
		}
	}
}

// chunk is a piece of the body that opens a new page, with the key it is
// kept under between builds (zero: never kept).
type chunk struct {
	key [32]byte
	set func(*builder)
}

// bodyChunks lists the body's pieces that each open a new page.
func bodyChunks(b *book.Book, p layouts.Preset, opt Options) []chunk {
	var cs []chunk
	key := func(kind, id string, src *book.Source, level int) [32]byte {
		if opt.Cache == nil {
			return [32]byte{}
		}
		return chunkKey(b, p, opt, kind, id, src, level)
	}
	if len(b.Intro) > 0 {
		cs = append(cs, chunk{key("intro", "", nil, 0), func(bl *builder) { bl.introduction() }})
	}
	for _, part := range b.Parts {
		level := 0
		if part.Title != "" {
			level = 1
		}
		items := part.Items
		switch {
		case part.Title != "" && len(part.Intro) == 0 && len(part.Question) == 0 && len(items) > 0:
			// A part with only a title shares its first document's page
			// rather than taking a page of its own.
			first := items[0]
			cs = append(cs, chunk{key("part-item", part.ID+"/"+first.ID, first.Source, level), func(bl *builder) {
				bl.part = partGroup(part)
				bl.partOpener(part)
				bl.samePage = true
				bl.item(first, level)
			}})
			items = items[1:]
		case part.Title != "" || len(part.Intro) > 0 || len(part.Question) > 0:
			// An untitled part still prints its introduction and question.
			cs = append(cs, chunk{key("part", part.ID, nil, 0), func(bl *builder) { bl.part = partGroup(part); bl.partOpener(part) }})
		}
		for _, it := range items {
			cs = append(cs, chunk{key("item", it.ID, it.Source, level), func(bl *builder) { bl.part = partGroup(part); bl.item(it, level) }})
		}
	}
	// The back matter lists every source: it is always set again.
	return append(cs, chunk{set: func(bl *builder) { bl.backMatter() }})
}

// newBuilder makes a builder for one chunk.
func newBuilder(b *book.Book, p layouts.Preset, opt Options) *builder {
	bl := &builder{b: b, loc: b.Locale(), p: p, opt: opt, serif: fonts.Serif(), sans: fonts.Sans(), notes: map[*markup.Note]*footnote{},
		anchors: map[string]int{}, blockLines: map[string][2]int{}, refs: map[string]string{}}
	// Until a document's own text is set, what is set (titles, the
	// introduction, labels) comes from the manifest: warnings name it.
	bl.file = bl.manifest()
	bl.set = bl.newSetter()
	return bl
}

// newSetter makes a setter that reports to bl.
func (bl *builder) newSetter() *setter {
	s := newSetter(func(r rune) {
		w := &book.Warning{File: bl.file, Line: bl.lineAt, Msg: fmt.Sprintf("no font has the character %U %q; a placeholder box is printed instead", r, string(r))}
		bl.warnings = append(bl.warnings, warning{r, w})
	}, func(sc fonts.Script, err error) {
		if bl.err == nil {
			bl.err = fmt.Errorf("%s:%d: %s text cannot be printed: %w", bl.file, bl.lineAt, sc, err)
		}
	})
	s.fonts = bl.b.Fonts
	return s
}

// LayoutHandout sets one item of the book as a handout.
func LayoutHandout(b *book.Book, it *book.Item, p layouts.Preset, opt Options) (*Document, error) {
	opt.Handout, opt.item = true, it
	p.FrontMatter = false
	return Layout(b, p, opt)
}

// LayoutItem sets one item of the book as the reader sets it, on pages
// of its own, for a preview while it is edited (publish.Preview).
func LayoutItem(b *book.Book, it *book.Item, p layouts.Preset, opt Options) (*Document, error) {
	opt.item = it
	p.FrontMatter = false
	return Layout(b, p, opt)
}

// PageMap returns where everything was printed.
func (doc *Document) PageMap() *layouts.PageMap { return doc.pm }

// PageCount is the number of physical pages.
func (doc *Document) PageCount() int { return len(doc.pages) }

func (doc *Document) pageMap() *layouts.PageMap {
	pm := layouts.NewPageMap()
	// Made as large as needed at once (a block on two pages is counted
	// twice): kept for the whole build, and not grown step by step.
	n := 0
	for _, pg := range doc.pages {
		n += len(pg.blocks)
	}
	pm.Blocks = make(map[string]layouts.BlockPos, n)
	pm.Pages = make([]layouts.Page, 0, len(doc.pages))
	for pi, pg := range doc.pages {
		entry := layouts.Page{Label: pg.label, Start: pg.first}
		if pg.blank || (pi == 0 && doc.p.FrontMatter) {
			// Blank pages and the title page print no folio.
			entry.Label = ""
			if pg.blank {
				entry.Label = pg.label
			}
		}
		for _, id := range pg.starts {
			if _, ok := pm.Starts[id]; !ok {
				pm.Starts[id] = pi
			}
		}
		for _, bs := range pg.blocks {
			pos, ok := pm.Blocks[bs.id]
			if !ok {
				pos = layouts.BlockPos{Page: pi, FirstLine: int(bs.firstBox)}
			}
			pos.LastPage = pi
			if bs.last > 0 {
				if pos.FirstLine == 0 {
					pos.FirstLine = int(bs.first)
				}
				pos.LastLine = int(bs.last)
			}
			pm.Blocks[bs.id] = pos
		}
		pm.Pages = append(pm.Pages, entry)
	}
	return pm
}

// contents sets the table of contents with the body's page labels.
func (bl *builder) contents(labels map[string]string) {
	bl.section("contents", bl.loc.T(book.MsgContents))
	toc := bl.group("TOC", nil, "")
	entry := func(id, text string, indent float64, style markup.Style) {
		o := textOpts{fam: bl.serif, size: bl.p.BodySize, leading: bl.p.Leading, style: style, indent: indent,
			right: 36, align: alignLeft, blockID: "contents", role: "TOCI", group: toc}
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
		entry("introduction", bl.loc.T(book.MsgIntroduction), 0, 0)
	}
	for _, p := range bl.b.Parts {
		indent := 0.0
		if p.Title != "" {
			bl.space(4)
			entry(p.ID, p.Heading(bl.loc), 0, markup.Bold)
			indent = 14
		}
		for _, it := range p.Items {
			entry(it.ID, it.Heading(bl.loc), indent, 0)
		}
	}
	bl.space(4)
	for _, back := range [][2]string{{"glossary", bl.loc.T(book.MsgGlossary)}, {"bibliography", book.CitationHeading(bl.b.CitationStyle, bl.loc)}, {"timeline", bl.loc.T(book.MsgTimeline)}} {
		if _, ok := labels[back[0]]; ok {
			entry(back[0], back[1], 0, 0)
		}
	}
}

// Write draws the pages and writes the PDF.
func (doc *Document) Write(w io.Writer) error {
	if doc.opt.PageMapOnly {
		return fmt.Errorf("pdf: the book was laid out for its page map only")
	}
	p := doc.p
	pd := pdfwrite.NewDocument()
	pd.W.Workers = doc.opt.Workers
	if doc.opt.Cache != nil {
		pd.W.Cache = doc.opt.Cache
	}
	subject := doc.b.Subtitle
	if subject == "" {
		subject = doc.b.Course
	}
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
	pd.Info = pdfwrite.Info{Title: doc.b.Title, Author: strings.Join(doc.b.Editors, ", "), Subject: subject,
		Keywords: strings.Join(kw, ", "), Creator: "Sourcebook", Producer: "Sourcebook", Date: doc.b.Modified, Lang: doc.b.Language}
	// Link targets first, so that the contents can point forward: the
	// first anchor of an ID, or the top of the page it starts on.
	links := map[string]linkTarget{}
	for pi, pg := range doc.pages {
		if pg.rec != nil {
			for _, a := range pg.rec.anchors {
				for _, id := range a.ids {
					if _, ok := links[id]; !ok {
						links[id] = linkTarget{pi, a.y}
					}
				}
			}
		}
		for _, id := range pg.starts {
			if _, ok := links[id]; !ok {
				links[id] = linkTarget{pi, p.Margins.Top}
			}
		}
	}
	images := map[string]*pdfwrite.Image{}
	if doc.seal == nil {
		doc.seal = &sealer{fonts: map[*fonts.Face]*pdfwrite.Font{}}
	}
	d := doc.newDrawer() // for what depends on the page's position
	d.tag = false        // it is all pagination artifacts
	// Each page is written as soon as it is drawn, and so is each
	// structure element once no later page can add to it.
	var st *structBuilder
	if !doc.opt.untagged {
		st = newStructBuilder(doc.b.Language, pd)
		pd.Struct = st.root
	}
	doc.opt.Cache.beginWrite()
	defer doc.opt.Cache.endWrite()
	pd.Begin(w, len(doc.pages))
	var mcBuf []mcRec
	var elems, owners []*pdfwrite.StructElem
	for pi, pg := range doc.pages {
		po := &pageOut{height: p.PageHeight, links: links, images: images, tagged: !doc.opt.untagged}
		page := &pdfwrite.Page{Width: p.PageWidth, Height: p.PageHeight, Content: po.write}
		if pg.sealed() {
			page.Content, page.Body, page.After = po.writePre, doc.seal.body(pg), po.after
		}
		if err := doc.addPage(pd, page, po, d, st, pi, pg, &mcBuf, &elems, &owners); err != nil {
			return err
		}
		if err := pd.AddPage(page); err != nil {
			return err
		}
		if st != nil {
			st.settle(false)
		}
	}
	if st != nil {
		st.done()
		doc.treeHeld, doc.treeWritten = st.maxHeld, st.written
	}
	// Fonts: every glyph drawn, in chunk order so that the text kept for
	// each glyph does not depend on scheduling.
	// The body's glyphs are already recorded in the sealer's fonts.
	sets := append(doc.glyphs, d.glyphs.take())
	doc.notdef = doc.notdef || doc.seal.notdef
	if doc.seal.err != nil {
		return doc.seal.err
	}
	faces := map[*fonts.Face]*pdfwrite.Font{}
	var order []*fonts.Face
	for face := range doc.seal.fonts {
		faces[face] = nil
		order = append(order, face)
	}
	for _, set := range sets {
		for face := range set {
			if _, ok := faces[face]; !ok {
				faces[face] = nil
				order = append(order, face)
			}
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i].Name < order[j].Name })
	for _, face := range order {
		f := doc.seal.font(face)
		if doc.seal.err != nil {
			return doc.seal.err
		}
		pd.AddParsedFont(f)
		f.Name = face.Name
		faces[face] = f
	}
	for _, set := range sets {
		for face, m := range set {
			if _, ok := m[0]; ok {
				doc.notdef = true
			}
			gids := make([]uint16, 0, len(m))
			for g := range m {
				gids = append(gids, g)
			}
			slices.Sort(gids)
			f := faces[face]
			for _, g := range gids {
				f.Use(g, m[g])
			}
		}
	}
	return pd.End()
}

// addPage draws what depends on page pi's position and readies its
// content, links, bookmarks and structure.
func (doc *Document) addPage(pd *pdfwrite.Document, page *pdfwrite.Page, po *pageOut, d *drawer, st *structBuilder, pi int, pg *page,
	mcBuf *[]mcRec, elems, owners *[]*pdfwrite.StructElem) error {
	if pg.blank || pg.rec == nil {
		return nil
	}
	p := doc.p
	var head *printed
	head, po.dx = doc.drawPage(d, pi, pg)
	po.body = pg.rec
	// Aliases are numbered in page order (the body's, when it was
	// compressed, in chunk order), and the page's own drawing is
	// kept as bytes: a long reader's pages are not all held drawn.
	doc.seal.numberRec(head)
	if !pg.sealed() {
		doc.seal.numberRec(pg.rec)
	}
	var pre bytes.Buffer
	po.before(&pre, head)
	po.pre = pre.Bytes()
	if st != nil {
		*mcBuf = unpackMCs(pg.rec.mcRuns, *mcBuf)
		*elems, *owners = st.page(pi, *mcBuf, *elems, *owners)
		page.MCParents = *owners
	}
	for _, im := range pg.rec.images {
		if _, ok := po.images[im.name]; ok {
			continue
		}
		po.images[im.name] = nil
		info, err := doc.images.get(im.name)
		if err != nil {
			return fmt.Errorf("page %d: %s: %w", pi+1, im.name, err)
		}
		po.images[im.name] = pd.UseImage(info.img)
	}
	for _, l := range pg.rec.links {
		pl := pdfwrite.Link{X: l.x + po.dx, Y: p.PageHeight - l.y - l.h, W: l.w, H: l.h, Page: -1}
		if id, ok := strings.CutPrefix(l.target, "#"); ok {
			t, ok := po.links[id]
			if !ok {
				continue
			}
			pl.Page, pl.DestY = t.page, p.PageHeight-t.y
			pl.Contents = doc.b.Locale().T(book.MsgPageOf, doc.pages[t.page].label, len(doc.pages))
		} else if webLink(l.target) {
			pl.URI, pl.Contents = l.target, l.target
		} else {
			continue
		}
		if st != nil {
			pl.Parent = st.link(pi, len(page.Links)+1, l.mc, *elems)
		}
		page.Links = append(page.Links, pl)
	}
	for _, a := range pg.rec.anchors {
		if a.bm != nil {
			pd.Outline = append(pd.Outline, pdfwrite.Bookmark{Title: a.bm.title, Level: a.bm.level, Page: pi, Y: p.PageHeight - a.y})
		}
	}
	return nil
}

// drawPage draws what depends on page pi's position (running head,
// folio, margin notes) and returns it with the text block's offset.
func (doc *Document) drawPage(d *drawer, pi int, pg *page) (*printed, float64) {
	p := doc.p
	verso := p.TwoSided && pi%2 == 1
	left := p.Margins.Inner
	// A book in a right-to-left language is bound on the right: its
	// rectos lie left of the spine, so every page is mirrored.
	mirrored := rtlLang(doc.b.Language)
	if verso != (mirrored && p.TwoSided) {
		left = p.Margins.Outer
	}
	measure := p.Measure()
	d.start(&printed{})
	sans := fonts.Sans().Face(fonts.Regular)
	// Running head and folio.
	if !pg.opener && pg.head != nil && pi > 0 {
		y := p.Margins.Top - 2*p.HeadSize - 4
		titleLine := simpleLine(doc.b.Title, sans, p.HeadSize, nil)
		docLine := simpleLine(pg.head.right, sans, p.HeadSize, nil)
		if doc.opt.Edition == "teacher" {
			docLine = simpleLine(strings.TrimSpace(pg.head.right+" · "+doc.b.Locale().T(book.MsgTeacherEdition)), sans, p.HeadSize, nil)
		}
		// The book's title on versos, the document's on rectos, at the
		// outer edge (mirrored in a right-to-left book).
		head, atLeft := docLine, false
		if verso || !p.TwoSided {
			head, atLeft = titleLine, true
		}
		if mirrored {
			atLeft = !atLeft
		}
		if atLeft {
			d.line(head, left, y, p.HeadSize*1.5, true)
		} else {
			d.line(head, left+measure-head.set, y, p.HeadSize*1.5, true)
		}
		d.stroke(left, y+p.HeadSize*1.5+2, left+measure, y+p.HeadSize*1.5+2, 0.3, 150, nil, "")
	}
	if pi > 0 || !p.FrontMatter {
		fy := p.PageHeight - p.Margins.Bottom/2 - p.HeadSize
		fol := simpleLine(pg.label, sans, p.HeadSize+0.5, nil)
		if doc.opt.item != nil {
			// A handout's footer names the reader and the document, so
			// that a loose page can be put back where it belongs.
			fol = simpleLine(doc.b.Locale().T(book.MsgPageOf, pg.label, len(doc.pages)), sans, p.HeadSize+0.5, nil)
			title := simpleLine(doc.b.Title, sans, p.HeadSize, nil)
			lab := simpleLine(doc.opt.item.Label, sans, p.HeadSize, nil)
			if mirrored {
				// A right-to-left reader: the title where lines start.
				title, lab = lab, title
			}
			d.line(title, left, fy, p.HeadSize*1.5, true)
			d.line(lab, left+measure-lab.set, fy, p.HeadSize*1.5, true)
		}
		d.line(fol, left+(measure-fol.set)/2, fy, p.HeadSize*1.5, true)
	}
	// Paragraph numbers stand in the inner margin, opposite the line
	// numbers; a glossary note on the same line moves out past them.
	pnumW := map[float64]float64{}
	pnumFace := fonts.Sans().Face(fonts.Bold)
	margin := pg.rec.margins()
	for _, m := range margin {
		if m.pnum > 0 {
			pnumW[m.y] = simpleLine("¶ "+itoa(int(m.pnum)), pnumFace, p.HeadSize, nil).set + 6
		}
	}
	for _, m := range margin {
		var note *line
		outer := true
		shift := 0.0
		if m.pnum > 0 {
			note = simpleLine("¶ "+itoa(int(m.pnum)), pnumFace, p.HeadSize, nil)
			outer = false
		} else if m.gloss != "" {
			gp, ok := doc.pm.Starts[m.gloss]
			if !ok {
				continue
			}
			note = simpleLine(doc.b.Locale().T(book.MsgGlossaryPage, doc.pm.Label(gp)), fonts.Sans().Face(fonts.Italic), p.HeadSize-0.5, nil)
			outer = false
			shift = pnumW[m.y]
		} else {
			note = simpleLine(itoa(int(m.num)), sans, p.HeadSize, nil)
		}
		x := left + measure + 10 + shift
		switch {
		case m.rtl:
			// Line numbers of right-to-left text stand where its lines
			// start.
		case outer == (verso != (mirrored && p.TwoSided)):
			x = left - 10 - shift - note.set
		}
		d.line(note, x, m.y, m.h, true)
	}
	return d.finish(), left
}

// record draws a page's text block (see printed).
func (doc *Document) record(d *drawer, pg *page) *printed {
	d.start(&printed{})
	y := d.p.top
	for i, bx := range pg.boxes {
		if len(bx.starts) > 0 || bx.bookmark != nil {
			d.pg.anchors = append(d.pg.anchors, anchorRec{y: y, ids: bx.starts, bm: bx.bookmark})
		}
		switch bx.kind {
		case vLine:
			doc.drawLineBox(d, bx, y, &d.lastBody)
		case vDraw:
			if bx.draw != nil {
				d.closeMC()
				if i < len(pg.idx) && pg.idx[i] < 0 {
					// A table's header repeated after a page break.
					d.artifact()
				}
				d.role, d.group = bx.role, bx.group
				bx.draw(d, 0, y)
				d.closeMC()
				d.role, d.group = "", nil
			}
		}
		if bx.pnum > 0 {
			h := bx.height
			if bx.kind == vDraw && bx.line == nil {
				h = min(h, doc.p.Leading)
			}
			d.pg.margin = append(d.pg.margin, marginRec{y: y, h: h, pnum: int32(bx.pnum)})
		}
		y += bx.height
	}
	// Footnotes at the foot of the page.
	if len(pg.noteLines) > 0 {
		ny := d.p.bottom - pg.noteH
		// A note continued from the last page is announced by a rule
		// across the whole measure.
		rule := d.p.measure / 3
		if len(pg.carryIn) > 0 {
			rule = d.p.measure
		}
		d.rule(0, ny-noteSep/2, rule)
		for _, bx := range pg.noteLines {
			doc.drawLineBox(d, bx, ny, &d.lastNote)
			ny += bx.height
		}
	}
	rec := d.finish()
	// Kept until the book is written: exactly as large as needed.
	rec.marginZ, rec.margin = packMargins(rec.margin), nil
	rec.anchors, rec.links = slices.Clone(rec.anchors), slices.Clone(rec.links)
	return rec
}

// flowEnd is what the next line of a flow (the body or the notes) needs
// of its last one: whether that ended inside its paragraph, and its role.
// It is kept rather than the line, which the setter reuses once its
// chunk is drawn.
type flowEnd struct {
	open bool
	role string
}

// drawLineBox draws a line of a flow; flow is the flow's last line, which
// the line may continue (tagged PDF).
func (doc *Document) drawLineBox(d *drawer, bx *vbox, y float64, flow *flowEnd) {
	if bx.bar {
		d.stroke(1, y, 1, y+bx.height, 1.5, 180, nil, "")
	}
	if d.tag {
		cont := flow.open && flow.role == bx.role
		m := mcRec{role: bx.role, cont: cont, lang: bx.lang, group: bx.group}
		if bx.role == "Note" {
			m.id = bx.mark.ID
		}
		d.beginMC(m)
		*flow = flowEnd{open: bx.line != nil && !bx.line.last, role: bx.role}
	}
	defer d.closeMC()
	d.lbl = bx.lbl
	d.line(bx.line, bx.x, y, bx.height, bx.gray)
	d.lbl = ""
	if bx.tocLink != "" {
		d.pg.links = append(d.pg.links, linkRec{bx.x, y, d.p.measure - bx.x, bx.height, "#" + bx.tocLink, d.curMC()})
	}
	if bx.tocLabel != "" {
		face := fonts.Serif().Face(fonts.Regular)
		size := doc.p.BodySize
		num := simpleLine(bx.tocLabel, face, size, nil)
		nx := d.p.measure - num.set
		d.line(num, nx, y, bx.height, false)
		// Dot leaders, aligned on a grid so that they line up.
		dot := face.Width(". ", size)
		start := bx.x + bx.line.set + dot
		var b strings.Builder
		gx := dot * float64(int(start/dot)+1)
		for x := gx; x+dot < nx-4; x += dot {
			b.WriteString(". ")
		}
		if b.Len() > 0 {
			d.artifact()
			d.line(simpleLine(b.String(), face, size, nil), gx, y, bx.height, true)
		}
	}
	// A glossary term's first use: where to find it, in the inner margin
	// (one note per line, for the first term on it).
	for _, pf := range bx.line.frags {
		if pf.style&markup.Term == 0 || !strings.HasPrefix(pf.link, "#") {
			continue
		}
		d.pg.margin = append(d.pg.margin, marginRec{y: y, h: bx.height, gloss: pf.link[1:]})
		break
	}
	if bx.lineNo > 0 && bx.lineNo%5 == 0 {
		d.pg.margin = append(d.pg.margin, marginRec{y: y, h: bx.height, num: int32(bx.lineNo), rtl: bx.line.rtl})
	}
}

// Margin notes are kept packed once a page is recorded (about 19 bytes a
// note, not 48, and nothing for the collector to scan): per note a flags
// byte, y and h as float64 bits, then the numbers and the glossary ID
// that are set.
const (
	mgRTL = 1 << iota
	mgPnum
	mgNum
	mgGloss
)

func packMargins(ms []marginRec) []byte {
	if len(ms) == 0 {
		return nil
	}
	var b []byte
	for _, m := range ms {
		var f byte
		if m.rtl {
			f |= mgRTL
		}
		if m.pnum != 0 {
			f |= mgPnum
		}
		if m.num != 0 {
			f |= mgNum
		}
		if m.gloss != "" {
			f |= mgGloss
		}
		b = append(b, f)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.y))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.h))
		if f&mgPnum != 0 {
			b = binary.AppendVarint(b, int64(m.pnum))
		}
		if f&mgNum != 0 {
			b = binary.AppendVarint(b, int64(m.num))
		}
		if f&mgGloss != 0 {
			b = binary.AppendUvarint(b, uint64(len(m.gloss)))
			b = append(b, m.gloss...)
		}
	}
	return slices.Clone(b)
}

// margins returns the page's margin notes.
func (pg *printed) margins() []marginRec {
	if pg.marginZ == nil {
		return pg.margin
	}
	var ms []marginRec
	b := pg.marginZ
	for len(b) > 0 {
		f := b[0]
		m := marginRec{rtl: f&mgRTL != 0, y: math.Float64frombits(binary.LittleEndian.Uint64(b[1:])), h: math.Float64frombits(binary.LittleEndian.Uint64(b[9:]))}
		b = b[17:]
		if f&mgPnum != 0 {
			v, n := binary.Varint(b)
			m.pnum, b = int32(v), b[n:]
		}
		if f&mgNum != 0 {
			v, n := binary.Varint(b)
			m.num, b = int32(v), b[n:]
		}
		if f&mgGloss != 0 {
			l, n := binary.Uvarint(b)
			m.gloss, b = string(b[n:n+int(l)]), b[n+int(l):]
		}
		ms = append(ms, m)
	}
	return ms
}
