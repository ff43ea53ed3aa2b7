package pdf

import (
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"sourcebook/book/markup"
	"sourcebook/fonts"

	"sourcebook/layouts/pdf/pdfwrite"
)

// printed is a page as drawn, independent of where it falls in the book.
// Each chunk's worker draws its pages as soon as they are paginated, so
// that their layout (every word of every line) can be freed at once and
// memory stays bounded by the chunks in flight; Write only assembles them.
// What depends on the page's position (which margin is the inner one,
// folios, running heads, link targets, the glossary's page number) is kept
// aside and drawn by Write.
type printed struct {
	data    []byte // content stream operators, x measured from the text block's left edge
	segs    []seg
	links   []linkRec
	images  []imageRec
	anchors []anchorRec // in reading order
	margin  []marginRec // while it is drawn; then packed (see packMargins)
	marginZ []byte
	alts    []altRef
	mcs     []mcRec // marked content of the page, by MCID, while it is drawn
	mcRuns  mcPack  // the same, packed, once it is drawn
}

// mcRec is a marked-content sequence of real content (tagged PDF): the
// structure element it belongs to. A sequence that continues the
// element of the last one of its flow (a paragraph's next line) says so.
type mcRec struct {
	role string
	cont bool
	alt  string
	lang string
	// A word split at a line end: whole opens a Span read as the whole
	// word, rest is its second piece.
	whole  string
	rest   bool
	id     string   // a note's ID (Note)
	inline bool     // an element inside the flow's current one (Reference)
	notes  []string // IDs of the notes called in the sequence
	group  *sgroup  // the group its element is in
	attrs  string   // its element's attributes (a table header's scope)
}

// altRef is a glyph drawn for other text than its own (see
// pdfwrite.Font.Alias): its code is written as a placeholder at pos and
// filled in by Write, which numbers the aliases in page order so that
// the output does not depend on which chunk was drawn first.
type altRef struct {
	pos  int
	face *fonts.Face
	gid  uint16
	text string
}

// seg is a run of data drawn only if its condition holds.
type seg struct {
	start int
	cond  string // drawn only if this ID is a link target (glossary underlines)
}

type linkRec struct {
	x, y, w, h float64
	target     string // "#id" inside the book, or a URL
	mc         int    // MCID of the text it is on (-1: none)
}

type imageRec struct {
	name       string
	x, y, w, h float64
	mcid       int
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
	num   int32
	pnum  int32  // paragraph number (inner margin)
	gloss string // ID of the glossary entry
	rtl   bool   // beside a right-to-left line
}

// drawer records pages (see printed).
type drawer struct {
	p  pageGeom
	pg *printed
	// Open text object: BT has been written and the last Td moved to
	// (tx, ty), so that the words of a line share one text object, in
	// face and size.
	inText bool
	gray   bool
	face   *fonts.Face
	size   float64
	tx, ty float64
	// A TJ array left open (tj) so that the next word on the line joins
	// it, placed by an adjustment instead of a move; pen is where the
	// last glyph drawn ends, cur where the last run ends from its start
	// (thousandths of an em).
	tj     bool
	pen    float64
	cur    float32
	glyphs *glyphSet
	pens   []float32
	order  []int
	run    fonts.Run         // scratch for shaping (see fonts.Face.ShapeInto)
	pairs  []fonts.PairGlyph // scratch for the pair model (see appendPairs)
	mcBuf  []mcRec           // the marked content of the page being drawn
	// Tagged PDF: tag puts what is drawn in marked content; mc is the
	// sequence open (mcNone, mcReal or mcArtifact); role is the structure
	// type of real content opened by drawing text (vDraw boxes); inLine
	// keeps a line's underlines in its own sequence.
	tag     bool
	mc      int
	role    string
	curRole string // of the sequence open
	inLine  bool
	group   *sgroup // of the vDraw box being drawn
	lbl     string  // structure type of a line's labels ("" is Lbl)
	// Flows whose last paragraph may continue on the next line drawn:
	// the body and the notes at the foot.
	lastBody, lastNote flowEnd
	actual             *string // ActualText of the next text drawn
}

