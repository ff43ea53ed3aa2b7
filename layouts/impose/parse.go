// Package impose lays finished PDF pages out on sheets for a school
// copier: saddle-stitched booklets (two pages side by side, in signature
// order) and 2-up handouts. It works on the PDF file, whatever wrote it:
// each page becomes a form XObject drawn scaled onto a sheet, so the
// pages stay exactly what the student edition prints. A tagged PDF from
// pdfwrite stays tagged: its pages are drawn onto the sheets as marked
// content and its structure tree is carried over (see tagged.go).
//
// The reader below parses PDF objects properly (a tokenizer and the
// cross-reference table), for the files Sourcebook writes: classic
// cross-reference tables, content streams plain or Flate-compressed.
package impose

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Name is a PDF name, without its slash.
type Name string

// String is a PDF string's bytes.
type String []byte

// Num is a number as written, so that it is copied exactly.
type Num string

// Ref is an indirect reference.
type Ref struct{ Num, Gen int }

// Dict is a PDF dictionary.
type Dict map[Name]any

// Array is a PDF array.
type Array []any

// Stream is a stream object: its dictionary and its data as stored
// (still encoded).
type Stream struct {
	Dict Dict
	Data []byte
}

// Bool and null are Go's bool and nil.

type file struct {
	data    []byte
	offsets map[int]int // object number → byte offset
	cache   map[int]any
	trailer Dict
}

var errFormat = errors.New("not a PDF this program can impose")

func parseFile(data []byte) (*file, error) {
	f := &file{data: data, offsets: map[int]int{}, cache: map[int]any{}}
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return nil, fmt.Errorf("%w: no startxref", errFormat)
	}
	lx := &lexer{b: data, p: i + len("startxref")}
	tok, ok := lx.token()
	if !ok {
		return nil, fmt.Errorf("%w: startxref has no offset", errFormat)
	}
	off, err := strconv.Atoi(string(tok))
	if err != nil || off < 0 || off >= len(data) {
		return nil, fmt.Errorf("%w: bad startxref", errFormat)
	}
	seen := map[int]bool{}
	for !seen[off] {
		seen[off] = true
		tr, err := f.readXref(off)
		if err != nil {
			return nil, err
		}
		if f.trailer == nil {
			f.trailer = tr
		}
		prev, ok := tr["Prev"].(Num)
		if !ok {
			break
		}
		if off, err = strconv.Atoi(string(prev)); err != nil || off < 0 || off >= len(data) {
			return nil, fmt.Errorf("%w: bad /Prev", errFormat)
		}
	}
	return f, nil
}

// readXref reads a classic cross-reference section and its trailer.
func (f *file) readXref(off int) (Dict, error) {
	lx := &lexer{b: f.data, p: off}
	if t, _ := lx.token(); string(t) != "xref" {
		return nil, fmt.Errorf("%w: cross-reference streams are not supported", errFormat)
	}
	for {
		save := lx.p
		t, ok := lx.token()
		if !ok {
			return nil, fmt.Errorf("%w: truncated xref", errFormat)
		}
		if string(t) == "trailer" {
			d, err := lx.object()
			if err != nil {
				return nil, err
			}
			dict, ok := d.(Dict)
			if !ok {
				return nil, fmt.Errorf("%w: trailer is not a dictionary", errFormat)
			}
			return dict, nil
		}
		lx.p = save
		start, err1 := lx.int()
		count, err2 := lx.int()
		if err1 != nil || err2 != nil || count < 0 || count > len(f.data)/20+1 {
			return nil, fmt.Errorf("%w: bad xref subsection", errFormat)
		}
		for k := 0; k < count; k++ {
			o, err1 := lx.int()
			_, err2 := lx.int()
			kind, ok := lx.token()
			if err1 != nil || err2 != nil || !ok {
				return nil, fmt.Errorf("%w: bad xref entry", errFormat)
			}
			if string(kind) == "n" {
				if _, done := f.offsets[start+k]; !done {
					f.offsets[start+k] = o
				}
			}
		}
	}
}

// get resolves a reference (or returns the object itself).
func (f *file) get(o any) (any, error) {
	r, ok := o.(Ref)
	if !ok {
		return o, nil
	}
	return f.object(r.Num, 0)
}

func (f *file) object(num, depth int) (any, error) {
	if v, ok := f.cache[num]; ok {
		return v, nil
	}
	if depth > 2 {
		return nil, fmt.Errorf("%w: stream lengths refer to each other", errFormat)
	}
	off, ok := f.offsets[num]
	if !ok || off >= len(f.data) {
		return nil, nil // a missing object is null
	}
	lx := &lexer{b: f.data, p: off}
	n, err1 := lx.int()
	_, err2 := lx.int()
	if t, _ := lx.token(); err1 != nil || err2 != nil || string(t) != "obj" || n != num {
		return nil, fmt.Errorf("%w: object %d is not where the xref says", errFormat, num)
	}
	v, err := lx.object()
	if err != nil {
		return nil, err
	}
	if d, ok := v.(Dict); ok {
		save := lx.p
		if t, _ := lx.token(); string(t) == "stream" {
			// The data starts after the end-of-line following "stream".
			p := lx.p
			if p < len(f.data) && f.data[p] == '\r' {
				p++
			}
			if p < len(f.data) && f.data[p] == '\n' {
				p++
			}
			ln := d["Length"]
			if r, ok := ln.(Ref); ok {
				lv, err := f.object(r.Num, depth+1)
				if err != nil {
					return nil, err
				}
				ln = lv
			}
			n, ok := ln.(Num)
			size, err := strconv.Atoi(string(n))
			if !ok || err != nil || size < 0 || p+size > len(f.data) {
				return nil, fmt.Errorf("%w: object %d has a bad stream length", errFormat, num)
			}
			v = &Stream{Dict: d, Data: f.data[p : p+size]}
		} else {
			lx.p = save
		}
	}
	f.cache[num] = v
	return v, nil
}

