package epub

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"sourcebook/book"
	"sourcebook/book/markup"
)

// tocEntry is a line of the table of contents.
type tocEntry struct {
	file, text string
	children   []tocEntry
}

// Fixed file names; item and part files are named after their IDs, which
// book.Assemble makes start with a letter ("doc-…", "part1").
const (
	coverFile    = "cover.xhtml"
	titleFile    = "title.xhtml"
	creditsFile  = "credits.xhtml"
	navFile      = "nav.xhtml"
	introFile    = "intro.xhtml"
	glossaryFile = "glossary.xhtml"
	biblioFile   = "bibliography.xhtml"
	timelineFile = "timeline.xhtml"
)

// renderAll renders every content document in reading order. Pass 1
// returns them without their text; pass 2 hands each to p.out as it is
// rendered, and returns nothing.
func (p *pub) renderAll() ([]*doc, error) {
	b := p.b
	pass2 := p.plan != nil
	names := map[string]bool{coverFile: true, titleFile: true, creditsFile: true, navFile: true, introFile: true,
		glossaryFile: true, biblioFile: true, timelineFile: true}
	fileFor := func(id string) string {
		base := xmlName(id)
		name := base + ".xhtml"
		for k := 2; names[name]; k++ {
			name = base + "-" + strconv.Itoa(k) + ".xhtml"
		}
		names[name] = true
		return name
	}
	var docs []*doc
	add := func(d *doc) error {
		if pass2 {
			return p.out.doc(p, d)
		}
		docs = append(docs, d)
		return nil
	}
	if err := add(p.coverDoc()); err != nil {
		return nil, err
	}
	if err := add(p.titleDoc()); err != nil {
		return nil, err
	}
	credits, err := p.creditsDoc()
	if err != nil {
		return nil, fmt.Errorf("epub: credits: %w", err)
	}
	if err := add(credits); err != nil {
		return nil, err
	}
	// The contents need every document's heading: pass 1 writes them
	// last, in their place; pass 2 has pass 1's.
	navAt := len(docs)
	if pass2 {
		if err := add(p.navDoc(p.toc)); err != nil {
			return nil, err
		}
	} else {
		docs = append(docs, nil)
	}
	toc := []tocEntry{{file: creditsFile, text: p.loc.T(book.MsgCredits)}}
	if len(b.Intro) > 0 {
		d, err := p.introDoc()
		if err != nil {
			return nil, fmt.Errorf("epub: introduction: %w", err)
		}
		if err := add(d); err != nil {
			return nil, err
		}
		toc = append(toc, tocEntry{file: introFile, text: p.loc.T(book.MsgIntroduction)})
	}
	if !pass2 {
		p.bodyStart = ""
	}
	parts := b.Parts
	if len(parts) == 0 && len(b.Items) > 0 {
		// A book built in code may list items without parts.
		parts = []*book.Part{{ID: "part1", Number: 1, Items: b.Items}}
	}
	for _, part := range parts {
		var entry *tocEntry
		if strings.TrimSpace(part.Title) != "" || len(part.Intro) > 0 || len(part.Question) > 0 {
			f := fileFor(part.ID)
			d, err := p.partDoc(part, f)
			if err != nil {
				return nil, fmt.Errorf("epub: %s introduction: %w", part.ID, err)
			}
			if err := add(d); err != nil {
				return nil, err
			}
			if p.bodyStart == "" {
				p.bodyStart = f
			}
			if strings.TrimSpace(part.Title) != "" {
				// As in the printed contents: "Part 1: After the Withdrawal".
				toc = append(toc, tocEntry{file: f, text: part.Heading(p.loc)})
				entry = &toc[len(toc)-1]
			}
		}
		for _, it := range part.Items {
			f := fileFor(it.ID)
			d, err := p.cachedItem(it, f)
			if err != nil {
				src := ""
				if it.Source != nil {
					src = " (" + it.Source.File + ")"
				}
				return nil, fmt.Errorf("epub: %s%s: %w", it.ID, src, err)
			}
			if err := add(d); err != nil {
				return nil, err
			}
			if p.bodyStart == "" {
				p.bodyStart = f
			}
			e := tocEntry{file: f, text: itemHeading(p.loc, it)}
			if entry != nil {
				entry.children = append(entry.children, e)
			} else {
				toc = append(toc, e)
			}
		}
	}
	for _, bm := range []struct {
		file, title string
		render      func() (*doc, error)
		ok          bool
	}{
		{glossaryFile, p.loc.T(book.MsgGlossary), p.glossaryDoc, len(b.Glossary) > 0},
		{biblioFile, book.CitationHeading(b.CitationStyle, p.loc), p.biblioDoc, len(b.Sources) > 0},
		{timelineFile, p.loc.T(book.MsgTimeline), p.timelineDoc, b.Timeline && len(b.Items) > 0},
	} {
		if !bm.ok {
			continue
		}
		d, err := bm.render()
		if err != nil {
			return nil, fmt.Errorf("epub: %s: %w", strings.ToLower(bm.title), err)
		}
		if err := add(d); err != nil {
			return nil, err
		}
		toc = append(toc, tocEntry{file: bm.file, text: bm.title})
	}
	if !pass2 {
		docs[navAt] = p.navDoc(toc)
		p.toc = toc
	}
	return docs, nil
}