const (
	mcNone = iota
	mcReal
	mcArtifact
)

// closeMC ends the open marked-content sequence.
func (d *drawer) closeMC() {
	if d.mc == mcNone {
		return
	}
	d.segFor("")
	d.endText()
	d.pg.data = append(d.pg.data, "EMC\n"...)
	d.mc = mcNone
}

// beginMC opens a sequence of real content and returns its MCID.
func (d *drawer) beginMC(m mcRec) int {
	d.closeMC()
	d.segFor("")
	d.endText()
	if m.role == "" {
		m.role = "P"
	}
	id := len(d.pg.mcs)
	d.pg.mcs = append(d.pg.mcs, m)
	d.curRole = m.role
	b := append(d.pg.data, '/')
	b = append(b, m.role...)
	b = append(b, " <</MCID "...)
	b = strconv.AppendInt(b, int64(id), 10)
	d.pg.data = append(b, ">> BDC\n"...)
	d.mc = mcReal
	return id
}

// artifact opens an artifact sequence (rules, leaders, answer lines),
// unless one is open.
func (d *drawer) artifact() {
	if !d.tag || d.mc == mcArtifact {
		return
	}
	d.closeMC()
	d.segFor("")
	d.endText()
	d.pg.data = append(d.pg.data, "/Artifact BMC\n"...)
	d.mc = mcArtifact
}

// curMC is the MCID of the open sequence of real content (-1: none).
func (d *drawer) curMC() int {
	if d.mc != mcReal {
		return -1
	}
	return len(d.pg.mcs) - 1
}

// glyphSet records the glyphs drawn in each face with the text each
// stands for, for the font subsets and their ToUnicode maps.
type glyphSet struct {
	m    map[*fonts.Face]map[uint16]string
	seen map[*fonts.Face]*[1 << 16]bool // glyphs in m with their text
}

func newGlyphSet() *glyphSet {
	return &glyphSet{m: map[*fonts.Face]map[uint16]string{}, seen: map[*fonts.Face]*[1 << 16]bool{}}
}

// seenFor returns the face's table of glyphs recorded with their text.
func (g *glyphSet) seenFor(face *fonts.Face) *[1 << 16]bool {
	seen := g.seen[face]
	if seen == nil {
		seen = new([1 << 16]bool)
		g.seen[face] = seen
		g.m[face] = map[uint16]string{}
	}
	return seen
}

func (g *glyphSet) addGlyph(face *fonts.Face, id uint16, text string) {
	seen := g.seenFor(face)
	if seen[id] {
		return
	}
	m := g.m[face]
	if old, ok := m[id]; !ok || (old == "" && text != "") {
		m[id] = text
		seen[id] = text != ""
	}
}

// take returns the glyphs recorded since the last take.
func (g *glyphSet) take() map[*fonts.Face]map[uint16]string {
	out := g.m
	g.m = map[*fonts.Face]map[uint16]string{}
	for face, m := range out {
		seen := g.seen[face]
		for gid := range m {
			seen[gid] = false
		}
		g.m[face] = make(map[uint16]string, len(m)) // the next chunk's are about as many
	}
	return out
}

// start begins recording a page.
func (d *drawer) start(pg *printed) {
	d.pg, d.inText = pg, false
	pg.mcs = d.mcBuf[:0]
	if b, ok := pageData.Get().(*[]byte); ok {
		pg.data = (*b)[:0]
	}
}

// pageData holds the content buffers of pages already compressed, for
// the next pages drawn (see sealer).
var pageData sync.Pool

