package epub

import (
	"fmt"
	"sort"
	"strings"
)

// packageDoc writes the package document: metadata (Dublin Core, roles,
// accessibility), manifest and spine.
func (p *pub) packageDoc(docs []*doc) []byte {
	b := p.b
	var o strings.Builder
	meta := func(format string, args ...any) { fmt.Fprintf(&o, "    "+format+"\n", args...) }
	o.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&o, `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="%s">`+"\n", escAttr(p.lang))
	o.WriteString(`  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n")
	id := p.identifier()
	meta(`<dc:identifier id="pub-id">%s</dc:identifier>`, esc(id))
	meta(`<dc:title id="title-main">%s</dc:title>`, esc(p.fullTitle()))
	meta(`<meta refines="#title-main" property="title-type">main</meta>`)
	if s := strings.TrimSpace(b.Subtitle); s != "" {
		meta(`<dc:title id="title-sub">%s</dc:title>`, esc(s))
		meta(`<meta refines="#title-sub" property="title-type">subtitle</meta>`)
	}
	meta(`<dc:language>%s</dc:language>`, esc(p.lang))
	if c := strings.TrimSpace(b.Course); c != "" {
		// The course as a series, so that its readers shelve together.
		meta(`<meta property="belongs-to-collection" id="course">%s</meta>`, esc(c))
		meta(`<meta refines="#course" property="collection-type">series</meta>`)
	}
	n := 0
	for _, e := range b.Editors {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		n++
		meta(`<dc:creator id="editor-%d">%s</dc:creator>`, n, esc(e))
		meta(`<meta refines="#editor-%d" property="role" scheme="marc:relators">edt</meta>`, n)
	}
	// Contributors: the sources' authors and translators, each person
	// once, with every role they had, in order of first appearance.
	type person struct {
		name  string
		roles []string
	}
	var people []*person
	byName := map[string]*person{}
	add := func(name, role string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		pp := byName[name]
		if pp == nil {
			pp = &person{name: name}
			byName[name] = pp
			people = append(people, pp)
		}
		for _, r := range pp.roles {
			if r == role {
				return
			}
		}
		pp.roles = append(pp.roles, role)
	}
	subjects := map[string]bool{}
	for _, s := range b.Sources {
		for _, a := range s.Authors {
			add(a, "aut")
		}
		for _, t := range s.Translators {
			add(t, "trl")
		}
		for _, sub := range s.Subjects {
			if sub = strings.TrimSpace(sub); sub != "" {
				subjects[sub] = true
			}
		}
	}
	for i, pp := range people {
		meta(`<dc:contributor id="contributor-%d">%s</dc:contributor>`, i+1, esc(pp.name))
		for _, r := range pp.roles {
			meta(`<meta refines="#contributor-%d" property="role" scheme="marc:relators">%s</meta>`, i+1, r)
		}
	}
	if pub := publisher(b); pub != "" {
		meta(`<dc:publisher>%s</dc:publisher>`, esc(pub))
	}
	meta(`<dc:date>%s</dc:date>`, b.Modified.UTC().Format("2006-01-02"))
	if l := strings.TrimSpace(b.License); l != "" {
		meta(`<dc:rights>%s</dc:rights>`, esc(l))
	}
	var subs []string
	for s := range subjects {
		subs = append(subs, s)
	}
	sort.Strings(subs)
	for _, s := range subs {
		meta(`<dc:subject>%s</dc:subject>`, esc(s))
	}
	meta(`<dc:description>%s</dc:description>`, esc(p.description()))
	pageList := p.pages != nil && len(p.pageList) > 0
	if pageList {
		// The print source: dc:source refined by source-of pagination
		// (EPUB 3.2), which Ace by DAISY accepts. a11y:pageBreakSource
		// (EPUB Accessibility 1.1) is left out: EPUBCheck 4.2 rejects it
		// as an undefined property.
		meta(`<dc:source id="print-source">%s</dc:source>`, esc(p.printEdition()))
		meta(`<meta refines="#print-source" property="source-of">pagination</meta>`)
	}
	meta(`<meta property="dcterms:modified">%s</meta>`, b.Modified.UTC().Format("2006-01-02T15:04:05Z"))

	// Accessibility (EPUB Accessibility 1.1). The cover is always an
	// image, so the book always has visual content with text alternatives.
	meta(`<meta property="schema:accessMode">textual</meta>`)
	meta(`<meta property="schema:accessMode">visual</meta>`)
	meta(`<meta property="schema:accessModeSufficient">textual</meta>`)
	features := []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"}
	if pageList {
		features = append(features, "printPageNumbers", "pageBreakMarkers", "pageNavigation")
	}
	for _, f := range features {
		meta(`<meta property="schema:accessibilityFeature">%s</meta>`, f)
	}
	meta(`<meta property="schema:accessibilityHazard">none</meta>`)
	meta(`<meta property="schema:accessibilitySummary">%s</meta>`, esc(p.a11ySummary(pageList)))
	meta(`<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>`)
	meta(`<meta property="a11y:certifiedBy">Sourcebook (automated checks)</meta>`)
	// EPUB 2 readers find the cover by this meta.
	meta(`<meta name="cover" content="img-cover"/>`)
	o.WriteString("  </metadata>\n  <manifest>\n")
	item := func(id, href, mt, props string) {
		if props != "" {
			props = ` properties="` + props + `"`
		}
		fmt.Fprintf(&o, `    <item id="%s" href="%s" media-type="%s"%s/>`+"\n", id, escAttr(href), mt, props)
	}
	for _, d := range docs {
		item(d.id, d.file, "application/xhtml+xml", d.props)
	}
	item("ncx", "toc.ncx", "application/x-dtbncx+xml", "")
	item("css", "css/style.css", "text/css", "")
	item("img-cover", "images/cover.png", "image/png", "cover-image")
	for _, im := range p.images.list {
		item(im.id, im.file, im.mediaType, "")
	}
	if rtlLang(p.lang) {
		o.WriteString("  </manifest>\n  <spine toc=\"ncx\" page-progression-direction=\"rtl\">\n")
	} else {
		o.WriteString("  </manifest>\n  <spine toc=\"ncx\">\n")
	}
	for _, d := range docs {
		fmt.Fprintf(&o, `    <itemref idref="%s"/>`+"\n", d.id)
	}
	o.WriteString("  </spine>\n</package>\n")
	return []byte(o.String())
}

// identifier is the edition's unique identifier.
func (p *pub) identifier() string {
	id := strings.TrimSpace(p.b.IdentifierFor(p.edition()))
	if id == "" {
		id = "urn:sourcebook:" + xmlName(p.b.Name)
	}
	return id
}

// printEdition names the print edition the page list follows.
func (p *pub) printEdition() string { return p.b.PrintEdition(p.title(), p.edition()) }

func (p *pub) description() string { return p.b.Description(p.edition()) }

func (p *pub) a11ySummary(pageList bool) string { return p.b.AccessibilitySummary(pageList) }
