package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
	"time"

	"sourcebook/internal/work"
)

// A sink takes an edition's files as pass 2 renders them, in reading
// order, so that no rendered document is held longer than it takes to
// compress or write it.
type sink interface {
	// begin is called once pass 1 is done: docs are the content
	// documents (without their text) in reading order.
	begin(p *pub, docs []*doc, cover []byte) error
	// doc takes one document of pass 2.
	doc(p *pub, d *doc) error
	// end takes the images and finishes.
	end(p *pub) error
}

// zipSink writes the EPUB's OCF container as it goes: mimetype first and
// stored, so that the file starts with "mimetypeapplication/epub+zip",
// then the package files, the documents in reading order and the images,
// each deflated on the other cores while the next is rendered.
type zipSink struct {
	zw  *zip.Writer
	mod time.Time
	c   *Cache
	// serial (one worker) packs and writes each file as it comes.
	serial bool
	z      *zipper
	jobs   chan packJob
	order  chan packJob // the same jobs, in the order they are written
	wg     sync.WaitGroup
	wrote  chan struct{}
	waited bool
	err    error // the first error met; written by the writing goroutine
}

type packJob struct {
	name string
	data []byte
	memo *docMemo // given the packed file for the next build
	res  chan packResult
}

type packResult struct {
	pk  packed
	err error
}

func newZipSink(w io.Writer, mod time.Time, c *Cache, workers int) *zipSink {
	mod = mod.UTC()
	if min := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC); mod.Before(min) {
		mod = min // ZIP cannot represent earlier times
	}
	s := &zipSink{zw: zip.NewWriter(w), mod: mod, c: c}
	n := work.Count(workers)
	if n == 1 {
		s.serial, s.z = true, newZipper()
		return s
	}
	// A few files ahead of the writer at most: what is held is bounded.
	s.jobs = make(chan packJob, 2*n)
	s.order = make(chan packJob, 4*n)
	for range n {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			z := newZipper()
			for j := range s.jobs {
				pk, err := c.packOne(z, j.data)
				if err != nil {
					err = fmt.Errorf("epub: %w", err)
				}
				j.res <- packResult{pk, err}
			}
		}()
	}
	s.wrote = make(chan struct{})
	go func() {
		defer close(s.wrote)
		for j := range s.order {
			r := <-j.res
			if r.err == nil && j.memo != nil {
				j.memo.pk = &r.pk
			}
			if s.err == nil {
				s.err = r.err
			}
			if s.err == nil {
				s.err = s.entry(j.name, r.pk)
			}
		}
	}()
	return s
}

// add deflates a file (or takes pre, already deflated) and writes it
// after the files added before it.
func (s *zipSink) add(name string, data []byte, pre *packed, memo *docMemo) error {
	if s.serial {
		if s.err != nil {
			return s.err
		}
		var pk packed
		if pre != nil {
			pk = *pre
		} else if pk, s.err = s.c.packOne(s.z, data); s.err != nil {
			s.err = fmt.Errorf("epub: %w", s.err)
			return s.err
		}
		if memo != nil {
			memo.pk = &pk
		}
		s.err = s.entry(name, pk)
		return s.err
	}
	j := packJob{name: name, data: data, memo: memo, res: make(chan packResult, 1)}
	if pre != nil {
		j.res <- packResult{pk: *pre}
	} else {
		s.jobs <- j
	}
	s.order <- j
	return nil
}

// entry writes one deflated file into the container.
func (s *zipSink) entry(name string, pk packed) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("epub: %w", err)
		}
	}()
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: pk.crc,
		CompressedSize64: uint64(len(pk.data)), UncompressedSize64: uint64(pk.size)}
	//lint:ignore SA1019 the MS-DOS fields are wanted: Modified adds an extra field
	fh.ModifiedDate, fh.ModifiedTime = msDosTime(s.mod)
	fw, err := s.zw.CreateRaw(fh)
	if err == nil {
		_, err = fw.Write(pk.data)
	}
	return err
}

// wait lets the packing and writing finish.
func (s *zipSink) wait() error {
	if !s.serial && !s.waited {
		s.waited = true
		close(s.jobs)
		close(s.order)
		s.wg.Wait()
		<-s.wrote
	}
	return s.err
}

