package epub

import (
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"sourcebook/internal/work"
	"sync"

	"sourcebook/book"
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

// pack deflates the files on every core, reusing what the cache has.
func (c *Cache) pack(files []file, workers int) ([]packed, error) {
	out := make([]packed, len(files))
	errs := make([]error, len(files))
	if c != nil {
		c.nextFiles = map[fileKey]packed{}
		defer func() { c.files, c.nextFiles = c.nextFiles, nil }()
	}
	work.Each(workers, len(files), func() func(int) {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, 5) // archive/zip's level
		return func(i int) {
			data := files[i].data
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
					out[i] = p
					return
				}
			}
			buf.Reset()
			fw.Reset(&buf)
			fw.Write(data)
			if err := fw.Close(); err != nil {
				errs[i] = err
				return
			}
			out[i] = packed{data: bytes.Clone(buf.Bytes()), crc: crc32.ChecksumIEEE(data), size: len(data)}
			if c != nil {
				c.mu.Lock()
				c.nextFiles[k] = out[i]
				c.mu.Unlock()
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
