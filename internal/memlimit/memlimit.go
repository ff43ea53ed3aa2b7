// Package memlimit sets the Go runtime's soft memory limit from the live
// heap, so that a large reader's build stays near what it really holds.
//
// With the collector's default (GOGC 100) the heap may grow to twice
// the data live after the last collection, and the resident size ends
// near 2.5 times it: 105 MB of live data at 8,000 pages peaked at
// 270-330 MB. A fixed low limit holds that down, but a build whose live
// data comes near the limit makes the collector run almost without
// pause: limits that follow the live heap closely (twice it, counted as
// all the runtime's memory) tripled the CPU of the builds at the input
// caps. So the limit has two settings, chosen after every collection:
// the floor while less than half of it is live, which trims only the
// headroom; otherwise the ceiling, under which the collector's default
// rules, and which keeps a build at the input caps under 1 GB
// (docs/robustness.md).
package memlimit

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Start sets the limit to floor now and, after each collection, to floor
// while less than floor/2 is live and to ceiling otherwise. stop restores
// the limit there was and stops following.
func Start(floor, ceiling int64) (stop func()) {
	t := &tuner{floor: floor, ceiling: ceiling, before: debug.SetMemoryLimit(-1)}
	debug.SetMemoryLimit(floor)
	t.arm()
	return t.stop
}

type tuner struct {
	mu             sync.Mutex
	floor, ceiling int64
	before         int64
	stopped        bool
}

// arm leaves an object for the next collection to find unreachable; its
// finalizer runs after that collection.
func (t *tuner) arm() {
	s := new(sentinel)
	runtime.SetFinalizer(s, func(*sentinel) { t.collected() })
}

// sentinel is 64 bytes: a finalizer on a zero-sized object, or on one
// small enough to share a block with others (under 16 bytes, without
// pointers), may never run.
type sentinel struct{ _ [64]byte }

var live = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

func (t *tuner) collected() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	metrics.Read(live)
	limit := t.floor
	if 2*int64(live[0].Value.Uint64()) >= t.floor {
		limit = t.ceiling
	}
	debug.SetMemoryLimit(limit)
	t.arm()
}

func (t *tuner) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	debug.SetMemoryLimit(t.before)
}
