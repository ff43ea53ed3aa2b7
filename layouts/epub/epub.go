// Package epub renders a book as an EPUB 3 publication: reflowable XHTML
// with accessibility metadata, landmarks, a page list matching the print
// edition and a generated cover. docs/design-epub.md explains the choices.
package epub

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/language"

	"sourcebook/book"
	"sourcebook/layouts"
	"sourcebook/layouts/xhtml"
)

// Options control rendering.
type Options struct {
	// Edition is "student" (the default) or "teacher". The teacher edition
	// adds question answers and says so on the title page and cover; the
	// student edition contains no answer text at all.
	Edition string
	// Pages is the print edition's page map; nil for no page list and no
	// page-break markers.
	Pages *layouts.PageMap
	// Cache, when set, keeps work for the next build of the same reader
	// (see Cache); the output is the same with or without it.
	Cache *Cache
	// Workers bounds how many files are compressed at once (GOMAXPROCS
	// when 0; 1 is serial).
	Workers int
}

// Write writes the EPUB to w, each file as soon as it is rendered and
// deflated. The same book and options always give byte-identical output.
func Write(w io.Writer, b *book.Book, opt Options) error {
	p, err := newPub(b, opt)
	if err != nil {
		return err
	}
	opt.Cache.beginPack()
	defer opt.Cache.endPack()
	zs := newZipSink(w, b.Modified, opt.Cache, opt.Workers)
	if err := p.build(zs); err != nil {
		zs.wait() // a failure before the end: let the packers stop
		return err
	}
	return nil
}

// newPub checks the book and options shared by both outputs.
func newPub(b *book.Book, opt Options) (*pub, error) {
	if b == nil {
		return nil, errors.New("epub: no book")
	}
	p := &pub{b: b, pages: opt.Pages, cache: opt.Cache}
	switch opt.Edition {
	case "", "student":
	case "teacher":
		p.teacher = true
	default:
		return nil, fmt.Errorf("epub: unknown edition %q; use \"student\" or \"teacher\"", opt.Edition)
	}
	if b.Modified.IsZero() {
		return nil, errors.New("epub: the book has no date; set SOURCE_DATE_EPOCH or give the reader a date (date: 2026-01-15)")
	}
	p.lang = strings.TrimSpace(b.Language)
	if p.lang == "" {
		// The generated apparatus (headings, labels) is English.
		p.lang = "en"
	}
	if _, err := language.Parse(p.lang); err != nil {
		return nil, fmt.Errorf("epub: the book's language %q is not a BCP 47 language tag (e.g. en, en-GB, fr)", b.Language)
	}
	p.loc = b.Locale()
	return p, nil
}

// file is one entry of the container.
type file struct {
	name string
	data []byte
}

func msDosTime(t time.Time) (date, tm uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tm = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return
}

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`

// build renders every resource and hands it to out, in the
// container's order.
func (p *pub) build(out sink) error {
	p.images = &imageSet{byPath: map[string]*image{}}
	// The cover is drawn meanwhile, on another core.
	type drawn struct {
		img []byte
		err error
	}
	coverc := make(chan drawn, 1)
	go func() {
		img, err := p.cache.coverFor(p.b, p.teacher)
		coverc <- drawn{img, err}
	}()
	// Pass 1 learns which IDs are rendered, and where; pass 2 renders for
	// real, with page markers planned from what pass 1 found.
	// Sized as in the last build (--watch), so that replaying the
	// documents does not grow the maps step by step.
	nt, np := p.cache.sizes()
	p.targets = make(map[string]xhtml.Target, nt)
	p.places = make(map[string]place, np)
	p.reservePageIDs()
	p.startMemo()
	p.shared = &xhtml.Shared{Loc: p.loc, Targets: p.targets, Reserved: p.reserved, Href: p.href, Marks: p, Seen: p.seen,
		Image: func(srcDir, src string) (string, error) {
			if p.memo != nil && p.memo.rec != nil {
				p.memo.rec.images = true
			}
			return p.images.add(p.b, srcDir, src)
		}}
	docs, err := p.renderAll()
	cv := <-coverc
	if err != nil {
		return err
	}
	if cv.err != nil {
		return cv.err
	}
	spine := map[string]int{}
	for i, d := range docs {
		spine[d.file] = i
	}
	p.planPages(spine)
	p.planned()
	p.docs = docs
	p.out = out
	if err := out.begin(p, docs, cv.img); err != nil {
		return err
	}
	if _, err := p.renderAll(); err != nil {
		return err
	}
	p.endMemo()
	p.cache.setSizes(len(p.targets), len(p.places))
	for _, g := range p.groups {
		if !g.Emitted {
			return fmt.Errorf("epub: internal error: the page marker for %q was not placed", g.Marks[0].Label)
		}
	}
	return out.end(p)
}

// edition names the edition being written.
func (p *pub) edition() string {
	if p.teacher {
		return "teacher"
	}
	return "student"
}

// coverImage draws the cover; tests that exercise everything else (the
// fuzzer, where drawing glyphs is most of the cost) may replace it.
var coverImage = coverPNG
