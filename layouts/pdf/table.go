package pdf

import (
	"fmt"
	"strings"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/fonts"
	"sourcebook/layouts"
)

// tableFloor is the smallest type, as a share of the body size, that a
// table is reduced to before its columns are split across pages.
const tableFloor = 0.7

// table sets a table: column widths from the cells' natural and minimum
// widths, cells that wrap at word boundaries only, booktabs-style rules,
// and the header row repeated when the table continues on the next page.
// A table whose longest words do not fit side by side is set in smaller
// type, down to a floor; below that, its columns are split into several
// tables, each repeating the first column. Words and numbers are never
// broken.
func (bl *builder) table(t *markup.TableData, o textOpts) {
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return
	}
	size := o.size * 0.9
	measure := bl.p.Measure() - o.indent - o.right
	pad := min(4.0, measure/float64(ncol)/6)
	_, minw := bl.cellWidths(t, ncol, size)
	need := 2 * pad * float64(ncol)
	for _, w := range minw {
		need += w
	}
	if need <= measure {
		bl.tableAt(t, o, ncol, size, pad, false)
		return
	}
	// Words' widths scale with the type: the size at which they fit.
	fit := size * (measure - 2*pad*float64(ncol)) / (need - 2*pad*float64(ncol))
	if floor := o.size * tableFloor; fit >= floor {
		fit = float64(int(fit*10)) / 10
		bl.warnings = append(bl.warnings, warning{0, &book.Warning{File: bl.file, Line: bl.lineAt,
			Msg: fmt.Sprintf("the table's %d columns are too wide for the page at %.1fpt, so in print it is set in %.1fpt type", ncol, size, fit)}})
		bl.tableAt(t, o, ncol, fit, pad, false)
		return
	}
	// Split the columns into groups that fit at the floor size, each
	// after the first column, which names the rows.
	size = o.size * tableFloor
	_, minw = bl.cellWidths(t, ncol, size)
	var groups [][]int
	cur := []int{0}
	width := minw[0] + 2*pad
	for c := 1; c < ncol; c++ {
		w := minw[c] + 2*pad
		if len(cur) > 1 && width+w > measure {
			groups = append(groups, cur)
			cur, width = []int{0}, minw[0]+2*pad
		}
		cur = append(cur, c)
		width += w
	}
	groups = append(groups, cur)
	msg := fmt.Sprintf("the table's %d columns do not fit across the page even in %.1fpt type, so in print it is split into %d tables, each repeating the first column", ncol, size, len(groups))
	if len(groups) == 1 {
		msg = fmt.Sprintf("the table has a word too long to fit across the page even in %.1fpt type, so in print that word is broken; shorten it or turn it into a list", size)
	}
	bl.warnings = append(bl.warnings, warning{0, &book.Warning{File: bl.file, Line: bl.lineAt, Msg: msg}})
	for _, g := range groups {
		sub := &markup.TableData{}
		pick := func(cells [][]markup.Inline) [][]markup.Inline {
			out := make([][]markup.Inline, len(g))
			for k, c := range g {
				if c < len(cells) {
					out[k] = cells[c]
				}
			}
			return out
		}
		for _, c := range g {
			a := markup.AlignNone
			if c < len(t.Align) {
				a = t.Align[c]
			}
			sub.Align = append(sub.Align, a)
		}
		if len(t.Header) > 0 {
			sub.Header = pick(t.Header)
		}
		for _, r := range t.Rows {
			sub.Rows = append(sub.Rows, pick(r))
		}
		bl.tableAt(sub, o, len(g), size, pad, len(groups) > 1)
	}
}

// cellWidths returns each column's natural width (its widest cell on one
// line) and minimum width (its widest word) at a type size, measured as
// the setter will set them.
func (bl *builder) cellWidths(t *markup.TableData, ncol int, size float64) (nat, minw []float64) {
	nat = make([]float64, ncol)
	minw = make([]float64, ncol)
	cell := func(c []markup.Inline, col int, header bool) {
		st := markup.Style(0)
		if header {
			st = markup.Bold
		}
		n, m := bl.runWidths(c, bl.serif, size, st)
		nat[col] = max(nat[col], n)
		minw[col] = max(minw[col], m)
	}
	for i, c := range t.Header {
		cell(c, i, true)
	}
	for _, r := range t.Rows {
		for i, c := range r {
			cell(c, i, false)
		}
	}
	return nat, minw
}

