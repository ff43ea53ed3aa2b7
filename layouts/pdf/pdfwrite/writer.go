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
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"strconv"

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

type object struct {
	dict    []byte          // the object, or a stream's dictionary without /Length and /Filter
	content func(io.Writer) // stream data, written when compressed
	raw     []byte          // stream data kept as is (already compressed, or metadata)
	filter  string          // filter of raw data ("" for none)
	plain   bool            // stream written uncompressed (XMP metadata)
	z       []byte          // compressed content
	set     bool
}

// Writer collects objects and writes them as one PDF file.
type Writer struct {
	objs    []object
	Workers int         // streams compressed at once (GOMAXPROCS when 0, serially when 1)
	Cache   StreamCache // optional
}

// Alloc reserves an object number, so that objects can refer forward.
func (w *Writer) Alloc() Ref {
	w.objs = append(w.objs, object{})
	return Ref(len(w.objs))
}

// Object sets a plain object's body.
func (w *Writer) Object(r Ref, body string) {
	w.objs[r-1] = object{dict: []byte(body), set: true}
}

// Stream sets a stream object: dict is its dictionary without Length and
// Filter (e.g. "<</Type /XObject …>>"); content writes the data, which is
// Flate-compressed.
func (w *Writer) Stream(r Ref, dict string, content func(io.Writer)) {
	w.objs[r-1] = object{dict: []byte(dict), content: content, set: true}
}

// RawStream sets a stream whose data is written as given, with filter
// (e.g. "DCTDecode", or "" for none).
func (w *Writer) RawStream(r Ref, dict string, data []byte, filter string) {
	w.objs[r-1] = object{dict: []byte(dict), raw: data, filter: filter, plain: true, set: true}
}

// window is how many streams are compressed ahead of the one being
// written: enough to keep every worker busy, few enough that memory does
// not grow with the number of pages.
const window = 64

// compress compresses the streams among objs[from:to], in parallel
// (Workers: 1 is serial).
func (w *Writer) compress(from, to int) {
	var jobs []int
	for i := from; i < to; i++ {
		if w.objs[i].content != nil {
			jobs = append(jobs, i)
		}
	}
	work.Each(w.Workers, len(jobs), func() func(int) {
		var buf bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
		return func(k int) {
			o := &w.objs[jobs[k]]
			var store func([]byte)
			if w.Cache != nil {
				if o.z, store = w.Cache.Lookup(o.content); o.z != nil {
					return
				}
			}
			buf.Reset()
			zw.Reset(&buf)
			o.content(zw)
			zw.Close()
			o.z = bytes.Clone(buf.Bytes())
			if store != nil {
				store(o.z)
			}
		}
	})
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
	}
	f.buf = append(f.buf, s...)
}

// write writes the file: header, objects, cross-reference table and a
// trailer naming root and info. Streams are compressed a window at a
// time and each object is dropped once written. The file identifier is
// a digest of the file, so that equal input gives equal output.
func (w *Writer) write(out io.Writer, root, info Ref) error {
	for i, o := range w.objs {
		if !o.set {
			return fmt.Errorf("pdfwrite: object %d was reserved but never written", i+1)
		}
	}
	f := &fileWriter{out: out, h: sha256.New(), buf: make([]byte, 0, 1<<16+1024)}
	f.writeString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(w.objs))
	var d []byte
	for i := range w.objs {
		if i%window == 0 {
			w.compress(i, min(i+window, len(w.objs)))
		}
		o := &w.objs[i]
		offsets[i] = f.n
		d = strconv.AppendInt(d[:0], int64(i+1), 10)
		d = append(d, " 0 obj\n"...)
		switch {
		case o.content != nil:
			d = appendStreamDict(d, o.dict, len(o.z), "FlateDecode")
			f.write(d)
			f.write(o.z)
			f.writeString("\nendstream")
		case o.plain:
			d = appendStreamDict(d, o.dict, len(o.raw), o.filter)
			f.write(d)
			f.write(o.raw)
			f.writeString("\nendstream")
		default:
			f.write(d)
			f.write(o.dict)
		}
		f.writeString("\nendobj\n")
		*o = object{set: true}
	}
	xref := f.n
	f.writeString(fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(w.objs)+1))
	for _, off := range offsets {
		d = append(d[:0], "0000000000 00000 n \n"...)
		s := strconv.Itoa(off)
		copy(d[10-len(s):10], s)
		f.write(d)
	}
	f.flush()
	if f.err != nil {
		return f.err
	}
	id := f.h.Sum(nil)
	_, err := fmt.Fprintf(out, "trailer\n<</Size %d /Root %s /Info %s /ID [<%x> <%x>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(w.objs)+1, root, info, id[:16], id[:16], xref)
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
