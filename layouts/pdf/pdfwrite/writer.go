// Package pdfwrite writes PDF files at the level of glyphs: numbered
// objects, a cross-reference table, Flate streams compressed in parallel,
// composite fonts (Type0, Identity-H) subset by glyph id with ToUnicode
// maps, images, link annotations, an outline and metadata.
//
// It knows nothing about layout: callers write page content streams
// themselves (see Content) and give the writer the glyphs they drew.
// Nothing here parses PDF: every byte is written once, in order.
package pdfwrite

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"strconv"
	"sync"

	"sourcebook/internal/deflate"
	"sourcebook/internal/work"
)

// Ref is an indirect object's number.
type Ref int

func (r Ref) String() string { return strconv.Itoa(int(r)) + " 0 R" }

// StreamCache keeps compressed streams between builds. Lookup returns the
// compressed form of the content (nil if unknown) and a function that
// stores a newly compressed form.
type StreamCache interface {
	Lookup(content func(io.Writer)) (z []byte, store func(z []byte))
}

// stream is a stream waiting to be compressed and written.
type stream struct {
	ref     Ref
	dict    []byte
	content func(io.Writer)
	z       []byte
}

// Writer writes objects to the file as they are set (after begin; before
// it they are kept), and streams a window at a time, compressed in
// parallel. Only each object's offset is kept, for the cross-reference
// table.
type Writer struct {
	offsets []int // per object; 0: reserved, not yet written
	pending []stream
	early   []func() // objects set before begin
	f       *fileWriter
	Workers int         // streams compressed at once (GOMAXPROCS when 0, serially when 1)
	Cache   StreamCache // optional
}

// Alloc reserves an object number, so that objects can refer forward.
func (w *Writer) Alloc() Ref {
	w.offsets = append(w.offsets, 0)
	return Ref(len(w.offsets))
}

// Object sets a plain object's body.
func (w *Writer) Object(r Ref, body string) {
	if w.f == nil {
		w.early = append(w.early, func() { w.Object(r, body) })
		return
	}
	w.start(r)
	w.f.writeString(body)
	w.f.writeString("\nendobj\n")
}

// objectBytes sets a plain object's body from bytes (not kept), once
// the file is begun.
func (w *Writer) objectBytes(r Ref, body []byte) {
	if w.f == nil {
		w.Object(r, string(body))
		return
	}
	w.start(r)
	w.f.write(body)
	w.f.writeString("\nendobj\n")
}

// start begins object r.
func (w *Writer) start(r Ref) {
	w.offsets[r-1] = w.f.n
	var d [24]byte
	w.f.write(append(strconv.AppendInt(d[:0], int64(r), 10), " 0 obj\n"...))
}

// Stream sets a stream object: dict is its dictionary without Length and
// Filter (e.g. "<</Type /XObject …>>"); content writes the data, which is
// Flate-compressed.
func (w *Writer) Stream(r Ref, dict string, content func(io.Writer)) {
	if w.f == nil {
		w.early = append(w.early, func() { w.Stream(r, dict, content) })
		return
	}
	w.pending = append(w.pending, stream{ref: r, dict: []byte(dict), content: content})
	if len(w.pending) >= window {
		w.flush()
	}
}

// RawStream sets a stream whose data is written as given, with filter
// (e.g. "DCTDecode", or "" for none).
func (w *Writer) RawStream(r Ref, dict string, data []byte, filter string) {
	if w.f == nil {
		w.early = append(w.early, func() { w.RawStream(r, dict, data, filter) })
		return
	}
	w.start(r)
	w.f.write(appendStreamDict(nil, []byte(dict), len(data), filter))
	w.f.write(data)
	w.f.writeString("\nendstream\nendobj\n")
}

// window is how many streams are compressed together: enough to keep
// every worker busy, few enough that memory does not grow with the
// number of pages.
const window = 64

