package typeset

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestBreakJustified(t *testing.T) {
	p := DefaultParams()
	widths := []float64{300}
	for seed := range uint64(20) {
		items := paragraph(seed, 300)
		lines := Break(items, widths, p)
		if len(lines) < 10 {
			t.Fatalf("seed %d: only %d lines", seed, len(lines))
		}
		checkCover(t, items, lines)
		for k, ln := range lines {
			if ln.Overfull || ln.Hyphenated {
				t.Errorf("seed %d line %d: %+v", seed, k, ln)
			}
			if k == len(lines)-1 {
				if ln.Ratio != 0 || ln.End != len(items)-1 {
					t.Errorf("seed %d: last line %+v", seed, ln)
				}
				continue
			}
			if math.Abs(ln.Ratio) > p.Tolerance {
				t.Errorf("seed %d line %d: ratio %.3f beyond tolerance", seed, k, ln.Ratio)
			}
			if got := setWidth(items, ln); math.Abs(got-widths[0]) > 0.01 {
				t.Errorf("seed %d line %d: set width %.4f, want %.4f", seed, k, got, widths[0])
			}
			if items[ln.End].Kind != Glue || items[ln.Start].Kind != Box {
				t.Errorf("seed %d line %d: [%d,%d) does not run box..glue", seed, k, ln.Start, ln.End)
			}
		}
	}
}

// TestRaggedRight uses Knuth and Plass's recipe for ragged lines: each
// space is glue(0, +rag), penalty 0, glue(space, -rag), so the stretch
// cancels inside a line and only a line's end can stretch.
func TestRaggedRight(t *testing.T) {
	const rag = 18
	rng := rand.New(rand.NewPCG(4, 4))
	var items []Item
	for i := range 200 {
		if i > 0 {
			items = append(items,
				Item{Kind: Glue, Stretch: rag},
				Item{Kind: Penalty},
				Item{Kind: Glue, Width: 3.33, Stretch: -rag})
		}
		items = append(items, box(5+rng.Float64()*35))
	}
	items = finish(items)
	p := DefaultParams()
	lines := Break(items, []float64{200}, p)
	checkCover(t, items, lines)
	minW, maxW := 1e9, 0.0
	for k, ln := range lines[:len(lines)-1] {
		if items[ln.End].Kind != Penalty || ln.Overfull || ln.Ratio < 0 || ln.Ratio > p.Tolerance {
			t.Fatalf("line %d: %+v ends at %+v", k, ln, items[ln.End])
		}
		if got := setWidth(items, ln); math.Abs(got-200) > 0.01 {
			t.Errorf("line %d set to %.3f", k, got)
		}
		if ln.Width > 200 {
			t.Errorf("line %d: natural width %.2f beyond the measure", k, ln.Width)
		}
		minW, maxW = min(minW, ln.Width), max(maxW, ln.Width)
	}
	if maxW-minW < 5 {
		t.Errorf("lines are not ragged: widths %.1f..%.1f", minW, maxW)
	}
}

// TestBreakOptimal compares Break with an exhaustive search over every
// feasible list of breaks, including the pass order (no hyphenation at
// ratio 1 first) and the hard hyphen-run limit.
func TestBreakOptimal(t *testing.T) {
	p := DefaultParams()
	p.Tolerance = 3
	p.EmergencyStretch = 0
	compared, hyphenated := 0, 0
	for seed := range uint64(240) {
		p.MaxHyphenRun = int(seed % 3)
		p.FitnessDemerits = []float64{100, 3000, 10000}[seed/3%3]
		p.HyphenDemerits = []float64{0, 3000, 10000}[seed/9%3]
		items := syllableParagraph(seed, 10, 50)
		widths := []float64{70 + float64(seed%5)*15, 100}
		lines := Break(items, widths, p)
		checkCover(t, items, lines)

		pre := p
		pre.Tolerance = 1
		want, found := optimum(items, widths, pre, false)
		score := pre
		if !found {
			want, found = optimum(items, widths, p, true)
			score = p
			if found {
				hyphenated++
			}
		}
		if !found {
			continue
		}
		got, ok := demerits(items, widths, lines, score)
		if !ok {
			t.Errorf("seed %d: Break chose infeasible lines %+v", seed, lines)
			continue
		}
		if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("seed %d: demerits %.3f, optimum %.3f", seed, got, want)
		}
		compared++
	}
	t.Logf("%d paragraphs compared, %d of them needed hyphenation", compared, hyphenated)
	if compared < 120 || hyphenated < 40 || compared-hyphenated < 10 {
		t.Fatalf("only %d paragraphs had a feasible solution", compared)
	}
}

