package fonts

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/di"
	gtfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Glyph is one shaped glyph, in thousandths of an em.
type Glyph struct {
	ID      uint16
	Advance float32
	DX, DY  float32 // offset from the pen position (DY up)
	// Text is what the glyph stands for in the logical text (see shape).
	Text string
	// Cluster is the index of the first character of its cluster.
	Cluster int
}

// Run is a shaped string: glyphs in visual order (left to right).
type Run struct {
	Glyphs []Glyph
	Width  float32 // thousandths of an em
	// Simple is set when every glyph is the font's own glyph for the one
	// character it stands for, in logical order: text extraction then
	// needs nothing but the ToUnicode map.
	Simple bool
	// Missing lists characters the face has no glyph for.
	Missing []rune
	// Nominal is set when every glyph is the cmap's glyph for its one
	// character (the pair model's runs).
	Nominal bool

	pairs []PairGlyph // scratch of ShapeInto
}

// shaperPool holds HarfBuzz shapers: a shaper is not safe for concurrent
// use, and a go-text Face (its caches) neither.
var shaperPool = sync.Pool{New: func() any { return &shaperState{faces: map[*Face]*gtfont.Face{}} }}

type shaperState struct {
	hb    shaping.HarfbuzzShaper
	faces map[*Face]*gtfont.Face
	runes []rune
}

// otFont loads the go-text font of the face once.
func (f *Face) otFont() (*gtfont.Font, error) {
	f.otOnce.Do(func() {
		// Shaping needs the layout tables, not the outlines: go-text
		// would parse every outline of the font (a CJK face has 65,000),
		// so it is given the font without them.
		data, index := withoutOutlines(f.Data, f.Index)
		lds, err := ot.NewLoaders(bytes.NewReader(data))
		if err != nil {
			f.otErr = fmt.Errorf("font %s: %w", f.Name, err)
			return
		}
		if index >= len(lds) {
			f.otErr = fmt.Errorf("font %s: no face %d in the collection", f.Name, f.Index)
			return
		}
		f.ot, err = gtfont.NewFont(lds[index])
		if err != nil {
			f.otErr = fmt.Errorf("font %s: %w", f.Name, err)
			return
		}
		f.upem = float32(f.ot.Upem())
	})
	return f.ot, f.otErr
}

// Glyph returns the face's glyph for r (0 if none).
func (f *Face) Glyph(r rune) uint16 {
	if r >= 0 && r < 0x10000 {
		f.load()
		if f.gids != nil {
			return f.gids[r]
		}
	}
	ft, err := f.otFont()
	if err != nil {
		return 0
	}
	g, ok := ft.NominalGlyph(r)
	if !ok {
		return 0
	}
	return uint16(g)
}

type runKey struct {
	text string
	rtl  bool
}

// Shape shapes text with the face's OpenType features (kerning, standard
// and contextual ligatures, Arabic joining, mark positioning, Indic
// reordering), as one run in the given direction. Results are cached: a
// book repeats its words.
func (f *Face) Shape(text string, rtl bool) *Run {
	// The pair model is cheaper than a cache lookup.
	if !rtl {
		if r, _ := f.pairRun(text, true, nil); r != nil {
			return r
		}
	}
	return f.cached(text, rtl)
}

// ShapeInto is Shape for a caller done with the run before it shapes
// again (drawing): a run set pair by pair is made in buf, not allocated.
func (f *Face) ShapeInto(text string, rtl bool, buf *Run) *Run {
	if !rtl {
		if r, _ := f.pairRun(text, true, buf); r != nil {
			return r
		}
	}
	return f.cached(text, rtl)
}

// cached shapes text with HarfBuzz, once per face, text and direction.
func (f *Face) cached(text string, rtl bool) *Run {
	key := runKey{text, rtl}
	if r, ok := f.runs.Load(key); ok {
		return r.(*Run)
	}
	r := f.shape(text, rtl)
	if v, loaded := f.runs.LoadOrStore(key, r); loaded {
		return v.(*Run)
	}
	return r
}

