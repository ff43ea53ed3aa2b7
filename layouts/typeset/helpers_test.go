package typeset

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Interword glue of a 10pt roman font, TeX style.
var space = Item{Kind: Glue, Width: 3.33, Stretch: 1.67, Shrink: 1.11}

// A more generous space for paragraphs of short syllables.
var looseSpace = Item{Kind: Glue, Width: 4, Stretch: 3, Shrink: 1.5}

func box(w float64) Item { return Item{Kind: Box, Width: w} }

func hyphen(pen float64) Item {
	return Item{Kind: Penalty, Width: 3.33, Penalty: pen, Flagged: true}
}

func finish(items []Item) []Item {
	return append(items,
		Item{Kind: Penalty, Penalty: Infinity},
		Item{Kind: Glue, Stretch: 1e6},
		Item{Kind: Penalty, Penalty: -Infinity})
}

// paragraph builds n words of random widths separated by spaces, with the
// finishing sequence.
func paragraph(seed uint64, n int) []Item {
	rng := rand.New(rand.NewPCG(seed, 1))
	var items []Item
	for i := range n {
		if i > 0 {
			items = append(items, space)
		}
		items = append(items, box(5+rng.Float64()*35))
	}
	return finish(items)
}

// syllableParagraph builds words of 2-4 syllables joined by flagged
// penalties of the given cost.
func syllableParagraph(seed uint64, n int, pen float64) []Item {
	rng := rand.New(rand.NewPCG(seed, 2))
	var items []Item
	for i := range n {
		if i > 0 {
			items = append(items, looseSpace)
		}
		syl := 2 + rng.IntN(3)
		for s := range syl {
			if s > 0 {
				items = append(items, hyphen(pen))
			}
			items = append(items, box(6+rng.Float64()*6))
		}
	}
	return finish(items)
}

func measureOf(widths []float64, line int) float64 {
	return widths[min(line, len(widths)-1)]
}

// setWidth is the width of a line as the renderer sets it: boxes, glue
// adjusted by the ratio, and the hyphen when the line breaks at a penalty.
func setWidth(items []Item, ln Line) float64 {
	w := 0.0
	for _, it := range items[ln.Start:ln.End] {
		switch it.Kind {
		case Box:
			w += it.Width
		case Glue:
			w += it.Width
			if ln.Ratio > 0 {
				w += ln.Ratio * it.Stretch
			} else {
				w += ln.Ratio * it.Shrink
			}
		}
	}
	if ln.End < len(items) && items[ln.End].Kind == Penalty {
		w += items[ln.End].Width
	}
	return w
}

// checkCover verifies that lines are in order, cover every box exactly
// once, and skip only discardable items between lines.
func checkCover(t *testing.T, items []Item, lines []Line) {
	t.Helper()
	prevEnd := 0
	for k, ln := range lines {
		if ln.Start < prevEnd || ln.End < ln.Start || ln.End > len(items) {
			t.Fatalf("line %d: bad range [%d,%d) after %d", k, ln.Start, ln.End, prevEnd)
		}
		for i := prevEnd; i < ln.Start; i++ {
			if items[i].Kind == Box {
				t.Fatalf("line %d: box %d skipped", k, i)
			}
			if items[i].Kind == Penalty && items[i].Penalty <= -Infinity && i != prevEnd {
				t.Fatalf("line %d: forced break %d skipped", k, i)
			}
		}
		prevEnd = ln.End
	}
	for i := prevEnd; i < len(items); i++ {
		if items[i].Kind == Box {
			t.Fatalf("box %d after the last line", i)
		}
	}
}

