package typeset

import (
	"encoding/binary"
	"math"
	"testing"

	"sourcebook/internal/fuzzcheck"
)

// FuzzBreak: any item list and measure break without panicking, every
// item is covered once in order, and lines never run backwards.
func FuzzBreak(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 30.0)
	f.Add([]byte{0, 0, 0, 0, 200, 200, 200}, 0.5)
	f.Fuzz(func(t *testing.T, data []byte, measure float64) {
		fuzzcheck.Count("FuzzBreak")
		var items []Item
		for len(data) >= 3 {
			kind := Kind(data[0] % 3)
			w := float64(binary.LittleEndian.Uint16(data[1:3])) / 100
			it := Item{Kind: kind, Width: w}
			switch kind {
			case Glue:
				it.Stretch, it.Shrink = w/2, w/3
			case Penalty:
				it.Penalty = float64(int8(data[1])) * 100
				it.Flagged = data[2]%2 == 0
				it.Width = 0
			}
			items = append(items, it)
			data = data[3:]
		}
		if math.IsNaN(measure) || math.IsInf(measure, 0) {
			measure = 10
		}
		lines := Break(items, []float64{measure}, DefaultParams())
		hasBox := false
		for _, it := range items {
			if it.Kind == Box {
				hasBox = true
			}
		}
		if hasBox && len(lines) == 0 {
			t.Fatal("no lines for a list with boxes")
		}
		prev := 0
		for _, l := range lines {
			if l.Start < prev || l.End < l.Start || l.End > len(items)+3 {
				t.Fatalf("bad line %+v after %d (n=%d)", l, prev, len(items))
			}
			prev = l.End
		}
	})
}