func (f *Face) shape(text string, rtl bool) (run *Run) {
	ft, err := f.otFont()
	if err != nil || text == "" {
		return &Run{Simple: true}
	}
	defer func() {
		// A damaged font (one named in a manifest) must not stop the
		// build: its text is reported as missing instead.
		if recover() != nil {
			run = &Run{Simple: true, Missing: []rune(text)}
		}
	}()
	st := shaperPool.Get().(*shaperState)
	defer shaperPool.Put(st)
	face := st.faces[f]
	if face == nil {
		face = gtfont.NewFace(ft)
		st.faces[f] = face
	}
	st.runes = st.runes[:0]
	for _, r := range text {
		st.runes = append(st.runes, r)
	}
	runes := st.runes
	script := language.Common
	for _, r := range runes {
		if s := language.LookupScript(r); s != language.Common && s != language.Inherited && s != language.Unknown {
			script = s
			break
		}
	}
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	out := st.hb.Shape(shaping.Input{Text: runes, RunStart: 0, RunEnd: len(runes), Direction: dir, Face: face,
		Size: fixed.I(1000), Script: script, Language: language.DefaultLanguage()})
	run = &Run{Glyphs: make([]Glyph, len(out.Glyphs)), Simple: true}
	// Byte offsets of each rune, to cut cluster texts.
	offs := make([]int, len(runes)+1)
	i := 0
	for k := range text {
		offs[i] = k
		i++
	}
	offs[len(runes)] = len(text)
	order := make([]int, len(out.Glyphs)) // logical order of glyphs
	for k := range order {
		order[k] = k
		if rtl {
			order[k] = len(order) - 1 - k
		}
	}
	// A cluster's text goes to its glyphs one character each when there
	// are as many glyphs as characters (a base and its marks), whole to
	// its first glyph in logical order otherwise (a ligature, a conjunct).
	run.Simple = true
	for i := 0; i < len(order); {
		c := out.Glyphs[order[i]].TextIndex()
		j := i + 1
		for j < len(order) && out.Glyphs[order[j]].TextIndex() == c {
			j++
		}
		end := min(c+max(out.Glyphs[order[i]].RunesCount(), 1), len(runes))
		// Right to left, the marks' text stays with the base: readers
		// split a mark drawn above the line from its word.
		oneEach := j-i == end-c && j-i > 1 && !rtl
		if j-i > 1 && !rtl {
			run.Simple = false
		}
		for n, k := range order[i:j] {
			g := out.Glyphs[k]
			gl := Glyph{ID: uint16(g.GlyphID), Advance: float32(g.Advance) / 64, DX: float32(g.XOffset) / 64, DY: float32(g.YOffset) / 64, Cluster: c}
			switch {
			case oneEach:
				gl.Text = text[offs[c+n]:offs[c+n+1]]
			case n == 0:
				gl.Text = text[offs[c]:offs[end]]
			}
			if g.GlyphID == 0 {
				r := runes[c]
				if !unicode.Is(unicode.Cf, r) && !unicode.IsSpace(r) {
					run.Missing = append(run.Missing, r)
				}
			}
			if !rtl && (gl.DX != 0 || gl.DY != 0) {
				run.Simple = false
			}
			run.Glyphs[k] = gl
			run.Width += gl.Advance
		}
		i = j
	}
	// Left to right, a run whose glyphs do not give its text back in
	// drawing order is drawn with its text as ActualText. Right to left,
	// readers rebuild the order from positions (and poppler reverses
	// ActualText), so runs are drawn glyph by glyph with marks after
	// their bases.
	if !rtl && run.Simple {
		var sb strings.Builder
		for _, g := range run.Glyphs {
			sb.WriteString(g.Text)
		}
		run.Simple = sb.String() == text
	}
	return run
}

// HasGlyph reports whether the face has a glyph for r, outside the Basic
// Multilingual Plane too.
func (f *Face) HasGlyph(r rune) bool {
	if r < 0x10000 {
		return f.Has(r)
	}
	return f.Glyph(r) != 0
}

// PDFWidth is the glyph's advance in thousandths of an em, rounded as the
// PDF's W array gives it (see pdfwrite).
func (f *Face) PDFWidth(gid uint16) int {
	f.pdfWidthsInit()
	if int(gid) < len(f.pdfWidths) {
		return int(f.pdfWidths[gid])
	}
	return 0
}

// Latin text is shaped pair by pair: a word of simple characters (Latin,
// Greek, Cyrillic without combining marks) whose adjacent pairs the font
// neither ligates nor substitutes is set with the font's advances plus the
// kerning HarfBuzz gives each pair, which is what shaping the whole word
// gives for fonts like Liberation, at a fraction of the cost. Any pair that
// shapes otherwise (a ligature such as "fi") sends the word through
// HarfBuzz whole.

const (
	pairUnknown = math.MinInt32
	pairComplex = math.MaxInt32
)

// simpleRune reports characters the pair model handles.
func simpleRune(r rune) bool {
	return r >= 0x20 && r < 0x0530 && !(r >= 0x0300 && r < 0x0370) && r != 0xAD
}

