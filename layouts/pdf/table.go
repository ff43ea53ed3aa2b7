package pdf

import (
	"fmt"
	"strings"

	"sourcebook/book"

	"sourcebook/book/markup"
	"sourcebook/layouts"
)

// table sets a table: column widths from the cells' natural and minimum
// widths, cells that wrap, booktabs-style rules, and the header row
// repeated when the table continues on the next page.
func (bl *builder) table(t *markup.TableData, o textOpts) {
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return
	}
	size := o.size * 0.9
	lead := size * 1.25
	measure := bl.p.Measure() - o.indent - o.right
	nat := make([]float64, ncol)
	minw := make([]float64, ncol)
	face := bl.serif.Face(0)
	measureCell := func(c []markup.Inline, col int, bold bool) {
		txt := markup.PlainText(c)
		f := face
		if bold {
			f = bl.serif.Face(2)
		}
		nat[col] = max(nat[col], f.Width(txt, size))
		for _, w := range strings.Fields(txt) {
			minw[col] = max(minw[col], f.Width(w, size))
		}
	}
	for i, c := range t.Header {
		measureCell(c, i, true)
	}
	for _, r := range t.Rows {
		for i, c := range r {
			measureCell(c, i, false)
		}
	}
	pad := min(4.0, measure/float64(ncol)/6)
	widths := make([]float64, ncol)
	sumNat, sumMin := 0.0, 0.0
	for i := range nat {
		nat[i] += 2 * pad
		minw[i] += 2 * pad
		sumNat += nat[i]
		sumMin += minw[i]
	}
	switch {
	case sumNat <= measure:
		extra := (measure - sumNat) / float64(ncol)
		for i := range widths {
			widths[i] = nat[i] + extra
		}
	case sumMin <= measure:
		for i := range widths {
			widths[i] = minw[i]
			if sumNat > sumMin {
				widths[i] += (measure - sumMin) * (nat[i] - minw[i]) / (sumNat - sumMin)
			}
		}
	default:
		bl.warnings = append(bl.warnings, warning{0, &book.Warning{File: bl.file, Line: bl.lineAt,
			Msg: fmt.Sprintf("the table's %d columns need at least %.0fpt and the page has %.0fpt, so in print its cells overlap; split the table or shorten its cells", ncol, sumMin, measure)}})
		for i := range widths {
			widths[i] = measure / float64(ncol)
		}
	}
	alignOf := func(col int) align {
		if col < len(t.Align) {
			switch t.Align[col] {
			case markup.AlignCenter:
				return alignCenter
			case markup.AlignRight:
				return alignRight
			}
		}
		return alignLeft
	}
	row := func(cells [][]markup.Inline, header bool) *vbox {
		var cols [][]*line
		rows := 1
		for i := 0; i < ncol; i++ {
			var c []markup.Inline
			if i < len(cells) {
				c = cells[i]
			}
			st := markup.Style(0)
			if header {
				st = markup.Bold
			}
			ls := bl.set.set(c, paraSpec{fam: bl.serif, size: size, style: st, measure: max(widths[i]-2*pad, 1), align: alignOf(i), hyphenate: bl.p.Hyphenate})
			cols = append(cols, ls)
			rows = max(rows, len(ls))
		}
		h := float64(rows)*lead + 2*pad
		x0 := o.indent
		return &vbox{kind: vDraw, height: h, mark: layouts.Mark{ID: o.blockID}, draw: func(d *drawer, x, y float64) {
			cx := x + x0
			for i, ls := range cols {
				for k, l := range ls {
					d.line(l, cx+pad+l.indent, y+pad+float64(k)*lead, lead, false)
				}
				cx += widths[i]
			}
			lw := 0.4
			if header {
				lw = 0.8
			}
			d.hrule(x+x0, y+h, sum(widths), lw)
		}}
	}
	bl.space(o.leading * 0.4)
	var header *vbox
	if len(t.Header) > 0 {
		header = row(t.Header, true)
		top := header.draw
		header.draw = func(d *drawer, x, y float64) {
			d.hrule(x+o.indent, y, sum(widths), 0.8)
			top(d, x, y)
		}
		header.noBreakAfter = true
		bl.add(header)
	}
	for _, r := range t.Rows {
		v := row(r, false)
		v.rowHeader = header
		bl.add(v)
	}
	bl.space(o.leading * 0.4)
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
