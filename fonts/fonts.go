// Package fonts holds Sourcebook's type: the font families the renderers
// embed (Liberation Serif, Sans and Mono for text, DejaVu as a fallback for
// characters Liberation lacks, Noto faces for Arabic, Hebrew, Devanagari
// and symbols, and CJK faces found on the system), their metrics, and
// shaping with go-text (HarfBuzz's algorithms), cached by word.
package fonts

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansboldoblique"
	"github.com/go-fonts/dejavu/dejavusansoblique"
	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	gtfont "github.com/go-text/typesetting/font"
)

// Style selects a face within a family.
type Style uint8

const (
	Regular Style = iota
	Italic
	Bold
	BoldItalic
)

// Face is one TrueType font with its advance widths.
type Face struct {
	// Name is unique across families, e.g. "LiberationSerif-Italic"; the
	// PDF renderer registers the face under it.
	Name string
	Data []byte
	// Ascent and Descent in thousandths of an em (Descent negative).
	Ascent, Descent int

	// Index is the face's index in a font collection (.ttc).
	Index int
	// Bold is set on bold faces, so that a fallback face can match.
	Bold bool
	// Ligatures sets "fi" and "fl" as ligatures (text faces, not code).
	Ligatures bool

	once   sync.Once
	widths []uint16 // advance per BMP rune in 1/1000 em; 0 = no glyph
	gids   []uint16 // glyph per BMP rune
	rev    []rune   // the least character mapped to each glyph (0: none)
	err    error

	otOnce sync.Once
	ot     *gtfont.Font
	otErr  error
	upem   float32
	runs   sync.Map // runKey → *Run

	pdfOnce   sync.Once
	pdfWidths []uint16
	advances  []float32

	asciiPairs *[128 * 128]atomic.Int32
	pairs      sync.Map // [2]rune → int32
}

// Family is a set of four faces.
type Family struct {
	Name  string
	Faces [4]*Face
}

// Face returns the face for a style.
func (f *Family) Face(s Style) *Face { return f.Faces[s] }

func newFamily(name string, regular, italic, bold, boldItalic []byte, names [4]string) *Family {
	fam := &Family{Name: name}
	for i, d := range [][]byte{regular, italic, bold, boldItalic} {
		fam.Faces[i] = &Face{Name: names[i], Data: d, Bold: i >= 2}
	}
	return fam
}

var (
	serif = newFamily("Liberation Serif", liberationserifregular.TTF, liberationserifitalic.TTF,
		liberationserifbold.TTF, liberationserifbolditalic.TTF,
		[4]string{"LiberationSerif", "LiberationSerif-Italic", "LiberationSerif-Bold", "LiberationSerif-BoldItalic"})
	sans = newFamily("Liberation Sans", liberationsansregular.TTF, liberationsansitalic.TTF,
		liberationsansbold.TTF, liberationsansbolditalic.TTF,
		[4]string{"LiberationSans", "LiberationSans-Italic", "LiberationSans-Bold", "LiberationSans-BoldItalic"})
	mono = newFamily("Liberation Mono", liberationmonoregular.TTF, liberationmonoitalic.TTF,
		liberationmonobold.TTF, liberationmonobolditalic.TTF,
		[4]string{"LiberationMono", "LiberationMono-Italic", "LiberationMono-Bold", "LiberationMono-BoldItalic"})
	fallback = newFamily("DejaVu Sans", dejavusans.TTF, dejavusansoblique.TTF,
		dejavusansbold.TTF, dejavusansboldoblique.TTF,
		[4]string{"DejaVuSans", "DejaVuSans-Oblique", "DejaVuSans-Bold", "DejaVuSans-BoldOblique"})
)

func init() {
	for _, fam := range []*Family{serif, sans} {
		for _, f := range fam.Faces {
			f.Ligatures = true
		}
	}
}

// Serif is the body face: Liberation Serif (Latin with Extended-A and
// -B, Greek, Cyrillic).
func Serif() *Family { return serif }

// Sans is used for display type: headings, running heads, labels.
func Sans() *Family { return sans }

// Mono is the code face.
func Mono() *Family { return mono }

// Fallback covers characters the main families lack (DejaVu Sans has
// wider coverage: IPA, many symbols, Armenian, Georgian, …).
func Fallback() *Family { return fallback }

func (f *Face) load() {
	f.once.Do(func() {
		f.err = f.parse()
	})
}

// parse reads the cmap and advances through go-text and keeps a flat
// table for the Basic Multilingual Plane: the typesetter asks whether a
// face has a character millions of times per build, and a slice lookup is
// the cheapest answer.
func (f *Face) parse() error {
	ft, err := f.otFont()
	if err != nil {
		return err
	}
	face := gtfont.NewFace(ft)
	upem := float64(ft.Upem())
	if ext, ok := face.FontHExtents(); ok {
		f.Ascent = int(math.Round(float64(ext.Ascender) * 1000 / upem))
		f.Descent = int(math.Round(float64(ext.Descender) * 1000 / upem))
	}
	f.widths = make([]uint16, 0x10000)
	f.gids = make([]uint16, 0x10000)
	f.pdfWidthsInit()
	f.rev = make([]rune, len(f.advances))
	f.asciiPairs = new([128 * 128]atomic.Int32)
	f.initPairs()
	for it := ft.Cmap.Iter(); it.Next(); {
		r, gi := it.Char()
		if r < 0x20 || r >= 0x10000 || (r >= 0xD800 && r < 0xE000) || gi == 0 {
			continue
		}
		f.gids[r] = uint16(gi)
		if !(r >= 0xFB00 && r < 0xFE00 || r >= 0xFE70 && r < 0xFF00) {
			g := int(uint16(gi))
			if g >= len(f.rev) {
				f.rev = append(f.rev, make([]rune, g+1-len(f.rev))...)
			}
			if old := f.rev[g]; old == 0 || r < old {
				f.rev[g] = r
			}
		}
		w := 0
		if int(gi) < len(f.advances) {
			w = int(math.Round(float64(f.advances[gi])))
		}
		if w <= 0 {
			// Zero-width glyphs (combining marks) are present; store 1 so
			// that 0 keeps meaning "missing", and subtract it on use.
			w = 0xFFFF
		}
		f.widths[r] = uint16(w)
	}
	return nil
}

// Err reports whether the font data could be read.
func (f *Face) Err() error {
	f.load()
	return f.err
}

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool {
	f.load()
	return r >= 0 && r < 0x10000 && f.widths != nil && f.widths[r] != 0
}

// Advance returns r's advance width in 1/1000 em (0 if missing).
func (f *Face) Advance(r rune) int {
	f.load()
	if r < 0 || r >= 0x10000 || f.widths == nil {
		return 0
	}
	w := f.widths[r]
	if w == 0xFFFF {
		return 0
	}
	return int(w)
}

// Width returns the width of s in points at size, as shaped (kerning
// and ligatures included) left to right.
func (f *Face) Width(s string, size float64) float64 {
	f.load()
	if f.widths == nil {
		return 0
	}
	if len(s) == 1 {
		if w := f.widths[s[0]]; w != 0xFFFF {
			return float64(w) * size / 1000
		}
		return 0
	}
	if _, w := f.pairRun(s, false, nil); w > 0 {
		return float64(w) * size / 1000
	}
	return float64(f.Shape(s, isRTL(s)).Width) * size / 1000
}

// isRTL reports text with Hebrew or Arabic letters, which is shaped
// right to left.
func isRTL(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && r < 0x0900 || r >= 0xFB1D && r < 0xFE00 || r >= 0xFE70 && r < 0xFF00 {
			return true
		}
	}
	return false
}
