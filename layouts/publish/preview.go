package publish

import (
	"bytes"
	"fmt"
	"strings"

	"sourcebook/book"
	"sourcebook/book/manifest"
	"sourcebook/layouts/pdf"
)

// PreviewPages is one document of a reader laid out for a preview.
type PreviewPages struct {
	PDF   []byte // the document's pages as the reader sets them
	Pages int
	Label string // "Document 12", as in the whole reader
}

// Preview lays out one document of the reader at path (its manifest), named by its
// source id, on pages of its own as the print edition sets them, and
// returns them as a PDF; nothing is written to disk. It is what an editor
// shows while a document is being changed (a word of its source, its
// headnote or questions in the manifest): only the manifest and that
// document's source are read again, and only that document is assembled
// and set, not the whole book. With opt.Cache from an earlier Build of
// the same reader, the document keeps its label from the whole reader
// and its source is found without reading the library; without it, the
// library is read and the document is labelled as if it stood alone.
// Page numbers start at 1, and the Teacher's Notes, which cover the
// whole book, are left out; Build makes the real thing. opt's edition,
// layout and page size are used; its formats and output folder are not.
func Preview(path, id string, opt Options) (*PreviewPages, error) {
	m, err := book.ReadManifest(path)
	if err != nil {
		return nil, err
	}
	var one *manifest.PartSpec
	var ids []string
	for _, p := range m.Parts {
		for _, mi := range p.Items {
			if mi.ID == id && one == nil {
				ps := p
				ps.Items = []manifest.ItemSpec{mi}
				one = &ps
			}
			ids = append(ids, mi.ID)
		}
	}
	if one == nil {
		return nil, fmt.Errorf("preview: the reader has no document %q; its documents are %s", id, strings.Join(ids, ", "))
	}
	dirs, err := book.LibraryDirs(m)
	if err != nil {
		return nil, err
	}
	// The last build knows the document's label and its source's file.
	var lib *book.Library
	if last := opt.Cache.lastBook(); last != nil {
		for _, it := range last.Items {
			if it.Source == nil || it.Source.ID != id {
				continue
			}
			if one.Items[0].Label == "" {
				one.Items[0].Label = it.Label
			}
			if src, err := book.ReadSource(it.Source.File); err == nil && src.ID == id {
				lib = &book.Library{Dirs: dirs, Sources: map[string]*book.Source{id: src}, Order: []string{id}}
			}
			break
		}
	}
	if lib == nil {
		if lib, err = book.LoadLibrary(dirs...); err != nil {
			return nil, err
		}
	}
	m.Parts = []manifest.PartSpec{*one}
	b, err := book.Assemble(m, lib, book.Options{})
	if err != nil {
		return nil, err
	}
	edition, preset, err := printSetup(b, opt)
	if err != nil {
		return nil, err
	}
	it := b.Items[0]
	doc, err := pdf.LayoutItem(b, it, preset, pdf.Options{Edition: string(edition), Warn: opt.Warn, Workers: opt.Workers})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return nil, fmt.Errorf("preview of %s: %w", it.Label, err)
	}
	return &PreviewPages{PDF: buf.Bytes(), Pages: doc.PageCount(), Label: it.Label}, nil
}
