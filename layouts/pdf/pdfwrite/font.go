package pdfwrite

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Font is a TrueType or OpenType (CFF) font embedded as a composite font
// (Type0, Identity-H): content streams address its glyphs by glyph id as
// two-byte codes. Only the glyphs recorded with Use are kept.
type Font struct {
	Name      string // resource name, e.g. "F3"
	PostName  string // PostScript name
	Upem      int
	NumGlyphs int
	Advances  []uint16 // per glyph, font units
	Ascent    int      // font units
	Descent   int
	CapHeight int
	bbox      [4]int16
	italic    float64
	tables    map[string][]byte
	cff       bool
	used      map[uint16]string // glyph id → the text it stands for
	aliases   map[aliasKey]uint16
	aliasGID  map[uint16]uint16 // alias CID → glyph id
	aliasText map[uint16]string
	nextCID   int
}

type aliasKey struct {
	gid  uint16
	text string
}

// Alias returns a code for a glyph that stands for other text than the
// glyph's own (a ligature, a contextual form, a base with its marks): a
// CID of its own, mapped to the glyph by the CIDToGIDMap and to the text
// by the ToUnicode map. Fonts with CFF outlines address glyphs by CID = glyph id, so
// there the glyph itself is returned and its first text kept.
func (f *Font) Alias(gid uint16, text string) uint16 {
	if f.cff {
		f.Use(gid, text)
		return gid
	}
	k := aliasKey{gid, text}
	if c, ok := f.aliases[k]; ok {
		return c
	}
	if f.aliases == nil {
		f.aliases, f.aliasGID, f.aliasText, f.nextCID = map[aliasKey]uint16{}, map[uint16]uint16{}, map[uint16]string{}, f.NumGlyphs
	}
	if f.nextCID > 0xFFFF || int(gid) >= f.NumGlyphs {
		f.Use(gid, text)
		return gid
	}
	c := uint16(f.nextCID)
	f.nextCID++
	f.aliases[k] = c
	f.aliasGID[c] = gid
	f.aliasText[c] = text
	if _, ok := f.used[gid]; !ok {
		f.used[gid] = ""
	}
	return c
}

// AddFont parses font data (a TrueType or OpenType font, or font index of
// a collection) and adds it to the document's resources.
func (d *Document) AddFont(data []byte, index int) (*Font, error) {
	f, err := ParseFont(data, index)
	if err != nil {
		return nil, err
	}
	f.Name = "F" + strconv.Itoa(len(d.fonts)+1)
	d.fonts = append(d.fonts, f)
	return f, nil
}

// AddParsedFont adds a font read with ParseFont to the document's
// resources.
func (d *Document) AddParsedFont(f *Font) {
	f.Name = "F" + strconv.Itoa(len(d.fonts)+1)
	d.fonts = append(d.fonts, f)
}

