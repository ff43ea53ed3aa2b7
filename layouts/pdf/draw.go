package pdf

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"sourcebook/book/markup"
	"sourcebook/fonts"

	"codeberg.org/go-pdf/fpdf"
)

// printed is a page as drawn, independent of where it falls in the book.
// Each chunk's worker draws its pages as soon as they are paginated, so
// that their layout (every word of every line) can be freed at once and
// memory stays bounded by the chunks in flight; Write only replays them
// into fpdf. What depends on the page's position (which margin is the
// inner one, folios, running heads, link targets, the glossary's page
// number) is kept aside and drawn by Write.
type printed struct {
	data    []byte // content stream operators, x measured from the text block's left edge
	segs    []seg
	links   []linkRec
	images  []imageRec
	anchors []anchorRec // in reading order
	margin  []marginRec
}

// seg is a run of data drawn in one face: fpdf must be told of each font
// change (it writes the font resource name and keeps the subset).
type seg struct {
	start int
	face  *fonts.Face // nil: no text (the font in force does not matter)
	size  float64
	cond  string // drawn only if this ID is a link target (glossary underlines)
}

type linkRec struct {
	x, y, w, h float64
	target     string // "#id" inside the book, or a URL
}

type imageRec struct {
	name       string
	x, y, w, h float64
}

// anchorRec is where IDs start, or a bookmark points, on the page.
type anchorRec struct {
	y   float64
	ids []string
	bm  *bookmark
}

// marginRec is a note in the margin beside a line: its line number (in
// the outer margin) or where its glossary term is defined (inner margin).
type marginRec struct {
	y, h  float64
	num   int
	pnum  int    // paragraph number (inner margin)
	gloss string // ID of the glossary entry
}

// drawer records pages (see printed).
type drawer struct {
	p    pageGeom
	pg   *printed
	face *fonts.Face // face and size in force after the last segment
	size float64
	// Open text object: BT has been written and the last Td moved to
	// (tx, ty), so that the words of a line share one text object.
	inText bool
	gray   bool
	tx, ty float64
	glyphs *glyphSet
}

// glyphSet records the characters drawn in each face, so that fpdf keeps
// them in the font subsets (see registerGlyphs): text is written to the
// page directly, and fpdf does not see it.
type glyphSet struct {
	seen map[*fonts.Face]*[0x10000]bool
	list map[*fonts.Face][]rune
}

func newGlyphSet() *glyphSet {
	return &glyphSet{seen: map[*fonts.Face]*[0x10000]bool{}, list: map[*fonts.Face][]rune{}}
}

func (g *glyphSet) add(face *fonts.Face, s string) {
	seen := g.seen[face]
	if seen == nil {
		seen = new([0x10000]bool)
		g.seen[face] = seen
	}
	for _, r := range s {
		if r > 0xFFFF {
			r = placeholder // splitFaces has already replaced these
		}
		if !seen[r] {
			seen[r] = true
			g.list[face] = append(g.list[face], r)
		}
	}
}

// take returns the characters recorded since the last take and forgets
// them, keeping the tables for the next chunk.
func (g *glyphSet) take() map[*fonts.Face][]rune {
	out := g.list
	for face, rs := range out {
		seen := g.seen[face]
		for _, r := range rs {
			seen[r] = false
		}
	}
	g.list = map[*fonts.Face][]rune{}
	return out
}

// start begins recording a page.
func (d *drawer) start(pg *printed) {
	d.pg, d.face, d.size, d.inText = pg, nil, 0, false
}

// finish ends the page being recorded.
func (d *drawer) finish() *printed {
	d.endText()
	pg := d.pg
	d.pg = nil
	return pg
}

func (d *drawer) segFor(face *fonts.Face, size float64, cond string) {
	pg := d.pg
	if n := len(pg.segs); n > 0 {
		last := &pg.segs[n-1]
		if last.cond == cond && (face == nil || last.face == face && last.size == size) {
			return
		}
	}
	d.endText()
	pg.segs = append(pg.segs, seg{start: len(pg.data), face: face, size: size, cond: cond})
	if face != nil {
		d.face, d.size = face, size
	}
}

func (d *drawer) endText() {
	if !d.inText {
		return
	}
	d.pg.data = append(d.pg.data, " ET"...)
	if d.gray {
		d.pg.data = append(d.pg.data, " Q"...)
	}
	d.pg.data = append(d.pg.data, '\n')
	d.inText = false
}

func appendNum(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}