func (s *zipSink) begin(p *pub, docs []*doc, cover []byte) error {
	mt := []byte("application/epub+zip")
	// CreateRaw with MS-DOS time fields: Modified would add an extended
	// timestamp extra field, which EPUB forbids on mimetype, and the raw
	// writer adds no data descriptor.
	fh := &zip.FileHeader{Name: "mimetype", Method: zip.Store, CRC32: crc32.ChecksumIEEE(mt),
		CompressedSize64: uint64(len(mt)), UncompressedSize64: uint64(len(mt))}
	//lint:ignore SA1019 the MS-DOS fields are wanted: Modified adds an extra field
	fh.ModifiedDate, fh.ModifiedTime = msDosTime(s.mod)
	fw, err := s.zw.CreateRaw(fh)
	if err == nil {
		_, err = fw.Write(mt)
	}
	if err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	for _, f := range []file{
		{"META-INF/container.xml", []byte(containerXML)},
		{"EPUB/package.opf", p.packageDoc(docs)},
		{"EPUB/toc.ncx", p.ncx(p.identifier())},
		{"EPUB/css/style.css", styleCSS},
		{"EPUB/images/cover.png", cover},
	} {
		if err := s.add(f.name, f.data, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

func (s *zipSink) doc(p *pub, d *doc) error {
	return s.add("EPUB/"+d.file, d.data, d.pk, d.memo)
}

func (s *zipSink) end(p *pub) error {
	for _, im := range p.images.list {
		if err := s.add("EPUB/"+im.file, im.data, nil, nil); err != nil {
			return err
		}
	}
	if err := s.wait(); err != nil {
		return err
	}
	if err := s.zw.Close(); err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	return nil
}

// siteSink hands each web page on as it is made, with its navigation
// bar: the reading order and the titles are known after pass 1.
type siteSink struct {
	put    func(SiteFile) error
	order  []string
	at     map[string]int
	titles map[string]string
	z      *zipper // deflates the pages the document cache keeps
}

func (s *siteSink) begin(p *pub, docs []*doc, cover []byte) error {
	s.at, s.titles = map[string]int{}, map[string]string{}
	for i, d := range docs {
		s.order = append(s.order, p.href(d.file))
		s.at[s.order[i]] = i
	}
	for _, e := range flatToc(p.toc) {
		s.titles[p.href(e.file)] = e.text
	}
	if err := s.put(SiteFile{Name: "css/style.css", Data: append(append([]byte(nil), styleCSS...), webCSS...)}); err != nil {
		return err
	}
	return s.put(SiteFile{Name: "images/cover.png", Data: cover})
}

func (s *siteSink) doc(p *pub, d *doc) error {
	name := p.href(d.file)
	i, ok := s.at[name]
	if !ok {
		i = -1
	}
	nav := p.bookNav(name, i, s.order, s.titles)
	f := SiteFile{Name: name}
	if d.memo != nil || d.pk != nil {
		// The page is what its document's key and its bar make.
		h := sha256.New()
		h.Write(d.key[:])
		io.WriteString(h, nav)
		h.Sum(f.Key[:0])
	}
	switch {
	case d.pk != nil:
		// Kept from the last build: made again only if it is needed.
		pk := *d.pk
		f.Load = func() ([]byte, error) {
			data, err := unpack(pk)
			if err != nil {
				return nil, err
			}
			return withNav(data, nav), nil
		}
		return s.put(f)
	case d.memo != nil:
		// The cache keeps the page compressed, for the next build.
		if s.z == nil {
			s.z = newZipper()
		}
		pk, err := (*Cache)(nil).packOne(s.z, d.data)
		if err != nil {
			return err
		}
		d.memo.pk = &pk
	}
	f.Data = withNav(d.data, nav)
	return s.put(f)
}

// withNav puts a page's navigation bar in its slot.
func withNav(page []byte, nav string) []byte {
	return bytes.Replace(page, []byte(navSlot), []byte(nav), 1)
}

func (s *siteSink) end(p *pub) error {
	for _, im := range p.images.list {
		if err := s.put(SiteFile{Name: im.file, Data: im.data}); err != nil {
			return err
		}
	}
	return nil
}

// unpack inflates a packed file.
func unpack(pk packed) ([]byte, error) {
	out := make([]byte, 0, pk.size)
	buf := bytes.NewBuffer(out)
	r := flate.NewReader(bytes.NewReader(pk.data))
	defer r.Close()
	if _, err := io.Copy(buf, r); err != nil {
		return nil, fmt.Errorf("epub: a kept page: %w", err)
	}
	return buf.Bytes(), nil
}
