package pdf

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sourcebook/book/markup"
	"sourcebook/fonts"
	"sourcebook/layouts/typeset"
)

// frag is a piece of text set in one face: the unit the line breaker
// places and the PDF draws.
type frag struct {
	text   string
	face   *fonts.Face
	size   float64
	width  float64
	rise   float64 // baseline shift (superscript note markers)
	link   string
	note   *markup.Note
	offset int    // rune offset of the text in the block's plain text
	anchor string // a zero-width mark naming a point in the text
	// The glyphs the pair model set text with in face, when it did and
	// the setter kept them, so that the drawer need not set it again;
	// lig as fonts.Face.PairGlyphs gives it. A frag made from another
	// one's text leaves them out.
	glyphs []fonts.PairGlyph
	style  markup.Style
	rtl    bool // shaped and drawn right to left
	dir    int8 // +1 right-to-left word, -1 left-to-right, 0 neutral (see wordDir)
	lig    bool
}

// placed is a frag at its position on a line.
type placed struct {
	*frag
	x float64
}

// line is one typeset line with everything the pager and the tests need.
type line struct {
	frags      []placed
	natural    float64 // natural width of the content
	set        float64 // width as set (natural adjusted by the ratio)
	measure    float64
	indent     float64 // left offset from the text block's edge
	ratio      float64
	spaceMax   float64 // widest interword space as a multiple of its natural width
	last       bool    // last line of its paragraph
	hyphenated bool
	overfull   bool
	offset     int // rune offset of the line's first character in the block text
	notes      []*markup.Note
	rtl        bool // the paragraph runs right to left
	// A word split at the line's end (midWord): its first piece, frag
	// hyphAt-1 and the hyphen if one was added, and its rest, the next
	// line's frag contAt-1, are read as whole (0: none).
	labels         int // list labels hung before the line (its first frags)
	midWord        bool
	whole          string
	hyphAt, contAt int
}

// Alignment of a paragraph.
type align uint8

const (
	alignJustify align = iota
	alignLeft
	alignCenter
	alignRight
)

// paraSpec says how to set one paragraph.
type paraSpec struct {
	fam         *fonts.Family
	size        float64
	style       markup.Style // added to every run (e.g. italic headnotes)
	measure     float64
	firstIndent float64
	align       align
	hyphenate   bool
	lang        string // the text's language (BCP 47), "" for the book's
}

// setter typesets paragraphs. It is not safe for concurrent use: it keeps
// buffers between paragraphs to spare the allocator.
type setter struct {
	slab    []frag // frags are allocated in blocks: a long reader has millions
	slabs   [][]frag
	slabAt  int // blocks of slabs handed out (see reuse)
	lines   blocks[line]
	glyphs  blocks[fonts.PairGlyph] // see frag.glyphs
	kept    int                     // glyphs kept for the chunk being set
	boxes   blocks[vbox]            // the lines' boxes (see builder.para)
	placed  blocks[placed]
	hyph    *typeset.Hyphenator
	breaker typeset.Breaker
	params  typeset.Params
	items   []typeset.Item
	frags   []*frag // parallel to items: the frag of each box (nil otherwise)
	// A paragraph set first without hyphenation: collect has the words
	// that may have points listed in cands (see addPoints); items2 and
	// frags2 are the other buffers.
	collect bool
	cands   []hyphCand
	items2  []typeset.Item
	frags2  []*frag
	missing func(r rune)
	noFont  func(fonts.Script, error)
	fc      fontCtx  // for the paragraph being set
	fonts   []string // the manifest's font files
	rtl     bool     // the paragraph being set runs right to left
	rise    float64  // baseline shift of the run being added
	pieces  []piece  // scratch for splitFaces
	// Hyphenation points by hyphenator and word, for this worker: a
	// map of its own is cheaper than the shared cache, and one map per
	// hyphenator keyed by the word alone cheaper than one keyed by both.
	hyphSeen map[*typeset.Hyphenator]map[string][]int
}

func newSetter(missing func(rune), noFont func(fonts.Script, error)) *setter {
	return &setter{hyph: typeset.EnglishUS(), params: typeset.DefaultParams(), missing: missing, noFont: noFont}
}

