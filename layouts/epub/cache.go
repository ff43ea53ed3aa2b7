package epub

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"sync"

	"sourcebook/book"
	"sourcebook/internal/deflate"
)

// Cache keeps work between builds of the same reader (sourcebook build
// --watch): the cover, each document's rendering (memo.go) and each
// container file compressed, by content. The EPUB and the web edition
// each need their own.
// Only what the last build used is kept. A Cache is used by one build at
// a time.
type Cache struct {
	mu        sync.Mutex
	seed      maphash.Seed
	coverKey  string
	cover     []byte
	files     map[fileKey]packed
	nextFiles map[fileKey]packed
	docs      map[string]*docMemo // by file name (see memo.go)
	// nTargets and nPlaces are the last build's counts of IDs and places.
	nTargets, nPlaces int
	// rendered counts the documents the last build rendered in each
	// pass (the others were replayed), for tests.
	rendered [2]int
}

type fileKey struct {
	sum uint64
	n   int
}

// packed is a file deflated for the container.
type packed struct {
	data []byte
	crc  uint32
	size int
}

// NewCache makes an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), files: map[fileKey]packed{}}
}

func (c *Cache) sizes() (targets, places int) {
	if c == nil {
		return 0, 0
	}
	return c.nTargets, c.nPlaces
}

func (c *Cache) setSizes(targets, places int) {
	if c != nil {
		c.nTargets, c.nPlaces = targets, places
	}
}

// coverFor returns the cover, drawn again only when what it shows changed.
func (c *Cache) coverFor(b *book.Book, teacher bool) ([]byte, error) {
	if c == nil {
		return coverImage(b, teacher)
	}
	key := fmt.Sprintf("%q %q %q %q %q %v", b.Title, b.Subtitle, b.Course, b.Editors, b.Institution, teacher)
	if c.cover != nil && c.coverKey == key {
		return c.cover, nil
	}
	img, err := coverImage(b, teacher)
	if err == nil {
		c.coverKey, c.cover = key, img
	}
	return img, err
}

// zipper is one worker's deflater, reused from file to file.
type zipper struct {
	buf bytes.Buffer
	fw  *deflate.FlateWriter
}

func newZipper() *zipper {
	z := &zipper{}
	z.fw = deflate.NewFlate(&z.buf)
	return z
}

// packOne deflates one file, or takes it from the cache.
func (c *Cache) packOne(z *zipper, data []byte) (packed, error) {
	var k fileKey
	if c != nil {
		k = fileKey{maphash.Bytes(c.seed, data), len(data)}
		c.mu.Lock()
		p, ok := c.files[k]
		if ok {
			c.nextFiles[k] = p
		}
		c.mu.Unlock()
		if ok {
			return p, nil
		}
	}
	z.buf.Reset()
	z.fw.Reset(&z.buf)
	z.fw.Write(data)
	if err := z.fw.Close(); err != nil {
		return packed{}, err
	}
	p := packed{data: bytes.Clone(z.buf.Bytes()), crc: crc32.ChecksumIEEE(data), size: len(data)}
	if c != nil {
		c.mu.Lock()
		c.nextFiles[k] = p
		c.mu.Unlock()
	}
	return p, nil
}

// beginPack and endPack bracket a build's packing: what it did not use
// is dropped.
func (c *Cache) beginPack() {
	if c != nil {
		c.nextFiles = map[fileKey]packed{}
	}
}

func (c *Cache) endPack() {
	if c != nil {
		c.files, c.nextFiles = c.nextFiles, nil
	}
}