// TestTotalFitBeatsFirstFit: the greedy breaker packs the first lines and
// pays for it later.
func TestTotalFitBeatsFirstFit(t *testing.T) {
	// First fit squeezes four words onto line one (ratio -0.67) and leaves
	// two on a very loose line two (ratio 2.8); total fit moves the short
	// fourth word down: ratios 1 and 0.
	g := Item{Kind: Glue, Width: 5, Stretch: 5, Shrink: 2}
	items := finish([]Item{
		box(30), g, box(25), g, box(25), g, box(9), g,
		box(40), g, box(41), g, box(30),
	})
	widths := []float64{100}
	p := DefaultParams()
	p.Tolerance = 3
	ff := linesFromBreaks(items, firstFit(items, widths))
	kp := Break(items, widths, p)
	dff, ok1 := demerits(items, widths, ff, p)
	dkp, ok2 := demerits(items, widths, kp, p)
	if !ok1 || !ok2 {
		t.Fatalf("infeasible: first-fit %v, total-fit %v", ok1, ok2)
	}
	t.Logf("first fit %.0f demerits, total fit %.0f", dff, dkp)
	if ff[0].End != 7 || kp[0].End != 5 || kp[1].End != 11 {
		t.Fatalf("first fit %+v, total fit %+v", ff, kp)
	}
	if math.Abs(kp[0].Ratio-1) > 1e-9 || math.Abs(kp[1].Ratio) > 1e-9 {
		t.Fatalf("total fit ratios %+v", kp)
	}
	if !(dkp < dff) {
		t.Fatalf("total fit %.1f not better than first fit %.1f", dkp, dff)
	}

	// And on longer random paragraphs it never loses.
	p.Tolerance = 10 // score first fit even when it is very loose
	for seed := range uint64(10) {
		items := paragraph(seed, 200)
		widths := []float64{250}
		kp := Break(items, widths, p)
		ff := linesFromBreaks(items, firstFit(items, widths))
		dkp, _ := demerits(items, widths, kp, p)
		dff, ok := demerits(items, widths, ff, p)
		if ok && dkp > dff {
			t.Errorf("seed %d: total fit %.0f worse than first fit %.0f", seed, dkp, dff)
		}
	}
}

func TestForcedBreak(t *testing.T) {
	var items []Item
	forced := map[int]bool{}
	for i := range 60 {
		if i > 0 {
			items = append(items, space)
		}
		items = append(items, box(20))
		if i == 7 || i == 30 || i == 31 {
			forced[len(items)] = true
			items = append(items, Item{Kind: Penalty, Penalty: -Infinity})
		}
	}
	items = finish(items)
	lines := Break(items, []float64{200}, DefaultParams())
	checkCover(t, items, lines)
	ends := map[int]bool{}
	for _, ln := range lines {
		ends[ln.End] = true
	}
	for i := range forced {
		if !ends[i] {
			t.Errorf("no line ends at forced break %d: %+v", i, lines)
		}
	}
}

func TestInfinitePenaltyNeverBreaks(t *testing.T) {
	// Every other space is tied with a penalty of Infinity (a no-break
	// space); also a penalty of Infinity that would otherwise be a cheap
	// break.
	var items []Item
	for i := range 80 {
		if i > 0 {
			if i%2 == 0 {
				items = append(items, Item{Kind: Penalty, Penalty: Infinity})
			}
			items = append(items, space)
		}
		items = append(items, box(12), Item{Kind: Penalty, Penalty: Infinity, Flagged: true, Width: 3})
	}
	items = finish(items)
	for _, w := range []float64{60, 150, 20} { // 20: nothing fits, fallback pass
		lines := Break(items, []float64{w}, DefaultParams())
		checkCover(t, items, lines)
		for _, ln := range lines[:len(lines)-1] {
			brk := items[ln.End]
			if brk.Kind == Penalty || items[ln.End-1].Kind != Box {
				t.Fatalf("width %v: break at %d (%+v) after %+v", w, ln.End, brk, items[ln.End-1])
			}
		}
	}
	// Nothing but tied items: a single line, overfull.
	tied := []Item{box(50), {Kind: Penalty, Penalty: Infinity}, space, box(50)}
	lines := Break(tied, []float64{60}, DefaultParams())
	if len(lines) != 1 || !lines[0].Overfull || lines[0].End != 4 {
		t.Fatalf("tied: %+v", lines)
	}
}