// newFrag returns a zeroed frag from the current block.
func (s *setter) newFrag() *frag {
	if len(s.slab) == cap(s.slab) {
		if s.slabAt < len(s.slabs) {
			s.slab = s.slabs[s.slabAt][:0]
		} else {
			s.slab = make([]frag, 0, 512)
			s.slabs = append(s.slabs, s.slab)
		}
		s.slabAt++
	}
	s.slab = s.slab[:len(s.slab)+1]
	f := &s.slab[len(s.slab)-1]
	*f = frag{}
	return f
}

// reuse starts handing out the frags and lines of earlier chunks again,
// once nothing refers to them (their pages are drawn and their layout
// freed): a worker keeps the blocks its largest chunk needed instead of
// making new ones for every chunk.
func (s *setter) reuse() {
	s.slab, s.slabAt = nil, 0
	s.lines.reuse()
	s.glyphs.reuse()
	s.kept = 0
	s.boxes.reuse()
	s.placed.reuse()
}

// newLine returns a line from the current block (see reuse).
func (s *setter) newLine() *line {
	return &s.lines.take(1)[0]
}

// newPlaced returns an empty slice of placed frags with room for n from
// the current block; appending past n allocates, as for any slice.
func (s *setter) newPlaced(n int) []placed {
	return s.placed.take(n)[:0:n]
}

// blocks hands out slices of blocks of Ts, kept between chunks (see
// setter.reuse). A chunk gets blocks of up to maxBlockBytes; the rest of
// a very long one (a document of megabytes) is allocated as before, so
// that what it has drawn can go while it draws the rest.
type blocks[T any] struct {
	cur  []T
	all  [][]T
	next int // blocks of all handed out
	max  int // blocks a chunk may have (0: not yet known)
}

const (
	blockLen      = 1024
	maxBlockBytes = 2 << 20
)

// grow moves to the next block, or reports that the chunk has had its
// share.
func (b *blocks[T]) grow() bool {
	if b.max == 0 {
		b.max = max(1, maxBlockBytes/(blockLen*int(reflect.TypeFor[T]().Size())))
	}
	if b.next >= b.max {
		return false
	}
	if b.next < len(b.all) {
		b.cur = b.all[b.next][:0]
	} else {
		b.cur = make([]T, 0, blockLen)
		b.all = append(b.all, b.cur)
	}
	b.next++
	return true
}

// take returns n zeroed Ts.
func (b *blocks[T]) take(n int) []T {
	if n > blockLen/4 || len(b.cur)+n > cap(b.cur) && !b.grow() {
		return make([]T, n)
	}
	b.cur = b.cur[:len(b.cur)+n]
	t := b.cur[len(b.cur)-n:]
	clear(t)
	return t
}

// room returns an empty slice with room for n Ts, from the current block
// when it can; keep then takes those of them that were used.
func (b *blocks[T]) room(n int) []T {
	if n > blockLen/4 || len(b.cur)+n > cap(b.cur) && !b.grow() {
		return make([]T, 0, n)
	}
	return b.cur[len(b.cur) : len(b.cur) : len(b.cur)+n]
}

// keep takes ts, filled in what room returned, from the current block.
func (b *blocks[T]) keep(ts []T) {
	if n := len(b.cur); len(ts) > 0 && n < cap(b.cur) && &ts[0] == &b.cur[:n+1][n] {
		b.cur = b.cur[:n+len(ts)]
	}
}

func (b *blocks[T]) reuse() { b.cur, b.next = nil, 0 }

func (s *setter) push(it typeset.Item, f *frag) {
	if f != nil && f.text != "" {
		f.dir = int8(wordDir(f.text))
		f.rtl = f.dir > 0
	}
	s.items = append(s.items, it)
	s.frags = append(s.frags, f)
}

