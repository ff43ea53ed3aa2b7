package epub

import (
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
	"sourcebook/layouts"
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

// renderAll renders every content document in reading order.
func (p *pub) renderAll() ([]*doc, error) {
	b := p.b
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
	docs := []*doc{p.coverDoc(), p.titleDoc()}
	credits, err := p.creditsDoc()
	if err != nil {
		return nil, fmt.Errorf("epub: credits: %w", err)
	}
	docs = append(docs, credits)
	navAt := len(docs)
	docs = append(docs, nil)
	toc := []tocEntry{{file: creditsFile, text: p.loc.T(book.MsgCredits)}}
	if len(b.Intro) > 0 {
		d, err := p.introDoc()
		if err != nil {
			return nil, fmt.Errorf("epub: introduction: %w", err)
		}
		docs = append(docs, d)
		toc = append(toc, tocEntry{file: introFile, text: p.loc.T(book.MsgIntroduction)})
	}
	p.bodyStart = ""
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
			docs = append(docs, d)
			if p.bodyStart == "" {
				p.bodyStart = f
			}
			if strings.TrimSpace(part.Title) != "" {
				// As in the printed contents: "Part 1: After the Withdrawal".
				toc = append(toc, tocEntry{file: f, text: p.loc.T(book.MsgPart, part.Number) + ": " + layouts.SmartQuotes(strings.TrimSpace(part.Title))})
				entry = &toc[len(toc)-1]
			}
		}
		for _, it := range part.Items {
			f := fileFor(it.ID)
			d, err := p.itemDoc(it, f)
			if err != nil {
				src := ""
				if it.Source != nil {
					src = " (" + it.Source.File + ")"
				}
				return nil, fmt.Errorf("epub: %s%s: %w", it.ID, src, err)
			}
			docs = append(docs, d)
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
		docs = append(docs, d)
		toc = append(toc, tocEntry{file: bm.file, text: bm.title})
	}
	docs[navAt] = p.navDoc(toc)
	p.toc = toc
	return docs, nil
}

// glossaryDoc writes the book's glossary, the target of glossed words.
func (p *pub) glossaryDoc() (*doc, error) {
	w := p.newWriter(glossaryFile)
	w.place("glossary", false)
	sid := w.id("glossary")
	hid := w.newID("glossary-title")
	w.s(`<section epub:type="glossary" role="doc-glossary" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n", `<h1 id="`, hid, `">`, esc(p.loc.T(book.MsgGlossary)), `</h1>`, "\n")
	w.glossList(p.b.Glossary, true)
	w.footnotes(2, p.loc.T(book.MsgNotes), nil)
	w.s("</section>\n")
	return &doc{file: glossaryFile, id: "item-glossary", data: p.page(p.loc.T(book.MsgGlossary), w.sb.String())}, w.err
}

// biblioDoc writes the list of sources, sorted as a bibliography.
func (p *pub) biblioDoc() (*doc, error) {
	w := p.newWriter(biblioFile)
	w.place("bibliography", false)
	sid := w.id("bibliography")
	hid := w.newID("bibliography-title")
	w.s(`<section epub:type="bibliography" role="doc-bibliography" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n", `<h1 id="`, hid, `">`, esc(book.CitationHeading(p.b.CitationStyle, p.loc)), `</h1>`, "\n<ul class=\"bibliography\">\n")
	srcs := append([]*book.Source(nil), p.b.Sources...)
	sort.SliceStable(srcs, func(i, j int) bool { return srcs[i].SortKey() < srcs[j].SortKey() })
	for _, s := range srcs {
		w.s("<li>")
		for _, c := range s.Reference(p.b.CitationStyle) {
			switch c.Role {
			case book.CiteTitle:
				w.s("<i>")
				w.text(c.Text)
				w.s("</i>")
			default:
				w.text(c.Text)
			}
		}
		w.s("</li>\n")
	}
	w.s("</ul>\n</section>\n")
	return &doc{file: biblioFile, id: "item-bibliography", data: p.page(book.CitationHeading(p.b.CitationStyle, p.loc), w.sb.String())}, w.err
}