// pairKern returns the kerning between a and b in 1/64 thousandths of an
// em, or pairComplex.
func (f *Face) pairKern(a, b rune) int32 {
	var slot *atomic.Int32
	if a < 128 && b < 128 {
		slot = &f.asciiPairs[int(a)*128+int(b)]
		if v := slot.Load(); v != pairUnknown {
			return v
		}
	} else if v, ok := f.pairs.Load([2]rune{a, b}); ok {
		return v.(int32)
	}
	v := f.computePair(a, b)
	if slot != nil {
		slot.Store(v)
	} else {
		f.pairs.Store([2]rune{a, b}, v)
	}
	return v
}

func (f *Face) initPairs() {
	for i := range f.asciiPairs {
		f.asciiPairs[i].Store(pairUnknown)
	}
}

func (f *Face) computePair(a, b rune) int32 {
	ga, gb := f.Glyph(a), f.Glyph(b)
	if ga == 0 || gb == 0 {
		return pairComplex
	}
	r := f.shape(string([]rune{a, b}), false)
	if len(r.Glyphs) != 2 || r.Glyphs[0].ID != ga || r.Glyphs[1].ID != gb || r.Glyphs[0].DX != 0 || r.Glyphs[0].DY != 0 ||
		r.Glyphs[1].DX != 0 || r.Glyphs[1].DY != 0 {
		return pairComplex
	}
	return int32(math.Round(float64(r.Glyphs[0].Advance-f.advance(a)) * 64))
}

// advance is r's advance in thousandths of an em, unrounded.
func (f *Face) advance(r rune) float32 {
	g := f.Glyph(r)
	f.pdfWidthsInit()
	if int(g) < len(f.advances) {
		return f.advances[g]
	}
	return 0
}

// PairGlyph is a glyph of text set by the pair model (see PairGlyphs).
type PairGlyph struct {
	ID       uint16
	N        uint16 // bytes of the text it stands for
	PDFWidth uint16 // as Face.PDFWidth gives it
	At       int32  // where that text starts
	// Advance is in thousandths of an em, with the kerning before the
	// next glyph, as in a Run.
	Advance float32
}

// PairGlyphs sets s left to right by the pair model into buf[:0], as
// Shape would, without making a Run (drawing), and returns its width in
// thousandths of an em. ok is false when s needs HarfBuzz; lig reports
// an f-ligature among the glyphs (a Run that is not Nominal).
func (f *Face) PairGlyphs(s string, buf []PairGlyph) (gs []PairGlyph, width float32, lig, ok bool) {
	return f.pairCore(s, buf[:0], true)
}

// pairRun sets s by the pair model, or returns nil when s needs
// HarfBuzz. With glyphs false only the width is computed.
func (f *Face) pairRun(s string, glyphs bool, buf *Run) (*Run, float32) {
	if !glyphs {
		_, w, _, ok := f.pairCore(s, nil, false)
		if !ok {
			return nil, 0
		}
		return nil, w
	}
	var pairs []PairGlyph
	if buf != nil {
		pairs = buf.pairs[:0]
	}
	pairs, width, lig, ok := f.pairCore(s, pairs, true)
	if buf != nil {
		buf.pairs = pairs
	}
	if !ok {
		return nil, 0
	}
	var run *Run
	if buf != nil {
		*buf = Run{Glyphs: buf.Glyphs[:0], pairs: buf.pairs}
		run = buf
	} else {
		run = &Run{Glyphs: make([]Glyph, 0, len(pairs))}
	}
	run.Simple, run.Nominal, run.Width = true, !lig, width
	for _, p := range pairs {
		run.Glyphs = append(run.Glyphs, Glyph{ID: p.ID, Advance: p.Advance, Text: s[p.At : p.At+int32(p.N)]})
	}
	return run, width
}

