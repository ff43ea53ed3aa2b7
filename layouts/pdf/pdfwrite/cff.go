package pdfwrite

import (
	"encoding/binary"
	"fmt"
)

// CFF subsetting: the glyph ids are kept and the charstrings of glyphs
// not drawn are replaced by an empty one (endchar), which is where nearly
// all of a CJK font's size lies. Subroutines are kept whole. A CID-keyed
// font gets an identity charset, so that CID = glyph id.

type cffIndex struct {
	items [][]byte
	end   int // offset after the INDEX
}

func readIndex(b []byte, p int) (cffIndex, error) {
	if p+2 > len(b) {
		return cffIndex{}, fmt.Errorf("CFF INDEX outside the table")
	}
	n := int(binary.BigEndian.Uint16(b[p:]))
	if n == 0 {
		return cffIndex{end: p + 2}, nil
	}
	if p+3 > len(b) {
		return cffIndex{}, fmt.Errorf("CFF INDEX truncated")
	}
	os := int(b[p+2])
	if os < 1 || os > 4 || p+3+(n+1)*os > len(b) {
		return cffIndex{}, fmt.Errorf("CFF INDEX truncated")
	}
	off := func(i int) int {
		v := 0
		for k := range os {
			v = v<<8 | int(b[p+3+i*os+k])
		}
		return v
	}
	base := p + 3 + (n+1)*os - 1
	idx := cffIndex{items: make([][]byte, n)}
	for i := range n {
		a, e := base+off(i), base+off(i+1)
		if a > e || e > len(b) || a < base {
			return cffIndex{}, fmt.Errorf("CFF INDEX offsets out of range")
		}
		idx.items[i] = b[a:e]
	}
	idx.end = base + off(n)
	return idx, nil
}

