package epub

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
	"sourcebook/layouts"
	"sourcebook/layouts/pdf"
)

// recordSink keeps what a build hands on, for tests.
type recordSink struct {
	begun []*doc
	got   []*doc
	ended bool
}

func (r *recordSink) begin(p *pub, docs []*doc, cover []byte) error {
	r.begun = docs
	return nil
}
func (r *recordSink) doc(p *pub, d *doc) error { r.got = append(r.got, d); return nil }
func (r *recordSink) end(p *pub) error         { r.ended = true; return nil }

func genBook(t testing.TB, docs int) (*book.Book, *layouts.PageMap) {
	t.Helper()
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	path, err := gen.Reader{Documents: docs, Seed: 3}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Load(path, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	preset, err := layouts.Get("reader", "letter")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pdf.Layout(b, preset, pdf.Options{PageMapOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return b, doc.PageMap()
}

// TestColdBuildKeepsNoRenderedDocument: without a cache, pass 1 keeps no
// document's text, pass 2 hands each document on as it is rendered, in
// reading order, and nothing is kept of it afterwards.
func TestColdBuildKeepsNoRenderedDocument(t *testing.T) {
	b, pages := genBook(t, 6)
	p, err := newPub(b, Options{Pages: pages})
	if err != nil {
		t.Fatal(err)
	}
	var r recordSink
	if err := p.build(&r); err != nil {
		t.Fatal(err)
	}
	if !r.ended || len(r.begun) == 0 || len(r.got) != len(r.begun) {
		t.Fatalf("pass 1 listed %d documents, pass 2 handed on %d (ended %v)", len(r.begun), len(r.got), r.ended)
	}
	for i, d := range r.begun {
		if d.data != nil || d.pk != nil {
			t.Errorf("pass 1 kept the text of %s", d.file)
		}
		g := r.got[i]
		if g.file != d.file || g.id != d.id || g.props != d.props {
			t.Errorf("document %d: pass 2 handed on %s (%s), pass 1 listed %s (%s)", i, g.file, g.id, d.file, d.id)
		}
		if g.memo != nil || g.pk != nil {
			t.Errorf("%s: a build without a cache gave the document to a cache", g.file)
		}
		if err := wellFormed(g.data); err != nil {
			t.Errorf("%s as handed on: %v", g.file, err)
		}
	}
	for _, d := range p.docs {
		if d.data != nil {
			t.Errorf("the build still holds the text of %s", d.file)
		}
	}
	if p.memo != nil {
		t.Error("a build without a cache made a document memo")
	}
}

// TestCacheKeepsOnlyCompressedDocuments: the document cache keeps each
// document deflated, exactly as the container holds it, and not its text.
func TestCacheKeepsOnlyCompressedDocuments(t *testing.T) {
	b, pages := genBook(t, 6)
	c := NewCache()
	var buf bytes.Buffer
	if err := Write(&buf, b, Options{Pages: pages, Cache: c}); err != nil {
		t.Fatal(err)
	}
	files, _ := entries(t, buf.Bytes())
	if len(c.docs) != 6 {
		t.Fatalf("the cache holds %d documents, want 6", len(c.docs))
	}
	for file, m := range c.docs {
		if m.doc == nil || m.doc.data != nil {
			t.Errorf("%s: the cache holds its text", file)
		}
		if m.pk == nil {
			t.Errorf("%s: the cache holds no compressed copy", file)
			continue
		}
		text, err := unpack(*m.pk)
		if err != nil {
			t.Fatal(err)
		}
		if want, ok := files["EPUB/"+file]; !ok || !bytes.Equal(text, want) {
			t.Errorf("%s: the kept copy differs from the container's", file)
		}
	}
}

// wellFormed reports whether data parses as XML from start to end.
func wellFormed(data []byte) error {
	if len(data) == 0 {
		return io.ErrUnexpectedEOF
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// discardSink drops what it is handed.
type discardSink struct{}

func (discardSink) begin(*pub, []*doc, []byte) error { return nil }
func (discardSink) doc(*pub, *doc) error             { return nil }
func (discardSink) end(*pub) error                   { return nil }

// BenchmarkRender: both passes of the EPUB's documents, without
// compressing or writing them.
func BenchmarkRender(b *testing.B) {
	bk, pages := genBook(b, 100)
	prev := coverImage
	coverImage = func(*book.Book, bool) ([]byte, error) { return nil, nil }
	defer func() { coverImage = prev }()
	b.ReportAllocs()
	for b.Loop() {
		p, err := newPub(bk, Options{Pages: pages})
		if err != nil {
			b.Fatal(err)
		}
		if err := p.build(discardSink{}); err != nil {
			b.Fatal(err)
		}
	}
}

// failAfter is a writer that fails once n bytes are written: a full disk.
type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, io.ErrShortWrite
	}
	f.n -= len(p)
	return len(p), nil
}

// TestWriteFailsCleanly: a write that fails part way through the
// archive (a full disk) fails the EPUB with an error, serial or in
// parallel, whether early or late.
func TestWriteFailsCleanly(t *testing.T) {
	b, pages := genBook(t, 4)
	var full bytes.Buffer
	if err := Write(&full, b, Options{Pages: pages}); err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		for _, n := range []int{10, full.Len() / 2, full.Len() - 10} {
			err := Write(&failAfter{n: n}, b, Options{Pages: pages, Workers: workers})
			if err == nil || !errors.Is(err, io.ErrShortWrite) {
				t.Errorf("workers %d, the disk full after %d bytes: error %v", workers, n, err)
			}
		}
	}
}