// finish ends the page being recorded. Its marked content is kept
// packed (see mcPack); the drawer reuses the records.
func (d *drawer) finish() *printed {
	d.closeMC()
	d.endText()
	pg := d.pg
	d.pg = nil
	if len(pg.mcs) > 0 {
		pg.mcRuns = packMCs(pg.mcs)
	}
	d.mcBuf, pg.mcs = pg.mcs[:0], nil
	return pg
}

func (d *drawer) segFor(cond string) {
	pg := d.pg
	if n := len(pg.segs); n > 0 && pg.segs[n-1].cond == cond {
		return
	}
	d.endText()
	pg.segs = append(pg.segs, seg{start: len(pg.data), cond: cond})
}

func (d *drawer) endText() {
	if !d.inText {
		return
	}
	d.closeTJ()
	d.pg.data = append(d.pg.data, " ET"...)
	if d.gray {
		d.pg.data = append(d.pg.data, " Q"...)
	}
	d.pg.data = append(d.pg.data, '\n')
	d.inText = false
}

// closeTJ ends the open TJ array.
func (d *drawer) closeTJ() {
	if d.tj {
		d.pg.data = append(d.pg.data, "] TJ"...)
		d.tj = false
	}
}

func appendNum(b []byte, v float64) []byte {
	// Page coordinates in hundredths, as strconv formats them, without
	// its general algorithm: exact unless v·100 is within a hair of a
	// tie (which strconv rounds as the decimal expansion of v says).
	if a := math.Abs(v); a < 1e6 {
		r := a * 100
		n := math.Floor(r)
		if f := r - n; f < 0.5-1e-6 || f > 0.5+1e-6 {
			if f > 0.5 {
				n++
			}
			i := int64(n)
			if math.Signbit(v) {
				b = append(b, '-')
			}
			b = strconv.AppendInt(b, i/100, 10)
			return append(b, '.', byte('0'+i%100/10), byte('0'+i%10))
		}
	}
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}

// round2 rounds to the hundredths written, so that relative moves add
// up to the positions intended.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

const hexDigits = "0123456789ABCDEF"