func writeIndex(items [][]byte) []byte {
	if len(items) == 0 {
		return []byte{0, 0}
	}
	total := 1
	for _, it := range items {
		total += len(it)
	}
	os := 1
	for total >= 1<<(8*os) {
		os++
	}
	out := []byte{byte(len(items) >> 8), byte(len(items)), byte(os)}
	put := func(v int) {
		for k := os - 1; k >= 0; k-- {
			out = append(out, byte(v>>(8*k)))
		}
	}
	o := 1
	put(o)
	for _, it := range items {
		o += len(it)
		put(o)
	}
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

// dictEntry is one operator of a CFF DICT with its operands, kept as
// encoded except for integers, which offsets need.
type dictEntry struct {
	op   int // 12<<8 | b for two-byte operators
	args [][]byte
	ints []int
}

func parseDict(b []byte) ([]dictEntry, error) {
	var out []dictEntry
	var args [][]byte
	var ints []int
	for p := 0; p < len(b); {
		c := b[p]
		start := p
		v := 0
		switch {
		case c <= 21:
			op := int(c)
			p++
			if c == 12 {
				if p >= len(b) {
					return nil, fmt.Errorf("CFF DICT truncated")
				}
				op = 12<<8 | int(b[p])
				p++
			}
			out = append(out, dictEntry{op, args, ints})
			args, ints = nil, nil
			continue
		case c == 28:
			if p+3 > len(b) {
				return nil, fmt.Errorf("CFF DICT truncated")
			}
			v = int(int16(binary.BigEndian.Uint16(b[p+1:])))
			p += 3
		case c == 29:
			if p+5 > len(b) {
				return nil, fmt.Errorf("CFF DICT truncated")
			}
			v = int(int32(binary.BigEndian.Uint32(b[p+1:])))
			p += 5
		case c == 30:
			p++
			for p < len(b) && b[p]&0x0f != 0x0f && b[p]>>4 != 0x0f {
				p++
			}
			p++
		case c >= 32 && c <= 246:
			v = int(c) - 139
			p++
		case c >= 247 && c <= 250:
			if p+2 > len(b) {
				return nil, fmt.Errorf("CFF DICT truncated")
			}
			v = (int(c)-247)*256 + int(b[p+1]) + 108
			p += 2
		case c >= 251 && c <= 254:
			if p+2 > len(b) {
				return nil, fmt.Errorf("CFF DICT truncated")
			}
			v = -(int(c)-251)*256 - int(b[p+1]) - 108
			p += 2
		default:
			return nil, fmt.Errorf("bad CFF DICT byte %d", c)
		}
		if p > len(b) {
			return nil, fmt.Errorf("CFF DICT truncated")
		}
		args = append(args, b[start:p])
		ints = append(ints, v)
	}
	return out, nil
}

func int32Operand(v int) []byte {
	return []byte{29, byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
}

// encodeDict writes entries, replacing the operands of the operators in
// set by fixed-size integers (so that the size does not depend on them).
func encodeDict(es []dictEntry, set map[int][]int) []byte {
	var out []byte
	for _, e := range es {
		if vs, ok := set[e.op]; ok {
			for _, v := range vs {
				out = append(out, int32Operand(v)...)
			}
		} else {
			for _, a := range e.args {
				out = append(out, a...)
			}
		}
		if e.op > 0xff {
			out = append(out, 12, byte(e.op))
		} else {
			out = append(out, byte(e.op))
		}
	}
	return out
}

func dictGet(es []dictEntry, op int) []int {
	for _, e := range es {
		if e.op == op {
			return e.ints
		}
	}
	return nil
}

const (
	opCharset     = 15
	opEncoding    = 16
	opCharStrings = 17
	opPrivate     = 18
	opSubrs       = 19
	opROS         = 12<<8 | 30
	opFDArray     = 12<<8 | 36
	opFDSelect    = 12<<8 | 37
)

// private is a Private DICT with its local subroutines.
type private struct {
	dict  []dictEntry
	raw   []byte
	subrs [][]byte // nil without local subroutines
	has   bool     // the DICT has a Subrs operator
}

func readPrivate(cff []byte, size, off int) (*private, error) {
	if off < 0 || size < 0 || off+size > len(cff) {
		return nil, fmt.Errorf("CFF Private DICT outside the table")
	}
	pr := &private{raw: cff[off : off+size]}
	var err error
	if pr.dict, err = parseDict(pr.raw); err != nil {
		return nil, err
	}
	if s := dictGet(pr.dict, opSubrs); len(s) == 1 {
		idx, err := readIndex(cff, off+s[0])
		if err != nil {
			return nil, err
		}
		pr.subrs, pr.has = idx.items, true
	}
	return pr, nil
}

// blob writes the Private DICT followed by its (subset) subroutines, and
// returns it with the DICT's size.
func (pr *private) blob(used []bool) ([]byte, int) {
	if !pr.has {
		return pr.raw, len(pr.raw)
	}
	n := len(encodeDict(pr.dict, map[int][]int{opSubrs: {0}}))
	d := encodeDict(pr.dict, map[int][]int{opSubrs: {n}})
	return append(d, writeIndex(keepUsed(pr.subrs, used))...), n
}

// keepUsed replaces the subroutines not called by a bare return, keeping
// their numbers.
func keepUsed(subrs [][]byte, used []bool) [][]byte {
	out := make([][]byte, len(subrs))
	for i, s := range subrs {
		if i < len(used) && used[i] {
			out[i] = s
		} else {
			out[i] = []byte{11}
		}
	}
	return out
}

func subrBias(n int) int {
	switch {
	case n < 1240:
		return 107
	case n < 33900:
		return 1131
	}
	return 32768
}

// csWalker follows a Type 2 charstring through its subroutine calls to
// find which subroutines it uses, counting stem hints to skip hint masks.
type csWalker struct {
	gsubrs, lsubrs [][]byte
	gUsed, lUsed   []bool
	stack          []int
	nStems         int
	steps          int
}

// walk returns true when the charstring ended (endchar).
func (w *csWalker) walk(cs []byte, depth int) bool {
	if depth > 10 {
		return true
	}
	for p := 0; p < len(cs); {
		w.steps++
		if w.steps > 1_000_000 {
			return true
		}
		b0 := cs[p]
		switch {
		case b0 == 28:
			if p+3 > len(cs) {
				return true
			}
			w.stack = append(w.stack, int(int16(binary.BigEndian.Uint16(cs[p+1:]))))
			p += 3
			continue
		case b0 >= 32 && b0 <= 246:
			w.stack = append(w.stack, int(b0)-139)
			p++
			continue
		case b0 >= 247 && b0 <= 250:
			if p+2 > len(cs) {
				return true
			}
			w.stack = append(w.stack, (int(b0)-247)*256+int(cs[p+1])+108)
			p += 2
			continue
		case b0 >= 251 && b0 <= 254:
			if p+2 > len(cs) {
				return true
			}
			w.stack = append(w.stack, -(int(b0)-251)*256-int(cs[p+1])-108)
			p += 2
			continue
		case b0 == 255:
			if p+5 > len(cs) {
				return true
			}
			w.stack = append(w.stack, int(int32(binary.BigEndian.Uint32(cs[p+1:]))>>16))
			p += 5
			continue
		}
		p++
		switch b0 {
		case 1, 3, 18, 23: // hstem, vstem, hstemhm, vstemhm
			w.nStems += len(w.stack) / 2
			w.stack = w.stack[:0]
		case 19, 20: // hintmask, cntrmask (with an implicit vstem)
			w.nStems += len(w.stack) / 2
			w.stack = w.stack[:0]
			p += (w.nStems + 7) / 8
		case 10, 29: // callsubr, callgsubr
			if len(w.stack) == 0 {
				return true
			}
			subrs, used := w.lsubrs, w.lUsed
			if b0 == 29 {
				subrs, used = w.gsubrs, w.gUsed
			}
			i := w.stack[len(w.stack)-1] + subrBias(len(subrs))
			w.stack = w.stack[:len(w.stack)-1]
			if i < 0 || i >= len(subrs) {
				return true
			}
			used[i] = true
			if w.walk(subrs[i], depth+1) {
				return true
			}
		case 11: // return
			return false
		case 14: // endchar
			return true
		case 12:
			p++
			w.stack = w.stack[:0]
		default:
			w.stack = w.stack[:0]
		}
	}
	return false
}

func subsetCFF(cff []byte, keep map[uint16]bool) ([]byte, error) {
	if len(cff) < 4 {
		return nil, fmt.Errorf("CFF table too short")
	}
	hdr := int(cff[2])
	names, err := readIndex(cff, hdr)
	if err != nil {
		return nil, err
	}
	tops, err := readIndex(cff, names.end)
	if err != nil {
		return nil, err
	}
	strs, err := readIndex(cff, tops.end)
	if err != nil {
		return nil, err
	}
	gsubrs, err := readIndex(cff, strs.end)
	if err != nil {
		return nil, err
	}
	if len(tops.items) != 1 {
		return nil, fmt.Errorf("CFF with %d fonts", len(tops.items))
	}
	top, err := parseDict(tops.items[0])
	if err != nil {
		return nil, err
	}
	cs := dictGet(top, opCharStrings)
	if len(cs) != 1 {
		return nil, fmt.Errorf("CFF without CharStrings")
	}
	chars, err := readIndex(cff, cs[0])
	if err != nil {
		return nil, err
	}
	n := len(chars.items)
	newChars := make([][]byte, n)
	endchar := []byte{14}
	for g := range chars.items {
		if keep[uint16(g)] {
			newChars[g] = chars.items[g]
		} else {
			newChars[g] = endchar
		}
	}
	charStrings := writeIndex(newChars)
	cid := dictGet(top, opROS) != nil
	var charset, fdselect []byte
	var privs []*private
	var fds []([]dictEntry)
	if cid {
		// Identity charset: format 2, one range of CIDs 1…n-1.
		charset = []byte{2, 0, 1, byte((n - 2) >> 8), byte(n - 2)}
		fs := dictGet(top, opFDSelect)
		fa := dictGet(top, opFDArray)
		if len(fs) != 1 || len(fa) != 1 {
			return nil, fmt.Errorf("CID-keyed CFF without FDSelect or FDArray")
		}
		p := fs[0]
		if p >= len(cff) {
			return nil, fmt.Errorf("CFF FDSelect outside the table")
		}
		switch cff[p] {
		case 0:
			if p+1+n > len(cff) {
				return nil, fmt.Errorf("CFF FDSelect truncated")
			}
			fdselect = cff[p : p+1+n]
		case 3:
			if p+3 > len(cff) {
				return nil, fmt.Errorf("CFF FDSelect truncated")
			}
			nr := int(binary.BigEndian.Uint16(cff[p+1:]))
			e := p + 3 + 3*nr + 2
			if e > len(cff) {
				return nil, fmt.Errorf("CFF FDSelect truncated")
			}
			fdselect = cff[p:e]
		default:
			return nil, fmt.Errorf("CFF FDSelect format %d", cff[p])
		}
		fdIdx, err := readIndex(cff, fa[0])
		if err != nil {
			return nil, err
		}
		for _, item := range fdIdx.items {
			fd, err := parseDict(item)
			if err != nil {
				return nil, err
			}
			pr := dictGet(fd, opPrivate)
			if len(pr) != 2 {
				return nil, fmt.Errorf("CFF Font DICT without Private")
			}
			priv, err := readPrivate(cff, pr[0], pr[1])
			if err != nil {
				return nil, err
			}
			fds = append(fds, fd)
			privs = append(privs, priv)
		}
	} else {
		if c := dictGet(top, opCharset); len(c) == 1 && c[0] > 2 {
			p := c[0]
			if p >= len(cff) {
				return nil, fmt.Errorf("CFF charset outside the table")
			}
			e := p + 1
			switch cff[p] {
			case 0:
				e += 2 * (n - 1)
			case 1, 2:
				w := 1
				if cff[p] == 2 {
					w = 2
				}
				for covered := 1; covered < n; {
					if e+2+w > len(cff) {
						return nil, fmt.Errorf("CFF charset truncated")
					}
					left := int(cff[e+2])
					if w == 2 {
						left = int(binary.BigEndian.Uint16(cff[e+2:]))
					}
					covered += left + 1
					e += 2 + w
				}
			}
			if e > len(cff) {
				return nil, fmt.Errorf("CFF charset truncated")
			}
			charset = cff[p:e]
		}
		pr := dictGet(top, opPrivate)
		if len(pr) != 2 {
			return nil, fmt.Errorf("CFF without Private DICT")
		}
		priv, err := readPrivate(cff, pr[0], pr[1])
		if err != nil {
			return nil, err
		}
		privs = append(privs, priv)
	}
	// The subroutines the kept glyphs call; the others become empty.
	fdOf := func(g int) int {
		if len(fdselect) == 0 {
			return 0
		}
		switch fdselect[0] {
		case 0:
			if 1+g < len(fdselect) {
				return int(fdselect[1+g])
			}
		case 3:
			nr := int(binary.BigEndian.Uint16(fdselect[1:]))
			for r := 0; r < nr; r++ {
				first := int(binary.BigEndian.Uint16(fdselect[3+3*r:]))
				next := int(binary.BigEndian.Uint16(fdselect[3+3*(r+1):]))
				if g >= first && g < next {
					return int(fdselect[5+3*r])
				}
			}
		}
		return 0
	}
	gUsed := make([]bool, len(gsubrs.items))
	lUsed := make([][]bool, len(privs))
	for i, pr := range privs {
		lUsed[i] = make([]bool, len(pr.subrs))
	}
	for g := range chars.items {
		if !keep[uint16(g)] {
			continue
		}
		fd := fdOf(g)
		if fd >= len(privs) {
			fd = 0
		}
		w := &csWalker{gsubrs: gsubrs.items, gUsed: gUsed}
		if fd < len(privs) {
			w.lsubrs, w.lUsed = privs[fd].subrs, lUsed[fd]
		}
		w.walk(chars.items[g], 0)
	}
	if cid {
		// CID-keyed: only the kept glyphs' charstrings are written; the
		// charset gives each its CID, the original glyph id that content
		// streams use, and FDSelect its Font DICT.
		var kept []int
		for g := range chars.items {
			if keep[uint16(g)] || g == 0 {
				kept = append(kept, g)
			}
		}
		items := make([][]byte, len(kept))
		charset = []byte{0}
		newSelect := []byte{0}
		for i, g := range kept {
			items[i] = chars.items[g]
			if i > 0 {
				charset = append(charset, byte(g>>8), byte(g))
			}
			newSelect = append(newSelect, byte(fdOf(g)))
		}
		charStrings = writeIndex(items)
		fdselect = newSelect
	}
	privates := make([][]byte, len(privs))
	privSizes := make([]int, len(privs))
	for i, pr := range privs {
		privates[i], privSizes[i] = pr.blob(lUsed[i])
	}
	gsubrs.items = keepUsed(gsubrs.items, gUsed)
	// Lay out: header, Name, Top DICT, String, Global Subr INDEXes, then
	// charset, FDSelect, CharStrings, FDArray, Private DICTs.
	zero := map[int][]int{opCharStrings: {0}, opPrivate: {0, 0}, opFDArray: {0}, opFDSelect: {0}, opCharset: {0}, opEncoding: {0}}
	for k := range zero {
		if dictGet(top, k) == nil {
			delete(zero, k)
		}
	}
	if charset == nil {
		delete(zero, opCharset)
	}
	delete(zero, opEncoding) // CID fonts have none; others keep a predefined one
	head := []byte{cff[0], cff[1], 4, 4}
	nameIdx := writeIndex(names.items)
	strIdx := writeIndex(strs.items)
	gsubrIdx := writeIndex(gsubrs.items)
	topLen := len(writeIndex([][]byte{encodeDict(top, zero)}))
	pos := len(head) + len(nameIdx) + topLen + len(strIdx) + len(gsubrIdx)
	set := map[int][]int{}
	if _, ok := zero[opCharset]; ok {
		set[opCharset] = []int{pos}
		pos += len(charset)
	}
	if cid {
		set[opFDSelect] = []int{pos}
		pos += len(fdselect)
	}
	set[opCharStrings] = []int{pos}
	pos += len(charStrings)
	var fdArray []byte
	if cid {
		set[opFDArray] = []int{pos}
		// Font DICTs are sized with placeholders, then filled in.
		fdItems := make([][]byte, len(fds))
		for i, fd := range fds {
			fdItems[i] = encodeDict(fd, map[int][]int{opPrivate: {0, 0}})
		}
		pp := pos + len(writeIndex(fdItems))
		for i, fd := range fds {
			fdItems[i] = encodeDict(fd, map[int][]int{opPrivate: {privSizes[i], pp}})
			pp += len(privates[i])
		}
		fdArray = writeIndex(fdItems)
		pos += len(fdArray)
	} else {
		set[opPrivate] = []int{privSizes[0], pos}
	}
	topIdx := writeIndex([][]byte{encodeDict(top, set)})
	if len(topIdx) != topLen {
		return nil, fmt.Errorf("CFF Top DICT changed size")
	}
	out := make([]byte, 0, pos+len(privates)*64)
	out = append(out, head...)
	out = append(out, nameIdx...)
	out = append(out, topIdx...)
	out = append(out, strIdx...)
	out = append(out, gsubrIdx...)
	if _, ok := set[opCharset]; ok {
		out = append(out, charset...)
	}
	out = append(out, fdselect...)
	out = append(out, charStrings...)
	out = append(out, fdArray...)
	for _, p := range privates {
		out = append(out, p...)
	}
	return out, nil
}