// set breaks runs into lines. A paragraph that breaks well at its
// spaces alone is set without looking up its hyphenation points (most
// are; see typeset.Breaker.BreakFirst).
func (s *setter) set(runs []markup.Inline, ps paraSpec) []*line {
	s.fc = fontCtx{lang: ps.lang, missing: s.missing, noFont: s.noFont, extra: s.fonts}
	s.rtl = paraRTL(runs, ps.lang)
	if ps.hyphenate {
		if s.hyph = typeset.ForLanguage(ps.lang); s.hyph == nil {
			ps.hyphenate = false
		}
	}
	params := s.params
	if !ps.hyphenate {
		params.MaxHyphenRun = 0
	}
	var brk []typeset.Line
	s.items, s.frags = s.items[:0], s.frags[:0]
	if ps.hyphenate {
		whole := ps
		whole.hyphenate = false
		s.cands, s.collect = s.cands[:0], true
		s.addRuns(runs, whole)
		s.collect = false
		var ok bool
		if brk, ok = s.breaker.BreakFirst(s.items, []float64{ps.measure}, params); !ok || brk == nil {
			// The words that have points get them, as setting the runs
			// again with hyphenation would give them.
			s.addPoints()
			brk = s.breaker.Break(s.items, []float64{ps.measure}, params)
		}
	} else {
		s.addRuns(runs, ps)
		brk = s.breaker.Break(s.items, []float64{ps.measure}, params)
	}
	lines := make([]*line, 0, len(brk))
	for i, b := range brk {
		l := s.place(b, ps)
		l.last = i == len(brk)-1
		lines = append(lines, l)
	}
	joinSplitWords(lines)
	return lines
}

// addRuns adds a paragraph's items.
func (s *setter) addRuns(runs []markup.Inline, ps paraSpec) {
	if ps.firstIndent > 0 {
		s.push(typeset.Item{Kind: typeset.Box, Width: ps.firstIndent}, nil)
	}
	off := 0
	for _, r := range runs {
		switch {
		case r.Note != nil:
			face := ps.fam.Face(fonts.Regular)
			size := ps.size * 0.68
			f := &frag{text: r.Note.Marker(), face: face, size: size, rise: ps.size * 0.34, note: r.Note, offset: off}
			f.width = face.Width(f.text, size)
			s.push(typeset.Item{Kind: typeset.Box, Width: f.width}, f)
		case r.Anchor != "":
			s.push(typeset.Item{Kind: typeset.Box}, &frag{anchor: r.Anchor, offset: off})
		case r.Break:
			s.push(typeset.Item{Kind: typeset.Penalty, Penalty: typeset.Infinity}, nil)
			s.push(typeset.Item{Kind: typeset.Glue, Stretch: typeset.Infinity}, nil)
			s.push(typeset.Item{Kind: typeset.Penalty, Penalty: -typeset.Infinity}, nil)
			off++
		default:
			off = s.addText(r, ps, off)
		}
	}
	s.push(typeset.Item{Kind: typeset.Penalty, Penalty: typeset.Infinity}, nil)
	s.push(typeset.Item{Kind: typeset.Glue, Stretch: typeset.Infinity}, nil)
	s.push(typeset.Item{Kind: typeset.Penalty, Penalty: -typeset.Infinity}, nil)
}