// runWidths measures runs as addText sets them: the whole text on one
// line, and its widest word (a word may span runs of different styles).
func (bl *builder) runWidths(runs []markup.Inline, fam *fonts.Family, size float64, extra markup.Style) (natural, widest float64) {
	word := 0.0
	end := func() {
		widest = max(widest, word)
		word = 0
	}
	for _, r := range runs {
		if r.Break || r.Note != nil || r.Anchor != "" && r.Text == "" {
			if r.Break {
				end()
			}
			continue
		}
		style := r.Style | extra
		f, sz := fam, size
		if style&markup.Code != 0 {
			f, sz = fonts.Mono(), sz*0.9
		}
		switch {
		case style&(markup.Sup|markup.Sub) != 0:
			sz *= 0.68
		case style&markup.Small != 0:
			sz *= 0.85
		}
		face := f.Face(faceStyle(style))
		fb := fonts.Fallback().Face(faceStyle(style))
		for _, field := range strings.SplitAfter(r.Text, " ") {
			text := strings.TrimRight(field, " ")
			for _, p := range splitFaces(strings.NewReplacer("\n", " ", "\t", " ").Replace(text), face, fb, fontCtx{extra: bl.b.Fonts}) {
				w := p.face.Width(p.text, sz)
				word += w
				natural += w
			}
			if len(text) < len(field) {
				end()
				natural += face.Width(" ", sz)
			}
		}
	}
	end()
	// A hair more, so that rounding never pushes a word past its column.
	return natural + 0.01*size, widest + 0.01*size
}

// Scope of a table's header cells (tagged PDF).
const (
	scopeCol = "/A <</O /Table /Scope /Column>>"
	scopeRow = "/A <</O /Table /Scope /Row>>"
)

// tableAt sets a table whose columns fit (or are let run as narrow as
// they must) at the given type size. Tagged, it is a Table of THead and
// TBody rows; rowHead makes the first column the rows' headers (a table
// split into several, each repeating the column that names the rows).
func (bl *builder) tableAt(t *markup.TableData, o textOpts, ncol int, size, pad float64, rowHead bool) {
	lead := size * 1.25
	measure := bl.p.Measure() - o.indent - o.right
	nat, minw := bl.cellWidths(t, ncol, size)
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
		// Only a word wider than the page itself gets here (reported by
		// table): share the measure by the words' widths.
		for i := range widths {
			widths[i] = measure * minw[i] / sumMin
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
	tbl := bl.group("Table", o.group, o.lang)
	head, body := bl.group("THead", tbl, o.lang), bl.group("TBody", tbl, o.lang)
	row := func(cells [][]markup.Inline, header bool) *vbox {
		in := body
		if header {
			in = head
		}
		tr := bl.group("TR", in, o.lang)
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
			ls := bl.set.set(c, paraSpec{fam: bl.serif, size: size, style: st, measure: max(widths[i]-2*pad, 1), align: alignOf(i)})
			cols = append(cols, ls)
			rows = max(rows, len(ls))
		}
		h := float64(rows)*lead + 2*pad
		x0 := o.indent
		return &vbox{kind: vDraw, height: h, mark: layouts.Mark{ID: o.blockID}, draw: func(d *drawer, x, y float64) {
			cx := x + x0
			for i, ls := range cols {
				// Each cell is an element; a header repeated after a
				// page break is all artifact (begun by record).
				if d.tag && d.mc != mcArtifact {
					m := mcRec{role: "TD", group: tr, lang: o.lang}
					switch {
					case header:
						m.role, m.attrs = "TH", scopeCol
					case rowHead && i == 0:
						m.role, m.attrs = "TH", scopeRow
					}
					d.beginMC(m)
				}
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
			top(d, x, y)
			d.hrule(x+o.indent, y, sum(widths), 0.8)
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
