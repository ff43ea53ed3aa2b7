package work

import (
	"sync/atomic"
	"testing"
)

// One worker runs every job on the calling goroutine, in order.
func TestOneWorkerIsSerial(t *testing.T) {
	var got []int
	starts := 0
	Each(1, 50, func() func(int) {
		starts++
		return func(i int) { got = append(got, i) } // no lock: must be serial
	})
	if starts != 1 || len(got) != 50 {
		t.Fatalf("starts %d, jobs %d", starts, len(got))
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("job %d ran at position %d", v, i)
		}
	}
}

// Many workers run every job exactly once, never more at a time than
// asked.
func TestBounded(t *testing.T) {
	var running, most, done atomic.Int32
	seen := make([]atomic.Int32, 200)
	Do(3, 200, func(i int) {
		r := running.Add(1)
		for {
			m := most.Load()
			if r <= m || most.CompareAndSwap(m, r) {
				break
			}
		}
		seen[i].Add(1)
		done.Add(1)
		running.Add(-1)
	})
	if done.Load() != 200 || most.Load() > 3 {
		t.Fatalf("done %d, most at once %d", done.Load(), most.Load())
	}
	for i := range seen {
		if seen[i].Load() != 1 {
			t.Fatalf("job %d ran %d times", i, seen[i].Load())
		}
	}
	Do(0, 0, func(int) { t.Fatal("no jobs") })
}