// text writes a string at (x, y) in a face, shaped (right to left when
// rtl), as glyph ids. Words of one line share a text object, each placed
// by a move relative to the last. A run whose glyphs do not map one to one
// onto its characters (ligatures, joined or reordered forms) carries its
// text as ActualText, so that copying gives the characters in logical
// order.
//
// known are the glyphs the pair model set s with, when the setter kept
// them (see frag.glyphs): they are not set again.
func (d *drawer) text(x, y float64, s string, face *fonts.Face, size float64, gray, rtl bool, known []fonts.PairGlyph, knownLig bool) {
	if d.tag && d.mc == mcNone {
		d.beginMC(mcRec{role: d.role, group: d.group})
	}
	d.segFor("")
	// Text the pair model sets (most Latin words) is drawn from its
	// glyphs directly, without a Run (see appendPairs).
	var run *fonts.Run
	pairs, lig, ok := known, knownLig, len(known) > 0 && !rtl
	if !ok && !rtl {
		pairs, _, lig, ok = face.PairGlyphs(s, d.pairs)
		d.pairs = pairs
	}
	if ok {
		if len(pairs) == 0 {
			return
		}
	} else if run = face.ShapeInto(s, rtl, &d.run); len(run.Glyphs) == 0 {
		return
	}
	if d.inText && d.gray != gray {
		d.endText()
	}
	// A piece of a word split at a line end reads as the whole word
	// (the first piece) or as nothing (the hyphen and the rest).
	actual, hasActual := s, run != nil && !run.Simple
	if d.actual != nil {
		actual, hasActual = *d.actual, true
		d.actual = nil
	}
	y = round2(d.p.height - y)
	// The words of a line in one face go in one TJ array, each placed
	// by an adjustment from where the last ended: a third of the bytes
	// of a move per word.
	if d.inText && d.tj && d.face == face && d.size == size && y == d.ty && !hasActual && (run == nil || !raised(run)) {
		n := math.Round((d.pen - x) * 1000 / size)
		if n != 0 {
			d.pg.data = strconv.AppendInt(d.pg.data, int64(n), 10)
		}
		start := d.pen - n*size/1000
		if run == nil {
			d.pg.data = d.appendPairs(d.pg.data, s, pairs, lig, face, true)
		} else {
			d.pg.data = d.appendGlyphs(d.pg.data, run, face, size, rtl, true)
		}
		d.pen = start + float64(d.cur)*size/1000
		return
	}
	d.closeTJ()
	b := d.pg.data
	x = round2(x)
	if !d.inText {
		if gray {
			b = append(b, "q 0.314 g "...)
		}
		b = append(b, "BT "...)
		b = appendNum(b, x)
		b = append(b, ' ')
		b = appendNum(b, y)
		d.inText, d.gray = true, gray
		d.face = nil
	} else {
		b = append(b, ' ')
		b = appendNum(b, x-d.tx)
		b = append(b, ' ')
		b = appendNum(b, y-d.ty)
	}
	d.tx, d.ty = x, y
	b = append(b, " Td"...)
	if d.face != face || d.size != size {
		b = append(b, " /"...)
		b = append(b, face.Name...)
		b = append(b, ' ')
		b = appendNum(b, size)
		b = append(b, " Tf"...)
		d.face, d.size = face, size
	}
	if hasActual {
		b = append(b, " /Span <</ActualText <FEFF"...)
		for _, u := range utf16.Encode([]rune(actual)) {
			b = append(b, hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15])
		}
		b = append(b, ">>> BDC"...)
	}
	if run == nil {
		b = d.appendPairs(b, s, pairs, lig, face, false)
	} else {
		b = d.appendGlyphs(b, run, face, size, rtl, false)
	}
	d.pen = x + float64(d.cur)*size/1000
	d.pg.data = b
	if hasActual {
		d.closeTJ()
		d.pg.data = append(d.pg.data, " EMC"...)
	}
}

// raised reports a run with a glyph raised or lowered (a mark), drawn
// by moves of its own (see appendGlyphs).
func raised(run *fonts.Run) bool {
	for _, g := range run.Glyphs {
		if g.DY != 0 {
			return true
		}
	}
	return false
}