// pairCore is the pair model: the width of s and, with glyphs, its
// glyphs appended to out; ok is false when s needs HarfBuzz.
func (f *Face) pairCore(s string, out []PairGlyph, glyphs bool) (_ []PairGlyph, width float32, lig, ok bool) {
	var prev rune = -1
	f.load()
	if f.widths == nil || f.advances == nil {
		return out, 0, false, false
	}
	widths, gids, advs, pdfw := f.widths, f.gids, f.advances, f.pdfWidths
	for i, r := range s {
		if !simpleRune(r) || widths[r] == 0 {
			return out, 0, false, false
		}
		g := gids[r]
		if prev == 'f' && (r == 'i' || r == 'l') && f.Ligatures {
			// Standard f-ligatures: Liberation files them under dlig,
			// which shaping leaves off, so they are taken from the cmap.
			lg := gids[0xFB01]
			if r == 'l' {
				lg = gids[0xFB02]
			}
			if lg != 0 && int(lg) < len(advs) {
				d := advs[lg] - advs[gids['f']]
				width += d
				if glyphs {
					last := &out[len(out)-1]
					last.ID, last.Advance, last.N, last.PDFWidth = lg, last.Advance+d, 2, pdfw[lg]
					lig = true
				}
				prev = r
				continue
			}
		}
		if prev >= 0 {
			var k int32
			if prev < 128 && r < 128 {
				slot := &f.asciiPairs[int(prev)*128+int(r)]
				if k = slot.Load(); k == pairUnknown {
					k = f.computePair(prev, r)
					slot.Store(k)
				}
			} else {
				k = f.pairKern(prev, r)
			}
			if k == pairComplex {
				return out, 0, false, false
			}
			if k != 0 {
				kern := float32(k) / 64
				width += kern
				if glyphs {
					out[len(out)-1].Advance += kern
				}
			}
		}
		adv, pw := float32(0), uint16(0)
		if int(g) < len(advs) {
			adv, pw = advs[g], pdfw[g]
		}
		width += adv
		if glyphs {
			out = append(out, PairGlyph{ID: g, N: uint16(utf8.RuneLen(r)), PDFWidth: pw, At: int32(i), Advance: adv})
		}
		prev = r
	}
	return out, width, lig, true
}

func (f *Face) pdfWidthsInit() {
	f.pdfOnce.Do(func() {
		ft, err := f.otFont()
		if err != nil {
			return
		}
		face := gtfont.NewFace(ft)
		n := f.numGlyphs()
		f.pdfWidths = make([]uint16, n)
		f.advances = make([]float32, n)
		for g := range n {
			a := face.HorizontalAdvance(gtfont.GID(g)) * 1000 / f.upem
			f.advances[g] = a
			f.pdfWidths[g] = uint16(float64(a) + 0.5)
		}
	})
}

// numGlyphs reads maxp (go-text does not say how many glyphs a font has).
func (f *Face) numGlyphs() int {
	d := f.Data
	off := 0
	if len(d) >= 16 && string(d[:4]) == "ttcf" && 12+4*f.Index+4 <= len(d) {
		off = int(binary.BigEndian.Uint32(d[12+4*f.Index:]))
	}
	if off+12 > len(d) {
		return 0
	}
	nt := int(binary.BigEndian.Uint16(d[off+4:]))
	for i := range nt {
		r := off + 12 + 16*i
		if r+16 > len(d) {
			break
		}
		if string(d[r:r+4]) == "maxp" {
			o := int(binary.BigEndian.Uint32(d[r+8:]))
			if o+6 <= len(d) {
				return int(binary.BigEndian.Uint16(d[o+4:]))
			}
		}
	}
	return 0
}

// Canonical returns the text a glyph stands for when drawn on its own:
// the character the font's cmap maps to it (presentation forms aside).
func (f *Face) Canonical(gid uint16) (rune, bool) {
	f.load()
	if int(gid) < len(f.rev) && f.rev[gid] != 0 {
		return f.rev[gid], true
	}
	return 0, false
}

// withoutOutlines returns face index of a font file as a font file of its
// own without its outline tables (glyf, loca, CFF, CFF2), with index 0;
// or the data and index as they are when it cannot be read.
func withoutOutlines(data []byte, index int) ([]byte, int) {
	off := 0
	if len(data) >= 16 && string(data[:4]) == "ttcf" {
		if 12+4*index+4 > len(data) {
			return data, index
		}
		off = int(binary.BigEndian.Uint32(data[12+4*index:]))
	}
	if off+12 > len(data) {
		return data, index
	}
	nt := int(binary.BigEndian.Uint16(data[off+4:]))
	type table struct {
		tag  string
		body []byte
	}
	var keep []table
	for i := range nt {
		r := off + 12 + 16*i
		if r+16 > len(data) {
			return data, index
		}
		tag := string(data[r : r+4])
		o, l := int(binary.BigEndian.Uint32(data[r+8:])), int(binary.BigEndian.Uint32(data[r+12:]))
		if o < 0 || l < 0 || o+l > len(data) {
			return data, index
		}
		switch tag {
		case "glyf", "loca", "CFF ", "CFF2":
			continue
		}
		keep = append(keep, table{tag, data[o : o+l]})
	}
	out := make([]byte, 12+16*len(keep))
	copy(out, data[off:off+4])
	binary.BigEndian.PutUint16(out[4:], uint16(len(keep)))
	for i, t := range keep {
		r := 12 + 16*i
		copy(out[r:], t.tag)
		binary.BigEndian.PutUint32(out[r+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[r+12:], uint32(len(t.body)))
		out = append(out, t.body...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, 0
}
