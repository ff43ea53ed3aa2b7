package book

import (
	"crypto/sha256"
	"fmt"

	"sourcebook/book/manifest"
	"sourcebook/book/markup"
)

// itemKey is everything an item's assembly reads: what it reads of the
// reader (see readerKey), its manifest entry (with the entry's lines,
// which warnings name), its id, and its source's file and bytes.
type itemKey struct {
	reader [32]byte
	spec   [32]byte
	id     string
	file   string
	digest [32]byte
}

// specKey hashes an item's manifest entry (plain values only).
func specKey(mi manifest.ItemSpec) [32]byte {
	return sha256.Sum256([]byte(fmt.Sprintf("%#v", mi)))
}

// specPos is where an item's entry stands in its manifest.
type specPos struct{ line, col int }

// specKey is specKey(mi) for an entry of m, computed once while m is the
// manifest read (the cache keeps m while its file is unchanged, and a
// parsed manifest is never changed): formatting every entry again was a
// tenth of a --watch rebuild's loading.
func (c *Cache) specKey(m *Manifest, mi manifest.ItemSpec) [32]byte {
	if c == nil || mi.Line == 0 {
		return specKey(mi)
	}
	p := specPos{mi.Line, mi.Col}
	c.mu.Lock()
	if c.specsOf != m {
		c.specsOf, c.specs = m, map[specPos][32]byte{}
	}
	k, ok := c.specs[p]
	c.mu.Unlock()
	if ok {
		return k
	}
	k = specKey(mi)
	c.mu.Lock()
	if c.specsOf == m {
		c.specs[p] = k
	}
	c.mu.Unlock()
	return k
}

// cachedItem is an item as its assembly left it, before the book-wide
// passes (links, control characters) changed it, with what its assembly
// did to the book besides.
type cachedItem struct {
	it       *Item // never handed out: each build gets a copy
	warnings []Warning
	text     int64 // what the item's editor's texts added to the text total
}

// readerKey hashes what every item's assembly reads of the reader: the
// manifest's file and folder, the library's folders, the limits, the
// rights accepted and the glossary's terms (marked in every document).
// The labels, numbers and language are set outside the kept part.
func readerKey(m *Manifest, lib *Library, lim Limits, gloss []*GlossEntry) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%q\n%q\n%q\n%+v\n%q\n", m.File, m.Dir, lib.Dirs, lim, m.AcceptRights)
	for _, g := range gloss {
		fmt.Fprintf(h, "%q %q\n", g.ID, g.Term)
	}
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// item is the item kept under k by the last build, or nil.
func (c *Cache) item(k itemKey) *cachedItem {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// keepItems replaces the items kept with those of the build just done,
// so that the cache holds one reader's items, not every version seen.
func (c *Cache) keepItems(items map[itemKey]*cachedItem) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = items
}

// reuse is a copy of the kept item placed as fresh: its number, label
// and source are this build's; its glossary marks point at this build's
// entries, and its word bank's ids are taken in order as assembly does.
func (ci *cachedItem) reuse(fresh *Item, gloss []*GlossEntry, glossSeen map[string]int) *Item {
	it := cloneItem(ci.it)
	it.Number, it.Label, it.Title, it.Source = fresh.Number, fresh.Label, fresh.Title, fresh.Source
	byID := make(map[string]*GlossEntry, len(gloss))
	for _, g := range gloss {
		byID[g.ID] = g
	}
	for i, g := range it.Glossed {
		it.Glossed[i] = byID[g.ID]
	}
	for _, v := range it.Vocabulary {
		v.ID = glossID(it.ID+" "+v.Term, glossSeen)
	}
	return it
}

// glossedKnown says whether every glossary entry the kept item marks is
// in this build's glossary under the same id.
func (ci *cachedItem) glossedKnown(gloss []*GlossEntry) bool {
	ids := make(map[string]string, len(gloss))
	for _, g := range gloss {
		ids[g.ID] = g.Term
	}
	for _, g := range ci.it.Glossed {
		if t, ok := ids[g.ID]; !ok || t != g.Term {
			return false
		}
	}
	return true
}

