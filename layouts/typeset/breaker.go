package typeset

import (
	"cmp"
	"math"
	"slices"
)

// Fitness classes of Knuth and Plass, ordered so that adjacent lines whose
// classes differ by more than one earn FitnessDemerits.
const (
	fitTight     = 0 // shrinking, badness > 12
	fitDecent    = 1
	fitLoose     = 2 // stretching, badness > 12
	fitVeryLoose = 3 // stretching, badness > 99
)

const (
	// infBad is TeX's badness of a line that cannot stretch enough.
	infBad = 10000.0
	// artificialDemerits is charged for an overfull break made only
	// because nothing else was possible.
	artificialDemerits = 1e10
	// ratioEps absorbs rounding when a line fits exactly at full shrink.
	ratioEps = 1e-9
	// maxActive caps the active list; when it is exceeded the best
	// keepActive nodes survive. Real paragraphs stay far below it; the cap
	// keeps degenerate input (huge measures, no stretch) near-linear.
	maxActive  = 192
	keepActive = 96
	// maxPooled bounds the node pool a pooled Breaker keeps between calls.
	maxPooled = 1 << 16
)

// finishing is the sequence appended when the caller did not end the list
// with a forced break. Read-only.
var finishing = [3]Item{
	{Kind: Penalty, Penalty: Infinity},
	{Kind: Glue, Stretch: filStretch},
	{Kind: Penalty, Penalty: -Infinity},
}

// source is the caller's items, optionally followed by finishing; it avoids
// copying a large list just to append three items.
type source struct {
	items []Item
	tail  bool
	n     int
}

func (s *source) at(i int) *Item {
	if i < len(s.items) {
		return &s.items[i]
	}
	return &finishing[i-len(s.items)]
}

// totals are cumulative sums over a prefix of the items. Infinite (fil)
// stretch is counted separately (±1 per glue) so finite stretch stays
// meaningful.
type totals struct {
	w, y, z, fil float64
}

func (t *totals) addGlue(it *Item) {
	t.w += clampDim(it.Width)
	// Negative stretch is legitimate: Knuth and Plass's ragged-right and
	// centring recipes cancel stretch within a line.
	switch s := clampDim(it.Stretch); {
	case s >= Infinity:
		t.fil++
	case s <= -Infinity:
		t.fil--
	default:
		t.y += s
	}
	t.z += clampDim(it.Shrink)
}

// activeNode is a feasible break that may still start a line.
type activeNode struct {
	t       totals  // sums over the items before the next line's first item
	d       float64 // total demerits up to this break
	passive int32   // this break's record in the passive pool
	start   int32   // first item of the next line
	line    int32   // lines so far
	run     int32   // consecutive flagged lines ending here
	fit     int8
}

// passiveNode records a break for the final backtrack; kept small because
// one is stored per created node.
type passiveNode struct {
	pos   int32 // index of the break item (-1 for the paragraph start)
	start int32 // first item of the following line
	prev  int32 // previous break's passive index (-1 for none)
}

// cand is the best way found to reach the current breakpoint in one state.
type cand struct {
	d    float64
	prev int32 // predecessor's passive index
	line int32
	cls  int32 // line class: lines at or past Breaker.easy share a measure
	run  int32
	fit  int8
	dead bool
}

// Breaker breaks paragraphs, reusing its buffers between calls. The zero
// value is ready to use. A Breaker is not safe for concurrent use; Break
// keeps a pool of them.
type Breaker struct {
	src      source
	measures []float64
	easy     int32 // lines with index >= easy all have measures[easy]

	active  []activeNode
	passive []passiveNode
	cands   []cand
	deact   []activeNode

	// The current pass.
	p            Params
	tol, emerg   float64
	allowFlagged bool
	final        bool
	maxRun       int32
	sum          totals // over items[0:i) at breakpoint i

	// afterBreak memo: items in (memoFrom, memoEnd) are all discardable.
	memoFrom, memoEnd int
	memo              totals

	peakActive int // largest active list of the last Break, for tests
}