func (s *setter) place(b typeset.Line, ps paraSpec) *line {
	l := s.newLine()
	*l = line{measure: ps.measure, ratio: b.Ratio, hyphenated: b.Hyphenated, overfull: b.Overfull, offset: -1,
		frags: s.newPlaced((b.End-b.Start)/2 + 2)}
	if e := b.End; e > 0 && e+1 < len(s.items) && s.items[e].Kind == typeset.Penalty && s.items[e].Penalty > -typeset.Infinity &&
		s.items[e-1].Kind == typeset.Box && s.items[e+1].Kind == typeset.Box {
		l.midWord = true
	}
	justify := ps.align == alignJustify
	x := 0.0
	var lastFrag *frag
	lastBox, glueSince := -1, false
	merged := false // the line's last frag is a copy made here
	for i := b.Start; i < b.End && i < len(s.items); i++ {
		it := s.items[i]
		switch it.Kind {
		case typeset.Box:
			if f := s.frags[i]; f != nil {
				if l.offset < 0 && f.anchor == "" {
					l.offset = f.offset
				}
				// Syllables of one word (no glue between them) are drawn
				// as one string: fewer drawing calls, same positions.
				if n := len(l.frags); n > 0 && lastBox >= 0 && !glueSince && mergeable(l.frags[n-1].frag, f) {
					prev := l.frags[n-1].frag
					if !merged {
						cp := s.newFrag()
						*cp = *prev
						cp.glyphs = nil
						prev, merged = cp, true
					}
					prev.text += f.text
					prev.width += f.width
					l.frags[n-1].frag = prev
					x += it.Width
					l.natural += it.Width
					lastFrag, lastBox, glueSince = prev, i, false
					continue
				}
				merged = false
				l.frags = append(l.frags, placed{f, x})
				if f.note != nil {
					l.notes = append(l.notes, f.note)
				}
				lastFrag, lastBox, glueSince = f, i, false
			}
			x += it.Width
			l.natural += it.Width
		case typeset.Glue:
			glueSince = true
			if it.Stretch >= typeset.Infinity {
				continue
			}
			w := it.Width
			l.natural += it.Width
			if justify {
				if b.Ratio > 0 {
					w += b.Ratio * it.Stretch
				} else if b.Ratio < 0 {
					w += b.Ratio * it.Shrink
				}
			}
			if it.Width > 0 && w/it.Width > l.spaceMax {
				l.spaceMax = w / it.Width
			}
			x += w
		}
	}
	// A discretionary break adds a hyphen; a break after an explicit
	// hyphen (a zero-width flagged penalty) does not.
	if b.Hyphenated && lastFrag != nil && b.End < len(s.items) && s.items[b.End].Width > 0 {
		f := s.newFrag()
		*f = frag{text: "-", face: lastFrag.face, size: lastFrag.size, link: lastFrag.link, style: lastFrag.style, offset: -1, dir: lastFrag.dir, rtl: lastFrag.rtl}
		f.width = f.face.Width("-", f.size)
		l.frags = append(l.frags, placed{f, x})
		x += f.width
		l.natural += f.width
	}
	l.set = x
	if l.offset < 0 {
		l.offset = 0
	}
	l.frags = reorder(l.frags, s.rtl)
	l.rtl = s.rtl
	a := ps.align
	if s.rtl {
		// Right-to-left paragraphs are mirrored: ragged lines and the
		// last line of a justified paragraph end at the right margin.
		switch a {
		case alignLeft:
			a = alignRight
		case alignJustify:
			if b.Ratio == 0 || x < ps.measure-0.5 {
				a = alignRight
			}
		}
	}
	switch a {
	case alignCenter:
		l.indent = (ps.measure - x) / 2
	case alignRight:
		l.indent = ps.measure - x
	}
	return l
}

// paraRTL decides a paragraph's direction: from its language when that is
// written right to left, else from its first strong character.
func paraRTL(runs []markup.Inline, lang string) bool {
	if lang != "" && rtlLang(lang) {
		return true
	}
	for _, r := range runs {
		for _, c := range r.Text {
			switch strongDir(c) {
			case 1:
				return true
			case -1:
				return false
			}
		}
	}
	return false
}

// reorder places a line's frags in visual order (the Unicode bidirectional
// algorithm's rule L2, at the level of words): each word takes the
// direction of its letters, neutral words that of the paragraph; runs at
// higher levels are reversed. Positions are recomputed so that the gaps
// between words move with them.
func reorder(frags []placed, rtl bool) []placed {
	mixed := rtl
	for _, f := range frags {
		if f.dir > 0 {
			mixed = true
			break
		}
	}
	if !mixed || len(frags) == 0 {
		return frags
	}
	frags = splitNeutralEdges(frags, rtl)
	base := int8(0)
	if rtl {
		base = 1
	}
	type item struct {
		f     *frag
		w     float64
		level int8
	}
	items := make([]item, 0, 2*len(frags)+1)
	if frags[0].x > 0 {
		items = append(items, item{w: frags[0].x, level: base})
	}
	level := func(f *frag) int8 {
		switch {
		case f.dir > 0:
			return 1
		case f.dir < 0 && rtl:
			return 2
		case f.dir < 0:
			return 0
		}
		return -1 // neutral: resolved below
	}
	for i, p := range frags {
		items = append(items, item{f: p.frag, w: p.width, level: level(p.frag)})
		if i+1 < len(frags) {
			if gap := frags[i+1].x - p.x - p.width; gap != 0 {
				items = append(items, item{w: gap, level: -1})
			}
		}
	}
	// Neutrals (gaps, punctuation) between two items of one level take
	// it; others take the paragraph's.
	for i := range items {
		if items[i].level >= 0 {
			continue
		}
		prev, next := base, base
		for j := i - 1; j >= 0; j-- {
			if items[j].level >= 0 {
				prev = items[j].level
				break
			}
		}
		for j := i + 1; j < len(items); j++ {
			if items[j].level >= 0 {
				next = items[j].level
				break
			}
		}
		if prev == next {
			items[i].level = prev
		} else {
			items[i].level = base
		}
	}
	for lv := int8(2); lv >= 1; lv-- {
		for i := 0; i < len(items); {
			if items[i].level < lv {
				i++
				continue
			}
			j := i
			for j < len(items) && items[j].level >= lv {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				items[a], items[b] = items[b], items[a]
			}
			i = j
		}
	}
	x := 0.0
	k := 0
	for _, it := range items {
		if it.f != nil {
			frags[k] = placed{it.f, x}
			k++
		}
		x += it.w
	}
	return frags
}