// demerits scores a list of breaks independently of the breaker, with
// Knuth and Plass's formulas. ok is false if some line is infeasible.
func demerits(items []Item, widths []float64, lines []Line, p Params) (total float64, ok bool) {
	prevFit, prevFlag, run := 1, false, 0
	for k, ln := range lines {
		var w, y, z float64
		fil := false
		for _, it := range items[ln.Start:ln.End] {
			switch it.Kind {
			case Box:
				w += it.Width
			case Glue:
				w += it.Width
				if it.Stretch >= Infinity {
					fil = true
				} else {
					y += it.Stretch
				}
				z += it.Shrink
			}
		}
		brk := items[ln.End]
		if brk.Kind == Penalty {
			w += brk.Width
		}
		m := measureOf(widths, k)
		var r float64
		switch {
		case w < m && fil:
			r = 0
		case w < m:
			if y == 0 {
				return 0, false
			}
			r = (m - w) / y
		case w > m:
			if z == 0 {
				return 0, false
			}
			r = (m - w) / z
		}
		if r < -1-1e-9 || r > p.Tolerance {
			return 0, false
		}
		bad := math.Min(100*math.Abs(r*r*r), 10000)
		fit := 1
		switch {
		case r < 0 && bad > 12:
			fit = 0
		case r > 0 && bad > 99:
			fit = 3
		case r > 0 && bad > 12:
			fit = 2
		}
		d := (p.LinePenalty + bad) * (p.LinePenalty + bad)
		flag := false
		if brk.Kind == Penalty {
			flag = brk.Flagged
			switch {
			case brk.Penalty >= 0:
				d += brk.Penalty * brk.Penalty
			case brk.Penalty > -Infinity:
				d -= brk.Penalty * brk.Penalty
			}
		}
		if flag && prevFlag {
			d += p.HyphenDemerits
		}
		if flag {
			run++
			if p.MaxHyphenRun > 0 && run > p.MaxHyphenRun && brk.Penalty > -Infinity {
				return 0, false
			}
		} else {
			run = 0
		}
		if fit-prevFit > 1 || prevFit-fit > 1 {
			d += p.FitnessDemerits
		}
		total += d
		prevFit, prevFlag = fit, flag
	}
	return total, true
}

// linesFromBreaks turns break positions (glue or penalty indices) into
// lines, discarding glue and penalties after each break.
func linesFromBreaks(items []Item, breaks []int) []Line {
	var lines []Line
	start := 0
	for _, b := range breaks {
		lines = append(lines, Line{Start: start, End: b, Hyphenated: items[b].Kind == Penalty && items[b].Flagged})
		start = b + 1
		for start < len(items) && (items[start].Kind == Glue ||
			items[start].Kind == Penalty && items[start].Penalty > -Infinity) {
			start++
		}
	}
	return lines
}

// legalBreaks lists the legal breakpoints of items (not counting the final
// forced one).
func legalBreaks(items []Item, hyphens bool) []int {
	var out []int
	for i, it := range items[:len(items)-1] {
		switch it.Kind {
		case Glue:
			if i > 0 && items[i-1].Kind == Box {
				out = append(out, i)
			}
		case Penalty:
			if it.Penalty < Infinity && (hyphens || !it.Flagged) {
				out = append(out, i)
			}
		}
	}
	return out
}

// firstFit breaks greedily: each line takes as much as fits at full shrink.
func firstFit(items []Item, widths []float64) []int {
	var breaks []int
	cands := append(legalBreaks(items, false), len(items)-1)
	start, line := 0, 0
	for {
		last := -1
		for _, b := range cands {
			if b < start {
				continue
			}
			l := linesFromBreaks(items, []int{b})[0]
			l.Start = start
			var w, z float64
			for _, it := range items[l.Start:l.End] {
				if it.Kind != Penalty {
					w += it.Width
				}
				if it.Kind == Glue {
					z += it.Shrink
				}
			}
			if w-z > measureOf(widths, line) && last >= 0 {
				break
			}
			last = b
		}
		breaks = append(breaks, last)
		if last == len(items)-1 {
			return breaks
		}
		start = linesFromBreaks(items, []int{last})[0].End + 1
		for start < len(items) && items[start].Kind != Box {
			start++
		}
		line++
	}
}

// optimum finds the least demerits over every feasible list of breaks by
// exhaustive search (small paragraphs only).
func optimum(items []Item, widths []float64, p Params, hyphens bool) (best float64, found bool) {
	cands := append(legalBreaks(items, hyphens), len(items)-1)
	var breaks []int
	var walk func(from int)
	walk = func(from int) {
		for _, b := range cands {
			if b < from {
				continue
			}
			breaks = append(breaks, b)
			lines := linesFromBreaks(items, breaks)
			last := lines[len(lines)-1]
			var w, z float64
			for _, it := range items[last.Start:last.End] {
				if it.Kind != Penalty {
					w += it.Width
				}
				if it.Kind == Glue {
					z += it.Shrink
				}
			}
			if items[b].Kind == Penalty {
				w += items[b].Width
			}
			if w-z > measureOf(widths, len(lines)-1)+1e-9 && items[b].Kind != Penalty {
				breaks = breaks[:len(breaks)-1]
				return // longer lines only get worse
			}
			if b == len(items)-1 {
				if d, ok := demerits(items, widths, lines, p); ok && (!found || d < best) {
					best, found = d, true
				}
			} else if _, ok := demerits(items, widths, lines, p); ok {
				walk(b + 1)
			}
			breaks = breaks[:len(breaks)-1]
		}
	}
	walk(0)
	return best, found
}
