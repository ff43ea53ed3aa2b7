package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"sort"
	"sourcebook/internal/work"
	"strconv"
	"sync"
)

// compressStreams Flate-compresses the uncompressed streams of a PDF that
// fpdf wrote with compression off, and rebuilds its cross-reference table.
//
// Written here because fpdf makes a new zlib writer, with its large
// tables, for every page (over half of the writing time of a long reader);
// doing it ourselves reuses writers and uses every core. Only streams
// whose dictionary is exactly <</Length N>> are touched (page contents
// and ToUnicode maps): adding /Filter /FlateDecode is valid for them.
// expand, when set, writes a stream's data to the compressor in place of
// writing it as is (see segmentRef).
func compressStreams(pdf []byte, workers int, expand func([]byte, io.Writer), cache *Cache) ([]byte, error) {
	xrefAt := bytes.LastIndex(pdf, []byte("\nxref\n"))
	if xrefAt < 0 {
		return nil, fmt.Errorf("no cross-reference table")
	}
	xrefAt++
	rest := pdf[xrefAt+len("xref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	var first, count int
	if _, err := fmt.Sscanf(string(rest[:nl]), "%d %d", &first, &count); err != nil || first != 0 {
		return nil, fmt.Errorf("unexpected cross-reference header")
	}
	rest = rest[nl+1:]
	if len(rest) < count*20 {
		return nil, fmt.Errorf("short cross-reference table")
	}
	type obj struct {
		num, off int
	}
	objs := make([]obj, 0, count)
	for i := 1; i < count; i++ {
		off, err := strconv.Atoi(string(rest[i*20 : i*20+10]))
		if err != nil {
			return nil, fmt.Errorf("bad cross-reference entry %d", i)
		}
		objs = append(objs, obj{i, off})
	}
	trailer := rest[count*20:]
	sort.Slice(objs, func(a, b int) bool { return objs[a].off < objs[b].off })
	// Cut the file into object bodies and find the streams to compress.
	bodies := make([][]byte, len(objs))
	var jobs []int
	for i, o := range objs {
		end := xrefAt
		if i+1 < len(objs) {
			end = objs[i+1].off
		}
		if o.off < 0 || o.off > end || end > len(pdf) {
			return nil, fmt.Errorf("bad offset for object %d", o.num)
		}
		bodies[i] = pdf[o.off:end]
		if plainStreamRE.Match(bodies[i]) {
			jobs = append(jobs, i)
		}
	}
	out := make([][]byte, len(objs))
	var mu sync.Mutex
	var firstErr error
	work.Each(workers, len(jobs), func() func(int) {
		var buf bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
		return func(k int) {
			i := jobs[k]
			res, err := recompress(bodies[i], zw, &buf, expand, cache)
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("object %d: %w", objs[i].num, err)
				}
				mu.Unlock()
				return
			}
			out[i] = res
		}
	})
	if firstErr != nil {
		return nil, firstErr
	}
	var res bytes.Buffer
	res.Grow(len(pdf) / 2)
	res.Write(pdf[:objs[0].off])
	offsets := make([]int, count)
	for i, o := range objs {
		offsets[o.num] = res.Len()
		switch {
		case out[i] != nil:
			res.Write(out[i])
		case bytes.Contains(bodies[i], []byte(" /utf8")) && !bytes.Contains(bodies[i], []byte("stream\n")):
			res.Write(subsetNames(bodies[i]))
		default:
			res.Write(bodies[i])
		}
	}
	xref := res.Len()
	fmt.Fprintf(&res, "xref\n0 %d\n0000000000 65535 f \n", count)
	for j := 1; j < count; j++ {
		fmt.Fprintf(&res, "%010d 00000 n \n", offsets[j])
	}
	// The trailer dictionary is kept; only startxref changes.
	sx := bytes.Index(trailer, []byte("startxref\n"))
	if sx < 0 {
		return nil, fmt.Errorf("no startxref")
	}
	res.Write(trailer[:sx])
	fmt.Fprintf(&res, "startxref\n%d\n%%%%EOF\n", xref)
	return res.Bytes(), nil
}

var plainStreamRE = regexp.MustCompile(`^\d+ 0 obj\n<</Length (\d+)>>\nstream\n`)

func recompress(body []byte, zw *zlib.Writer, buf *bytes.Buffer, expand func([]byte, io.Writer), cache *Cache) ([]byte, error) {
	m := plainStreamRE.FindSubmatchIndex(body)
	n, _ := strconv.Atoi(string(body[m[2]:m[3]]))
	head := body[:m[0]]
	start := m[1]
	if start+n > len(body) {
		return nil, fmt.Errorf("stream longer than its object")
	}
	data := body[start : start+n]
	tail := body[start+n:]
	if !bytes.HasPrefix(tail, []byte("\nendstream")) {
		return nil, fmt.Errorf("stream length does not match")
	}
	var z []byte
	var key streamKey
	if cache != nil {
		z, key = cache.compressed(data, expand)
	}
	if z == nil {
		buf.Reset()
		zw.Reset(buf)
		if expand != nil {
			expand(data, zw)
		} else {
			zw.Write(data)
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		z = buf.Bytes()
		if cache != nil {
			cache.putCompressed(key, bytes.Clone(z))
		}
	}
	objHead := body[m[0]:bytes.Index(body, []byte("<<"))]
	var out bytes.Buffer
	out.Grow(len(z) + 80)
	out.Write(head)
	out.Write(objHead)
	fmt.Fprintf(&out, "<</Filter /FlateDecode /Length %d>>\nstream\n", len(z))
	out.Write(z)
	out.Write(tail)
	return out.Bytes(), nil
}

var fontNameRE = regexp.MustCompile(`/(BaseFont|FontName) /utf8([A-Za-z0-9-]+)`)

// subsetNames gives the embedded fonts the names PDF expects of subsets
// ("ABCDEF+LiberationSerif"): fpdf subsets them but names them "utf8…",
// so viewers and pdffonts cannot tell. The tag is derived from the name,
// so output stays reproducible.
func subsetNames(body []byte) []byte {
	return fontNameRE.ReplaceAllFunc(body, func(m []byte) []byte {
		sub := fontNameRE.FindSubmatch(m)
		name := string(sub[2])
		h := uint32(2166136261)
		for _, c := range []byte(name) {
			h = (h ^ uint32(c)) * 16777619
		}
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = byte('A' + h%26)
			h /= 26
		}
		return []byte("/" + string(sub[1]) + " /" + string(tag) + "+" + name)
	})
}
