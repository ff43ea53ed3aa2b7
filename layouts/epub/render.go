package epub

import (
	"bytes"
	_ "embed"
	"strings"

	"sourcebook/book"
	"sourcebook/layouts"
	"sourcebook/layouts/xhtml"
)

//go:embed style.css
var styleCSS []byte

// pub is one Write call's state.
type pub struct {
	b       *book.Book
	teacher bool
	pages   *layouts.PageMap
	lang    string
	loc     *book.Locale // the reader's generated words
	images  *imageSet
	// web writes the pages of the web edition (see Site) rather than
	// an EPUB's content documents.
	web   bool
	cache *Cache
	memo  *memoState // the document cache's state in this build
	// out takes each document as pass 2 renders it.
	out sink

	// targets maps every rendered book ID (blocks, notes, anchors,
	// sections) to where it was rendered; places holds the subset at which
	// a page marker can stand. Both are filled in pass 1.
	targets map[string]xhtml.Target
	places  map[string]place
	nplaces int
	// pageIDs are the page markers' ids, by page index, reserved so that
	// no other id takes them.
	pageIDs  map[int]string
	reserved map[string]bool
	// The page plan: marker groups by the book ID they stand at.
	plan     map[string][]*pageGroup
	groups   []*pageGroup
	pageList []pageRef
	// bodyStart is the file where the documents begin (landmarks).
	bodyStart string
	// toc is the table of contents, also written as the NCX.
	toc []tocEntry
	// docs are the content documents in reading order.
	docs []*doc
	// shared is what the XHTML writer of every document shares.
	shared *xhtml.Shared
	free   []*bytes.Buffer // writers' buffers to use again
}

// place is where a page marker can stand: in file, the seq-th place
// found, and whether the element's text can take markers at offsets.
type place struct {
	file   string
	seq    int
	inline bool
}

// doc is one rendered XHTML content document.
type doc struct {
	file, id string // file name in EPUB/ and manifest id
	data     []byte // nil in pass 1, which keeps no text
	props    string // manifest properties
	// pk is the text deflated, as the document cache kept it (data is
	// then nil); memo, when set, is to be given the deflated text. key
	// (with either) names the text: the cache's key of pass 2.
	pk   *packed
	memo *docMemo
	key  [32]byte
}

// writer renders one content document with the shared XHTML writer.
type writer struct {
	*xhtml.Writer
	p *pub
}

func (p *pub) newWriter(file string) *writer {
	w := &writer{Writer: xhtml.New(p.shared, file), p: p}
	w.Buf = p.buffer()
	w.RTL = rtlLang(p.lang)
	// Pass 1 writes nothing: only what it registers is needed.
	w.Discard = p.plan == nil
	return w
}

// Place is the page-marker hook (xhtml.Marks): it records that a marker
// can stand before the element with the book ID orig, for the plan made
// after pass 1, and returns the groups planned there (pass 2).
func (p *pub) Place(file, orig string, inline bool) []*xhtml.Group {
	if p.memo != nil && p.memo.rec != nil {
		p.memo.rec.places = append(p.memo.rec.places, placeCall{orig, inline})
	}
	if _, ok := p.places[orig]; !ok {
		p.nplaces++
		p.places[orig] = place{file: file, seq: p.nplaces, inline: inline}
	}
	var out []*xhtml.Group
	for _, g := range p.plan[orig] {
		if !g.Emitted && g.File == file {
			out = append(out, g)
		}
	}
	return out
}

// Marker writes a print page's marker. Each shows the print page number
// ("p. 12") in the margin, for reading systems that ignore the page
// list; assistive technology reads it as a page break named by its label
// (the role's content is presentational). The web edition's pages are
// HTML, where epub:type means nothing.
func (p *pub) Marker(m xhtml.Mark) string {
	epubType := ` epub:type="pagebreak"`
	if p.web {
		epubType = ""
	}
	return `<span` + epubType + ` role="doc-pagebreak" class="pagenum" id="` + m.ID + `" aria-label="` + escAttr(m.Label) + `" title="` + escAttr(p.loc.T(book.MsgPageName, m.Label)) + `">` + esc(strings.ReplaceAll(p.loc.T(book.MsgPageRef, m.Label), " ", "\u00a0")) + `</span>`
}

var (
	esc            = xhtml.Esc
	escAttr        = xhtml.EscAttr
	xmlName        = xhtml.XMLName
	idChars        = xhtml.IDChars
	webURL         = xhtml.WebURL
	rtlLang        = xhtml.RTLLang
	nonLatinScript = xhtml.NonLatinScript
	newHeadings    = xhtml.NewHeadings
)

type pageGroup = xhtml.Group
type pageMark = xhtml.Mark
