package pdf

import (
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
func speechesBook(tb testing.TB) *book.Book {
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
	m, err := book.ParseManifest("speeches.yaml", []byte("title: Speeches\ndate: 2026-01-01\nitems: ["+strings.Join(ids, ", ")+"]\n"))
	if err != nil {
		tb.Fatal(err)
	}
	b, err := book.Assemble(m, lib, book.Options{})
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
	bk := speechesBook(b)
	p, _ := layouts.Get("reader", "letter")
	pages := 0
	for b.Loop() {
		doc, err := Layout(bk, p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := doc.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		pages = doc.PageCount()
	}
	b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
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
	p, _ := layouts.Get("reader", "letter")
	pages := 0
	for b.Loop() {
		doc, err := Layout(bk, p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := doc.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		pages = doc.PageCount()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(pages*b.N), "ms/page")
}