// appendGlyphs writes a shaped run as TJ arrays: glyph ids with the
// adjustments that move each glyph from where the font's default width
// puts it to where shaping put it (kerning, mark offsets). A glyph raised
// or lowered (a mark) is placed by a move from the run's origin and back,
// as text on its own baseline would be split from the line by readers.
//
// With open, the run continues the TJ array left open; the array is left
// open after the run (d.tj) unless it ends with a raised glyph, and d.cur
// is where the run ends.
func (d *drawer) appendGlyphs(b []byte, run *fonts.Run, face *fonts.Face, size float64, rtl, open bool) []byte {
	alias := func(g fonts.Glyph) bool { return !run.Nominal && isAlias(face, g.ID, g.Text) }
	hex := func(b []byte, g fonts.Glyph) []byte {
		if alias(g) {
			return d.appendAlias(b, face, g.ID, g.Text)
		}
		d.glyphs.addGlyph(face, g.ID, g.Text)
		return append(b, hexDigits[g.ID>>12], hexDigits[g.ID>>8&15], hexDigits[g.ID>>4&15], hexDigits[g.ID&15])
	}
	var pen, cur float32 // thousandths of an em from the run's start
	gs := run.Glyphs
	pens, order := d.pens[:0], d.order[:0]
	for _, g := range gs {
		pens = append(pens, pen)
		pen += g.Advance
	}
	for i := 0; i < len(gs); {
		j := i + 1
		if rtl {
			// Within a cluster, the base before its marks: readers attach
			// a mark to the glyph drawn before it.
			for j < len(gs) && gs[j].Cluster == gs[i].Cluster {
				j++
			}
		}
		for k := j - 1; k >= i; k-- {
			order = append(order, k)
		}
		i = j
	}
	d.pens, d.order = pens, order
	seen := d.glyphs.seenFor(face)
	// TJ arrays hold glyph ids as two-byte literal strings (half the size
	// of hex), aliases as hex placeholders, and adjustments.
	inStr := false
	closeStr := func() {
		if inStr {
			b = append(b, ')')
			inStr = false
		}
	}
	for _, k := range order {
		g := gs[k]
		want := pens[k] + g.DX
		if g.DY != 0 {
			closeStr()
			if open {
				b = append(b, "] TJ"...)
				open = false
			}
			x, y := round2(float64(want)*size/1000), round2(float64(g.DY)*size/1000)
			b = append(b, ' ')
			b = appendNum(b, x)
			b = append(b, ' ')
			b = appendNum(b, y)
			b = append(b, " Td <"...)
			b = hex(b, g)
			b = append(b, "> Tj "...)
			b = appendNum(b, -x)
			b = append(b, ' ')
			b = appendNum(b, -y)
			b = append(b, " Td"...)
			cur = 0
			continue
		}
		if !open {
			b = append(b, " ["...)
			open = true
		}
		// Adjustments in whole thousandths of an em (0.01pt at text
		// sizes), tracked so that rounding never adds up along a word.
		if adj := float32(math.Round(float64(want - cur))); adj != 0 {
			closeStr()
			b = strconv.AppendInt(b, int64(-adj), 10)
			cur += adj
		}
		b, inStr = d.appendGlyph(b, face, seen, g.ID, g.Text, alias(g), inStr)
		cur += float32(face.PDFWidth(g.ID))
	}
	closeStr()
	d.tj, d.cur = open, cur
	return b
}

// isAlias reports a glyph drawn for other text than its own, which gets
// a code of its own, filled in by Write.
func isAlias(face *fonts.Face, gid uint16, text string) bool {
	r, ok := face.Canonical(gid)
	if !ok {
		return true
	}
	c, n := utf8.DecodeRuneInString(text)
	return c != r || n != len(text) || c == utf8.RuneError && n <= 1
}

// appendAlias writes the placeholder of a glyph drawn for other text
// than its own (see altRef).
func (d *drawer) appendAlias(b []byte, face *fonts.Face, gid uint16, text string) []byte {
	d.pg.alts = append(d.pg.alts, altRef{pos: len(b), face: face, gid: gid, text: text})
	d.glyphs.addGlyph(face, gid, "")
	return append(b, "0000"...)
}

// appendGlyph writes one glyph of a TJ array: in the literal string open
// (inStr) or a new one, or as a hex alias; it returns whether a literal
// string is left open.
func (d *drawer) appendGlyph(b []byte, face *fonts.Face, seen *[1 << 16]bool, gid uint16, text string, alias, inStr bool) ([]byte, bool) {
	if alias {
		if inStr {
			b = append(b, ')')
		}
		b = append(b, '<')
		b = d.appendAlias(b, face, gid, text)
		return append(b, '>'), false
	}
	if !inStr {
		b = append(b, '(')
	}
	if !seen[gid] {
		d.glyphs.addGlyph(face, gid, text)
	}
	return appendEscaped(appendEscaped(b, byte(gid>>8)), byte(gid)), true
}