// timelineDoc lists the documents by date, each linked to its text.
func (p *pub) timelineDoc() (*doc, error) {
	w := p.newWriter(timelineFile)
	w.place("timeline", false)
	sid := w.id("timeline")
	hid := w.newID("timeline-title")
	w.s(`<section class="timeline" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n", `<h1 id="`, hid, `">`, esc(p.loc.T(book.MsgTimeline)), `</h1>`, "\n<dl>\n")
	items := p.b.Chronology()
	for _, it := range items {
		date := ""
		if it.Source != nil {
			date = it.Source.DateIn(p.loc)
		}
		w.s("<dt>")
		w.text(date)
		w.s("</dt>\n<dd>")
		if t, ok := p.targets[it.ID]; ok {
			w.s(`<a href="`, escAttr(p.href(t.file)), `">`)
			w.text(itemHeading(p.loc, it))
			w.s(`</a>`)
		} else {
			w.text(itemHeading(p.loc, it))
		}
		w.s("</dd>\n")
	}
	w.s("</dl>\n</section>\n")
	return &doc{file: timelineFile, id: "item-timeline", data: p.page(p.loc.T(book.MsgTimeline), w.sb.String())}, w.err
}

// page wraps a document body in the XHTML skeleton.
func (p *pub) page(title, body string) []byte {
	if p.web {
		return p.webPage(title, body)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n")
	dir := ""
	if rtlLang(p.lang) {
		dir = ` dir="rtl"`
	}
	fmt.Fprintf(&b, `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="%s" xml:lang="%s"%s>`+"\n", escAttr(p.lang), escAttr(p.lang), dir)
	b.WriteString("<head>\n<meta charset=\"UTF-8\"/>\n<title>")
	b.WriteString(esc(title))
	b.WriteString("</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"css/style.css\"/>\n</head>\n<body>\n")
	b.WriteString(body)
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

func (p *pub) title() string { return titleOf(p.b) }

func itemHeading(loc *book.Locale, it *book.Item) string {
	t := layouts.SmartQuotes(strings.TrimSpace(it.Title))
	l := strings.TrimSpace(it.Label)
	switch {
	case l == "" && t == "":
		return loc.T(book.MsgDocument, strconv.Itoa(it.Number))
	case l == "":
		return t
	case t == "":
		return l
	}
	return l + ": " + t
}

func (p *pub) coverDoc() *doc {
	w := p.newWriter(coverFile)
	w.s(`<section epub:type="cover" class="cover">`, "\n", `<img role="doc-cover" src="images/cover.png" alt="`, escAttr(coverAlt(p.b, p.teacher)), `"/>`, "\n</section>\n")
	return &doc{file: coverFile, id: "item-cover", data: p.page(p.loc.T(book.MsgCover), w.sb.String())}
}

func (p *pub) titleDoc() *doc {
	b := p.b
	w := p.newWriter(titleFile)
	w.place("titlepage", false)
	w.s(`<section epub:type="titlepage" class="titlepage" id="`, w.id("titlepage"), "\">\n")
	w.s(`<h1 class="title">`)
	w.text(p.title())
	w.s("</h1>\n")
	para := func(class, text string) {
		if strings.TrimSpace(text) != "" {
			w.s(`<p class="`, class, `">`)
			w.text(strings.TrimSpace(text))
			w.s("</p>\n")
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
	w.s("</section>\n")
	return &doc{file: titleFile, id: "item-title", data: p.page(p.title(), w.sb.String())}
}

func (p *pub) creditsDoc() (*doc, error) {
	b := p.b
	w := p.newWriter(creditsFile)
	w.place("credits", false)
	sid := w.id("credits")
	hid := w.newID("credits-title")
	w.s(`<section epub:type="credits" role="doc-credits" class="credits" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n")
	w.s(`<h1 id="`, hid, `">`, esc(p.loc.T(book.MsgCredits)), `</h1>`, "\n")
	if len(b.Sources) > 0 {
		w.s("<p>", esc(p.loc.T(book.MsgCreditsIntro)), "</p>\n")
	}
	for _, s := range b.Sources {
		w.s("<section class=\"credit\">\n<h2>")
		w.text(layouts.SmartQuotes(strings.TrimSpace(s.Title)))
		w.s("</h2>\n<dl>\n")
		item := func(term string, body func()) {
			w.s("<dt>")
			w.text(term)
			w.s("</dt>\n<dd>")
			body()
			w.s("</dd>\n")
		}
		textItem := func(term, text string) {
			if t := strings.TrimSpace(text); t != "" {
				item(term, func() { w.text(t) })
			}
		}
		// What was left out or changed is said where the rights are.
		for _, it := range b.Items {
			if it.Source != s {
				continue
			}
			if it.Excerpt {
				textItem(p.loc.T(book.MsgExcerpt), it.Label+": "+p.loc.T(book.MsgExcerptCredit))
			}
			if it.Modified {
				textItem(p.loc.T(book.MsgModified), it.Label+": "+strings.TrimSpace(markup.BlocksText(it.ModifiedNote)))
			}
		}
		cit := s.Citation.Text
		if strings.TrimSpace(cit) == "" {
			cit = book.PlainCiteText(s.Citation.PublishedIn)
			if s.Citation.Page != "" && cit != "" {
				cit += ", p. " + s.Citation.Page
			}
		}
		textItem(p.loc.T(book.MsgSource), cit)
		if len(s.Translators) > 0 {
			textItem(strings.TrimSpace(p.loc.T(book.MsgTranslatedBy, "")), p.loc.And(s.Translators))
		}
		textItem(p.loc.T(book.MsgArchive), joinNonEmpty(", ", book.PlainCiteText(s.Citation.Archive), book.PlainCiteText(s.Citation.ArchiveLocation)))
		if d := s.DigitalCopy; d.Repository != "" || d.URL != "" || d.RecordID != "" {
			item(p.loc.T(book.MsgDigitalCopy), func() {
				w.text(joinNonEmpty(", ", d.Repository, recordText(d.RecordID)))
				if link := webURL(d.URL); link != "" {
					if d.Repository != "" || d.RecordID != "" {
						w.s(", ")
					}
					w.s(`<a href="`, escAttr(link), `">`)
					w.text(d.URL)
					w.s(`</a>`)
				}
			})
		}
		if len(s.Credits.Funders) > 0 {
			textItem(p.loc.T(book.MsgFundedBy), p.loc.And(s.Credits.Funders))
		}
		item(p.loc.T(book.MsgRights), func() {
			status := book.RightsStatusName(s.Rights.Status)
			if status == "" {
				status = s.Rights.Status
			}
			w.s(`<p class="rights-status">`)
			w.text(status)
			w.s("</p>\n")
			for _, para := range paragraphs(s.Rights.Statement) {
				w.s("<p>")
				w.text(para)
				w.s("</p>\n")
			}
			if h := strings.TrimSpace(s.Rights.Holder); h != "" {
				w.s("<p>")
				w.text(p.loc.T(book.MsgRightsHolder, h))
				w.s("</p>\n")
			}
		})
		w.s("</dl>\n</section>\n")
	}
	w.s("<section class=\"credit\">\n<h2>", esc(p.loc.T(book.MsgThisEdition)), "</h2>\n<dl>\n")
	ed := func(term, text string) {
		if t := strings.TrimSpace(text); t != "" {
			w.s("<dt>")
			w.text(term)
			w.s("</dt>\n<dd>")
			w.text(t)
			w.s("</dd>\n")
		}
	}
	for _, f := range b.EditionFacts(p.edition()) {
		ed(f.Label, f.Value)
	}
	w.s("</dl>\n</section>\n")
	if len(b.Intro) == 0 {
		p.aboutEdition(w)
	}
	w.s("</section>\n")
	return &doc{file: creditsFile, id: "item-credits", data: p.page(p.loc.T(book.MsgCredits), w.sb.String())}, w.err
}

func recordText(id string) string {
	if strings.TrimSpace(id) == "" {
		return ""
	}
	return "record " + strings.TrimSpace(id)
}

// paragraphs splits plain text at blank lines, joining the lines of each.
func paragraphs(s string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if t := strings.Join(strings.Fields(para), " "); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func (p *pub) introDoc() (*doc, error) {
	w := p.newWriter(introFile)
	w.place("introduction", false)
	sid := w.id("introduction")
	hid := w.newID("introduction-title")
	w.s(`<section epub:type="introduction" role="doc-introduction" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n")
	w.s(`<h1 id="`, hid, `">Introduction</h1>`, "\n")
	w.blocks(p.b.Intro, newHeadings(1, p.b.Intro))
	p.aboutEdition(w)
	w.footnotes(2, p.loc.T(book.MsgNotes), nil)
	w.s("</section>\n")
	return &doc{file: introFile, id: "item-intro", data: p.page(p.loc.T(book.MsgIntroduction), w.sb.String())}, w.err
}

func (p *pub) partDoc(part *book.Part, file string) (*doc, error) {
	w := p.newWriter(file)
	w.place(part.ID, false)
	sid := w.id(part.ID)
	hid := w.newID(sid + "-title")
	w.s(`<section epub:type="part" role="doc-part" class="part" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n")
	w.s(`<h1 id="`, hid, `">`)
	label := p.loc.T(book.MsgPart, part.Number)
	title := strings.TrimSpace(part.Title)
	switch {
	case title == "":
		w.text(label)
		title = label
	default:
		title = layouts.SmartQuotes(title)
		w.s(`<span class="part-label">`)
		w.text(label)
		w.s(`</span> `)
		w.text(title)
		title = label + ": " + title
	}
	w.s("</h1>\n")
	w.blocks(part.Intro, newHeadings(1, part.Intro))
	if len(part.Question) > 0 {
		w.place(part.ID+"-dbq", false)
		cid := w.id(part.ID + "-dbq")
		qh := w.newID(cid + "-title")
		w.s(`<section class="central-question" id="`, cid, `" aria-labelledby="`, qh, `">`, "\n")
		w.keepFirst(`<h2 id="`+qh+`" class="label">`+esc(p.loc.T(book.MsgCentralQuestion))+`</h2>`, part.Question, newHeadings(2, part.Question))
		w.s("</section>\n")
	}
	w.footnotes(2, p.loc.T(book.MsgNotes), nil)
	w.s("</section>\n")
	return &doc{file: file, id: "item-" + xmlName(strings.TrimSuffix(file, ".xhtml")), data: p.page(title, w.sb.String())}, w.err
}

func (p *pub) itemDoc(it *book.Item, file string) (*doc, error) {
	w := p.newWriter(file)
	src := it.Source
	if src != nil && src.File != "" {
		w.srcDir = filepath.Dir(src.File)
	}
	w.place(it.ID, false)
	sid := w.id(it.ID)
	hid := w.newID(sid + "-title")
	w.s(`<section epub:type="chapter" role="doc-chapter" class="document" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n")
	w.s(`<h1 id="`, hid, `">`)
	if l := strings.TrimSpace(it.Label); l != "" {
		w.s(`<span class="doc-label">`)
		w.text(l)
		switch {
		case it.Excerpt && it.Modified:
			w.s(` (excerpt, modified)`)
		case it.Excerpt:
			w.s(` (excerpt)`)
		case it.Modified:
			w.s(` (modified)`)
		}
		w.s(`</span> `)
	}
	if t := strings.TrimSpace(it.Title); t != "" {
		w.s(`<span class="doc-title"`)
		// A title in its source's own script is marked with the source's
		// language (and direction), for screen readers and fonts.
		if src != nil && src.Language != "" && !strings.EqualFold(src.Language, p.lang) && nonLatinScript(t) {
			w.s(` lang="`, escAttr(src.Language), `" xml:lang="`, escAttr(src.Language), `"`)
			if rtlLang(src.Language) != rtlLang(p.lang) {
				w.s(` dir="`, map[bool]string{true: "rtl", false: "ltr"}[rtlLang(src.Language)], `"`)
			}
		}
		w.s(`>`)
		w.text(layouts.SmartQuotes(t))
		w.s(`</span>`)
	} else if strings.TrimSpace(it.Label) == "" {
		w.text(itemHeading(p.loc, it))
	}
	w.s("</h1>\n")
	// The sourcing box: the same facts, in the same order, as in print.
	if src != nil {
		if facts := src.FactsIn(p.loc); len(facts) > 0 {
			w.s(`<dl class="sourcing">`, "\n")
			for _, f := range facts {
				w.s(`<div><dt>`)
				w.text(f.Label)
				w.s(`</dt><dd>`)
				w.text(f.Value)
				w.s("</dd></div>\n")
			}
			w.s("</dl>\n")
		}
	}
	if p.teacher || p.b.ShowMetrics {
		m := book.Measure(it)
		time := ""
		if p.teacher {
			time = it.Time
		}
		line := p.loc.MetricsLine(m, time)
		w.s(`<p class="metrics">`)
		w.text(line)
		w.s("</p>\n")
	}
	if len(it.Headnote) > 0 {
		nid := w.newID(sid + "-headnote-title")
		w.s(`<section class="headnote" aria-labelledby="`, nid, `">`, "\n")
		w.keepFirst(`<h2 id="`+nid+`" class="label">`+esc(p.loc.T(book.MsgAboutDocument))+`</h2>`, it.Headnote, newHeadings(2, it.Headnote))
		w.s("</section>\n")
	}
	if len(it.Vocabulary) > 0 {
		w.place(it.ID+"-vocab", false)
		vid := w.newID(sid + "-vocab-title")
		w.s(`<section class="vocabulary keep" aria-labelledby="`, vid, `">`, "\n", `<h2 id="`, vid, `" class="label">`, esc(p.loc.T(book.MsgWordBank)), `</h2>`, "\n")
		w.glossList(it.Vocabulary, false)
		w.s("</section>\n")
	}
	p.questions(w, it, sid, true)
	tid := w.newID(sid + "-text-title")
	w.s(`<section class="source" aria-labelledby="`, tid, `">`, "\n")
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
	w.s(`<h2 id="`, tid, `" class="label">Text</h2>`, "\n", `<div class="source-text" id="`, w.newID(sid+"-text"), `"`, langAttr, ">\n")
	saved := w.rtl
	if src != nil && strings.TrimSpace(src.Language) != "" {
		w.rtl = rtlLang(src.Language)
	}
	w.blocks(it.Body, newHeadings(2, it.Body))
	w.rtl = saved
	w.s("</div>\n")
	// The citation and rights statement travel with the document, as the
	// archives ask, with what was left out or changed.
	var notes [][2]string
	if it.Excerpt {
		notes = append(notes, [2]string{p.loc.T(book.MsgExcerpt), p.loc.ExcerptNote(it.Modified)})
	}
	if it.Modified {
		notes = append(notes, [2]string{p.loc.T(book.MsgModified), strings.TrimSpace(markup.BlocksText(it.ModifiedNote))})
	}
	if src != nil && strings.TrimSpace(src.Citation.Text) != "" {
		notes = append(notes, [2]string{p.loc.T(book.MsgSource), strings.TrimSpace(src.Citation.Text)})
	}
	if src != nil && strings.TrimSpace(src.Rights.Statement) != "" {
		notes = append(notes, [2]string{p.loc.T(book.MsgRights), strings.Join(strings.Fields(src.Rights.Statement), " ")})
	}
	if len(notes) > 0 {
		w.place(it.ID+"-source", false)
	}
	for _, n := range notes {
		w.s(`<p class="source-note"><strong>`, esc(n[0]), `:</strong> `, esc(n[1]), "</p>\n")
	}
	w.s("</section>\n")
	// Questions are rendered before the notes are written, so that notes
	// referenced from questions are collected, but follow them in the file.
	main := w.sb
	w.sb = &strings.Builder{}
	p.questions(w, it, sid, false)
	qs := w.sb
	w.sb = main
	// The source's own notes, even any that nothing references; the
	// editor's notes (headnote, annotations, questions) under their own
	// heading first.
	source := map[*markup.Note]bool{}
	for _, n := range it.Notes {
		source[n] = !n.Annotation
		w.noteRef(n)
	}
	w.footnotes(2, p.loc.T(book.MsgEditorsNotes), func(n *markup.Note) bool { return !source[n] })
	w.footnotes(2, p.loc.T(book.MsgNotes), nil)
	w.s(qs.String())
	w.s("</section>\n")
	title := itemHeading(p.loc, it)
	return &doc{file: file, id: "item-" + xmlName(strings.TrimSuffix(file, ".xhtml")), data: p.page(title, w.sb.String())}, w.err
}

// glossList writes glossary or word-bank entries as a definition list;
// targets gives the terms their ids, for links from glossed words.
func (w *writer) glossList(entries []*book.GlossEntry, targets bool) {
	w.s("<dl>\n")
	for _, g := range entries {
		w.s("<dt")
		if targets && g.ID != "" {
			w.s(` id="`, w.id(g.ID), `"`)
		}
		w.s(">")
		w.text(g.Term)
		w.s("</dt>\n<dd>")
		w.flow(g.Definition, newHeadings(3, g.Definition))
		w.s("</dd>\n")
	}
	w.s("</dl>\n")
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
		w.place(it.ID+"-questions-before", false)
	} else {
		w.place(it.ID+"-questions", false)
	}
	qid := w.newID(sid + "-questions-title")
	w.s(`<section class="`, class, `" aria-labelledby="`, qid, `">`, "\n")
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
		w.s("<li")
		if value {
			w.s(` value="`, strconv.Itoa(q.Number), `"`)
		}
		w.s(">")
		text := questionText(q, p.teacher)
		w.flow(text, newHeadings(level, text))
		if p.teacher && len(q.Answer) > 0 {
			w.s("\n<div class=\"answer\">\n<p class=\"answer-label\">", esc(p.loc.T(book.MsgAnswer)), "</p>\n")
			w.blocks(q.Answer, newHeadings(level, q.Answer))
			w.s("</div>\n")
		}
		w.s("</li>\n")
	}
	list := func(qs []book.Question) {
		w.s("<ol")
		if n := qs[0].Number; n != 1 {
			w.s(` start="`, strconv.Itoa(n), `"`)
		}
		w.s(">\n")
		for i, q := range qs {
			item(q, i > 0 && q.Number != qs[i-1].Number+1)
		}
		w.s("</ol>\n")
	}
	for _, g := range groups {
		w.s(`<div class="keep">`, heading)
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
			w.s(`<h3 class="stage">`)
			w.text(name)
			w.s("</h3>\n")
		}
		list(g.qs[:1])
		w.s("</div>\n")
		if len(g.qs) > 1 {
			list(g.qs[1:])
		}
	}
	w.s("</section>\n")
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
	w.place("contents", false)
	w.newID("toc-title")
	w.s(`<nav epub:type="toc" role="doc-toc" id="`, w.id("contents"), `" aria-labelledby="toc-title">`, "\n", `<h1 id="toc-title">`, esc(p.loc.T(book.MsgContents)), `</h1>`, "\n")
	var list func([]tocEntry)
	list = func(es []tocEntry) {
		w.s("<ol>\n")
		for _, e := range es {
			w.s(`<li><a href="`, escAttr(p.href(e.file)), `">`)
			w.text(e.text)
			w.s(`</a>`)
			if len(e.children) > 0 {
				w.s("\n")
				list(e.children)
			}
			w.s("</li>\n")
		}
		w.s("</ol>\n")
	}
	list(toc)
	w.s("</nav>\n")
	w.newID("landmarks-title")
	w.s(`<nav epub:type="landmarks" id="`, w.newID("landmarks"), `" aria-labelledby="landmarks-title" hidden="hidden">`, "\n", `<h2 id="landmarks-title">Landmarks</h2>`, "\n<ol>\n")
	lm := func(typ, href, text string) {
		w.s(`<li><a epub:type="`, typ, `" href="`, escAttr(p.href(href)), `">`, esc(text), "</a></li>\n")
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
	w.s("</ol>\n</nav>\n")
	if p.pages != nil && len(p.pageList) > 0 {
		w.newID("pages-title")
		w.s(`<nav epub:type="page-list" role="doc-pagelist" id="`, w.newID("page-list"), `" aria-labelledby="pages-title" hidden="hidden">`, "\n", `<h2 id="pages-title">Pages</h2>`, "\n<ol>\n")
		for _, pg := range p.pageList {
			w.s(`<li><a href="`, escAttr(p.href(pg.file)+"#"+pg.id), `">`, esc(pg.label), "</a></li>\n")
		}
		w.s("</ol>\n</nav>\n")
	}
	return &doc{file: navFile, id: "item-nav", props: "nav", data: p.page(p.loc.T(book.MsgContents), w.sb.String())}
}

// targetID is the XML id a book ID was rendered with.
func (p *pub) targetID(orig string) string {
	if t, ok := p.targets[orig]; ok {
		return t.id
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

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}
