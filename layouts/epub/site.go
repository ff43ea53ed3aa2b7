package epub

import (
	_ "embed"
	"fmt"
	"strings"

	"sourcebook/book"
)

// The web edition is the EPUB's content documents served as HTML pages:
// the same writer, apparatus, ids and page markers, so that the two
// cannot drift. Only the page skeleton, the file names and the
// navigation bar between pages differ.

//go:embed web.css
var webCSS []byte

// SiteFile is one file of the web edition, named relative to its folder.
type SiteFile struct {
	Name string
	Data []byte
}

// navSlot stands in a web page for its navigation bar, which needs the
// reading order and is filled in once every page is written.
const navSlot = "<!--sourcebook:booknav-->"

// Site renders the web edition: index.html (the contents), one page per
// document, css/style.css and the images. It needs no network and no
// script. The same book and options always give the same files.
func Site(b *book.Book, opt Options) ([]SiteFile, error) {
	p, err := newPub(b, opt)
	if err != nil {
		return nil, err
	}
	p.web = true
	files, err := p.build()
	if err != nil {
		return nil, err
	}
	var order []string
	titles := map[string]string{}
	for _, d := range p.docs {
		order = append(order, p.href(d.file))
	}
	for _, e := range flatToc(p.toc) {
		titles[p.href(e.file)] = e.text
	}
	var out []SiteFile
	for _, f := range files {
		name, ok := strings.CutPrefix(f.name, "EPUB/")
		if !ok || strings.HasSuffix(name, ".opf") || strings.HasSuffix(name, ".ncx") {
			continue
		}
		data := f.data
		switch {
		case name == "css/style.css":
			data = append(append([]byte(nil), styleCSS...), webCSS...)
		case strings.HasSuffix(name, ".xhtml"):
			name = p.href(name)
			data = []byte(strings.Replace(string(data), navSlot, p.bookNav(name, order, titles), 1))
		}
		out = append(out, SiteFile{name, data})
	}
	return out, nil
}

func flatToc(es []tocEntry) []tocEntry {
	var out []tocEntry
	for _, e := range es {
		out = append(out, e)
		out = append(out, flatToc(e.children)...)
	}
	return out
}

// href is the name a file is linked by: in the web edition pages are
// .html and the contents are the folder's index.
func (p *pub) href(file string) string {
	if !p.web {
		return file
	}
	if f, frag, ok := strings.Cut(file, "#"); ok {
		return p.href(f) + "#" + frag
	}
	if file == navFile {
		return "index.html"
	}
	if base, ok := strings.CutSuffix(file, ".xhtml"); ok {
		return base + ".html"
	}
	return file
}

// bookNav is the bar at the top of a web page: the contents and the pages
// before and after it in reading order, as a reading system offers.
func (p *pub) bookNav(name string, order []string, titles map[string]string) string {
	at := -1
	for i, n := range order {
		if n == name {
			at = i
		}
	}
	var b strings.Builder
	b.WriteString(`<nav class="booknav" aria-label="` + escAttr(p.loc.T(book.MsgPageList)) + `"><ul>`)
	link := func(rel, href, text string) {
		fmt.Fprintf(&b, `<li><a rel="%s" href="%s">%s</a></li>`, rel, escAttr(href), esc(text))
	}
	if name != "index.html" {
		link("contents", "index.html", p.loc.T(book.MsgContents))
	}
	if at > 0 {
		prev := order[at-1]
		link("prev", prev, p.loc.T(book.MsgPreviousTo, orName(titles[prev], p.pageTitle(prev))))
	}
	if at >= 0 && at+1 < len(order) {
		next := order[at+1]
		link("next", next, p.loc.T(book.MsgNextTo, orName(titles[next], p.pageTitle(next))))
	}
	b.WriteString("</ul></nav>\n")
	return b.String()
}

func orName(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// pageTitle names the fixed pages that are not in the contents.
func (p *pub) pageTitle(href string) string {
	switch href {
	case "cover.html":
		return p.loc.T(book.MsgCover)
	case "title.html":
		return p.loc.T(book.MsgTitlePage)
	case "index.html":
		return p.loc.T(book.MsgContents)
	}
	return strings.TrimSuffix(href, ".html")
}

// webPage wraps a document body as an HTML page of the web edition.
func (p *pub) webPage(title, body string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", escAttr(p.lang))
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>")
	b.WriteString(esc(title))
	if t := p.title(); t != title {
		b.WriteString(" — " + esc(t))
	}
	b.WriteString("</title>\n<link rel=\"stylesheet\" href=\"css/style.css\">\n</head>\n<body>\n<header>")
	b.WriteString(navSlot)
	b.WriteString("</header>\n<main>\n")
	b.WriteString(body)
	b.WriteString("</main>\n</body>\n</html>\n")
	return []byte(b.String())
}