// splitNeutralEdges cuts the punctuation off the ends of words that run
// against the paragraph (a date ending an Arabic sentence, an Arabic word
// quoted with a comma in English), so that it takes the paragraph's
// direction as the bidirectional algorithm has it: "1948." at the end of
// an Arabic sentence prints its full stop left of the number.
func splitNeutralEdges(frags []placed, rtl bool) []placed {
	against := func(f *frag) bool { return f.dir != 0 && (f.dir > 0) != rtl && f.text != "" && f.face != nil }
	need := false
	for _, p := range frags {
		if against(p.frag) {
			need = true
			break
		}
	}
	if !need {
		return frags
	}
	strong := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	out := make([]placed, 0, len(frags)+2)
	for _, p := range frags {
		f := p.frag
		if !against(f) {
			out = append(out, p)
			continue
		}
		a := strings.IndexFunc(f.text, strong)
		b := strings.LastIndexFunc(f.text, strong)
		if a < 0 || (a == 0 && b+utf8.RuneLen([]rune(f.text[b:])[0]) == len(f.text)) {
			out = append(out, p)
			continue
		}
		b += utf8.RuneLen([]rune(f.text[b:])[0])
		x := p.x
		for i, part := range [3]string{f.text[:a], f.text[a:b], f.text[b:]} {
			if part == "" {
				continue
			}
			nf := *f
			nf.text, nf.glyphs = part, nil
			nf.width = f.face.Width(part, f.size)
			if i != 1 {
				nf.dir, nf.rtl, nf.note, nf.anchor = 0, rtl, nil, ""
			}
			out = append(out, placed{&nf, x})
			x += nf.width
		}
	}
	return out
}

// mergeable reports whether b can be drawn as a continuation of a.
func mergeable(a, b *frag) bool {
	return a.face == b.face && a.size == b.size && a.dir == b.dir && a.rise == b.rise && a.link == b.link && a.style == b.style &&
		a.note == nil && b.note == nil && a.anchor == "" && b.anchor == ""
}

// addText turns one run into boxes, glue and penalties, returning the
// rune offset after it.
func (s *setter) addText(r markup.Inline, ps paraSpec, off int) int {
	style := r.Style | ps.style
	fam := ps.fam
	size := ps.size
	if style&markup.Code != 0 {
		fam = fonts.Mono()
		size *= 0.9
	}
	// <sup>, <sub> and <small> from a source: smaller type, raised or
	// lowered (the drawer finds the baseline from the rise, as for note
	// markers).
	s.rise = 0
	switch {
	case style&markup.Sup != 0:
		s.rise = size * 0.34
		size *= 0.68
	case style&markup.Sub != 0:
		s.rise = -size * 0.15
		size *= 0.68
	case style&markup.Small != 0:
		size *= 0.85
	}
	face := fam.Face(faceStyle(style))
	fb := fonts.Fallback().Face(faceStyle(style))
	space := face.Width(" ", size)
	text := r.Text
	for len(text) > 0 {
		// Spaces: one glue for any run of breaking white space.
		n := 0
		for n < len(text) && (text[n] == ' ' || text[n] == '\n' || text[n] == '\t') {
			n++
		}
		if n > 0 {
			s.addGlue(space, ps.align)
			off += n
			text = text[n:]
			continue
		}
		end, ascii := 0, true
		for ; end < len(text); end++ {
			c := text[end]
			if c == ' ' || c == '\n' || c == '\t' {
				break
			}
			if c >= utf8.RuneSelf {
				ascii = false
			}
		}
		word := text[:end]
		text = text[end:]
		if ascii {
			// As printed already (see display), a character a byte.
			s.addWord(word, face, fb, size, style, r.Link, ps, off)
			off += len(word)
			continue
		}
		n = utf8.RuneCountInString(word)
		s.addWord(display(word), face, fb, size, style, r.Link, ps, off)
		off += n
	}
	return off
}

