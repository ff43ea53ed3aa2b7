package epub

import (
	"bytes"
	"fmt"
	goimage "image"
	"image/color"
	"image/draw"
	"image/png"
	"sort"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"sourcebook/book"
	"sourcebook/fonts"
)

// Cover geometry (pixels) and colours: a dark band holding the title on
// a light ground, the text colours well above 4.5:1 contrast.
const (
	coverW, coverH = 1600, 2400
	coverMargin    = 160
	bandTop        = 400
	bandBottom     = 1600
)

var (
	coverGround = color.NRGBA{0xf4, 0xef, 0xe4, 0xff}
	coverInk    = color.NRGBA{0x1d, 0x2c, 0x42, 0xff}
	coverRule   = color.NRGBA{0xc9, 0xa8, 0x5c, 0xff}
)

// coverAlt is the cover image's text alternative: what it says.
func coverAlt(b *book.Book, teacher bool) string {
	parts := []string{b.Locale().T(book.MsgCoverAlt, titleOf(b))}
	if s := strings.TrimSpace(b.Subtitle); s != "" {
		parts = append(parts, s)
	}
	if len(b.Editors) > 0 {
		parts = append(parts, b.Locale().T(book.MsgEditedBy, b.Locale().And(b.Editors)))
	}
	if c := strings.TrimSpace(b.Course); c != "" {
		parts = append(parts, c)
	}
	if i := strings.TrimSpace(b.Institution); i != "" {
		parts = append(parts, i)
	}
	if teacher {
		parts = append(parts, b.Locale().T(book.MsgTeacherEdition))
	}
	for i, s := range parts {
		parts[i] = strings.TrimSuffix(s, ".")
	}
	return strings.Join(parts, ". ") + "."
}

func titleOf(b *book.Book) string {
	if t := strings.TrimSpace(b.Title); t != "" {
		return t
	}
	return b.Locale().T(book.MsgUntitled)
}

// The cover's type is drawn with golang.org/x/image/font/sfnt outlines
// and the small rasterizer below rather than x/image/font/opentype,
// whose rasterizer (x/image/vector) needs golang.org/x/sys, which the
// module does not require. Integer arithmetic throughout keeps the
// pixels identical on every machine.

// typeface is a font with a fallback for characters it lacks.
type typeface struct{ main, fallback *sfnt.Font }

func loadTypeface(main, fallback *fonts.Face) (typeface, error) {
	m, err := sfnt.Parse(main.Data)
	if err != nil {
		return typeface{}, fmt.Errorf("epub: cover font %s: %w", main.Name, err)
	}
	f, err := sfnt.Parse(fallback.Data)
	if err != nil {
		return typeface{}, fmt.Errorf("epub: cover font %s: %w", fallback.Name, err)
	}
	return typeface{m, f}, nil
}

// face is a typeface at a size in pixels.
type face struct {
	t    typeface
	size int
	buf  sfnt.Buffer
}

func (t typeface) at(size int) *face { return &face{t: t, size: size} }

func (f *face) ppem() fixed.Int26_6 { return fixed.I(f.size) }

// glyph finds r in the main font or else the fallback.
func (f *face) glyph(r rune) (*sfnt.Font, sfnt.GlyphIndex) {
	if gi, err := f.t.main.GlyphIndex(&f.buf, r); err == nil && gi != 0 {
		return f.t.main, gi
	}
	if gi, err := f.t.fallback.GlyphIndex(&f.buf, r); err == nil && gi != 0 {
		return f.t.fallback, gi
	}
	return f.t.main, 0
}

// layout calls fn for each glyph of s with its pen position, and returns
// the total advance.
func (f *face) layout(s string, fn func(font *sfnt.Font, gi sfnt.GlyphIndex, x fixed.Int26_6)) fixed.Int26_6 {
	var x fixed.Int26_6
	var prevFont *sfnt.Font
	var prev sfnt.GlyphIndex
	for _, r := range s {
		ft, gi := f.glyph(r)
		if ft == prevFont && prev != 0 {
			if k, err := ft.Kern(&f.buf, prev, gi, f.ppem(), font.HintingNone); err == nil {
				x += k
			}
		}
		if fn != nil {
			fn(ft, gi, x)
		}
		if adv, err := ft.GlyphAdvance(&f.buf, gi, f.ppem(), font.HintingNone); err == nil {
			x += adv
		}
		prevFont, prev = ft, gi
	}
	return x
}

func (f *face) width(s string) fixed.Int26_6 { return f.layout(s, nil) }

// draw writes s centred on the cover with its baseline at y.
func (f *face) draw(dst *goimage.NRGBA, s string, y int, c color.NRGBA) {
	x0 := fixed.I(coverW/2) - f.width(s)/2
	f.layout(s, func(ft *sfnt.Font, gi sfnt.GlyphIndex, x fixed.Int26_6) {
		segs, err := ft.LoadGlyph(&f.buf, gi, f.ppem(), nil)
		if err != nil {
			return
		}
		fillPath(dst, flatten(segs, x0+x, fixed.I(y)), c)
	})
}

