// Package deflate is the program's one Deflate compressor: zlib for PDF
// streams, raw Deflate for EPUB entries. It uses
// github.com/klauspost/compress, which on the speeches gives output as
// small as the standard library's at about 40 % of its CPU
// (docs/design-compression.md). The levels are fixed here so that every
// caller compresses alike; the output depends only on the input, so
// builds stay byte-identical whatever the number of workers.
package deflate

import (
	"bytes"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zlib"
)

const (
	// StreamLevel is for PDF streams: smaller than the standard
	// library's BestSpeed, at half its CPU.
	StreamLevel = 2
	// EntryLevel is for EPUB entries: within 2.5 % of the standard
	// library's level 5, at 40 % of its CPU.
	EntryLevel = 5
)

// ZlibWriter and FlateWriter are the writers callers keep and Reset.
type (
	ZlibWriter  = zlib.Writer
	FlateWriter = flate.Writer
)

// NewZlib returns a zlib writer at StreamLevel. A writer is large (about
// 1 MB): keep one per worker and Reset it rather than make one per stream.
func NewZlib(w io.Writer) *ZlibWriter {
	z, _ := zlib.NewWriterLevel(w, StreamLevel) // the level is valid
	return z
}

// NewFlate returns a raw Deflate writer at EntryLevel; see NewZlib.
func NewFlate(w io.Writer) *FlateWriter {
	f, _ := flate.NewWriter(w, EntryLevel) // the level is valid
	return f
}

var zlibs = sync.Pool{New: func() any { return NewZlib(io.Discard) }}

// AppendZlib appends the zlib stream of data to dst, with a pooled
// writer: for callers that compress now and then.
func AppendZlib(dst, data []byte) []byte {
	z := zlibs.Get().(*ZlibWriter)
	b := bytes.NewBuffer(dst)
	z.Reset(b)
	z.Write(data) // a bytes.Buffer does not fail
	z.Close()
	z.Reset(io.Discard) // hold no caller's buffer in the pool
	zlibs.Put(z)
	return b.Bytes()
}