func (s *setter) addGlue(space float64, a align) {
	if n := len(s.items); n > 0 && s.items[n-1].Kind == typeset.Glue {
		return
	}
	if a == alignJustify {
		s.push(typeset.Item{Kind: typeset.Glue, Width: space, Stretch: space / 2, Shrink: space / 3}, nil)
		return
	}
	// Ragged lines: Knuth and Plass's recipe, which spreads the raggedness
	// evenly instead of filling each line greedily.
	rag := space * 6
	s.push(typeset.Item{Kind: typeset.Glue, Stretch: rag}, nil)
	s.push(typeset.Item{Kind: typeset.Penalty}, nil)
	s.push(typeset.Item{Kind: typeset.Glue, Width: space, Stretch: -rag}, nil)
}

// addWord adds the boxes of one word with its break opportunities:
// hyphenation points, explicit hyphens and dashes, and, for words longer
// than the measure (URLs, hostile input), any character.
func (s *setter) addWord(word string, face, fb *fonts.Face, size float64, style markup.Style, link string, ps paraSpec, off int) {
	// Explicit hyphens, dashes and soft hyphens split the word into parts.
	start := 0
	runeOff := off
	for i, r := range word {
		switch r {
		case '-', '–', '—', '/', '\u00ad':
			part := word[start:i]
			if r != '\u00ad' {
				part = word[start : i+utf8.RuneLen(r)]
			}
			s.addPart(part, face, fb, size, style, link, ps, runeOff)
			runeOff += utf8.RuneCountInString(word[start : i+utf8.RuneLen(r)])
			start = i + utf8.RuneLen(r)
			if start < len(word) {
				switch r {
				case '-':
					s.push(typeset.Item{Kind: typeset.Penalty, Penalty: 50, Flagged: true}, nil)
				case '\u00ad':
					s.push(typeset.Item{Kind: typeset.Penalty, Penalty: 50, Flagged: true, Width: face.Width("-", size)}, nil)
				default:
					s.push(typeset.Item{Kind: typeset.Penalty, Penalty: 50}, nil)
				}
			}
		}
	}
	s.addPart(word[start:], face, fb, size, style, link, ps, runeOff)
}

func (s *setter) addPart(part string, face, fb *fonts.Face, size float64, style markup.Style, link string, ps paraSpec, off int) {
	if part == "" {
		return
	}
	pieces := splitFacesInto(s.pieces, part, face, fb, s.fc)
	s.pieces = pieces
	if s.missing != nil && (len(pieces) > 1 || len(pieces) == 1 && pieces[0].face != face) {
		// Text in another face (another script) is shaped whole: what
		// shaping could not draw is reported like a missing character.
		for _, p := range pieces {
			for _, r := range p.face.Shape(p.text, wordDir(p.text) > 0).Missing {
				s.missing(r)
			}
		}
	}
	if hasCJK(part) {
		s.addCJK(pieces, size, style, link, off)
		return
	}
	w := 0.0
	var gs []fonts.PairGlyph
	lig := false
	if len(pieces) == 1 {
		w, gs, lig = s.measure(pieces[0], size)
	} else {
		for _, p := range pieces {
			w += p.face.Width(p.text, size)
		}
	}
	if len(pieces) == 1 && w <= ps.measure {
		long := style&markup.Code == 0 && (s.collect || ps.hyphenate) && utf8.RuneCountInString(part) >= 5
		if !(ps.hyphenate && long) {
			if long {
				s.cands = append(s.cands, hyphCand{item: len(s.items), part: part, face: face})
			}
			f := s.newFrag()
			*f = frag{text: pieces[0].text, face: pieces[0].face, size: size, link: link, style: style, offset: off, width: w, rise: s.rise,
				glyphs: gs, lig: lig}
			s.push(typeset.Item{Kind: typeset.Box, Width: w}, f)
			return
		}
	}
	if w > ps.measure {
		s.addLong(pieces, size, style, link, ps, off)
		return
	}
	if ps.hyphenate && len(pieces) == 1 && style&markup.Code == 0 && s.syllables(part, face, size, style, link, off, s.rise) {
		return
	}
	for _, p := range pieces {
		f := s.newFrag()
		*f = frag{text: p.text, face: p.face, size: size, link: link, style: style, offset: off, rise: s.rise}
		f.width = p.face.Width(p.text, size)
		s.push(typeset.Item{Kind: typeset.Box, Width: f.width}, f)
		off += utf8.RuneCountInString(p.text)
	}
}

