package fonts

import (
	"bytes"
	"fmt"
	"sync"
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
	// Text is what the glyph stands for in the logical text: its whole
	// cluster for the cluster's first glyph in logical order, "" for the
	// others.
	Text string
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
		lds, err := ot.NewLoaders(bytes.NewReader(f.Data))
		if err != nil {
			f.otErr = fmt.Errorf("font %s: %w", f.Name, err)
			return
		}
		if f.Index >= len(lds) {
			f.otErr = fmt.Errorf("font %s: no face %d in the collection", f.Name, f.Index)
			return
		}
		f.ot, err = gtfont.NewFont(lds[f.Index])
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

func (f *Face) shape(text string, rtl bool) *Run {
	ft, err := f.otFont()
	if err != nil || text == "" {
		return &Run{Simple: true}
	}
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
	run := &Run{Glyphs: make([]Glyph, len(out.Glyphs)), Simple: true}
	// Byte offsets of each rune, to cut cluster texts.
	offs := make([]int, len(runes)+1)
	i := 0
	for k := range text {
		offs[i] = k
		i++
	}
	offs[len(runes)] = len(text)
	seen := map[int]bool{}
	order := make([]int, len(out.Glyphs)) // logical order of glyphs
	for k := range order {
		order[k] = k
		if rtl {
			order[k] = len(order) - 1 - k
		}
	}
	for _, k := range order {
		g := out.Glyphs[k]
		gl := Glyph{ID: uint16(g.GlyphID), Advance: float32(g.XAdvance) / 64, DX: float32(g.XOffset) / 64, DY: float32(g.YOffset) / 64}
		c := g.ClusterIndex
		if !seen[c] {
			seen[c] = true
			end := min(c+max(g.RuneCount, 1), len(runes))
			gl.Text = text[offs[c]:offs[end]]
		}
		if g.GlyphID == 0 {
			r := runes[c]
			if !unicode.Is(unicode.Cf, r) && !unicode.IsSpace(r) {
				run.Missing = append(run.Missing, r)
			}
		}
		if g.GlyphCount != 1 || g.RuneCount != 1 || gl.Text == "" || gl.DX != 0 || gl.DY != 0 {
			run.Simple = false
		} else if r, _ := utf8.DecodeRuneInString(gl.Text); f.Glyph(r) != gl.ID {
			run.Simple = false
		}
		run.Glyphs[k] = gl
		run.Width += gl.Advance
	}
	if rtl && len(run.Glyphs) > 1 {
		run.Simple = false
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
	f.pdfOnce.Do(func() {
		ft, err := f.otFont()
		if err != nil {
			return
		}
		face := gtfont.NewFace(ft)
		n := 1 << 16 // go-text does not say how many glyphs there are
		f.pdfWidths = make([]uint16, n)
		for g := range n {
			f.pdfWidths[g] = uint16(float64(face.HorizontalAdvance(gtfont.GID(g)))*1000/float64(f.upem) + 0.5)
		}
	})
	if int(gid) < len(f.pdfWidths) {
		return int(f.pdfWidths[gid])
	}
	return 0
}