func hyphenRuns(lines []Line) int {
	run, longest := 0, 0
	for _, ln := range lines {
		if ln.Hyphenated {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

func TestMaxHyphenRun(t *testing.T) {
	// Hyphenating is rewarded (negative penalty, no double-hyphen
	// demerits) and the measure is narrow, so unconstrained the breaker
	// hyphenates line after line.
	p := DefaultParams()
	p.HyphenDemerits = 0
	p.MaxHyphenRun = 0
	widths := []float64{150}
	longest := 0
	var paras [][]Item
	for seed := range uint64(10) {
		items := syllableParagraph(seed, 120, -200)
		paras = append(paras, items)
		longest = max(longest, hyphenRuns(Break(items, widths, p)))
	}
	if longest < 4 {
		t.Fatalf("test paragraphs too easy: longest unconstrained run %d", longest)
	}
	for _, limit := range []int{1, 2, 3} {
		p.MaxHyphenRun = limit
		for i, items := range paras {
			lines := Break(items, widths, p)
			checkCover(t, items, lines)
			if got := hyphenRuns(lines); got > limit {
				t.Errorf("limit %d, paragraph %d: %d hyphenated lines in a row", limit, i, got)
			}
			for k, ln := range lines[:len(lines)-1] {
				if math.Abs(ln.Ratio) > p.Tolerance || ln.Overfull {
					t.Errorf("limit %d, paragraph %d, line %d: %+v", limit, i, k, ln)
				}
			}
		}
	}
	// The limit also holds in the fallback pass, where nothing is feasible.
	p.MaxHyphenRun = 1
	p.Tolerance = 0.01
	p.EmergencyStretch = 0
	for i, items := range paras {
		if got := hyphenRuns(Break(items, []float64{40}, p)); got > 1 {
			t.Errorf("fallback, paragraph %d: %d hyphenated lines in a row", i, got)
		}
	}
}

func TestHyphenatedLineWidth(t *testing.T) {
	items := syllableParagraph(7, 200, 50)
	p := DefaultParams()
	lines := Break(items, []float64{120}, p)
	hyph := 0
	for _, ln := range lines[:len(lines)-1] {
		if ln.Hyphenated {
			hyph++
			if !items[ln.End].Flagged {
				t.Fatalf("Hyphenated line ends at %+v", items[ln.End])
			}
		}
		if got := setWidth(items, ln); math.Abs(got-120) > 0.01 {
			t.Errorf("line %+v set to %.3f", ln, got)
		}
	}
	if hyph == 0 {
		t.Fatal("no hyphenated line in a narrow measure")
	}
}

func TestSingleHugeBox(t *testing.T) {
	for _, items := range [][]Item{
		{box(1000)},
		finish([]Item{box(1000)}),
	} {
		lines := Break(items, []float64{100}, DefaultParams())
		if len(lines) != 1 {
			t.Fatalf("%d lines", len(lines))
		}
		ln := lines[0]
		if !ln.Overfull || ln.Start != 0 || ln.Width != 1000 {
			t.Fatalf("%+v", ln)
		}
		if want := min(len(items), 3); ln.End != want {
			t.Fatalf("End %d, want %d", ln.End, want)
		}
	}
}

func TestHugeBoxInParagraph(t *testing.T) {
	var items []Item
	for i := range 40 {
		if i > 0 {
			items = append(items, space)
		}
		w := 20.0
		if i == 20 {
			w = 500
		}
		items = append(items, box(w))
	}
	items = finish(items)
	lines := Break(items, []float64{150}, DefaultParams())
	checkCover(t, items, lines)
	over := 0
	for _, ln := range lines {
		if ln.Overfull {
			over++
			if ln.Width != 500 {
				t.Errorf("overfull line holds more than the huge box: %+v", ln)
			}
		}
	}
	if over != 1 {
		t.Fatalf("%d overfull lines: %+v", over, lines)
	}
}

func TestEmpty(t *testing.T) {
	if lines := Break(nil, []float64{100}, DefaultParams()); lines != nil {
		t.Fatalf("nil items: %+v", lines)
	}
	if lines := Break([]Item{}, nil, DefaultParams()); lines != nil {
		t.Fatalf("empty items: %+v", lines)
	}
}

func TestVaryingWidths(t *testing.T) {
	p := DefaultParams()
	for _, widths := range [][]float64{
		{150, 300},
		{300, 300, 200, 250},
		{100, 120, 140, 160, 180, 200, 220, 240, 260, 280, 300},
	} {
		items := paragraph(3, 250)
		lines := Break(items, widths, p)
		checkCover(t, items, lines)
		for k, ln := range lines[:len(lines)-1] {
			m := measureOf(widths, k)
			if got := setWidth(items, ln); math.Abs(got-m) > 0.01 || ln.Overfull {
				t.Errorf("widths %v line %d: set width %.3f, measure %v", widths, k, got, m)
			}
		}
	}
}

func TestNoFinishingSequence(t *testing.T) {
	items := paragraph(5, 100)
	body := items[:len(items)-3]
	want := Break(items, []float64{200}, DefaultParams())
	for _, in := range [][]Item{
		body,
		append(append([]Item{}, body...), space, Item{Kind: Penalty, Penalty: 50}),
	} {
		got := Break(in, []float64{200}, DefaultParams())
		if len(got) != len(want) {
			t.Fatalf("%d lines, want %d", len(got), len(want))
		}
		for k := range got {
			w := want[k]
			if k == len(got)-1 {
				w.End = len(body)
			}
			if got[k] != w {
				t.Errorf("line %d: %+v, want %+v", k, got[k], w)
			}
		}
	}
}

func TestDegenerateWidths(t *testing.T) {
	items := paragraph(1, 30)
	for _, widths := range [][]float64{nil, {0}, {-5}, {math.NaN()}, {math.Inf(1)}, {0, 100}} {
		lines := Break(items, widths, DefaultParams())
		if len(lines) == 0 {
			t.Fatalf("widths %v: no lines", widths)
		}
		checkCover(t, items, lines)
	}
}

// TestBreakNeverPanics throws random item lists at Break.
func TestBreakNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 42))
	vals := []float64{0, 1, -1, 5, 30, 1e6, -1e6, Infinity, -Infinity, math.Inf(1), math.Inf(-1), 2 * Infinity}
	pick := func() float64 {
		if rng.IntN(3) == 0 {
			return vals[rng.IntN(len(vals))]
		}
		return rng.Float64() * 40
	}
	for range 2000 {
		n := rng.IntN(40)
		items := make([]Item, n)
		boxes := false
		for i := range items {
			items[i] = Item{Kind: Kind(rng.IntN(4)), Width: pick(), Stretch: pick(), Shrink: pick(), Penalty: pick(), Flagged: rng.IntN(2) == 0}
			boxes = boxes || items[i].Kind != Glue && items[i].Kind != Penalty
		}
		widths := []float64{pick(), pick()}[:rng.IntN(3)]
		p := Params{Tolerance: pick(), LinePenalty: pick(), HyphenDemerits: pick(), FitnessDemerits: pick(), MaxHyphenRun: rng.IntN(4) - 1, EmergencyStretch: pick()}
		lines := Break(items, widths, p)
		if n == 0 && lines != nil || boxes && len(lines) == 0 {
			t.Fatalf("%d items, %d lines", n, len(lines))
		}
		prev := 0
		for _, ln := range lines {
			if ln.Start < prev || ln.End < ln.Start || ln.End > n || math.IsNaN(ln.Ratio) || math.IsNaN(ln.Width) || ln.Ratio < -1 {
				t.Fatalf("bad line %+v in %+v for %+v", ln, lines, items)
			}
			prev = ln.End
		}
	}
}