// appendPairs is appendGlyphs for text set by the pair model, from its
// glyphs (see fonts.Face.PairGlyphs): left to right, none raised or
// offset, none an alias unless the run has a ligature.
func (d *drawer) appendPairs(b []byte, s string, gs []fonts.PairGlyph, lig bool, face *fonts.Face, open bool) []byte {
	seen := d.glyphs.seenFor(face)
	var pen, cur float32 // thousandths of an em from the run's start
	inStr := false
	for _, g := range gs {
		want := pen
		pen += g.Advance
		if !open {
			b = append(b, " ["...)
			open = true
		}
		if adj := float32(math.Round(float64(want - cur))); adj != 0 {
			if inStr {
				b = append(b, ')')
				inStr = false
			}
			b = strconv.AppendInt(b, int64(-adj), 10)
			cur += adj
		}
		if lig {
			text := s[g.At : g.At+int32(g.N)]
			b, inStr = d.appendGlyph(b, face, seen, g.ID, text, isAlias(face, g.ID, text), inStr)
		} else {
			if !inStr {
				b = append(b, '(')
				inStr = true
			}
			if !seen[g.ID] {
				d.glyphs.addGlyph(face, g.ID, s[g.At:g.At+int32(g.N)])
			}
			b = appendEscaped(appendEscaped(b, byte(g.ID>>8)), byte(g.ID))
		}
		cur += float32(g.PDFWidth)
	}
	if inStr {
		b = append(b, ')')
	}
	d.tj, d.cur = open, cur
	return b
}

// appendEscaped adds one byte of a PDF literal string.
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
	if !d.inLine {
		d.artifact()
	}
	d.segFor(cond)
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
	d.artifact()
	d.segFor("")
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
	d.inLine = true
	defer func() { d.inLine = false }()
	resume := "" // role to resume after a note's marker or a label
	label := ""  // role of the line a label is hung before
	for i, pf := range l.frags {
		if pf.text == "" {
			continue
		}
		// A word split at a line end: its two pieces get sequences of
		// their own, which the structure joins in a Span whose
		// ActualText is the whole word.
		if d.tag && d.mc == mcReal && l.whole != "" && i+1 == l.hyphAt {
			d.beginMC(mcRec{role: d.curRole, cont: true, whole: l.whole})
		}
		if d.tag && d.mc == mcReal && i+1 == l.contAt {
			d.beginMC(mcRec{role: d.curRole, cont: true, rest: true})
		}

		size := pf.size
		if pf.rise != 0 {
			size = pf.size / 0.68
		}
		by := baseline(top, leading, size) - pf.rise
		if i < l.labels && d.tag && d.mc == mcReal {
			if i == 0 {
				outer := d.curRole
				lm := mcRec{role: "Lbl", cont: true, inline: true}
				if d.lbl != "" {
					lm.role, lm.attrs = d.lbl, scopeRow
				}
				d.beginMC(lm)
				label = outer
			}
			if i == l.labels-1 {
				resume, label = label, ""
			}
		}
		if pf.note != nil && d.tag && d.mc == mcReal {
			// A note's marker is a Reference inside its paragraph.
			outer := d.curRole
			d.beginMC(mcRec{role: "Reference", cont: true, inline: true, notes: []string{pf.note.ID}})
			resume = outer
		}
		d.text(x+pf.x, by, pf.text, pf.face, pf.size, gray, pf.rtl, pf.glyphs, pf.lig)
		if pf.link != "" {
			d.pg.links = append(d.pg.links, linkRec{x + pf.x, by - pf.size*0.8, pf.width, pf.size, pf.link, d.curMC()})
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
		if resume != "" {
			d.beginMC(mcRec{role: resume, cont: true})
			resume = ""
		}
		if d.tag && i+1 == l.contAt && d.mc == mcReal {
			d.beginMC(mcRec{role: d.curRole, cont: true})
		}
	}
}

func (d *drawer) rule(x, y, w float64) {
	d.stroke(x, y, x+w, y, 0.5, 120, nil, "")
}

func (d *drawer) hrule(x, y, w, lw float64) {
	d.stroke(x, y, x+w, y, lw, 0, nil, "")
}

