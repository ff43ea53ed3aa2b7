package book

import (
	"net/url"
	"path/filepath"
	"strings"

	"sourcebook/book/markup"
)

// resolveLinks turns links to relative paths (markup.RelativeLink) into
// links inside the book when they name another document of the reader
// (its source file, or its id), and otherwise drops the link, keeping its
// text, with a warning on the block's line. No relative path reaches a
// renderer: an e-book cannot follow it, and a PDF would point nowhere.
func resolveLinks(b *Book, manifestFile string) {
	byFile := map[string]string{}
	byID := map[string]string{}
	for _, it := range b.Items {
		if it.Source == nil {
			continue
		}
		if abs, err := filepath.Abs(it.Source.File); err == nil {
			if _, ok := byFile[abs]; !ok {
				byFile[abs] = it.ID
			}
		}
		if _, ok := byID[it.Source.ID]; !ok {
			byID[it.Source.ID] = it.ID
		}
	}
	resolve := func(dest, dir string) string {
		p := dest
		if i := strings.IndexAny(p, "?#"); i >= 0 {
			p = p[:i]
		}
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		if p == "" {
			return ""
		}
		if abs, err := filepath.Abs(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
			if id, ok := byFile[abs]; ok {
				return id
			}
		}
		return byID[strings.TrimSuffix(filepath.Base(filepath.FromSlash(p)), filepath.Ext(p))]
	}
	ids := bookIDs(b)
	fix := func(bs []markup.Block, file string) {
		dir := filepath.Dir(file)
		walkInlines(bs, 0, func(in *markup.Inline, line int) {
			if frag, ok := strings.CutPrefix(in.Link, "#"); ok {
				// A link within the book: to an ID the book has, or to
				// a document by its source id; else only its text.
				if f, err := url.PathUnescape(frag); err == nil {
					frag = f
				}
				switch {
				case ids[frag]:
				case byID[frag] != "":
					in.Link = "#" + byID[frag]
				default:
					in.Link = ""
					b.Warnings = append(b.Warnings, &Warning{File: file, Line: line,
						Msg: "the link to \"#" + frag + "\" names nothing in this reader, so its text is printed without the link; to link to another document, give its file (other-letter.md) or its id (#other-letter)"})
				}
				return
			}
			dest, ok := strings.CutPrefix(in.Link, markup.RelativeLink)
			if !ok {
				return
			}
			if id := resolve(dest, dir); id != "" {
				in.Link = "#" + id
				return
			}
			in.Link = ""
			b.Warnings = append(b.Warnings, &Warning{File: file, Line: line,
				Msg: "the link to \"" + dest + "\" names no document of this reader, so its text is printed without the link; link to another document by its file (other-letter.md) or to a web page (https://…)"})
		})
	}
	fix(b.Intro, manifestFile)
	for _, p := range b.Parts {
		fix(p.Intro, manifestFile)
		fix(p.Question, manifestFile)
	}
	for _, it := range b.Items {
		file := manifestFile
		if it.Source != nil {
			file = it.Source.File
		}
		fix(it.Body, file)
		for _, n := range it.Notes {
			fix(n.Blocks, file)
		}
		fix(it.Headnote, manifestFile)
		fix(it.ModifiedNote, manifestFile)
		for _, q := range it.Questions {
			fix(q.Text, manifestFile)
			fix(q.Answer, manifestFile)
		}
	}
	for _, g := range b.Glossary {
		fix(g.Definition, manifestFile)
	}
}

// bookIDs collects the IDs an in-book link may name: items, parts,
// blocks, notes and anchors.
func bookIDs(b *Book) map[string]bool {
	ids := map[string]bool{"introduction": true, "contents": true, "glossary": true, "bibliography": true, "timeline": true}
	var walk func(bs []markup.Block)
	walk = func(bs []markup.Block) {
		for _, bl := range bs {
			if bl.ID != "" {
				ids[bl.ID] = true
			}
			walk(bl.Blocks)
			for _, it := range bl.Items {
				walk(it)
			}
			for _, d := range bl.Defs {
				for _, dd := range d.Defs {
					walk(dd)
				}
			}
		}
		walkInlines(bs, 0, func(in *markup.Inline, _ int) {
			if in.Anchor != "" {
				ids[in.Anchor] = true
			}
		})
	}
	walk(b.Intro)
	for _, p := range b.Parts {
		ids[p.ID] = true
		walk(p.Intro)
		walk(p.Question)
	}
	for _, it := range b.Items {
		ids[it.ID] = true
		walk(it.Body)
		walk(it.Headnote)
		for _, n := range it.Notes {
			ids[n.ID] = true
			walk(n.Blocks)
		}
	}
	for _, g := range b.Glossary {
		ids[g.ID] = true
	}
	return ids
}

// walkInlines calls f for every run in bs (and in the notes they call),
// with the line of the block it is in.
func walkInlines(bs []markup.Block, line int, f func(*markup.Inline, int)) {
	for i := range bs {
		bl := &bs[i]
		l := bl.Line
		if l == 0 {
			l = line
		}
		for k := range bl.Inlines {
			f(&bl.Inlines[k], l)
		}
		walkInlines(bl.Blocks, l, f)
		for _, it := range bl.Items {
			walkInlines(it, l, f)
		}
		if bl.Table != nil {
			for _, row := range append([][][]markup.Inline{bl.Table.Header}, bl.Table.Rows...) {
				for _, c := range row {
					for k := range c {
						f(&c[k], l)
					}
				}
			}
		}
		for d := range bl.Defs {
			for k := range bl.Defs[d].Term {
				f(&bl.Defs[d].Term[k], l)
			}
			for _, dd := range bl.Defs[d].Defs {
				walkInlines(dd, l, f)
			}
		}
	}
}