// flush compresses the pending streams, in parallel (Workers: 1 is
// serial), and writes them in the order they were set.
func (w *Writer) flush() {
	jobs := w.pending
	// A compressor is large: each worker takes one kept from an earlier
	// window (flush runs once every 64 streams) and gives it back.
	var mu sync.Mutex
	var used []*compressor
	defer func() {
		for _, c := range used {
			compressors.Put(c)
		}
	}()
	work.Each(w.Workers, len(jobs), func() func(int) {
		c := compressors.Get().(*compressor)
		mu.Lock()
		used = append(used, c)
		mu.Unlock()
		buf, zw := &c.buf, c.zw
		return func(k int) {
			o := &jobs[k]
			var store func([]byte)
			if w.Cache != nil {
				if o.z, store = w.Cache.Lookup(o.content); o.z != nil {
					return
				}
			}
			buf.Reset()
			zw.Reset(buf)
			o.content(zw)
			zw.Close()
			o.z = bytes.Clone(buf.Bytes())
			if store != nil {
				store(o.z)
			}
		}
	})
	for i := range jobs {
		o := &jobs[i]
		w.start(o.ref)
		w.f.write(appendStreamDict(nil, o.dict, len(o.z), "FlateDecode"))
		w.f.write(o.z)
		w.f.writeString("\nendstream\nendobj\n")
		*o = stream{}
	}
	w.pending = w.pending[:0]
}

// compressor is a zlib writer and its buffer, reused.
type compressor struct {
	buf bytes.Buffer
	zw  *deflate.ZlibWriter
}

var compressors = sync.Pool{New: func() any {
	c := &compressor{}
	c.zw = deflate.NewZlib(&c.buf)
	return c
}}

// begin starts the file on out: the header, then the objects set so far.
func (w *Writer) begin(out io.Writer) {
	w.f = &fileWriter{out: out, h: sha256.New(), buf: make([]byte, 0, 1<<16+1024)}
	w.f.writeString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	for _, set := range w.early {
		set()
	}
	w.early = nil
}

// fileWriter writes the file as it goes, counting its offset and
// hashing it for the file identifier.
type fileWriter struct {
	out io.Writer
	buf []byte
	n   int
	h   hash.Hash
	err error
}

func (f *fileWriter) flush() {
	if f.err == nil && len(f.buf) > 0 {
		f.h.Write(f.buf)
		_, f.err = f.out.Write(f.buf)
	}
	f.buf = f.buf[:0]
}

func (f *fileWriter) write(p []byte) {
	f.n += len(p)
	if len(f.buf)+len(p) > 1<<16 {
		f.flush()
		if len(p) > 1<<16 {
			if f.err == nil {
				f.h.Write(p)
				_, f.err = f.out.Write(p)
			}
			return
		}
	}
	f.buf = append(f.buf, p...)
}

func (f *fileWriter) writeString(s string) {
	f.n += len(s)
	if len(f.buf)+len(s) > 1<<16 {
		f.flush()
		if len(s) > 1<<16 {
			if f.err == nil {
				f.h.Write([]byte(s))
				_, f.err = io.WriteString(f.out, s)
			}
			return
		}
	}
	f.buf = append(f.buf, s...)
}

// finish writes the pending streams, the cross-reference table and a
// trailer naming root and info. The file identifier is a digest of the
// file, so that equal input gives equal output.
func (w *Writer) finish(root, info Ref) error {
	w.flush()
	for i, off := range w.offsets {
		if off == 0 {
			return fmt.Errorf("pdfwrite: object %d was reserved but never written", i+1)
		}
	}
	f := w.f
	xref := f.n
	f.writeString(fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1))
	d := []byte("0000000000 00000 n \n")
	for _, off := range w.offsets {
		s := strconv.Itoa(off)
		copy(d, "0000000000")
		copy(d[10-len(s):10], s)
		f.write(d)
	}
	f.flush()
	if f.err != nil {
		return f.err
	}
	id := f.h.Sum(nil)
	_, err := fmt.Fprintf(f.out, "trailer\n<</Size %d /Root %s /Info %s /ID [<%x> <%x>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(w.offsets)+1, root, info, id[:16], id[:16], xref)
	return err
}

// appendStreamDict appends a stream's dictionary with Length and Filter
// added before its closing ">>".
func appendStreamDict(b []byte, dict []byte, n int, filter string) []byte {
	d := bytes.TrimSpace(dict)
	if bytes.HasSuffix(d, []byte(">>")) {
		d = d[:len(d)-2]
	} else {
		d = []byte("<<")
	}
	b = append(b, d...)
	if filter != "" {
		b = append(b, " /Filter /"...)
		b = append(b, filter...)
	}
	b = append(b, " /Length "...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, ">>\nstream\n"...)
}