// Break is like the package-level Break but reuses b's buffers.
func (b *Breaker) Break(items []Item, widths []float64, p Params) []Line {
	if len(items) == 0 {
		return nil
	}
	b.setup(items, widths, p)
	defer b.release()

	tol := b.p.Tolerance
	pre := min(1, tol)
	if last, ok := b.pass(pre, 0, false, false); ok {
		return b.lines(last)
	}
	if tol > pre || b.hasFlagged() {
		if last, ok := b.pass(tol, 0, true, false); ok {
			return b.lines(last)
		}
	}
	emerg := b.p.EmergencyStretch
	if emerg > 0 {
		if last, ok := b.pass(tol, emerg, true, false); ok {
			return b.lines(last)
		}
	}
	last, _ := b.pass(math.Inf(1), emerg, true, true) // never fails
	return b.lines(last)
}

// BreakFirst tries only Break's first pass, which breaks at glue alone
// within the first tolerance, and reports whether it found breaks. When
// it did, Break gives the same lines, so a caller can leave a paragraph's
// hyphenation points out until they are needed, as TeX does.
func (b *Breaker) BreakFirst(items []Item, widths []float64, p Params) ([]Line, bool) {
	if len(items) == 0 {
		return nil, true
	}
	b.setup(items, widths, p)
	defer b.release()
	if last, ok := b.pass(min(1, b.p.Tolerance), 0, false, false); ok {
		return b.lines(last), true
	}
	return nil, false
}

func (b *Breaker) setup(items []Item, widths []float64, p Params) {
	k := len(items)
	b.src = source{items: items}
	b.peakActive = 0
	if last := items[k-1]; last.Kind != Penalty || !(last.Penalty <= -Infinity) {
		// Like TeX, drop trailing glue (and non-forced penalties) before
		// the \parfillskip so that no empty last line can appear.
		for k > 0 && (items[k-1].Kind == Glue ||
			items[k-1].Kind == Penalty && !(items[k-1].Penalty <= -Infinity)) {
			k--
		}
		b.src = source{items: items[:k], tail: true}
	}
	b.src.n = len(b.src.items)
	if b.src.tail {
		b.src.n += len(finishing)
	}

	b.measures = b.measures[:0]
	for _, w := range widths {
		if !(w > tinyMeasure) {
			w = tinyMeasure
		}
		b.measures = append(b.measures, min(w, maxDim))
	}
	if len(b.measures) == 0 {
		b.measures = append(b.measures, tinyMeasure)
	}
	e := len(b.measures) - 1
	for e > 0 && b.measures[e-1] == b.measures[e] {
		e--
	}
	b.easy = int32(e)

	p.Tolerance = nonNeg(p.Tolerance)
	p.LinePenalty = clampParam(p.LinePenalty)
	p.HyphenDemerits = clampParam(p.HyphenDemerits)
	p.FitnessDemerits = clampParam(p.FitnessDemerits)
	p.EmergencyStretch = min(nonNeg(p.EmergencyStretch), maxDim)
	b.p = p
	b.maxRun = 0
	if p.MaxHyphenRun > 0 {
		b.maxRun = int32(min(p.MaxHyphenRun, math.MaxInt32-1))
	}
}

func nonNeg(x float64) float64 {
	if x > 0 {
		return x
	}
	return 0
}

// clampParam keeps demerit parameters finite so that sums of demerits over
// a long paragraph cannot overflow: NaN becomes 0, magnitudes stop at 1e9.
func clampParam(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return max(-1e9, min(x, 1e9))
}

func (b *Breaker) hasFlagged() bool {
	for i := range b.src.items {
		if it := &b.src.items[i]; it.Kind == Penalty && it.Flagged && it.Penalty < Infinity {
			return true
		}
	}
	return false
}