// TestActiveListBounded: a measure far wider than the text and no stretch
// make every breakpoint feasible in the last pass; the cap must hold.
func TestActiveListBounded(t *testing.T) {
	var items []Item
	for i := range 20000 {
		if i > 0 {
			items = append(items, Item{Kind: Glue, Width: 3})
		}
		items = append(items, box(float64(5+i%7)))
	}
	p := DefaultParams()
	p.EmergencyStretch = 0
	var b Breaker
	lines := b.Break(items, []float64{1e5}, p)
	if len(lines) == 0 {
		t.Fatal("no lines")
	}
	if b.peakActive > maxActive {
		t.Fatalf("active list reached %d nodes", b.peakActive)
	}
	// Every line is equally bad, so the fewest lines win: about 220,000pt
	// of text needs 3 lines of 100,000pt.
	if len(lines) > 4 {
		t.Errorf("%d lines, want about 3", len(lines))
	}
	t.Logf("%d lines, peak active %d", len(lines), b.peakActive)
}

func TestMillionItems(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	items := paragraph(9, 500000)
	lines := Break(items, []float64{400}, DefaultParams())
	checkCover(t, items, lines)
	for k, ln := range lines[:len(lines)-1] {
		if math.Abs(ln.Ratio) > 2 || ln.Overfull {
			t.Fatalf("line %d: %+v", k, ln)
		}
	}
}