// round2 rounds to the hundredths written, so that relative moves add
// up to the positions intended.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// text writes a string at (x, y) in a face: a UTF-16 hex string for the
// Identity-H font. Words of one line share a text object, each placed by
// a move relative to the last.
func (d *drawer) text(x, y float64, s string, face *fonts.Face, size float64, gray bool) {
	d.segFor(face, size, "")
	if d.inText && d.gray != gray {
		d.endText()
	}
	b := d.pg.data
	x, y = round2(x), round2(d.p.height-y)
	if !d.inText {
		if gray {
			b = append(b, "q 0.314 g "...)
		}
		b = append(b, "BT "...)
		b = appendNum(b, x)
		b = append(b, ' ')
		b = appendNum(b, y)
		d.inText, d.gray = true, gray
	} else {
		b = append(b, ' ')
		b = appendNum(b, x-d.tx)
		b = append(b, ' ')
		b = appendNum(b, y-d.ty)
	}
	d.tx, d.ty = x, y
	b = append(b, " Td ("...)
	for _, r := range s {
		if r > 0xFFFF {
			r = placeholder
		}
		b = appendEscaped(appendEscaped(b, byte(r>>8)), byte(r))
	}
	b = append(b, ") Tj"...)
	d.pg.data = b
	d.glyphs.add(face, s)
}

// appendEscaped adds one byte of a PDF literal string (UTF-16BE code
// units for an Identity-H font), escaped as fpdf escapes them.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '(', ')', '\\':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// stroke draws a straight line in a gray level (0–255) and width, dashed
// when dash is set; cond as for seg.
func (d *drawer) stroke(x1, y1, x2, y2, width float64, gray int, dash []float64, cond string) {
	d.segFor(nil, 0, cond)
	d.endText()
	b := append(d.pg.data, "q "...)
	b = appendNum(b, width)
	b = append(b, " w "...)
	b = strconv.AppendFloat(b, float64(gray)/255, 'f', 3, 64)
	b = append(b, " G "...)
	if len(dash) > 0 {
		b = append(b, '[')
		for i, v := range dash {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendNum(b, v)
		}
		b = append(b, "] 0 d "...)
	}
	b = appendNum(b, x1)
	b = append(b, ' ')
	b = appendNum(b, d.p.height-y1)
	b = append(b, " m "...)
	b = appendNum(b, x2)
	b = append(b, ' ')
	b = appendNum(b, d.p.height-y2)
	d.pg.data = append(b, " l S Q\n"...)
}

// frame draws a rectangle's outline.
func (d *drawer) frame(x, y, w, h, width float64, gray int) {
	d.segFor(nil, 0, "")
	d.endText()
	b := append(d.pg.data, "q "...)
	b = appendNum(b, width)
	b = append(b, " w "...)
	b = strconv.AppendFloat(b, float64(gray)/255, 'f', 3, 64)
	b = append(b, " G "...)
	for _, v := range []float64{x, d.p.height - y, w, -h} {
		b = appendNum(b, v)
		b = append(b, ' ')
	}
	d.pg.data = append(b, "re S Q\n"...)
}

// pageGeom is the geometry of the text block being drawn; x is measured
// from its left edge, which Write places on the page.
type pageGeom struct {
	width, height float64
	top           float64 // text block's top
	measure       float64
	bottom        float64 // y of the text block's foot
}

// baseline returns the baseline of a line of the given leading whose box
// starts at top.
func baseline(top, leading, size float64) float64 {
	return top + leading*0.5 + size*0.33
}

// line draws a typeset line whose box starts at (x, top).
func (d *drawer) line(l *line, x, top, leading float64, gray bool) {
	for _, pf := range l.frags {
		if pf.text == "" {
			continue
		}
		size := pf.size
		if pf.rise != 0 {
			size = pf.size / 0.68
		}
		by := baseline(top, leading, size) - pf.rise
		d.text(x+pf.x, by, pf.text, pf.face, pf.size, gray)
		if pf.link != "" {
			d.pg.links = append(d.pg.links, linkRec{x + pf.x, by - pf.size*0.8, pf.width, pf.size, pf.link})
		}
		if pf.style&markup.Underline != 0 {
			d.stroke(x+pf.x, by+pf.size*0.12, x+pf.x+pf.width, by+pf.size*0.12, pf.size*0.05, 0, nil, "")
		}
		if pf.style&markup.Strike != 0 {
			d.stroke(x+pf.x, by-pf.size*0.28, x+pf.x+pf.width, by-pf.size*0.28, pf.size*0.05, 0, nil, "")
		}
		if id, ok := strings.CutPrefix(pf.link, "#"); ok && pf.style&markup.Term != 0 {
			// Glossary terms: a dotted underline, quiet on the page but
			// visible on a photocopy (when the glossary is printed).
			d.stroke(x+pf.x, by+1.6, x+pf.x+pf.width, by+1.6, 0.6, 90, []float64{0.6, 1.4}, id)
		}
	}
}

func (d *drawer) rule(x, y, w float64) {
	d.stroke(x, y, x+w, y, 0.5, 120, nil, "")
}