// measure is p's width at size, as fonts.Face.Width gives it, and the
// glyphs the pair model sets it with, kept for the drawer (nil when it
// needs HarfBuzz).
func (s *setter) measure(p piece, size float64) (float64, []fonts.PairGlyph, bool) {
	if s.kept >= maxKeptGlyphs {
		return p.face.Width(p.text, size), nil, false
	}
	gs, w, lig, ok := p.face.PairGlyphs(p.text, s.glyphs.room(len(p.text)))
	if !ok {
		return p.face.Width(p.text, size), nil, false
	}
	s.glyphs.keep(gs)
	s.kept += len(gs)
	if len(p.text) == 1 || !(w > 0) {
		return p.face.Width(p.text, size), gs, lig
	}
	return float64(w) * size / 1000, gs, lig
}

// maxKeptGlyphs bounds the glyphs a worker keeps for the chunk it sets
// (2 MB): a document of megabytes of text has the rest of its words set
// again when drawn, rather than held as glyphs until then.
const maxKeptGlyphs = 1 << 17

// syllables adds a word as its syllables, with a discretionary hyphen
// between each two, and reports whether it had hyphenation points.
func (s *setter) syllables(part string, face *fonts.Face, size float64, style markup.Style, link string, off int, rise float64) bool {
	pts := s.points(part)
	if len(pts) == 0 {
		return false
	}
	hw := face.Width("-", size)
	// Rune offsets to byte offsets, without converting the word.
	nr := utf8.RuneCountInString(part)
	prev, prevByte := 0, 0
	ri, bi := 0, 0
	for k := 0; k <= len(pts); k++ {
		p := nr
		if k < len(pts) {
			p = pts[k]
		}
		for ri < p && bi < len(part) {
			_, w := utf8.DecodeRuneInString(part[bi:])
			bi += w
			ri++
		}
		syl := part[prevByte:bi]
		f := s.newFrag()
		*f = frag{text: syl, face: face, size: size, link: link, style: style, offset: off + prev, rise: rise}
		f.width = face.Width(syl, size)
		s.push(typeset.Item{Kind: typeset.Box, Width: f.width}, f)
		if p < nr {
			s.push(typeset.Item{Kind: typeset.Penalty, Penalty: 50, Flagged: true, Width: hw}, nil)
		}
		prev, prevByte = p, bi
	}
	return true
}

// hyphCand is a word set whole that may have hyphenation points: its
// box's item, its text and face (see addPoints).
type hyphCand struct {
	item int
	part string
	face *fonts.Face
}

// addPoints gives the words of a paragraph set without hyphenation
// (s.cands) their points: each such word's box becomes its syllables,
// the items and frags that setting the runs with hyphenation gives.
func (s *setter) addPoints() {
	items, frags := s.items, s.frags
	s.items, s.frags = s.items2[:0], s.frags2[:0]
	next := 0
	for _, c := range s.cands {
		s.items, s.frags = append(s.items, items[next:c.item]...), append(s.frags, frags[next:c.item]...)
		f := frags[c.item]
		if !s.syllables(c.part, c.face, f.size, f.style, f.link, f.offset, f.rise) {
			s.items, s.frags = append(s.items, items[c.item]), append(s.frags, f)
		}
		next = c.item + 1
	}
	s.items, s.frags = append(s.items, items[next:]...), append(s.frags, frags[next:]...)
	s.items2, s.frags2 = items, frags
}