// edge is a line segment of an outline in 26.6 pixel coordinates.
type edge struct{ x0, y0, x1, y1 int64 }

// flatten turns glyph segments, offset to (dx, dy), into line edges;
// curves are cut into a fixed number of pieces.
func flatten(segs sfnt.Segments, dx, dy fixed.Int26_6) []edge {
	const n = 8
	var edges []edge
	var cx, cy, sx, sy int64
	pt := func(p fixed.Point26_6) (int64, int64) { return int64(p.X + dx), int64(p.Y + dy) }
	line := func(x, y int64) {
		if y != cy {
			edges = append(edges, edge{cx, cy, x, y})
		}
		cx, cy = x, y
	}
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if cx != sx || cy != sy {
				line(sx, sy)
			}
			cx, cy = pt(s.Args[0])
			sx, sy = cx, cy
		case sfnt.SegmentOpLineTo:
			x, y := pt(s.Args[0])
			line(x, y)
		case sfnt.SegmentOpQuadTo:
			x0, y0 := cx, cy
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			for i := int64(1); i <= n; i++ {
				a, b, c := (n-i)*(n-i), 2*i*(n-i), i*i
				line((a*x0+b*x1+c*x2)/(n*n), (a*y0+b*y1+c*y2)/(n*n))
			}
		case sfnt.SegmentOpCubeTo:
			x0, y0 := cx, cy
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			x3, y3 := pt(s.Args[2])
			for i := int64(1); i <= n; i++ {
				j := n - i
				a, b, c, d := j*j*j, 3*i*j*j, 3*i*i*j, i*i*i
				line((a*x0+b*x1+c*x2+d*x3)/(n*n*n), (a*y0+b*y1+c*y2+d*y3)/(n*n*n))
			}
		}
	}
	if cx != sx || cy != sy {
		line(sx, sy)
	}
	return edges
}

// fillPath paints the non-zero-winding interior of edges in colour c,
// anti-aliased: four sample lines per pixel row, each adding the exact
// horizontal coverage of its spans (up to 64 per pixel).
func fillPath(dst *goimage.NRGBA, edges []edge, c color.NRGBA) {
	if len(edges) == 0 {
		return
	}
	minY, maxY := edges[0].y0, edges[0].y0
	for _, e := range edges {
		minY, maxY = min(minY, e.y0, e.y1), max(maxY, e.y0, e.y1)
	}
	b := dst.Bounds()
	rowStart, rowEnd := max(int(minY>>6), b.Min.Y), min(int((maxY+63)>>6), b.Max.Y)
	cov := make([]int32, b.Dx())
	type crossing struct {
		x   int64
		dir int
	}
	var xs []crossing
	for row := rowStart; row < rowEnd; row++ {
		clear(cov)
		touched := false
		for sub := int64(0); sub < 4; sub++ {
			y := int64(row)<<6 + sub*16 + 8
			xs = xs[:0]
			for _, e := range edges {
				dir := 1
				y0, y1, x0, x1 := e.y0, e.y1, e.x0, e.x1
				if y0 > y1 {
					y0, y1, x0, x1, dir = y1, y0, x1, x0, -1
				}
				if y < y0 || y >= y1 {
					continue
				}
				xs = append(xs, crossing{x0 + (x1-x0)*(y-y0)/(y1-y0), dir})
			}
			sort.Slice(xs, func(i, j int) bool {
				if xs[i].x != xs[j].x {
					return xs[i].x < xs[j].x
				}
				return xs[i].dir < xs[j].dir
			})
			wind := 0
			for i := 0; i+1 < len(xs); i++ {
				wind += xs[i].dir
				if wind == 0 {
					continue
				}
				sx := max(xs[i].x, int64(b.Min.X)<<6)
				ex := min(xs[i+1].x, int64(b.Max.X)<<6)
				for px := sx >> 6; px<<6 < ex; px++ {
					lo, hi := max(sx, px<<6), min(ex, (px+1)<<6)
					if hi > lo {
						cov[int(px)-b.Min.X] += int32(hi - lo)
						touched = true
					}
				}
			}
		}
		if !touched {
			continue
		}
		for i, a := range cov {
			if a <= 0 {
				continue
			}
			a = min(a, 256)
			o := dst.PixOffset(b.Min.X+i, row)
			p := dst.Pix[o : o+4 : o+4]
			p[0] = uint8((int32(c.R)*a + int32(p[0])*(256-a)) >> 8)
			p[1] = uint8((int32(c.G)*a + int32(p[1])*(256-a)) >> 8)
			p[2] = uint8((int32(c.B)*a + int32(p[2])*(256-a)) >> 8)
			p[3] = 0xff
		}
	}
}

