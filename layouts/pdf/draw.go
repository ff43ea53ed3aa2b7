package pdf

import (
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
	gray       bool
	images     *imageCache
	face       *fonts.Face // the face and size last set, so that fpdf is
	size       float64     // only told of changes (SetFont always writes)
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
	}
	d.f.SetFont(face.Name, "", size)
}

func (d *drawer) setGray(g bool) {
	if g == d.gray {
		return
	}
	d.gray = g
	if g {
		d.f.SetTextColor(80, 80, 80)
	} else {
		d.f.SetTextColor(0, 0, 0)
	}
}

// baseline returns the baseline of a line of the given leading whose box
// starts at top.
func baseline(top, leading, size float64) float64 {
	return top + leading*0.5 + size*0.33
}

// line draws a typeset line whose box starts at (x, top).
func (d *drawer) line(l *line, x, top, leading float64, gray bool) {
	d.setGray(gray)
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
		d.f.Text(x+pf.x, by, pf.text)
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
		if pf.style&markup.Term != 0 {
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
