package pdf

import (
	"sort"
	"strconv"
	"strings"

	"sourcebook/book/markup"
	"sourcebook/fonts"

	"codeberg.org/go-pdf/fpdf"
)

// drawer paints pages with fpdf.
type drawer struct {
	f          *fpdf.Fpdf
	p          pageGeom
	registered map[*fonts.Face]bool
	links      map[string]int
	images     *imageCache
	face       *fonts.Face // the face and size last set, so that fpdf is
	size       float64     // only told of changes (SetFont always writes)
	// used records the characters drawn in each face: text is written
	// to the page directly (see text), so fpdf must be told which glyphs
	// to keep in each font subset (see registerGlyphs).
	used map[*fonts.Face][]bool
	buf  []byte
}

// text writes a string at (x, y) in the current face. fpdf's Text formats
// every call with fmt and a map update per character, which was the
// largest cost of writing a long reader; this writes the same operators
// (a UTF-16 hex string for the Identity-H font) from a reused buffer.
func (d *drawer) text(x, y float64, s string, gray bool) {
	b := d.buf[:0]
	if gray {
		b = append(b, "q 0.314 g "...)
	}
	b = append(b, "BT "...)
	b = strconv.AppendFloat(b, x, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, d.p.height-y, 'f', 2, 64)
	b = append(b, " Td ("...)
	used := d.used[d.face]
	for _, r := range s {
		if r > 0xFFFF {
			r = placeholder // splitFaces has already replaced these
		}
		used[r] = true
		b = appendEscaped(appendEscaped(b, byte(r>>8)), byte(r))
	}
	b = append(b, ") Tj ET"...)
	if gray {
		b = append(b, " Q"...)
	}
	d.buf = b
	d.f.RawWriteStr(string(b))
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

// registerGlyphs tells fpdf which characters each face drew, so that they
// are kept in the font subsets: one invisible string per face, off the
// page (text extraction ignores it).
func (d *drawer) registerGlyphs() {
	faces := make([]*fonts.Face, 0, len(d.used))
	for f := range d.used {
		faces = append(faces, f)
	}
	sort.Slice(faces, func(i, j int) bool { return faces[i].Name < faces[j].Name })
	d.f.SetTextRenderingMode(3)
	for _, face := range faces {
		var sb strings.Builder
		for r, ok := range d.used[face] {
			if ok && r >= 0x20 {
				sb.WriteRune(rune(r))
			}
		}
		if sb.Len() == 0 {
			continue
		}
		d.f.SetFont(face.Name, "", 10)
		d.f.Text(-10000, -10000, sb.String())
	}
	d.f.SetTextRenderingMode(0)
}

// pageGeom is the geometry of the current page.
type pageGeom struct {
	width, height float64
	left, top     float64 // text block origin
	measure       float64
	bottom        float64 // y of the text block's foot
	verso         bool
}

func (d *drawer) setFace(face *fonts.Face, size float64) {
	if face == d.face && size == d.size {
		return
	}
	d.face, d.size = face, size
	if !d.registered[face] {
		d.f.AddUTF8FontFromBytes(face.Name, "", face.Data)
		d.registered[face] = true
		d.used[face] = make([]bool, 0x10000)
	}
	d.f.SetFont(face.Name, "", size)
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
		d.setFace(pf.face, pf.size)
		size := pf.size
		if pf.rise != 0 {
			size = pf.size / 0.68
		}
		by := baseline(top, leading, size) - pf.rise
		d.text(x+pf.x, by, pf.text, gray)
		switch {
		case strings.HasPrefix(pf.link, "#"):
			if id, ok := d.links[pf.link[1:]]; ok {
				d.f.Link(x+pf.x, by-pf.size*0.8, pf.width, pf.size, id)
			}
		case pf.link != "":
			d.f.LinkString(x+pf.x, by-pf.size*0.8, pf.width, pf.size, pf.link)
		}
		if pf.style&markup.Strike != 0 {
			d.f.SetLineWidth(pf.size * 0.05)
			d.f.SetDrawColor(0, 0, 0)
			d.f.Line(x+pf.x, by-pf.size*0.28, x+pf.x+pf.width, by-pf.size*0.28)
		}
		if _, linked := d.links[strings.TrimPrefix(pf.link, "#")]; pf.style&markup.Term != 0 && linked {
			// Glossary terms: a dotted underline, quiet on the page but
			// visible on a photocopy.
			d.f.SetLineWidth(0.6)
			d.f.SetDrawColor(90, 90, 90)
			d.f.SetDashPattern([]float64{0.6, 1.4}, 0)
			d.f.Line(x+pf.x, by+1.6, x+pf.x+pf.width, by+1.6)
			d.f.SetDashPattern(nil, 0)
		}
	}
}

func (d *drawer) rule(x, y, w float64) {
	d.f.SetLineWidth(0.5)
	d.f.SetDrawColor(120, 120, 120)
	d.f.Line(x, y, x+w, y)
}

func (d *drawer) hrule(x, y, w, lw float64) {
	d.f.SetLineWidth(lw)
	d.f.SetDrawColor(0, 0, 0)
	d.f.Line(x, y, x+w, y)
}

func (d *drawer) image(name string, x, y, w, h float64) {
	d.images.register(d.f, name)
	d.f.ImageOptions(name, x, y, w, h, false, fpdf.ImageOptions{}, 0, "")
}
