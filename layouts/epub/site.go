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
	// Key, when not zero, names the content (with a cache, in --watch):
	// two files with the same key hold the same bytes. Data is then nil
	// when the page was kept from an earlier build, and Load makes it.
	Key  [32]byte
	Load func() ([]byte, error)
}

// navSlot stands in a web page for its navigation bar, which needs the
// reading order and is filled in once every page is written.
const navSlot = "<!--sourcebook:booknav-->"

// Site renders the web edition: index.html (the contents), one page per
// document, css/style.css and the images. It needs no network and no
// script. The same book and options always give the same files.
func Site(b *book.Book, opt Options) ([]SiteFile, error) {
	var out []SiteFile
	err := SiteTo(b, opt, func(f SiteFile) error {
		if f.Data == nil && f.Load != nil {
			data, err := f.Load()
			if err != nil {
				return err
			}
			f.Data = data
		}
		f.Load = nil
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SiteTo renders the web edition as Site does, handing each file to put
// as soon as it is made, so that no page need be held after that.
func SiteTo(b *book.Book, opt Options, put func(SiteFile) error) error {
	p, err := newPub(b, opt)
	if err != nil {
		return err
	}
	p.web = true
	return p.build(&siteSink{put: put})
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
// before and after it (at in order, -1 if not there) in reading order, as
// a reading system offers.
func (p *pub) bookNav(name string, at int, order []string, titles map[string]string) string {
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
func (p *pub) webPage(title string, body []byte) []byte {
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
	return wrap(b.String(), body, "</main>\n</body>\n</html>\n")
}
