// Package typeset breaks paragraphs into lines for the PDF renderer.
//
// It implements Knuth and Plass's total-fit line breaking ("Breaking
// Paragraphs into Lines", 1981) over an abstract list of boxes, glue and
// penalties, plus Liang hyphenation (see Hyphenator). The caller measures
// text and builds the item list; this package knows nothing about fonts and
// never draws.
//
// Breaking runs in up to four passes, like TeX: without hyphenation at a
// tolerance of at most 1, with hyphenation at Params.Tolerance, with
// Params.EmergencyStretch added to every line, and a last pass that always
// succeeds by accepting any underfull line and, where nothing fits at all,
// an overfull one.
package typeset

import "sync"

// Kind says what an Item is.
type Kind uint8

// Item kinds.
const (
	Box Kind = iota
	Glue
	Penalty
)

// Item is a box, glue or penalty in Knuth–Plass terms.
//
// Glue whose Stretch is at least Infinity counts as infinitely stretchable
// (TeX's fil, e.g. the \parfillskip that ends a paragraph): a line holding
// such glue is set at natural spacing with Ratio 0, and the caller gives the
// slack (measure - Width) to that glue. Stretch <= -Infinity cancels one
// such glue. Negative finite stretch is allowed, as in Knuth and Plass's
// ragged-right recipe (glue +s, penalty 0, glue -s).
type Item struct {
	Kind    Kind
	Width   float64 // points
	Stretch float64 // glue only
	Shrink  float64 // glue only
	Penalty float64 // penalty only; >= Infinity forbids a break, <= -Infinity forces one
	Flagged bool    // penalty only: a hyphenation break (the caller gives it the hyphen's width)
}

// Infinity is the penalty that forbids (or, negated, forces) a break.
const Infinity = 10000.0

// Params tunes the line breaker. The zero value is valid but strict; start
// from DefaultParams.
type Params struct {
	Tolerance        float64 // max adjustment ratio considered feasible (TeX's tolerance expressed as ratio, e.g. 2 or 3)
	LinePenalty      float64 // e.g. 10
	HyphenDemerits   float64 // added when two consecutive lines end in flagged breaks
	FitnessDemerits  float64 // added when adjacent lines differ by more than one fitness class
	MaxHyphenRun     int     // max consecutive lines ending in a flagged break; 0 = no limit. A hard constraint, not demerits.
	EmergencyStretch float64 // extra stretch (points) assumed per line in the last-resort passes
}

// DefaultParams returns settings close to Knuth and Plass's recommendations
// (their α = 3000, γ = 100) with TeX's line penalty, at most two hyphenated
// lines in a row and 20pt of emergency stretch.
func DefaultParams() Params {
	return Params{
		Tolerance:        2,
		LinePenalty:      10,
		HyphenDemerits:   3000,
		FitnessDemerits:  100,
		MaxHyphenRun:     2,
		EmergencyStretch: 20,
	}
}

// Line is one line of a broken paragraph.
type Line struct {
	// items[Start:End] are on the line. End is the index of the break item;
	// a glue break is not on the line, nor is a penalty break (the caller
	// adds the hyphen when Hyphenated). Start is the first box or forced
	// penalty after the previous break: glue and other penalties there are
	// discarded. When Break appended the finishing sequence itself, End of
	// the last line is the end of the caller's content (trailing glue
	// excluded).
	Start, End int
	// Ratio is the adjustment ratio: >0 stretch, <0 shrink (never below -1).
	// It is 0 when the line holds infinitely stretchable glue (the ragged
	// last line) and when an underfull line has no stretch at all.
	Ratio float64
	// Hyphenated reports that the line ends at a flagged penalty.
	Hyphenated bool
	// Overfull reports that the line is wider than its measure even at full
	// shrink: no feasible break existed.
	Overfull bool
	// Width is the natural width of the line: its boxes and glue plus the
	// width of the penalty it breaks at (the hyphen).
	Width float64
}

// Break breaks items into lines. widths[i] is the measure of line i; the last
// entry repeats for all later lines. Zero, negative or missing measures are
// treated as a tiny positive width.
//
// The caller normally ends the list with the finishing sequence (penalty
// Infinity, glue with Stretch >= Infinity, penalty -Infinity); if the last
// item is not a forced break, Break drops trailing glue and non-forced
// penalties and
// appends that sequence itself, without copying items.
//
// Break returns nil for an empty list and at least one line otherwise. It
// never panics on NaN-free input of fewer than 2³¹-4 items; items of an
// unknown Kind count as boxes. A forced break may end a hyphenated line even
// past MaxHyphenRun. Break is safe for concurrent use.
func Break(items []Item, widths []float64, p Params) []Line {
	if len(items) == 0 {
		return nil
	}
	b := breakerPool.Get().(*Breaker)
	lines := b.Break(items, widths, p)
	breakerPool.Put(b)
	return lines
}

var breakerPool = sync.Pool{New: func() any { return new(Breaker) }}

// filStretch is the stretch of the parfillskip glue Break appends itself.
const filStretch = Infinity * 1e3

// tinyMeasure replaces non-positive or invalid line widths.
const tinyMeasure = 1e-3

// maxDim bounds item dimensions so that sums stay finite.
const maxDim = 1e15

// clampDim maps NaN to 0 and bounds x to ±maxDim.
func clampDim(x float64) float64 {
	if x >= -maxDim && x <= maxDim {
		return x
	}
	if x > maxDim {
		return maxDim
	}
	if x < -maxDim {
		return -maxDim
	}
	return 0 // NaN
}