// points finds hyphenation points of a word with surrounding punctuation:
// only the letters are given to the patterns, and all-capital words
// (acronyms) and words with digits are left whole.
func (s *setter) points(word string) []int {
	seen := s.hyphSeen[s.hyph]
	if pts, ok := seen[word]; ok {
		return pts
	}
	pts := s.findPoints(word)
	if seen == nil || len(seen) > 100_000 {
		if s.hyphSeen == nil {
			s.hyphSeen = map[*typeset.Hyphenator]map[string][]int{}
		}
		seen = map[string][]int{}
		s.hyphSeen[s.hyph] = seen
	}
	seen[word] = slices.Clip(pts) // appended to by callers: copied then
	return pts
}

func (s *setter) findPoints(word string) []int {
	runes := []rune(word)
	i, j := 0, len(runes)
	for i < j && !unicode.IsLetter(runes[i]) {
		i++
	}
	for j > i && !unicode.IsLetter(runes[j-1]) {
		j--
	}
	if j-i < 5 {
		return nil
	}
	core := runes[i:j]
	upper := 0
	for _, r := range core {
		if !unicode.IsLetter(r) {
			return nil
		}
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper > 1 {
		return nil
	}
	pts := s.hyph.Points(string(core))
	for k := range pts {
		pts[k] += i
	}
	return pts
}

// addLong sets a word wider than the measure so that it can break after
// any character (preferring after / . - _ ? &), rather than overflow the
// margin.
func (s *setter) addLong(pieces []piece, size float64, style markup.Style, link string, ps paraSpec, off int) {
	for _, p := range pieces {
		for _, r := range p.text {
			t := string(r)
			f := &frag{text: t, face: p.face, size: size, link: link, style: style, offset: off, rise: s.rise}
			f.width = p.face.Width(t, size)
			s.push(typeset.Item{Kind: typeset.Box, Width: f.width}, f)
			pen := 200.0
			if strings.ContainsRune("/.-_?&=", r) {
				pen = 20
			}
			s.push(typeset.Item{Kind: typeset.Penalty, Penalty: pen}, nil)
			off++
		}
	}
}

// simpleLine sets a short text on one line without breaking (folios,
// running heads, labels), word by word in visual order.
func simpleLine(text string, face *fonts.Face, size float64, missing func(rune)) *line {
	// One allocation for a line of a word or two (folios, line numbers):
	// a frag is complete before the next is appended, so a pointer into
	// an outgrown array stays right.
	st := new(struct {
		l line
		f [2]frag
		p [2]placed
		w [1]piece
	})
	l := &st.l
	x := 0.0
	fc := fontCtx{missing: missing}
	fb := fonts.Fallback().Face(fonts.Regular)
	rtl := paraRTL([]markup.Inline{{Text: text}}, "")
	frags, pieces := st.f[:0], st.w[:0]
	l.frags = st.p[:0]
	// Words with the space after them, and what follows the last space,
	// as strings.SplitAfter cuts them.
	for rest, more := display(text), true; more; {
		w := rest
		i := strings.IndexByte(rest, ' ')
		if more = i >= 0; more {
			w = rest[:i+1]
		}
		rest = rest[len(w):]
		pieces = splitFacesInto(pieces, w, face, fb, fc)
		for _, p := range pieces {
			frags = append(frags, frag{text: p.text, face: p.face, size: size})
			f := &frags[len(frags)-1]
			f.dir = int8(wordDir(p.text))
			f.rtl = f.dir > 0
			f.width = p.face.Width(p.text, size)
			l.frags = append(l.frags, placed{f, x})
			x += f.width
		}
	}
	l.frags = reorder(l.frags, rtl)
	l.natural, l.set, l.last = x, x, true
	return l
}

func itoa(n int) string { return strconv.Itoa(n) }

// joinSplitWords marks the words hyphenated at line ends, so that they
// are read whole (see line.whole).
func joinSplitWords(lines []*line) {
	for i := 0; i+1 < len(lines); i++ {
		l, next := lines[i], lines[i+1]
		n := len(l.frags)
		if !l.midWord || l.rtl || n == 0 {
			continue
		}
		k := n - 1
		if l.frags[k].text == "-" && l.frags[k].offset == -1 {
			k-- // the hyphen added at the break
		}
		if k < 0 || l.frags[k].text == "" {
			continue
		}
		for j, f := range next.frags {
			if f.text == "" {
				continue
			}
			l.whole, l.hyphAt = l.frags[k].text+f.text, k+1
			next.contAt = j + 1
			break
		}
	}
}