func TestBreakerReuse(t *testing.T) {
	var b Breaker
	a := paragraph(1, 200)
	c := paragraph(2, 50)
	first := b.Break(a, []float64{200}, DefaultParams())
	b.Break(c, []float64{100}, DefaultParams())
	again := b.Break(a, []float64{200}, DefaultParams())
	if len(first) != len(again) {
		t.Fatalf("%d vs %d lines", len(first), len(again))
	}
	for k := range first {
		if first[k] != again[k] {
			t.Fatalf("line %d differs: %+v vs %+v", k, first[k], again[k])
		}
	}
}

func BenchmarkBreak(b *testing.B) {
	items := paragraph(1, 1000) // 2,002 items
	widths := []float64{300}
	p := DefaultParams()
	b.ReportAllocs()
	for b.Loop() {
		Break(items, widths, p)
	}
}

func BenchmarkBreak10k(b *testing.B) {
	items := paragraph(1, 5000)
	widths := []float64{300}
	p := DefaultParams()
	b.ReportAllocs()
	for b.Loop() {
		Break(items, widths, p)
	}
}

func BenchmarkBreakHyphenated(b *testing.B) {
	items := syllableParagraph(1, 700, 50) // about 2,000 items
	widths := []float64{120}
	p := DefaultParams()
	b.ReportAllocs()
	for b.Loop() {
		Break(items, widths, p)
	}
}

func BenchmarkBreak1M(b *testing.B) {
	items := paragraph(1, 500000)
	widths := []float64{300}
	p := DefaultParams()
	b.ReportAllocs()
	for b.Loop() {
		Break(items, widths, p)
	}
}

// BenchmarkBreakDegenerate: huge measure without stretch, so every pass
// fails but the last, which is bounded by the active-list cap.
func BenchmarkBreakDegenerate(b *testing.B) {
	var items []Item
	for i := range 50000 {
		if i > 0 {
			items = append(items, Item{Kind: Glue, Width: 3})
		}
		items = append(items, box(float64(5+i%7)))
	}
	p := DefaultParams()
	p.EmergencyStretch = 0
	b.ReportAllocs()
	for b.Loop() {
		Break(items, []float64{1e5}, p)
	}
}

// TestBreakFirstAgreesWithBreak: when the first pass finds breaks,
// Break gives the same lines; when it does not, Break still does.
func TestBreakFirstAgreesWithBreak(t *testing.T) {
	p := DefaultParams()
	found, missed := 0, 0
	for seed := uint64(1); seed <= 40; seed++ {
		items := paragraph(seed, 60)
		for _, measure := range []float64{120, 250, 400} {
			var b Breaker
			first, ok := b.BreakFirst(items, []float64{measure}, p)
			all := b.Break(items, []float64{measure}, p)
			if !ok {
				missed++
				if len(all) == 0 {
					t.Errorf("seed %d, measure %v: no lines", seed, measure)
				}
				continue
			}
			found++
			if !reflect.DeepEqual(first, all) {
				t.Errorf("seed %d, measure %v: BreakFirst %v, Break %v", seed, measure, first, all)
			}
			checkCover(t, items, first)
		}
	}
	if found == 0 || missed == 0 {
		t.Errorf("first pass found breaks for %d paragraphs and missed %d: the test needs both", found, missed)
	}
}