// wrap breaks s into lines no wider than width.
func (f *face) wrap(s string, width int) (lines []string, fits bool) {
	fits = true
	var line string
	for _, word := range strings.Fields(s) {
		if f.width(word) > fixed.I(width) {
			fits = false
		}
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && f.width(try) > fixed.I(width) {
			lines = append(lines, line)
			line = word
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines, fits
}

// fit finds the largest size, from size down, at which s wraps into at
// most maxLines lines with no word wider than the measure.
func fit(t typeface, s string, size, minSize, maxLines int) (*face, []string) {
	for {
		f := t.at(size)
		lines, fits := f.wrap(s, coverW-2*coverMargin)
		if (fits && len(lines) <= maxLines) || size <= minSize {
			return f, lines
		}
		size = max(size*92/100, minSize)
	}
}

type textBlock struct {
	f     *face
	lines []string
	lead  int // line height in per cent of the size
}

func (tb textBlock) step() int { return tb.f.size * tb.lead / 100 }

func (tb textBlock) height() int {
	if tb.f == nil {
		return 0
	}
	return tb.step() * len(tb.lines)
}

// drawBlock draws the block's lines from top, returning the new top.
func drawBlock(dst *goimage.NRGBA, tb textBlock, top int, c color.NRGBA) int {
	if tb.f == nil {
		return top
	}
	for i, l := range tb.lines {
		tb.f.draw(dst, l, top+tb.step()*i+tb.f.size*95/100, c)
	}
	return top + tb.height()
}

func fillRect(dst draw.Image, r goimage.Rectangle, c color.Color) {
	draw.Draw(dst, r, goimage.NewUniform(c), goimage.Point{}, draw.Src)
}

// coverPNG draws the cover: course at the top, title and subtitle in a
// dark band, editors and institution below, "Teacher Edition" when it
// is one. Drawing and PNG encoding are deterministic.
func coverPNG(b *book.Book, teacher bool) ([]byte, error) {
	var tf [4]typeface
	for i, fam := range []struct {
		main *fonts.Family
		s    fonts.Style
	}{{fonts.Serif(), fonts.Bold}, {fonts.Serif(), fonts.Italic}, {fonts.Sans(), fonts.Regular}, {fonts.Sans(), fonts.Bold}} {
		t, err := loadTypeface(fam.main.Face(fam.s), fonts.Fallback().Face(fam.s))
		if err != nil {
			return nil, err
		}
		tf[i] = t
	}
	serifBold, serifItalic, sans, sansBold := tf[0], tf[1], tf[2], tf[3]
	img := goimage.NewNRGBA(goimage.Rect(0, 0, coverW, coverH))
	fillRect(img, img.Bounds(), coverGround)
	fillRect(img, goimage.Rect(0, bandTop, coverW, bandBottom), coverInk)

	block := func(t typeface, s string, size, minSize, maxLines, lead int) textBlock {
		s = strings.TrimSpace(s)
		if s == "" {
			return textBlock{}
		}
		f, lines := fit(t, s, size, minSize, maxLines)
		return textBlock{f: f, lines: lines, lead: lead}
	}
	course := block(sans, b.Course, 54, 30, 3, 125)
	drawBlock(img, course, bandTop-60-course.height(), coverInk)

	title := block(serifBold, titleOf(b), 132, 64, 6, 115)
	sub := block(serifItalic, b.Subtitle, 72, 40, 4, 125)
	gap := 0
	if sub.f != nil {
		gap = 70
	}
	const ruleH, ruleGap = 6, 70
	total := title.height() + gap + sub.height() + 2*(ruleH+ruleGap)
	top := bandTop + (bandBottom-bandTop-total)/2
	rule := func(y int) goimage.Rectangle { return goimage.Rect(coverW/2-140, y, coverW/2+140, y+ruleH) }
	fillRect(img, rule(top), coverRule)
	top = drawBlock(img, title, top+ruleH+ruleGap, coverGround)
	if sub.f != nil {
		top = drawBlock(img, sub, top+gap, coverGround)
	}
	fillRect(img, rule(top+ruleGap), coverRule)

	y := bandBottom + 120
	if len(b.Editors) > 0 {
		y = drawBlock(img, block(sans, b.Locale().T(book.MsgEditedBy, b.Locale().And(b.Editors)), 56, 32, 3, 125), y, coverInk) + 40
	}
	drawBlock(img, block(sans, b.Institution, 46, 28, 3, 125), y, coverInk)
	if teacher {
		const h = 140
		fillRect(img, goimage.Rect(0, coverH-300, coverW, coverH-300+h), coverInk)
		ed := block(sansBold, cases.Upper(language.Make(b.Language)).String(b.Locale().T(book.MsgTeacherEdition)), 60, 40, 1, 120)
		drawBlock(img, ed, coverH-300+(h-ed.height())/2, coverGround)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("epub: cover: %w", err)
	}
	return buf.Bytes(), nil
}
