package publish

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
)

// BenchmarkWatchRebuild: what `sourcebook build --watch` does after a
// one-word edit ("the" → "a", then back) in one document of the
// 2,000-page speeches reader of make bench: load with the book cache and
// build every edition with the publish cache. Profile it with
// -cpuprofile to see a rebuild's stages.
func BenchmarkWatchRebuild(b *testing.B) {
	path, cache, build := benchSpeeches(b)
	build()
	srcs, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "sources", "*.md"))
	f := srcs[len(srcs)/2]
	orig, err := os.ReadFile(f)
	if err != nil {
		b.Fatal(err)
	}
	body := bytes.Index(orig, []byte("\n---\n")) + 5
	k := bytes.Index(orig[body:], []byte(" the "))
	if body < 5 || k < 0 {
		b.Fatal("no word to edit")
	}
	k += body
	edited := append(append(orig[:k:k], " a "...), orig[k+5:]...)
	n := 0
	cpu := cpuClasses()
	for b.Loop() {
		b.StopTimer()
		data := orig
		if n%2 == 0 {
			data = edited
		}
		n++
		if err := os.WriteFile(f, data, 0o644); err != nil {
			b.Fatal(err)
		}
		cache.Book.Forget(f)
		b.StartTimer()
		// Labelled so that a profile can be narrowed to the rebuilds:
		// go tool pprof -tagfocus phase=rebuild.
		pprof.Do(context.Background(), pprof.Labels("phase", "rebuild"), func(context.Context) { build() })
	}
	// The runtime's estimate of the CPU time spent, garbage collection
	// included (which the labels above do not reach).
	after := cpuClasses()
	b.ReportMetric((after[0]-cpu[0])/float64(n)*1000, "cpu-ms/op")
	b.ReportMetric((after[1]-cpu[1])/float64(n)*1000, "gc-ms/op")
}

// cpuClasses is the process's CPU time so far, all and garbage
// collection's, in seconds (runtime/metrics).
func cpuClasses() [2]float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/total:cpu-seconds"}, {Name: "/cpu/classes/idle:cpu-seconds"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	return [2]float64{s[0].Value.Float64() - s[1].Value.Float64(), s[2].Value.Float64()}
}

// benchSpeeches writes the 385-document speeches reader of make bench
// (about 2,000 pages) and returns it, a Cache and a build with the
// cache as --watch makes it, which returns the book built.
func benchSpeeches(b *testing.B) (string, *Cache, func() *book.Book) {
	if _, err := os.Stat(speechCorpus); err != nil {
		b.Skip("speech corpus not available")
	}
	b.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	dir := b.TempDir()
	path, err := gen.Speeches{Corpus: speechCorpus, Documents: 385, Seed: 1}.Write(dir)
	if err != nil {
		b.Fatal(err)
	}
	cache := NewCache()
	return path, cache, func() *book.Book {
		bk, err := book.Load(path, book.Options{Cache: cache.Book})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Build(bk, Options{OutDir: filepath.Join(dir, "out"), Cache: cache}); err != nil {
			b.Fatal(err)
		}
		return bk
	}
}
