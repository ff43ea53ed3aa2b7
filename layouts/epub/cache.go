package epub

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"sync"

	"sourcebook/book"
	"sourcebook/internal/deflate"
	"sourcebook/internal/work"
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
	// pages and nextPages are the web edition's pages (site.go).
	pages, nextPages map[string]madePage
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

// pack deflates the files on every core, reusing what the cache has.
// Files whose data is nil were packed as they were rendered (see
// packer) and are taken from early.
func (c *Cache) pack(files []file, early map[string]packed, workers int) ([]packed, error) {
	out := make([]packed, len(files))
	errs := make([]error, len(files))
	work.Each(workers, len(files), func() func(int) {
		z := newZipper()
		return func(i int) {
			if files[i].data == nil {
				if pk, ok := early[files[i].name]; ok {
					out[i] = pk
					return
				}
			}
			out[i], errs[i] = c.packOne(z, files[i].data)
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
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

// packer deflates the EPUB's documents as pass 2 renders them, on the
// other cores, so that only their compressed bytes are held until the
// container is written, not every document's text.
type packer struct {
	c      *Cache
	serial bool // one worker: each document is packed as it is added
	z      *zipper
	jobs   chan file
	wg     sync.WaitGroup
	mu     sync.Mutex
	out    map[string]packed
	err    error
}

func newPacker(c *Cache, workers int) *packer {
	k := &packer{c: c, jobs: make(chan file, 16), out: map[string]packed{}}
	if work.Count(workers) == 1 {
		k.serial, k.z = true, newZipper()
		return k
	}
	for range work.Count(workers) {
		k.wg.Add(1)
		go func() {
			defer k.wg.Done()
			z := newZipper()
			for f := range k.jobs {
				pk, err := c.packOne(z, f.data)
				k.mu.Lock()
				k.out[f.name] = pk
				if err != nil && k.err == nil {
					k.err = err
				}
				k.mu.Unlock()
			}
		}()
	}
	return k
}

// add packs a document and returns it without its text.
func (k *packer) add(d *doc) *doc {
	if k.serial {
		pk, err := k.c.packOne(k.z, d.data)
		k.out["EPUB/"+d.file] = pk
		if err != nil && k.err == nil {
			k.err = err
		}
	} else {
		k.jobs <- file{"EPUB/" + d.file, d.data}
	}
	h := *d
	h.data = nil
	return &h
}

// done waits for the packing to finish.
func (k *packer) done() (map[string]packed, error) {
	close(k.jobs)
	k.wg.Wait()
	return k.out, k.err
}
