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

// compress compresses every stream, in parallel (Workers: 1 is serial).
func (w *Writer) compress() {
	var jobs []int
	for i := range w.objs {
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

// WriteTo writes the file: header, objects, cross-reference table and a
// trailer naming root and info. The file identifier is a digest of the
// file, so that equal input gives equal output.
func (w *Writer) write(out io.Writer, root, info Ref) error {
	for i, o := range w.objs {
		if !o.set {
			return fmt.Errorf("pdfwrite: object %d was reserved but never written", i+1)
		}
	}
	w.compress()
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(w.objs))
	for i := range w.objs {
		o := &w.objs[i]
		offsets[i] = b.Len()
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(" 0 obj\n")
		switch {
		case o.content != nil:
			writeStreamDict(&b, o.dict, len(o.z), "FlateDecode")
			b.Write(o.z)
			b.WriteString("\nendstream")
			o.z = nil
		case o.plain:
			writeStreamDict(&b, o.dict, len(o.raw), o.filter)
			b.Write(o.raw)
			b.WriteString("\nendstream")
		default:
			b.Write(o.dict)
		}
		b.WriteString("\nendobj\n")
		o.dict, o.raw = nil, nil
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(w.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	id := sha256.Sum256(b.Bytes())
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root %s /Info %s /ID [<%x> <%x>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(w.objs)+1, root, info, id[:16], id[:16], xref)
	_, err := out.Write(b.Bytes())
	return err
}

// writeStreamDict writes a stream's dictionary with Length and Filter
// added before its closing ">>".
func writeStreamDict(b *bytes.Buffer, dict []byte, n int, filter string) {
	d := bytes.TrimSpace(dict)
	if bytes.HasSuffix(d, []byte(">>")) {
		d = d[:len(d)-2]
	} else {
		d = []byte("<<")
	}
	b.Write(d)
	if filter != "" {
		b.WriteString(" /Filter /")
		b.WriteString(filter)
	}
	b.WriteString(" /Length ")
	b.WriteString(strconv.Itoa(n))
	b.WriteString(">>\nstream\n")
}