// release drops the caller's items and oversized buffers, so that a
// long-lived or pooled Breaker does not pin memory after a huge paragraph.
func (b *Breaker) release() {
	b.src = source{}
	if cap(b.passive) > maxPooled {
		b.passive = nil
	}
	if cap(b.active) > maxPooled {
		b.active = nil
	}
}

func (b *Breaker) measure(line int32) float64 {
	return b.measures[min(line, b.easy)]
}

// pass runs one Knuth–Plass pass and returns the passive index of the best
// final break. Outside the final pass it fails as soon as no active node is
// left.
func (b *Breaker) pass(tol, emerg float64, allowFlagged, final bool) (int32, bool) {
	b.tol, b.emerg, b.allowFlagged, b.final = tol, emerg, allowFlagged, final
	b.active = b.active[:0]
	b.passive = append(b.passive[:0], passiveNode{pos: -1, start: 0, prev: -1})
	b.active = append(b.active, activeNode{fit: fitDecent})
	b.sum = totals{}
	b.memoFrom, b.memoEnd = -1, -1

	prevBox := false
	n := b.src.n
	for i := 0; i < n; i++ {
		it := b.src.at(i)
		switch it.Kind {
		case Glue:
			// Glue is a legal break only right after a box.
			if prevBox && !b.try(i, 0, 0, false, false) {
				return -1, false
			}
			b.sum.addGlue(it)
			prevBox = false
		case Penalty:
			prevBox = false
			pen := it.Penalty
			if pen >= Infinity {
				continue
			}
			if math.IsNaN(pen) {
				pen = 0
			}
			forced := pen <= -Infinity
			if it.Flagged && !forced && !allowFlagged {
				continue
			}
			if !b.try(i, clampDim(it.Width), pen, it.Flagged, forced) {
				return -1, false
			}
		default:
			b.sum.w += clampDim(it.Width)
			prevBox = true
		}
	}
	// The list ends with a forced break, so every node left ends there.
	best := 0
	for k := 1; k < len(b.active); k++ {
		if b.active[k].d < b.active[best].d {
			best = k
		}
	}
	return b.active[best].passive, true
}

// try considers a break at item i (pw: the break's own width) from every
// active node. It reports false when the active list became empty.
func (b *Breaker) try(i int, pw, pen float64, flagged, forced bool) bool {
	b.cands = b.cands[:0]
	b.deact = b.deact[:0]
	p := &b.p
	act := b.active
	j := 0
	for k := range act {
		a := &act[k]
		if int(a.start) > i {
			// i is among the items discarded after a's break: an empty
			// line, not a break. TeX never tries it either.
			if j != k {
				act[j] = *a
			}
			j++
			continue
		}
		r := b.ratio(a, pw)
		keep := r >= -1-ratioEps && !forced
		if r >= -1-ratioEps && r <= b.tol &&
			(!flagged || forced || b.maxRun == 0 || a.run < b.maxRun) {
			bad := badness(r)
			fit := fitness(r, bad)
			l := p.LinePenalty + bad
			d := l * l
			if pen >= 0 {
				d += pen * pen
			} else if !forced {
				d -= pen * pen
			}
			if flagged && a.run > 0 {
				d += p.HyphenDemerits
			}
			if fit-a.fit > 1 || a.fit-fit > 1 {
				d += p.FitnessDemerits
			}
			b.addCand(a, a.d+d, fit, flagged)
		}
		if keep {
			if j != k {
				act[j] = *a
			}
			j++
		} else if b.final {
			b.deact = append(b.deact, *a)
		}
	}
	b.active = act[:j]

	if len(b.cands) > 0 {
		b.pruneCands()
		t, start := b.afterBreak(i)
		for c := range b.cands {
			c := &b.cands[c]
			if c.dead {
				continue
			}
			b.active = append(b.active, activeNode{
				t: t, d: c.d, passive: b.newPassive(i, start, c.prev), start: int32(start),
				line: c.line, run: c.run, fit: c.fit,
			})
		}
	} else if b.final && j == 0 {
		b.artificial(i, pw, flagged, forced)
	}
	if len(b.active) == 0 {
		return false
	}
	if len(b.active) > maxActive {
		b.trim()
	}
	b.peakActive = max(b.peakActive, len(b.active))
	return true
}

