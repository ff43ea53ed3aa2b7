// Package fuzzcheck is what the fuzz targets share: a watchdog that turns
// a hang into a failure, and a count of the inputs run.
package fuzzcheck

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

// Watchdog turns a hang into a failure with the input and the stack: Go's
// fuzzer otherwise just stalls on an input that never returns. Call the
// function it returns when the input is done.
func Watchdog(data []byte) func() { return WatchdogAfter(5*time.Second, string(data)) }

// WatchdogAfter is Watchdog for targets whose inputs may take up to d
// (a whole build takes longer than a parse).
func WatchdogAfter(d time.Duration, input string) func() {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(d):
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			panic(fmt.Sprintf("input hangs: %q\n%s", input[:min(len(input), 3000)], buf[:n]))
		}
	}()
	return func() { close(done) }
}

var execs atomic.Int64

// Count records how many inputs a fuzz target ran, in the file named by
// SOURCEBOOK_FUZZ_COUNT (one line per worker, rewritten every 1,000
// inputs): Go's own progress lines lag behind for slow targets.
func Count(name string) {
	n := execs.Add(1)
	if path := os.Getenv("SOURCEBOOK_FUZZ_COUNT"); path != "" && n%1000 == 0 {
		os.WriteFile(fmt.Sprintf("%s.%s.%d", path, name, os.Getpid()), []byte(fmt.Sprintln(n)), 0o644)
	}
}