// glossaryDoc writes the book's glossary, the target of glossed words.
func (p *pub) glossaryDoc() (*doc, error) {
	w := p.newWriter(glossaryFile)
	w.Place("glossary", false)
	sid := w.ID("glossary")
	hid := w.NewID("glossary-title")
	w.S(`<section epub:type="glossary" role="doc-glossary" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n", `<h1 id="`, hid, `">`, esc(p.loc.T(book.MsgGlossary)), `</h1>`, "\n")
	w.glossList(p.b.Glossary, true)
	w.Footnotes(2, p.loc.T(book.MsgNotes), nil)
	w.S("</section>\n")
	return &doc{file: glossaryFile, id: "item-glossary", data: p.finish(w, p.loc.T(book.MsgGlossary))}, w.Err
}

// biblioDoc writes the list of sources, sorted as a bibliography.
func (p *pub) biblioDoc() (*doc, error) {
	w := p.newWriter(biblioFile)
	w.Place("bibliography", false)
	sid := w.ID("bibliography")
	hid := w.NewID("bibliography-title")
	w.S(`<section epub:type="bibliography" role="doc-bibliography" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n", `<h1 id="`, hid, `">`, esc(book.CitationHeading(p.b.CitationStyle, p.loc)), `</h1>`, "\n<ul class=\"bibliography\">\n")
	// Each key is made once, not once per comparison.
	type keyed struct {
		key string
		src *book.Source
	}
	srcs := make([]keyed, len(p.b.Sources))
	for i, s := range p.b.Sources {
		srcs[i] = keyed{s.SortKey(), s}
	}
	sort.SliceStable(srcs, func(i, j int) bool { return srcs[i].key < srcs[j].key })
	for _, k := range srcs {
		s := k.src
		w.S("<li>")
		w.cite(s.ReferenceIn(p.b.CitationStyle, p.loc))
		w.S("</li>\n")
	}
	w.S("</ul>\n</section>\n")
	return &doc{file: biblioFile, id: "item-bibliography", data: p.finish(w, book.CitationHeading(p.b.CitationStyle, p.loc))}, w.Err
}