// cloneItem copies everything of an item that later passes or renderers
// may change; the source and the excerpt's paragraph map are shared
// (never changed once made).
func cloneItem(in *Item) *Item {
	it := *in
	notes := map[*markup.Note]*markup.Note{}
	it.full = cloneBlocks(in.full, notes)
	it.Headnote = cloneBlocks(in.Headnote, notes)
	it.Body = cloneBlocks(in.Body, notes)
	it.ModifiedNote = cloneBlocks(in.ModifiedNote, notes)
	it.Notes = make([]*markup.Note, len(in.Notes))
	for i, n := range in.Notes {
		it.Notes[i] = cloneNote(n, notes)
	}
	if in.Notes == nil {
		it.Notes = nil
	}
	it.Questions = append([]Question(nil), in.Questions...)
	for i := range it.Questions {
		q := &it.Questions[i]
		q.Text, q.Answer = cloneBlocks(q.Text, notes), cloneBlocks(q.Answer, notes)
		if q.Ref != nil {
			r := *q.Ref
			q.Ref = &r
		}
	}
	it.Vocabulary = cloneGloss(in.Vocabulary, notes)
	it.Glossed = append([]*GlossEntry(nil), in.Glossed...)
	return &it
}

func cloneGloss(in []*GlossEntry, notes map[*markup.Note]*markup.Note) []*GlossEntry {
	if in == nil {
		return nil
	}
	out := make([]*GlossEntry, len(in))
	for i, g := range in {
		c := *g
		c.Definition = cloneBlocks(g.Definition, notes)
		out[i] = &c
	}
	return out
}

// cloneNote copies a note once, however many references point at it, so
// that the copy's references and its list of notes share it as the
// original's do.
func cloneNote(n *markup.Note, notes map[*markup.Note]*markup.Note) *markup.Note {
	if n == nil {
		return nil
	}
	if c, ok := notes[n]; ok {
		return c
	}
	c := *n
	notes[n] = &c
	c.Blocks = cloneBlocks(n.Blocks, notes)
	return &c
}

func cloneBlocks(in []markup.Block, notes map[*markup.Note]*markup.Note) []markup.Block {
	if in == nil {
		return nil
	}
	out := make([]markup.Block, len(in))
	for i, b := range in {
		b.Inlines = cloneInlines(b.Inlines, notes)
		b.Blocks = cloneBlocks(b.Blocks, notes)
		if b.Items != nil {
			items := make([][]markup.Block, len(b.Items))
			for j, it := range b.Items {
				items[j] = cloneBlocks(it, notes)
			}
			b.Items = items
		}
		if b.Table != nil {
			t := markup.TableData{Align: append([]markup.Align(nil), b.Table.Align...)}
			for _, h := range b.Table.Header {
				t.Header = append(t.Header, cloneInlines(h, notes))
			}
			for _, r := range b.Table.Rows {
				row := make([][]markup.Inline, len(r))
				for j, cell := range r {
					row[j] = cloneInlines(cell, notes)
				}
				t.Rows = append(t.Rows, row)
			}
			b.Table = &t
		}
		if b.Image != nil {
			img := *b.Image
			b.Image = &img
		}
		if b.Defs != nil {
			defs := make([]markup.Definition, len(b.Defs))
			for j, d := range b.Defs {
				defs[j].Term = cloneInlines(d.Term, notes)
				if d.Defs != nil {
					defs[j].Defs = make([][]markup.Block, len(d.Defs))
					for k, dd := range d.Defs {
						defs[j].Defs[k] = cloneBlocks(dd, notes)
					}
				}
			}
			b.Defs = defs
		}
		out[i] = b
	}
	return out
}

func cloneInlines(in []markup.Inline, notes map[*markup.Note]*markup.Note) []markup.Inline {
	if in == nil {
		return nil
	}
	out := append([]markup.Inline(nil), in...)
	for i := range out {
		out[i].Note = cloneNote(out[i].Note, notes)
	}
	return out
}