// ratio is the adjustment ratio of the line from a to the current break;
// ±Inf when the line cannot stretch or shrink at all.
func (b *Breaker) ratio(a *activeNode, pw float64) float64 {
	excess := b.measure(a.line) - (b.sum.w - a.t.w + pw)
	switch {
	case excess > 0:
		if b.sum.fil-a.t.fil > 0 {
			return 0
		}
		if y := b.sum.y - a.t.y + b.emerg; y > 0 {
			return excess / y
		}
		return math.Inf(1)
	case excess < 0:
		if z := b.sum.z - a.t.z; z > 0 {
			return excess / z
		}
		return math.Inf(-1)
	}
	return 0
}

func badness(r float64) float64 {
	r = math.Abs(r)
	if r > 4.65 { // 100·4.65³ > infBad; also catches Inf
		return infBad
	}
	return min(100*r*r*r, infBad)
}

func fitness(r, bad float64) int8 {
	switch {
	case r < 0:
		if bad > 12 {
			return fitTight
		}
	case bad > 99:
		return fitVeryLoose
	case bad > 12:
		return fitLoose
	}
	return fitDecent
}

// addCand keeps the best way into each state (line class, fitness, hyphen
// run) at the current breakpoint.
func (b *Breaker) addCand(a *activeNode, d float64, fit int8, flagged bool) {
	var run int32
	if flagged {
		if b.maxRun == 0 {
			run = 1 // only "previous line flagged" matters
		} else {
			run = min(a.run+1, b.maxRun+1) // forced breaks may exceed the limit
		}
	}
	line := a.line + 1
	cls := min(line, b.easy)
	for k := range b.cands {
		c := &b.cands[k]
		if c.cls == cls && c.fit == fit && c.run == run {
			if d < c.d {
				c.d, c.prev, c.line = d, a.passive, line
			}
			return
		}
	}
	b.cands = append(b.cands, cand{d: d, prev: a.passive, line: line, cls: cls, run: run, fit: fit})
}

// pruneCands drops candidates that can never be part of an optimum: another
// candidate with the same line class, no longer hyphen run and demerits
// lower by more than FitnessDemerits (the most the fitness class can matter
// later) is at least as good for every continuation. This is TeX's
// minimal_demerits + adj_demerits test.
func (b *Breaker) pruneCands() {
	cs := b.cands
	if len(cs) < 2 {
		return
	}
	bound := math.Abs(b.p.FitnessDemerits)
	for x := range cs {
		for y := range cs {
			if x == y || cs[y].cls != cs[x].cls || cs[y].run > cs[x].run {
				continue
			}
			dy := cs[y].d
			if cs[y].fit != cs[x].fit {
				dy += bound
			}
			if dy < cs[x].d || (dy == cs[x].d && y < x) {
				cs[x].dead = true
				break
			}
		}
	}
}

// afterBreak returns the totals over the items before the line that follows
// a break at i, and that line's first item: glue and non-forced penalties
// after a break are discarded.
func (b *Breaker) afterBreak(i int) (totals, int) {
	if i > b.memoFrom && i < b.memoEnd {
		return b.memo, b.memoEnd
	}
	t := b.sum
	if it := b.src.at(i); it.Kind == Glue {
		t.addGlue(it)
	}
	j := i + 1
	for ; j < b.src.n; j++ {
		it := b.src.at(j)
		if it.Kind == Glue {
			t.addGlue(it)
		} else if it.Kind != Penalty || it.Penalty <= -Infinity {
			break
		}
	}
	b.memoFrom, b.memoEnd, b.memo = i, j, t
	return t, j
}

