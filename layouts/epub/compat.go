package epub

import (
	"fmt"
	"sourcebook/book"
	"strings"

	"sourcebook/book/markup"
	"sourcebook/layouts"
	"sourcebook/layouts/xhtml"
)

// keepFirst writes a heading (markup) and the blocks it introduces. The
// stylesheet keeps the heading with their first lines.
func (w *writer) keepFirst(heading string, bs []markup.Block, h *xhtml.Headings) {
	w.S(heading, "\n")
	w.Blocks(bs, h)
}

// aboutEdition writes how to find a place in this edition (see
// book.Book.AboutEdition).
func (p *pub) aboutEdition(w *writer) {
	lineNumbers := true
	if pr, err := layouts.Get(p.b.Layout, p.b.PageSize); err == nil {
		lineNumbers = pr.LineNumbers
	}
	paras := p.b.AboutEdition(false, lineNumbers, false, p.pages != nil && len(p.pageList) > 0)
	if len(paras) == 0 {
		return
	}
	w.Place("about-edition", false)
	sid := w.ID("about-edition")
	hid := w.NewID("about-edition-title")
	w.S(`<section class="about-edition" id="`, sid, `" aria-labelledby="`, hid, `">`, "\n", `<h2 id="`, hid, `" class="label">`, esc(p.loc.T(book.MsgAboutEdition)), `</h2>`, "\n")
	for _, para := range paras {
		w.S("<p>")
		w.Text(para)
		w.S("</p>\n")
	}
	w.S("</section>\n")
}

// ncx writes the EPUB 2 table of contents (toc.ncx), still read by
// older Adobe-based, Kobo and Nook devices and by Kindle conversion.
func (p *pub) ncx(id string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="%s">`+"\n", escAttr(p.lang))
	depth := 1
	for _, e := range p.toc {
		if len(e.children) > 0 {
			depth = 2
		}
	}
	fmt.Fprintf(&b, "<head>\n<meta name=\"dtb:uid\" content=\"%s\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n", escAttr(id), depth)
	fmt.Fprintf(&b, "<docTitle><text>%s</text></docTitle>\n<navMap>\n", esc(p.fullTitle()))
	n := 0
	var points func([]tocEntry)
	points = func(es []tocEntry) {
		for _, e := range es {
			n++
			fmt.Fprintf(&b, `<navPoint id="navpoint-%d" playOrder="%d"><navLabel><text>%s</text></navLabel><content src="%s"/>`, n, n, esc(e.text), escAttr(e.file))
			if len(e.children) > 0 {
				b.WriteString("\n")
				points(e.children)
			}
			b.WriteString("</navPoint>\n")
		}
	}
	points(p.toc)
	b.WriteString("</navMap>\n</ncx>\n")
	return []byte(b.String())
}

// fullTitle is the title a library lists: the teacher edition says so,
// so that the two editions can be told apart on a shelf.
func (p *pub) fullTitle() string {
	if p.teacher {
		return p.loc.T(book.MsgTeacherOf, p.title())
	}
	return p.title()
}
