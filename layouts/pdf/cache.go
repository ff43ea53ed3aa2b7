package pdf

import (
	"crypto/sha256"
	"fmt"
	"hash/maphash"
	"io"
	"sync"

	"sourcebook/book"
	"sourcebook/layouts"
)

// Cache keeps work between builds of the same reader (sourcebook build
// --watch): each chunk's pages, drawn (see printed), by a digest of what
// the chunk is set from, and each compressed page stream by its content.
// A rebuild after an edit to one source sets only that document and the
// back matter again, and compresses only the pages whose content
// changed. Only what the last build used is kept. A Cache is used by one
// build at a time.
type Cache struct {
	mu     sync.Mutex
	chunks map[[32]byte]*chunkResult
	next   map[[32]byte]*chunkResult
	// Compressed streams, by content.
	seed        maphash.Seed
	streams     map[streamKey][]byte
	nextStreams map[streamKey][]byte
	set         int // for tests: chunks set (not taken from the cache)
	// Each page's position-dependent drawing (see Document.positioned),
	// by what it is drawn from.
	heads, nextHeads map[headKey]*drawnHead
	drawn            int // for tests: pages whose drawing was not kept
}

// headKey is what drawPage draws a page's running head, folio and margin
// notes from: the book, edition and layout (doc), the page's body
// drawing (its margin notes), its place and its labels. The glossary
// notes' page labels are checked apart (drawnHead.gloss).
type headKey struct {
	doc            [32]byte
	rec            *printed
	first, verso   bool
	opener, hashed bool
	right, label   string
}

// drawnHead is a page's position-dependent drawing, with the glyphs it
// recorded and the glossary pages its notes name.
type drawnHead struct {
	rec    *printed
	dx     float64
	glyphs []glyphUse
	gloss  []glossPage
}

type glossPage struct {
	id, label string
	ok        bool
}

func (c *Cache) head(k headKey) *drawnHead {
	h := c.heads[k]
	if h != nil {
		c.nextHeads[k] = h
	}
	return h
}

type streamKey struct {
	sum uint64
	n   int
}

// NewCache makes an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), chunks: map[[32]byte]*chunkResult{}, streams: map[streamKey][]byte{}}
}

// beginLayout and endLayout bracket a build's layout, beginWrite and
// endWrite its writing: what a build does not use is dropped at the end.
func (c *Cache) beginLayout() {
	if c != nil {
		c.next = map[[32]byte]*chunkResult{}
	}
}

func (c *Cache) endLayout() {
	if c != nil {
		c.chunks, c.next = c.next, nil
	}
}

func (c *Cache) beginWrite() {
	if c != nil {
		c.nextStreams = map[streamKey][]byte{}
		c.nextHeads = map[headKey]*drawnHead{}
	}
}

func (c *Cache) endWrite() {
	if c != nil {
		c.streams, c.nextStreams = c.nextStreams, nil
		c.heads, c.nextHeads = c.nextHeads, nil
	}
}

func (c *Cache) chunk(key [32]byte) *chunkResult {
	if c == nil || key == ([32]byte{}) {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.chunks[key]
	if r != nil {
		c.next[key] = r
	}
	return r
}

func (c *Cache) putChunk(key [32]byte, r *chunkResult) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set++
	if key != ([32]byte{}) {
		c.next[key] = r
	}
}

func (c *Cache) putCompressed(k streamKey, z []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextStreams[k] = z
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.w.Write(p)
}

// chunkKey identifies what a chunk is set from: the book's inputs other
// than sources (book.Book.Digest), the layout and options, the chunk's
// kind and ID, and for a document its source's content.
func chunkKey(b *book.Book, p layouts.Preset, opt Options, kind, id string, src *book.Source, level int) [32]byte {
	h := sha256.New()
	h.Write(b.Digest[:])
	fmt.Fprintf(h, "%+v\n%s\n%v\n%s\n%s\n%d\n%v\n%v\n", p, opt.Edition, opt.Handout, kind, id, level, b.HideParagraphNumbers, opt.PageMapOnly)
	if src != nil {
		h.Write(src.Digest[:])
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Lookup implements pdfwrite.StreamCache: streams are known by a hash of
// their content.
func (c *Cache) Lookup(content func(io.Writer)) ([]byte, func([]byte)) {
	var h maphash.Hash
	h.SetSeed(c.seed)
	cw := &countWriter{w: &h}
	content(cw)
	k := streamKey{h.Sum64(), cw.n}
	c.mu.Lock()
	z, ok := c.streams[k]
	if ok {
		c.nextStreams[k] = z
	}
	c.mu.Unlock()
	return z, func(z []byte) { c.putCompressed(k, z) }
}