// timelineDoc lists the documents by date, each linked to its text.
func (p *pub) timelineDoc() (*doc, error) {
	w := p.newWriter(timelineFile)
	w.Place("timeline", false)
	sid := w.ID("timeline")
	hid := w.NewID("timeline-title")
	w.S(`<section class="timeline" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n", `<h1 id="`, hid, `">`, esc(p.loc.T(book.MsgTimeline)), `</h1>`, "\n<dl>\n")
	items := p.b.Chronology()
	for _, it := range items {
		date := ""
		if it.Source != nil {
			date = it.Source.DateIn(p.loc)
		}
		w.S("<dt>")
		w.Text(date)
		w.S("</dt>\n<dd>")
		if t, ok := p.targets[it.ID]; ok {
			w.S(`<a href="`, escAttr(p.href(t.File)), `">`)
			w.Text(itemHeading(p.loc, it))
			w.S(`</a>`)
		} else {
			w.Text(itemHeading(p.loc, it))
		}
		w.S("</dd>\n")
	}
	w.S("</dl>\n</section>\n")
	return &doc{file: timelineFile, id: "item-timeline", data: p.finish(w, p.loc.T(book.MsgTimeline))}, w.Err
}

// page wraps a document body in the XHTML skeleton.
// finish is a document's page, its writer's buffer given back.
func (p *pub) finish(w *writer, title string) []byte {
	data := p.page(title, w.Buf.Bytes())
	p.free = append(p.free, w.Buf)
	w.Buf = nil
	w.Done()
	return data
}

// buffer is a writer's buffer, one used before if any (pass 2 renders a
// document at a time, and copies each out of its buffer).
func (p *pub) buffer() *bytes.Buffer {
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		b.Reset()
		return b
	}
	return &bytes.Buffer{}
}

func (p *pub) page(title string, body []byte) []byte {
	if p.plan == nil {
		return nil // pass 1 keeps no text
	}
	if p.web {
		return p.webPage(title, body)
	}
	dir := ""
	if rtlLang(p.lang) {
		dir = ` dir="rtl"`
	}
	head := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n" +
		`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="` + escAttr(p.lang) + `" xml:lang="` + escAttr(p.lang) + `"` + dir + ">\n" +
		"<head>\n<meta charset=\"UTF-8\"/>\n<title>" + esc(title) +
		"</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"css/style.css\"/>\n</head>\n<body>\n"
	return wrap(head, body, "</body>\n</html>\n")
}

// wrap joins a page's parts into one slice of its exact size: the body,
// most of the page, is copied once.
func wrap(head string, body []byte, tail string) []byte {
	out := make([]byte, 0, len(head)+len(body)+len(tail))
	return append(append(append(out, head...), body...), tail...)
}

func (p *pub) title() string { return titleOf(p.b) }

func itemHeading(loc *book.Locale, it *book.Item) string { return it.Heading(loc) }

func (p *pub) coverDoc() *doc {
	w := p.newWriter(coverFile)
	w.S(`<section epub:type="cover" class="cover">`, "\n", `<img role="doc-cover" src="images/cover.png" alt="`, escAttr(coverAlt(p.b, p.teacher)), `"/>`, "\n</section>\n")
	return &doc{file: coverFile, id: "item-cover", data: p.finish(w, p.loc.T(book.MsgCover))}
}

func (p *pub) titleDoc() *doc {
	b := p.b
	w := p.newWriter(titleFile)
	w.Place("titlepage", false)
	w.S(`<section epub:type="titlepage" class="titlepage" id="`, w.ID("titlepage"), "\">\n")
	w.S(`<h1 class="title">`)
	w.Text(p.title())
	w.S("</h1>\n")
	para := func(class, text string) {
		if strings.TrimSpace(text) != "" {
			w.S(`<p class="`, class, `">`)
			w.Text(strings.TrimSpace(text))
			w.S("</p>\n")
		}
	}
	para("subtitle", b.Subtitle)
	if p.teacher {
		para("edition", p.loc.T(book.MsgTeacherEdition))
	}
	if len(b.Editors) > 0 {
		para("editors", p.loc.T(book.MsgEditedBy, p.loc.And(b.Editors)))
	}
	para("course", b.Course)
	para("institution", b.Institution)
	if b.Publisher != "" && b.Publisher != b.Institution {
		para("publisher", b.Publisher)
	}
	w.S("</section>\n")
	return &doc{file: titleFile, id: "item-title", data: p.finish(w, p.title())}
}

