package pdf

import (
	"fmt"
	"io"

	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts"
)

// speechesBook assembles one reader of all the speeches in the shared
// corpus, or skips when it is not there.
func speechesBook(tb testing.TB) *book.Book { return speechesBookN(tb, 1) }

// speechesBookN is the speeches repeated copies times.
func speechesBookN(tb testing.TB, copies int) *book.Book {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "speeches")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		tb.Skip("speech corpus not available")
	}
	lib := &book.Library{Sources: map[string]*book.Source{}}
	var ids []string
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		lines := strings.SplitN(string(data), "\n", 2)
		var paras []string
		for _, p := range regexp.MustCompile(`\n\s*\n`).Split(lines[1], -1) {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				paras = append(paras, p)
			}
		}
		base := filepath.Base(f)
		id := "s" + itoa(i+1)
		src := &book.Source{ID: id, Title: strings.TrimSuffix(base[11:], ".txt"), Type: "speech",
			Authors: book.Names{strings.TrimSpace(strings.TrimPrefix(lines[0], "President:"))},
			Body:    strings.Join(paras, "\n\n") + "\n", File: f, BodyLine: 3, Rights: book.Rights{Status: "public-domain"}}
		src.Date, _ = book.ParseDate(base[:10])
		lib.Sources[id] = src
		lib.Order = append(lib.Order, id)
		ids = append(ids, id)
	}
	var items []string
	for range copies {
		items = append(items, ids...)
	}
	m, err := book.ParseManifest("speeches.yaml", []byte("title: Speeches\ndate: 2026-01-01\nitems: ["+strings.Join(items, ", ")+"]\n"))
	if err != nil {
		tb.Fatal(err)
	}
	b, err := book.Assemble(m, lib, book.Options{Limits: book.Limits{TextBytes: 64 << 20}})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func BenchmarkSpeechesLayout(b *testing.B) {
	bk := speechesBook(b)
	p, _ := layouts.Get("reader", "letter")
	pages := 0
	for b.Loop() {
		doc, err := Layout(bk, p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages = doc.PageCount()
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkSpeechesLayoutAndWrite(b *testing.B) {
	benchLayoutAndWrite(b, speechesBook(b), Options{})
}

// BenchmarkSpeechesUntagged is BenchmarkSpeechesLayoutAndWrite without
// the structure tree and marked content: what tagging costs.
func BenchmarkSpeechesUntagged(b *testing.B) {
	benchLayoutAndWrite(b, speechesBook(b), Options{untagged: true})
}

// BenchmarkSpeechesPages sets and writes readers of the speeches
// repeated to about 200, 2,000 and 8,000 pages, on every core: CPU per
// page should not grow with the size (run with -benchtime 1x).
func BenchmarkSpeechesPages(b *testing.B) {
	for _, copies := range []int{3, 25, 100} {
		b.Run(fmt.Sprintf("copies=%d", copies), func(b *testing.B) {
			benchLayoutAndWrite(b, speechesBookN(b, copies), Options{})
		})
	}
}

// BenchmarkReader lays out and writes the reader named by
// SOURCEBOOK_BENCH_READER (a reader.yaml), for profiling large real
// readers: go test -run '^$' -bench Reader -cpuprofile cpu.out.
func BenchmarkReader(b *testing.B) {
	path := os.Getenv("SOURCEBOOK_BENCH_READER")
	if path == "" {
		b.Skip("SOURCEBOOK_BENCH_READER is not set")
	}
	bk, err := book.Load(path, book.Options{Limits: book.Limits{TextBytes: 64 << 20}})
	if err != nil {
		b.Fatal(err)
	}
	benchLayoutAndWrite(b, bk, Options{})
}

// benchLayoutAndWrite lays out and writes bk, reporting pages per second
// and milliseconds per page.
func benchLayoutAndWrite(b *testing.B, bk *book.Book, opt Options) {
	p, _ := layouts.Get("reader", "letter")
	pages := 0
	for b.Loop() {
		doc, err := Layout(bk, p, opt)
		if err != nil {
			b.Fatal(err)
		}
		if err := doc.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		pages = doc.PageCount()
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(pages*b.N), "ms/page")
	b.ReportMetric(float64(pages), "pages")
}

// BenchmarkSpeechesRebuild is the print side of a --watch rebuild of a
// reader of about 2,000 pages: every chunk from the Cache, the pages
// written again (most of a rebuild; run with -benchtime 10x).
func BenchmarkSpeechesRebuild(b *testing.B) {
	bk := speechesBookN(b, 25)
	p, _ := layouts.Get("reader", "letter")
	c := NewCache()
	build := func() {
		doc, err := Layout(bk, p, Options{Cache: c})
		if err != nil {
			b.Fatal(err)
		}
		if err := doc.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	build()
	for b.Loop() {
		build()
	}
}
