package memlimit

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// waitLimit collects until the limit satisfies ok, or gives up.
func waitLimit(t *testing.T, ok func(int64) bool) int64 {
	t.Helper()
	var l int64
	for i := 0; i < 50; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs on its own goroutine
		if l = debug.SetMemoryLimit(-1); ok(l) {
			return l
		}
	}
	t.Fatalf("the limit stayed at %d MiB", l>>20)
	return l
}

// The limit is the floor while less than half of it is live, the
// ceiling once more is, the floor again when that is let go, and what
// it was after stop.
func TestLimitFollowsLiveHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	const floor, ceiling = 64 << 20, 1 << 30
	stop := Start(floor, ceiling)
	waitLimit(t, func(l int64) bool { return l == floor })

	held := make([][]byte, 0, 40)
	for i := 0; i < 40; i++ { // 40 MiB live: more than half the floor
		held = append(held, make([]byte, 1<<20))
	}
	waitLimit(t, func(l int64) bool { return l == ceiling })
	runtime.KeepAlive(held)

	held = nil
	waitLimit(t, func(l int64) bool { return l == floor })

	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after stop the limit is %d; want %d as before", got, before)
	}
}
