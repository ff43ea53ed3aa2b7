package publish

import (
	"bytes"
	"fmt"
	"strings"

	"sourcebook/book"
	"sourcebook/layouts/pdf"
)

// PreviewPages is one document of a reader laid out for a preview.
type PreviewPages struct {
	PDF   []byte // the document's pages as the reader sets them
	Pages int
}

// Preview lays out one document of the book, named by its item or
// source id, on pages of its own as the print edition sets them, and
// writes them as a PDF; nothing is written to disk. It is what an editor
// shows while a document is being changed: after a one-word edit only
// that document is set again (the book itself comes from book.Load with
// the --watch cache, which reads only the changed source). Page numbers
// start at 1 and the Teacher's Notes, which cover the whole book, are
// left out; Build makes the real thing. opt's edition, layout and page
// size are used; its formats, output folder and cache are not.
func Preview(b *book.Book, id string, opt Options) (*PreviewPages, error) {
	var it *book.Item
	var ids []string
	for _, x := range b.Items {
		if x.ID == id || x.Source != nil && x.Source.ID == id {
			it = x
			break
		}
		ids = append(ids, x.ID)
	}
	if it == nil {
		return nil, fmt.Errorf("preview: the reader has no document %q; its documents are %s", id, strings.Join(ids, ", "))
	}
	edition, err := ParseEdition(string(opt.Edition))
	if err != nil {
		return nil, err
	}
	preset, err := printPreset(b, opt)
	if err != nil {
		return nil, err
	}
	if b.TwoSided {
		preset.TwoSided = true
	}
	doc, err := pdf.LayoutItem(b, it, preset, pdf.Options{Edition: string(edition), Warn: opt.Warn, Workers: opt.Workers})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return nil, fmt.Errorf("preview of %s: %w", it.Label, err)
	}
	return &PreviewPages{PDF: buf.Bytes(), Pages: doc.PageCount()}, nil
}