func (d *drawer) hrule(x, y, w, lw float64) {
	d.stroke(x, y, x+w, y, lw, 0, nil, "")
}

func (d *drawer) image(name string, x, y, w, h float64) {
	d.endText()
	d.pg.images = append(d.pg.images, imageRec{name, x, y, w, h})
}

// replayer writes recorded pages into fpdf.
type replayer struct {
	f          *fpdf.Fpdf
	registered map[*fonts.Face]bool
	links      map[string]int
	images     *imageCache
	used       map[*fonts.Face]*[0x10000]bool
	face       *fonts.Face
	size       float64
}

// segMarker starts a reference to a recorded segment in a page's
// content: "%sourcebook-seg PAGE SEG", a PDF comment line. Recorded pages
// are not copied into fpdf (which would keep every page's content in its
// page buffers and again in its output buffer); fpdf holds these
// references, and the compressor reads the segments themselves (see
// Document.expand). Text can never produce the marker: fpdf only writes
// text of its own in registerGlyphs, in ascending character order, and
// the marker's UTF-16 code units are not ascending.
const segMarker = "%sourcebook-seg "

// replay writes a recorded page onto fpdf's current page, its text block
// at dx from the page's left edge. Page pi's segments are written as
// references; pi < 0 writes them in full.
func (r *replayer) replay(pg *printed, pi int, dx float64) {
	f := r.f
	if dx != 0 {
		f.RawWriteStr("1 0 0 1 " + strconv.FormatFloat(dx, 'f', 2, 64) + " 0 cm")
	}
	for i, s := range pg.segs {
		end := len(pg.data)
		if i+1 < len(pg.segs) {
			end = pg.segs[i+1].start
		}
		if s.cond != "" {
			if _, ok := r.links[s.cond]; !ok {
				continue
			}
		}
		if s.face != nil {
			r.setFace(s.face, s.size)
		}
		if pi < 0 {
			f.RawWriteStr(string(pg.data[s.start:end]))
		} else {
			f.RawWriteStr(segMarker + strconv.Itoa(pi) + " " + strconv.Itoa(i))
		}
	}
	for _, im := range pg.images {
		r.images.register(f, im.name)
		f.ImageOptions(im.name, im.x, im.y, im.w, im.h, false, fpdf.ImageOptions{}, 0, "")
	}
	if dx != 0 {
		f.RawWriteStr("1 0 0 1 " + strconv.FormatFloat(-dx, 'f', 2, 64) + " 0 cm")
	}
	for _, l := range pg.links {
		if id, ok := strings.CutPrefix(l.target, "#"); ok {
			if link, ok := r.links[id]; ok {
				f.Link(l.x+dx, l.y, l.w, l.h, link)
			}
			continue
		}
		if webLink(l.target) {
			f.LinkString(l.x+dx, l.y, l.w, l.h, l.target)
		}
	}
}

// webLink reports whether a link leaves the book for the web or mail;
// anything else (a relative path a book built in code kept) is not a
// link a PDF can follow.
func webLink(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:")
}

func (r *replayer) setFace(face *fonts.Face, size float64) {
	if face == r.face && size == r.size {
		return
	}
	r.face, r.size = face, size
	if !r.registered[face] {
		r.f.AddUTF8FontFromBytes(face.Name, "", face.Data)
		r.registered[face] = true
	}
	r.f.SetFont(face.Name, "", size)
}

// addGlyphs merges a chunk's characters into the set to register.
func (r *replayer) addGlyphs(g map[*fonts.Face][]rune) {
	for face, rs := range g {
		seen := r.used[face]
		if seen == nil {
			seen = new([0x10000]bool)
			r.used[face] = seen
		}
		for _, c := range rs {
			seen[c] = true
		}
	}
}

// registerGlyphs tells fpdf which characters each face drew, so that they
// are kept in the font subsets: one invisible string per face, off the
// page (text extraction ignores it).
func (r *replayer) registerGlyphs() {
	faces := make([]*fonts.Face, 0, len(r.used))
	for f := range r.used {
		faces = append(faces, f)
	}
	sort.Slice(faces, func(i, j int) bool { return faces[i].Name < faces[j].Name })
	r.f.SetTextRenderingMode(3)
	for _, face := range faces {
		var sb strings.Builder
		for c, ok := range r.used[face] {
			if ok && c >= 0x20 {
				sb.WriteRune(rune(c))
			}
		}
		if sb.Len() == 0 {
			continue
		}
		if !r.registered[face] {
			r.f.AddUTF8FontFromBytes(face.Name, "", face.Data)
			r.registered[face] = true
		}
		r.f.SetFont(face.Name, "", 10)
		r.f.Text(-10000, -10000, sb.String())
	}
	r.f.SetTextRenderingMode(0)
}