func (p *pub) creditsDoc() (*doc, error) {
	b := p.b
	pg := b.Credits(p.edition())
	w := p.newWriter(creditsFile)
	w.Place("credits", false)
	sid := w.ID("credits")
	hid := w.NewID("credits-title")
	w.S(`<section epub:type="credits" role="doc-credits" class="credits" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n")
	w.S(`<h1 id="`, hid, `">`, esc(pg.Title), `</h1>`, "\n")
	if pg.Intro != "" {
		w.S("<p>", esc(pg.Intro), "</p>\n")
	}
	for _, sc := range pg.Sources {
		w.S("<section class=\"credit\">\n<h2>")
		w.Text(sc.Title)
		w.S("</h2>\n<dl>\n")
		for _, f := range sc.Fields {
			w.S("<dt>")
			w.Text(f.Label)
			w.S("</dt>\n<dd>")
			if len(f.Paras) > 0 {
				w.S(`<p class="rights-status">`)
				w.cite(f.Value)
				w.S("</p>\n")
				for _, para := range f.Paras {
					w.S("<p>")
					w.cite(para)
					w.S("</p>\n")
				}
			} else {
				w.cite(f.Value)
			}
			w.S("</dd>\n")
		}
		w.S("</dl>\n</section>\n")
	}
	if pg.Licence != "" {
		w.S("<p>", esc(pg.Licence), "</p>\n")
	}
	w.S("<section class=\"credit\">\n<h2>", esc(pg.EditionTitle), "</h2>\n<dl>\n")
	for _, f := range pg.Edition {
		w.S("<dt>")
		w.Text(f.Label)
		w.S("</dt>\n<dd>")
		w.Text(f.Value)
		w.S("</dd>\n")
	}
	w.S("</dl>\n</section>\n")
	if len(b.Intro) == 0 {
		p.aboutEdition(w)
	}
	w.S("</section>\n")
	return &doc{file: creditsFile, id: "item-credits", data: p.finish(w, pg.Title)}, w.Err
}

// cite writes a citation's pieces: titles in italics, web addresses as
// links.
func (w *writer) cite(c book.Cite) {
	for _, pc := range c {
		switch pc.Role {
		case book.CiteTitle:
			w.S("<i>")
			w.Text(pc.Text)
			w.S("</i>")
		case book.CiteURL:
			if link := webURL(pc.Text); link != "" {
				w.S(`<a href="`, escAttr(link), `">`)
				w.Text(pc.Text)
				w.S(`</a>`)
			} else {
				w.Text(pc.Text)
			}
		default:
			w.Text(pc.Text)
		}
	}
}

func (p *pub) introDoc() (*doc, error) {
	w := p.newWriter(introFile)
	w.Place("introduction", false)
	sid := w.ID("introduction")
	hid := w.NewID("introduction-title")
	w.S(`<section epub:type="introduction" role="doc-introduction" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n")
	w.S(`<h1 id="`, hid, `">`, esc(p.loc.T(book.MsgIntroduction)), `</h1>`, "\n")
	w.Blocks(p.b.Intro, newHeadings(1, p.b.Intro))
	p.aboutEdition(w)
	w.Footnotes(2, p.loc.T(book.MsgNotes), nil)
	w.S("</section>\n")
	return &doc{file: introFile, id: "item-intro", data: p.finish(w, p.loc.T(book.MsgIntroduction))}, w.Err
}

func (p *pub) partDoc(part *book.Part, file string) (*doc, error) {
	w := p.newWriter(file)
	w.Place(part.ID, false)
	sid := w.ID(part.ID)
	hid := w.NewID(sid + "-title")
	w.S(`<section epub:type="part" role="doc-part" class="part" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n")
	w.S(`<h1 id="`, hid, `">`)
	label := p.loc.T(book.MsgPart, part.Number)
	title := strings.TrimSpace(part.Title)
	switch {
	case title == "":
		w.Text(label)
		title = label
	default:
		title = part.ShownTitle()
		w.S(`<span class="part-label">`)
		w.Text(label)
		w.S(`</span> `)
		w.Text(title)
		title = part.Heading(p.loc)
	}
	w.S("</h1>\n")
	w.Blocks(part.Intro, newHeadings(1, part.Intro))
	if len(part.Question) > 0 {
		w.Place(part.ID+"-dbq", false)
		cid := w.ID(part.ID + "-dbq")
		qh := w.NewID(cid + "-title")
		w.S(`<section class="central-question" id="`, cid, `" aria-labelledby="`, qh, `">`, "\n")
		w.keepFirst(`<h2 id="`+qh+`" class="label">`+esc(p.loc.T(book.MsgCentralQuestion))+`</h2>`, part.Question, newHeadings(2, part.Question))
		w.S("</section>\n")
	}
	w.Footnotes(2, p.loc.T(book.MsgNotes), nil)
	w.S("</section>\n")
	return &doc{file: file, id: "item-" + xmlName(strings.TrimSuffix(file, ".xhtml")), data: p.finish(w, title)}, w.Err
}

func (p *pub) itemDoc(it *book.Item, file string) (*doc, error) {
	w := p.newWriter(file)
	src := it.Source
	if src != nil && src.File != "" {
		w.SrcDir = filepath.Dir(src.File)
	}
	w.Place(it.ID, false)
	sid := w.ID(it.ID)
	hid := w.NewID(sid + "-title")
	w.S(`<section epub:type="chapter" role="doc-chapter" class="document" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n")
	w.S(`<h1 id="`, hid, `">`)
	if l := strings.TrimSpace(it.Label); l != "" {
		w.S(`<span class="doc-label">`)
		w.Text(it.HeadingLabel(p.loc))
		w.S(`</span> `)
	}
	if t := it.ShownTitle(); t != "" {
		w.S(`<span class="doc-title"`)
		// A title in its source's own script is marked with the source's
		// language (and direction), for screen readers and fonts.
		if src != nil && src.Language != "" && !strings.EqualFold(src.Language, p.lang) && nonLatinScript(t) {
			w.S(` lang="`, escAttr(src.Language), `" xml:lang="`, escAttr(src.Language), `"`)
			if rtlLang(src.Language) != rtlLang(p.lang) {
				w.S(` dir="`, map[bool]string{true: "rtl", false: "ltr"}[rtlLang(src.Language)], `"`)
			}
		}
		w.S(`>`)
		w.Text(t)
		w.S(`</span>`)
	} else if strings.TrimSpace(it.Label) == "" {
		w.Text(itemHeading(p.loc, it))
	}
	w.S("</h1>\n")
	// The sourcing box: the same facts, in the same order, as in print.
	if src != nil {
		if facts := src.FactsIn(p.loc); len(facts) > 0 {
			w.S(`<dl class="sourcing">`, "\n")
			for _, f := range facts {
				w.S(`<div><dt>`)
				w.Text(f.Label)
				w.S(`</dt><dd>`)
				w.cite(f.Styled())
				w.S("</dd></div>\n")
			}
			w.S("</dl>\n")
		}
	}
	if p.teacher || p.b.ShowMetrics {
		m := book.Measure(it)
		time := ""
		if p.teacher {
			time = it.Time
		}
		line := p.loc.MetricsLine(m, time)
		w.S(`<p class="metrics">`)
		w.Text(line)
		w.S("</p>\n")
	}
	if len(it.Headnote) > 0 {
		nid := w.NewID(sid + "-headnote-title")
		w.S(`<section class="headnote" aria-labelledby="`, nid, `">`, "\n")
		w.keepFirst(`<h2 id="`+nid+`" class="label">`+esc(p.loc.T(book.MsgAboutDocument))+`</h2>`, it.Headnote, newHeadings(2, it.Headnote))
		w.S("</section>\n")
	}
	if len(it.Vocabulary) > 0 {
		w.Place(it.ID+"-vocab", false)
		vid := w.NewID(sid + "-vocab-title")
		w.S(`<section class="vocabulary keep" aria-labelledby="`, vid, `">`, "\n", `<h2 id="`, vid, `" class="label">`, esc(p.loc.T(book.MsgWordBank)), `</h2>`, "\n")
		w.glossList(it.Vocabulary, false)
		w.S("</section>\n")
	}
	p.questions(w, it, sid, true)
	tid := w.NewID(sid + "-text-title")
	w.S(`<section class="source" aria-labelledby="`, tid, `">`, "\n")
	langAttr := ""
	if src != nil {
		if l := strings.TrimSpace(src.Language); l != "" && !strings.EqualFold(l, p.lang) {
			if _, err := language.Parse(l); err != nil {
				return nil, fmt.Errorf("the source's language %q is not a BCP 47 language tag", l)
			}
			langAttr = ` lang="` + escAttr(l) + `" xml:lang="` + escAttr(l) + `"`
			if rtlLang(l) != rtlLang(p.lang) {
				langAttr += ` dir="` + map[bool]string{true: "rtl", false: "ltr"}[rtlLang(l)] + `"`
			}
		}
	}
	w.S(`<h2 id="`, tid, `" class="label">`, esc(p.loc.T(book.MsgText)), `</h2>`, "\n", `<div class="source-text" id="`, w.NewID(sid+"-text"), `"`, langAttr, ">\n")
	saved := w.RTL
	if src != nil && strings.TrimSpace(src.Language) != "" {
		w.RTL = rtlLang(src.Language)
	}
	w.Blocks(it.Body, newHeadings(2, it.Body))
	w.RTL = saved
	w.S("</div>\n")
	// The citation and rights statement travel with the document, as the
	// archives ask, with what was left out or changed.
	notes := it.SourceNotes(p.loc)
	if len(notes) > 0 {
		w.Place(it.ID+"-source", false)
	}
	for _, n := range notes {
		w.S(`<p class="source-note"><strong>`, esc(n.Label), `:</strong> `)
		w.cite(n.Value)
		w.S("</p>\n")
	}
	w.S("</section>\n")
	// Questions are rendered before the notes are written, so that notes
	// referenced from questions are collected, but follow them in the file.
	main := w.Buf
	w.Buf = p.buffer()
	p.questions(w, it, sid, false)
	qs := w.Buf
	w.Buf = main
	// The source's own notes, even any that nothing references; the
	// editor's notes (headnote, annotations, questions) under their own
	// heading first.
	source := map[*markup.Note]bool{}
	for _, n := range it.Notes {
		source[n] = !n.Annotation
		w.NoteRef(n)
	}
	w.Footnotes(2, p.loc.T(book.MsgEditorsNotes), func(n *markup.Note) bool { return !source[n] })
	w.Footnotes(2, p.loc.T(book.MsgNotes), nil)
	if !w.Discard {
		w.Buf.Write(qs.Bytes())
	}
	p.free = append(p.free, qs)
	w.S("</section>\n")
	title := itemHeading(p.loc, it)
	return &doc{file: file, id: "item-" + xmlName(strings.TrimSuffix(file, ".xhtml")), data: p.finish(w, title)}, w.Err
}

// glossList writes glossary or word-bank entries as a definition list;
// targets gives the terms their ids, for links from glossed words.
func (w *writer) glossList(entries []*book.GlossEntry, targets bool) {
	w.S("<dl>\n")
	for _, g := range entries {
		w.S("<dt")
		if targets && g.ID != "" {
			w.S(` id="`, w.ID(g.ID), `"`)
		}
		w.S(">")
		w.Text(g.Term)
		w.S("</dt>\n<dd>")
		w.Flow(g.Definition, newHeadings(3, g.Definition))
		w.S("</dd>\n")
	}
	w.S("</dl>\n")
}

// Stage headings, as the print edition has them.

// questions writes the questions for discussion, grouped by stage when
// stages are given; the teacher edition adds each answer after its
// question. As in print, "before" questions stand before the text (before
// is true) and the others after it.
func (p *pub) questions(w *writer, it *book.Item, sid string, before bool) {
	type group struct {
		stage string
		qs    []book.Question
	}
	var groups []*group
	stage := func(q book.Question) string { return strings.ToLower(strings.TrimSpace(q.Stage)) }
	// In the book's order (before, during, then after reading), which
	// is also the order the questions are numbered in.
	for _, q := range it.Questions {
		if (stage(q) == "before") != before {
			continue
		}
		if len(groups) == 0 || groups[len(groups)-1].stage != stage(q) {
			groups = append(groups, &group{stage: stage(q)})
		}
		groups[len(groups)-1].qs = append(groups[len(groups)-1].qs, q)
	}
	if len(groups) == 0 {
		return
	}
	title, class := p.loc.T(book.MsgQuestions), "questions"
	if before {
		title, class = p.loc.Stage("before"), "questions before"
	}
	if before {
		w.Place(it.ID+"-questions-before", false)
	} else {
		w.Place(it.ID+"-questions", false)
	}
	qid := w.NewID(sid + "-questions-title")
	w.S(`<section class="`, class, `" aria-labelledby="`, qid, `">`, "\n")
	// The section's heading, a stage's heading and the first question
	// under it stand in one div.keep, so that no heading ends a page or
	// column alone; the list goes on in a second ol.
	heading := `<h2 id="` + qid + `" class="label">` + esc(title) + "</h2>\n"
	grouped := !before && (len(groups) > 1 || groups[0].stage != "")
	level := 2
	if grouped {
		level = 3
	}
	item := func(q book.Question, value bool) {
		w.S("<li")
		if value {
			w.S(` value="`, strconv.Itoa(q.Number), `"`)
		}
		w.S(">")
		text := questionText(q, p.teacher)
		w.Flow(text, newHeadings(level, text))
		if p.teacher && len(q.Answer) > 0 {
			w.S("\n<div class=\"answer\">\n<p class=\"answer-label\">", esc(p.loc.T(book.MsgAnswer)), "</p>\n")
			w.Blocks(q.Answer, newHeadings(level, q.Answer))
			w.S("</div>\n")
		}
		w.S("</li>\n")
	}
	list := func(qs []book.Question) {
		w.S("<ol")
		if n := qs[0].Number; n != 1 {
			w.S(` start="`, strconv.Itoa(n), `"`)
		}
		w.S(">\n")
		for i, q := range qs {
			item(q, i > 0 && q.Number != qs[i-1].Number+1)
		}
		w.S("</ol>\n")
	}
	for _, g := range groups {
		w.S(`<div class="keep">`, heading)
		heading = ""
		if grouped {
			name := p.loc.Stage(g.stage)
			switch {
			case name != "":
			case g.stage == "":
				name = p.loc.T(book.MsgOtherQuestions)
			default:
				name = capitalize(g.stage)
			}
			w.S(`<h3 class="stage">`)
			w.Text(name)
			w.S("</h3>\n")
		}
		list(g.qs[:1])
		w.S("</div>\n")
		if len(g.qs) > 1 {
			list(g.qs[1:])
		}
	}
	w.S("</section>\n")
}

// questionText is a question as shown: with "(¶ 4)" linking to the text
// it points at, and in the teacher edition the suggested time.
func questionText(q book.Question, teacher bool) []markup.Block {
	text := q.Text
	if len(text) == 0 || text[0].Kind != markup.Paragraph {
		return text
	}
	text = append([]markup.Block(nil), text...)
	if r := q.Ref; r != nil && r.Paragraph > 0 {
		target := r.BlockID
		if r.Start != "" {
			target = r.Start
		}
		first := text[0]
		first.Inlines = append([]markup.Inline{
			{Text: "(", Style: markup.Italic},
			{Text: "¶\u00a0" + strconv.Itoa(r.Paragraph), Style: markup.Italic, Link: "#" + target},
			{Text: ") ", Style: markup.Italic},
		}, first.Inlines...)
		text[0] = first
	}
	if t := strings.TrimSpace(q.Time); teacher && t != "" {
		last := text[len(text)-1]
		if last.Kind == markup.Paragraph {
			last.Inlines = append(append([]markup.Inline(nil), last.Inlines...), markup.Inline{Text: " (" + t + ")", Style: markup.Italic})
			text[len(text)-1] = last
		}
	}
	return text
}

func (p *pub) navDoc(toc []tocEntry) *doc {
	w := p.newWriter(navFile)
	w.Place("contents", false)
	w.NewID("toc-title")
	w.S(`<nav epub:type="toc" role="doc-toc" id="`, w.ID("contents"), `" aria-labelledby="toc-title">`, "\n", `<h1 id="toc-title">`, esc(p.loc.T(book.MsgContents)), `</h1>`, "\n")
	var list func([]tocEntry)
	list = func(es []tocEntry) {
		w.S("<ol>\n")
		for _, e := range es {
			w.S(`<li><a href="`, escAttr(p.href(e.file)), `">`)
			w.Text(e.text)
			w.S(`</a>`)
			if len(e.children) > 0 {
				w.S("\n")
				list(e.children)
			}
			w.S("</li>\n")
		}
		w.S("</ol>\n")
	}
	list(toc)
	w.S("</nav>\n")
	w.NewID("landmarks-title")
	w.S(`<nav epub:type="landmarks" id="`, w.NewID("landmarks"), `" aria-labelledby="landmarks-title" hidden="hidden">`, "\n", `<h2 id="landmarks-title">`, esc(p.loc.T(book.MsgLandmarks)), `</h2>`, "\n<ol>\n")
	lm := func(typ, href, text string) {
		w.S(`<li><a epub:type="`, typ, `" href="`, escAttr(p.href(href)), `">`, esc(text), "</a></li>\n")
	}
	lm("cover", coverFile, p.loc.T(book.MsgCover))
	lm("titlepage", titleFile, p.loc.T(book.MsgTitlePage))
	lm("toc", navFile+"#"+w.p.targetID("contents"), p.loc.T(book.MsgContents))
	if len(p.b.Intro) > 0 {
		lm("introduction", introFile, p.loc.T(book.MsgIntroduction))
	}
	if p.bodyStart != "" {
		lm("bodymatter", p.bodyStart, p.loc.T(book.MsgBodyStart))
	}
	w.S("</ol>\n</nav>\n")
	if p.pages != nil && len(p.pageList) > 0 {
		w.NewID("pages-title")
		w.S(`<nav epub:type="page-list" role="doc-pagelist" id="`, w.NewID("page-list"), `" aria-labelledby="pages-title" hidden="hidden">`, "\n", `<h2 id="pages-title">`, esc(p.loc.T(book.MsgPageList)), `</h2>`, "\n<ol>\n")
		for _, pg := range p.pageList {
			w.S(`<li><a href="`, escAttr(p.href(pg.file)+"#"+pg.id), `">`, esc(pg.label), "</a></li>\n")
		}
		w.S("</ol>\n</nav>\n")
	}
	return &doc{file: navFile, id: "item-nav", props: "nav", data: p.finish(w, p.loc.T(book.MsgContents))}
}

// targetID is the XML id a book ID was rendered with.
func (p *pub) targetID(orig string) string {
	if t, ok := p.targets[orig]; ok {
		return t.ID
	}
	return xmlName(orig)
}

func publisher(b *book.Book) string {
	if s := strings.TrimSpace(b.Publisher); s != "" {
		return s
	}
	return strings.TrimSpace(b.Institution)
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