// decoded returns a stream's data with its filters undone (Flate only;
// the content streams Sourcebook writes use nothing else).
func decoded(s *Stream) ([]byte, error) {
	var filters []any
	switch fl := s.Dict["Filter"].(type) {
	case nil:
		return s.Data, nil
	case Name:
		filters = []any{fl}
	case Array:
		filters = fl
	}
	data := s.Data
	for _, fl := range filters {
		if fl != Name("FlateDecode") {
			return nil, fmt.Errorf("%w: content stream filter %v", errFormat, fl)
		}
		if _, ok := s.Dict["DecodeParms"]; ok {
			return nil, fmt.Errorf("%w: content stream with a predictor", errFormat)
		}
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(io.LimitReader(zr, 1<<30))
		if err != nil {
			return nil, err
		}
		data = out
	}
	return data, nil
}

// lexer reads PDF tokens and objects.
type lexer struct {
	b []byte
	p int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'
}

func (l *lexer) skip() {
	for l.p < len(l.b) {
		c := l.b[l.p]
		if isSpace(c) {
			l.p++
		} else if c == '%' {
			for l.p < len(l.b) && l.b[l.p] != '\n' && l.b[l.p] != '\r' {
				l.p++
			}
		} else {
			return
		}
	}
}

// token reads a regular token (a number, keyword) or a delimiter.
func (l *lexer) token() ([]byte, bool) {
	l.skip()
	if l.p >= len(l.b) {
		return nil, false
	}
	start := l.p
	c := l.b[l.p]
	if c == '<' && l.p+1 < len(l.b) && l.b[l.p+1] == '<' || c == '>' && l.p+1 < len(l.b) && l.b[l.p+1] == '>' {
		l.p += 2
		return l.b[start:l.p], true
	}
	if isDelim(c) {
		l.p++
		return l.b[start:l.p], true
	}
	for l.p < len(l.b) && !isSpace(l.b[l.p]) && !isDelim(l.b[l.p]) {
		l.p++
	}
	return l.b[start:l.p], true
}

func (l *lexer) int() (int, error) {
	t, ok := l.token()
	if !ok {
		return 0, io.ErrUnexpectedEOF
	}
	return strconv.Atoi(string(t))
}

const maxDepth = 64

func (l *lexer) object() (any, error) { return l.obj(0) }

func (l *lexer) obj(depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: objects nested too deeply", errFormat)
	}
	t, ok := l.token()
	if !ok {
		return nil, fmt.Errorf("%w: unexpected end", errFormat)
	}
	switch s := string(t); {
	case s == "<<":
		d := Dict{}
		for {
			l.skip()
			if l.p+1 < len(l.b) && l.b[l.p] == '>' && l.b[l.p+1] == '>' {
				l.p += 2
				return d, nil
			}
			k, err := l.obj(depth + 1)
			if err != nil {
				return nil, err
			}
			key, ok := k.(Name)
			if !ok {
				return nil, fmt.Errorf("%w: dictionary key is not a name", errFormat)
			}
			v, err := l.obj(depth + 1)
			if err != nil {
				return nil, err
			}
			d[key] = v
		}
	case s == "[":
		var a Array
		for {
			l.skip()
			if l.p < len(l.b) && l.b[l.p] == ']' {
				l.p++
				return a, nil
			}
			v, err := l.obj(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case s == "/":
		start := l.p
		for l.p < len(l.b) && !isSpace(l.b[l.p]) && !isDelim(l.b[l.p]) {
			l.p++
		}
		return Name(unescapeName(l.b[start:l.p])), nil
	case s == "(":
		return l.literal()
	case s == "<":
		start := l.p
		for l.p < len(l.b) && l.b[l.p] != '>' {
			l.p++
		}
		if l.p >= len(l.b) {
			return nil, fmt.Errorf("%w: unterminated hex string", errFormat)
		}
		h := l.b[start:l.p]
		l.p++
		return String(unhex(h)), nil
	case s == "true":
		return true, nil
	case s == "false":
		return false, nil
	case s == "null":
		return nil, nil
	case isNumber(s):
		// "n g R" is a reference.
		save := l.p
		if g, ok := l.token(); ok && isInt(string(g)) && isInt(s) {
			if r, ok := l.token(); ok && string(r) == "R" {
				n, _ := strconv.Atoi(s)
				gn, _ := strconv.Atoi(string(g))
				return Ref{n, gn}, nil
			}
		}
		l.p = save
		return Num(s), nil
	}
	return nil, fmt.Errorf("%w: unexpected %q", errFormat, t)
}

func isInt(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	digits := false
	for i, c := range []byte(s) {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.':
		case (c == '-' || c == '+') && i == 0:
		default:
			return false
		}
	}
	return digits
}

func (l *lexer) literal() (String, error) {
	var out []byte
	depth := 1
	for l.p < len(l.b) {
		c := l.b[l.p]
		l.p++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, nil
			}
		case '\\':
			if l.p >= len(l.b) {
				break
			}
			e := l.b[l.p]
			l.p++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.p < len(l.b) && l.b[l.p] == '\n' {
					l.p++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.p < len(l.b) && l.b[l.p] >= '0' && l.b[l.p] <= '7'; k++ {
						v = v*8 + int(l.b[l.p]-'0')
						l.p++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, fmt.Errorf("%w: unterminated string", errFormat)
}

func unhex(h []byte) []byte {
	var digits []byte
	for _, c := range h {
		if !isSpace(c) {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		v, _ := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
		out[i] = byte(v)
	}
	return out
}

func unescapeName(b []byte) string {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}