func (d *drawer) image(name, alt string, x, y, w, h float64) {
	d.closeMC()
	d.endText()
	id := -1
	if d.tag && alt != "" {
		id = len(d.pg.mcs)
		d.pg.mcs = append(d.pg.mcs, mcRec{role: "Figure", alt: alt, group: d.group})
	}
	d.pg.images = append(d.pg.images, imageRec{name, x, y, w, h, id})
}

// pageOut is one page's content as written: what depends on its position
// (drawn at write time) and its recorded text block, shifted to the
// page's inner or outer margin.
type pageOut struct {
	pre    []byte // what comes before the text block (see before)
	body   *printed
	tagged bool
	dx     float64
	height float64
	links  map[string]linkTarget
	images map[string]*pdfwrite.Image
}

// write writes the page's content stream.
func (po *pageOut) write(w io.Writer) {
	w.Write(po.pre)
	if po.body == nil {
		return
	}
	writeRec(w, po.body, po.target)
	po.after(w)
}

// target reports whether an ID is a link target.
func (po *pageOut) target(id string) bool {
	_, ok := po.links[id]
	return ok
}

// before writes what comes before the text block: what depends on the
// page's position, then the move to the text block's margin.
func (po *pageOut) before(w io.Writer, head *printed) {
	if po.tagged && head != nil {
		// Running heads, folios and margin numbers: pagination artifacts.
		w.Write([]byte("/Artifact <</Type /Pagination>> BDC\n"))
		writeRec(w, head, po.target)
		w.Write([]byte("EMC\n"))
	} else {
		writeRec(w, head, po.target)
	}
	if po.body != nil && po.dx != 0 {
		var b []byte
		b = append(b, "q 1 0 0 1 "...)
		b = appendNum(b, po.dx)
		b = append(b, " 0 cm\n"...)
		w.Write(b)
	}
}

// writePre writes what comes before the text block, as drawn by before.
func (po *pageOut) writePre(w io.Writer) { w.Write(po.pre) }

// after writes what comes after the text block: its images.
func (po *pageOut) after(w io.Writer) {
	var b []byte
	for _, im := range po.body.images {
		img := po.images[im.name]
		if img == nil {
			continue
		}
		b = b[:0]
		if im.mcid >= 0 {
			b = append(b, "/Figure <</MCID "...)
			b = strconv.AppendInt(b, int64(im.mcid), 10)
			b = append(b, ">> BDC "...)
		} else if po.tagged {
			b = append(b, "/Artifact BMC "...)
		}
		b = append(b, "q "...)
		for _, v := range []float64{im.w, 0, 0, im.h, im.x, po.height - im.y - im.h} {
			b = appendNum(b, v)
			b = append(b, ' ')
		}
		b = append(b, "cm /"...)
		b = append(b, img.Name...)
		b = append(b, " Do Q\n"...)
		if im.mcid >= 0 || po.tagged {
			b = append(b, "EMC\n"...)
		}
		w.Write(b)
	}
	if po.dx != 0 {
		w.Write([]byte("Q\n"))
	}
}

// writeRec writes a recorded page's data, leaving out the segments whose
// condition does not hold (target reports whether an ID is a link
// target).
func writeRec(w io.Writer, pg *printed, target func(id string) bool) {
	if pg == nil {
		return
	}
	start := 0
	if len(pg.segs) > 0 {
		w.Write(pg.data[:pg.segs[0].start])
	}
	for i, s := range pg.segs {
		end := len(pg.data)
		if i+1 < len(pg.segs) {
			end = pg.segs[i+1].start
		}
		start = end
		if s.cond != "" && !target(s.cond) {
			continue
		}
		w.Write(pg.data[s.start:end])
	}
	if len(pg.segs) == 0 {
		w.Write(pg.data[start:])
	}
}

// linkTarget is where an ID starts: page index and y from the top.
type linkTarget struct {
	page int
	y    float64
}

// webLink reports whether a link leaves the book for the web or mail;
// anything else (a relative path a book built in code kept) is not a
// link a PDF can follow.
func webLink(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:")
}
