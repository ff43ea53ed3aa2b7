package book_test

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
)

// BenchmarkLoadSpeeches loads the benchmark's ~8,000-page reader of real
// speeches (1,540 documents) and reports the book's live heap: what every
// renderer holds for the whole build.
func BenchmarkLoadSpeeches(b *testing.B) {
	corpus := "../../shared/corpus/speeches"
	if _, err := os.Stat(corpus); err != nil {
		b.Skip("no speech corpus in ../shared/corpus/speeches")
	}
	m, err := gen.Speeches{Corpus: corpus, Documents: 1540, Seed: 1}.Write(filepath.Join(b.TempDir(), "r"))
	if err != nil {
		b.Fatal(err)
	}
	lim := book.DefaultLimits()
	lim.TextBytes = 64 << 20 // as sourcebook-bench allows
	var live float64
	cpu0 := cpuTime()
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		bk, err := book.Load(m, book.Options{Limits: lim})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		live = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(bk)
	}
	b.ReportMetric(live, "MB-live")
	// CPU time (user+sys, every thread), which a loaded machine disturbs
	// less than the wall time.
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
}

func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