func (b *Breaker) newPassive(pos, start int, prev int32) int32 {
	b.passive = append(b.passive, passiveNode{pos: int32(pos), start: int32(start), prev: prev})
	return int32(len(b.passive) - 1)
}

// artificial keeps the final pass alive when every active node would be
// deactivated at i without a feasible break (TeX's artificial_demerits): it
// breaks from the node whose line overflows least, giving an overfull line.
// If the hyphen-run limit forbids all of them here, they stay active until a
// break they may take.
func (b *Breaker) artificial(i int, pw float64, flagged, forced bool) {
	best := -1
	var bestMargin float64
	for k := range b.deact {
		a := &b.deact[k]
		if flagged && !forced && b.maxRun > 0 && a.run >= b.maxRun {
			continue
		}
		margin := b.measure(a.line) - (b.sum.w - a.t.w + pw) + (b.sum.z - a.t.z)
		if best < 0 || margin > bestMargin || (margin == bestMargin && a.d < b.deact[best].d) {
			best, bestMargin = k, margin
		}
	}
	if best < 0 {
		b.active = append(b.active, b.deact...)
		return
	}
	b.cands = b.cands[:0]
	a := &b.deact[best]
	b.addCand(a, a.d+artificialDemerits, fitTight, flagged)
	c := b.cands[0]
	t, start := b.afterBreak(i)
	b.active = append(b.active, activeNode{
		t: t, d: c.d, passive: b.newPassive(i, start, c.prev), start: int32(start),
		line: c.line, run: c.run, fit: c.fit,
	})
}

// trim keeps the keepActive most promising nodes. Nodes at different depths
// are compared by an estimate of the whole paragraph's demerits: their own
// plus the cheapest demerits per line seen so far for each measure of
// width still to set. Ranking by demerits alone would favour nodes that
// have set little text.
func (b *Breaker) trim() {
	perLine := math.Inf(1)
	for k := range b.active {
		if a := &b.active[k]; a.line > 0 {
			perLine = min(perLine, a.d/float64(a.line))
		}
	}
	if !(perLine >= 1) {
		perLine = 1
	}
	perPoint := perLine / b.measures[b.easy]
	slices.SortStableFunc(b.active, func(x, y activeNode) int {
		return cmp.Compare(x.d-perPoint*x.t.w, y.d-perPoint*y.t.w)
	})
	b.active = b.active[:keepActive]
}

// lines backtracks from the final break and measures each line.
func (b *Breaker) lines(last int32) []Line {
	count := 0
	for p := last; p > 0; p = b.passive[p].prev {
		count++
	}
	out := make([]Line, count)
	k := count - 1
	for p := last; p > 0; p = b.passive[p].prev {
		pn := b.passive[p]
		out[k] = b.makeLine(k, int(b.passive[pn.prev].start), int(pn.pos))
		k--
	}
	return out
}

func (b *Breaker) makeLine(idx, start, end int) Line {
	var t totals
	for i := start; i < end; i++ {
		switch it := b.src.at(i); it.Kind {
		case Glue:
			t.addGlue(it)
		case Penalty:
		default:
			t.w += clampDim(it.Width)
		}
	}
	ln := Line{Start: start, End: end}
	if end < b.src.n {
		if it := b.src.at(end); it.Kind == Penalty {
			t.w += clampDim(it.Width)
			ln.Hyphenated = it.Flagged
		}
	}
	ln.Width = t.w
	m := b.measure(int32(min(idx, math.MaxInt32)))
	excess := m - t.w
	switch {
	case excess > 0 && t.fil <= 0 && t.y > 0:
		ln.Ratio = excess / t.y
	case excess < 0 && t.z > 0:
		ln.Ratio = max(excess/t.z, -1)
	}
	ln.Overfull = excess+t.z < -1e-6*max(1, m)
	// Indices past the caller's items refer to the appended finishing
	// sequence.
	if k := len(b.src.items); b.src.tail {
		ln.Start, ln.End = min(ln.Start, k), min(ln.End, k)
	}
	return ln
}