// ParseFont reads the tables a PDF needs from a font file.
func ParseFont(data []byte, index int) (*Font, error) {
	off := 0
	if len(data) >= 12 && string(data[:4]) == "ttcf" {
		n := int(binary.BigEndian.Uint32(data[8:]))
		if index < 0 || index >= n || len(data) < 12+4*n {
			return nil, fmt.Errorf("font collection has no font %d", index)
		}
		off = int(binary.BigEndian.Uint32(data[12+4*index:]))
	}
	if off+12 > len(data) {
		return nil, fmt.Errorf("not a font file")
	}
	nt := int(binary.BigEndian.Uint16(data[off+4:]))
	f := &Font{tables: map[string][]byte{}, used: map[uint16]string{}}
	for i := range nt {
		r := off + 12 + 16*i
		if r+16 > len(data) {
			return nil, fmt.Errorf("font table directory is truncated")
		}
		tag := string(data[r : r+4])
		to := int(binary.BigEndian.Uint32(data[r+8:]))
		tl := int(binary.BigEndian.Uint32(data[r+12:]))
		if to < 0 || tl < 0 || to+tl > len(data) {
			return nil, fmt.Errorf("font table %q is outside the file", tag)
		}
		f.tables[tag] = data[to : to+tl]
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, fmt.Errorf("font lacks head, hhea or maxp")
	}
	f.Upem = int(binary.BigEndian.Uint16(head[18:]))
	for i := range 4 {
		f.bbox[i] = int16(binary.BigEndian.Uint16(head[36+2*i:]))
	}
	f.NumGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	f.Ascent = int(int16(binary.BigEndian.Uint16(hhea[4:])))
	f.Descent = int(int16(binary.BigEndian.Uint16(hhea[6:])))
	f.CapHeight = f.Ascent
	if os2 := f.tables["OS/2"]; len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		f.CapHeight = int(int16(binary.BigEndian.Uint16(os2[88:])))
	}
	if post := f.tables["post"]; len(post) >= 8 {
		f.italic = float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536
	}
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	hmtx := f.tables["hmtx"]
	if nh == 0 || len(hmtx) < 4*nh {
		return nil, fmt.Errorf("font has a short hmtx table")
	}
	f.Advances = make([]uint16, f.NumGlyphs)
	for g := range f.Advances {
		f.Advances[g] = binary.BigEndian.Uint16(hmtx[4*min(g, nh-1):])
	}
	switch {
	case f.tables["glyf"] != nil && f.tables["loca"] != nil:
	case f.tables["CFF "] != nil:
		f.cff = true
	default:
		return nil, fmt.Errorf("font has neither TrueType (glyf) nor CFF outlines")
	}
	f.PostName = postScriptName(f.tables["name"])
	if f.PostName == "" {
		f.PostName = "Font"
	}
	return f, nil
}

// postScriptName reads name ID 6.
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	n := int(binary.BigEndian.Uint16(name[2:]))
	strOff := int(binary.BigEndian.Uint16(name[4:]))
	for i := range n {
		r := 6 + 12*i
		if r+12 > len(name) {
			break
		}
		pid := binary.BigEndian.Uint16(name[r:])
		id := binary.BigEndian.Uint16(name[r+6:])
		l := int(binary.BigEndian.Uint16(name[r+8:]))
		o := strOff + int(binary.BigEndian.Uint16(name[r+10:]))
		if id != 6 || o+l > len(name) {
			continue
		}
		s := name[o : o+l]
		if pid == 3 || pid == 0 {
			u := make([]uint16, len(s)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(s[2*j:])
			}
			return sanitizeName(string(utf16.Decode(u)))
		}
		return sanitizeName(string(s))
	}
	return ""
}

func sanitizeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0x20 && r < 0x7f && !strings.ContainsRune("()<>[]{}/%#", r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Use records that glyph gid is drawn, standing for text (the characters
// of its cluster; "" for a glyph that adds no text of its own). The first
// text given for a glyph is kept for the ToUnicode map.
func (f *Font) Use(gid uint16, text string) {
	if int(gid) >= f.NumGlyphs {
		return
	}
	if old, ok := f.used[gid]; !ok || (old == "" && text != "") {
		f.used[gid] = text
	}
}

// Used reports whether a glyph has been recorded.
func (f *Font) Used(gid uint16) bool { _, ok := f.used[gid]; return ok }

// tag is the six-letter subset prefix, derived from the glyphs kept so
// that the output is reproducible.
func (f *Font) tag(gids []uint16) string {
	h := fnv.New64a()
	h.Write([]byte(f.PostName))
	for _, g := range gids {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	v := h.Sum64()
	t := make([]byte, 6)
	for i := range t {
		t[i] = byte('A' + v%26)
		v /= 26
	}
	return string(t)
}

// write writes the font's objects and returns the Type0 font.
func (f *Font) write(w *Writer) (Ref, error) {
	gids := make([]uint16, 0, len(f.used)+1)
	for g := range f.used {
		gids = append(gids, g)
	}
	slices.Sort(gids)
	keep := map[uint16]bool{0: true}
	for _, g := range gids {
		keep[g] = true
	}
	var file []byte
	var err error
	if f.cff {
		file, err = subsetCFF(f.tables["CFF "], keep)
	} else {
		file, err = f.subsetTrueType(keep)
	}
	if err != nil {
		return 0, fmt.Errorf("font %s: %w", f.PostName, err)
	}
	base := f.tag(gids) + "+" + f.PostName
	// Codes drawn: the glyph ids, then the aliases.
	cids := slices.Clone(gids)
	for c := range f.aliasGID {
		cids = append(cids, c)
	}
	slices.Sort(cids)
	gidOf := func(c uint16) uint16 {
		if g, ok := f.aliasGID[c]; ok {
			return g
		}
		return c
	}
	textOf := func(c uint16) string {
		if t, ok := f.aliasText[c]; ok {
			return t
		}
		return f.used[c]
	}
	scale := 1000 / float64(f.Upem)
	type0, cid, desc, ff, tu := w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc(), w.Alloc()
	if f.cff {
		w.Stream(ff, "<</Subtype /CIDFontType0C>>", func(o io.Writer) { o.Write(file) })
	} else {
		w.Stream(ff, "<</Length1 "+strconv.Itoa(len(file))+">>", func(o io.Writer) { o.Write(file) })
	}
	fileKey, sub := "/FontFile2 ", "/CIDFontType2"
	if f.cff {
		fileKey, sub = "/FontFile3 ", "/CIDFontType0"
	}
	flags := 4
	if f.italic != 0 {
		flags |= 64
	}
	w.Object(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV 80 %s%s>>",
		base, flags, int(float64(f.bbox[0])*scale), int(float64(f.bbox[1])*scale), int(float64(f.bbox[2])*scale), int(float64(f.bbox[3])*scale),
		num(f.italic), int(float64(f.Ascent)*scale), int(float64(f.Descent)*scale), int(float64(f.CapHeight)*scale), fileKey, ff))
	var wa strings.Builder
	for i := 0; i < len(cids); {
		j := i + 1
		for j < len(cids) && cids[j] == cids[j-1]+1 {
			j++
		}
		fmt.Fprintf(&wa, "%d [", cids[i])
		for k := i; k < j; k++ {
			if k > i {
				wa.WriteByte(' ')
			}
			wa.WriteString(strconv.Itoa(int(float64(f.Advances[gidOf(cids[k])])*scale + 0.5)))
		}
		wa.WriteString("] ")
		i = j
	}
	extra := ""
	if !f.cff && len(f.aliasGID) == 0 {
		extra = " /CIDToGIDMap /Identity"
	} else if !f.cff {
		m := w.Alloc()
		n := int(cids[len(cids)-1]) + 1
		w.Stream(m, "<<>>", func(o io.Writer) {
			b := make([]byte, 2*n)
			for c := 0; c < n; c++ {
				g := gidOf(uint16(c))
				b[2*c], b[2*c+1] = byte(g>>8), byte(g)
			}
			o.Write(b)
		})
		extra = " /CIDToGIDMap " + m.String()
	}
	w.Object(cid, "<</Type /Font /Subtype "+sub+" /BaseFont /"+base+" /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor "+
		desc.String()+" /DW 1000 /W ["+strings.TrimSpace(wa.String())+"]"+extra+">>")
	texts := make([]string, len(cids))
	for i, c := range cids {
		texts[i] = textOf(c)
	}
	w.Stream(tu, "<<>>", func(o io.Writer) { writeToUnicode(o, cids, texts) })
	w.Object(type0, "<</Type /Font /Subtype /Type0 /BaseFont /"+base+" /Encoding /Identity-H /DescendantFonts ["+cid.String()+"] /ToUnicode "+tu.String()+">>")
	return type0, nil
}

// writeToUnicode writes the CMap that maps each glyph back to its text.
func writeToUnicode(o io.Writer, gids []uint16, texts []string) {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var entries []string
	for i, g := range gids {
		t := texts[i]
		if t == "" {
			continue
		}
		var e strings.Builder
		fmt.Fprintf(&e, "<%04X> <", g)
		for _, u := range utf16.Encode([]rune(t)) {
			fmt.Fprintf(&e, "%04X", u)
		}
		e.WriteString(">\n")
		entries = append(entries, e.String())
	}
	for i := 0; i < len(entries); i += 100 {
		j := min(i+100, len(entries))
		fmt.Fprintf(&b, "%d beginbfchar\n", j-i)
		for _, e := range entries[i:j] {
			b.WriteString(e)
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	io.WriteString(o, b.String())
}

// subsetTrueType keeps the glyph ids and empties the outlines of glyphs
// not kept (adding the components of kept composite glyphs).
func (f *Font) subsetTrueType(keep map[uint16]bool) ([]byte, error) {
	glyf, loca, head := f.tables["glyf"], f.tables["loca"], f.tables["head"]
	long := binary.BigEndian.Uint16(head[50:]) == 1
	n := f.NumGlyphs
	offs := make([]int, n+1)
	for i := 0; i <= n; i++ {
		if long {
			if 4*i+4 > len(loca) {
				return nil, fmt.Errorf("short loca table")
			}
			offs[i] = int(binary.BigEndian.Uint32(loca[4*i:]))
		} else {
			if 2*i+2 > len(loca) {
				return nil, fmt.Errorf("short loca table")
			}
			offs[i] = 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
		}
	}
	glyph := func(g int) []byte {
		a, b := offs[g], offs[g+1]
		if a >= b || b > len(glyf) {
			return nil
		}
		return glyf[a:b]
	}
	// Composite glyphs: keep their components, recursively.
	queue := make([]uint16, 0, len(keep))
	for g := range keep {
		queue = append(queue, g)
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		data := glyph(int(g))
		if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
			continue
		}
		p := 10
		for p+4 <= len(data) {
			flags := binary.BigEndian.Uint16(data[p:])
			c := binary.BigEndian.Uint16(data[p+2:])
			if int(c) < n && !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
			p += 4
			if flags&1 != 0 {
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&8 != 0:
				p += 2
			case flags&0x40 != 0:
				p += 4
			case flags&0x80 != 0:
				p += 8
			}
			if flags&0x20 == 0 {
				break
			}
		}
	}
	var newGlyf []byte
	newLoca := make([]byte, 4*(n+1))
	for g := 0; g < n; g++ {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if keep[uint16(g)] {
			newGlyf = append(newGlyf, glyph(g)...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*n:], uint32(len(newGlyf)))
	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0)
	binary.BigEndian.PutUint16(newHead[50:], 1)
	tables := map[string][]byte{"glyf": newGlyf, "loca": newLoca, "head": newHead,
		"hhea": f.tables["hhea"], "hmtx": f.tables["hmtx"], "maxp": f.tables["maxp"]}
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if f.tables[t] != nil {
			tables[t] = f.tables[t]
		}
	}
	return sfntFile(tables, 0x00010000), nil
}

// sfntFile assembles tables into a font file.
func sfntFile(tables map[string][]byte, version uint32) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	nt := len(tags)
	es := 0
	for 1<<(es+1) <= nt {
		es++
	}
	out := make([]byte, 12+16*nt)
	binary.BigEndian.PutUint32(out, version)
	binary.BigEndian.PutUint16(out[4:], uint16(nt))
	binary.BigEndian.PutUint16(out[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(nt*16-(16<<es)))
	for i, t := range tags {
		data := tables[t]
		r := 12 + 16*i
		copy(out[r:], t)
		var sum uint32
		for j := 0; j < len(data); j += 4 {
			var v [4]byte
			copy(v[:], data[j:])
			sum += binary.BigEndian.Uint32(v[:])
		}
		binary.BigEndian.PutUint32(out[r+4:], sum)
		binary.BigEndian.PutUint32(out[r+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[r+12:], uint32(len(data)))
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}
