package publish

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
	"sourcebook/book/markup"
	"sourcebook/layouts"
	"sourcebook/layouts/epub"
	"sourcebook/layouts/pdf"
)

// benchReaders are the generated readers of the benchmark suite: about
// 20, 200 and 2,000 pages.
var benchReaders = []int{10, 100, 1000}

func genReader(b *testing.B, docs int) string {
	b.Helper()
	p, err := gen.Reader{Documents: docs, Seed: 1}.Write(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func loadBook(b *testing.B, path string) *book.Book {
	b.Helper()
	bk, err := book.Load(path, book.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return bk
}

// forEachReader runs f for each generated reader and the speeches.
func forEachReader(b *testing.B, f func(b *testing.B, path string)) {
	for _, n := range benchReaders {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) { f(b, genReader(b, n)) })
	}
	b.Run("speeches", func(b *testing.B) {
		if _, err := os.Stat(speechCorpus); err != nil {
			b.Skip("speech corpus not available")
		}
		f(b, speechesReader(b))
	})
}

// BenchmarkLoad: reading and validating the manifest and the library.
func BenchmarkLoad(b *testing.B) {
	forEachReader(b, func(b *testing.B, path string) {
		for b.Loop() {
			m, err := book.ReadManifest(path)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := book.LoadLibrary(m.Dir + "/sources"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParse: Markdown to the text model, every source body.
func BenchmarkParse(b *testing.B) {
	forEachReader(b, func(b *testing.B, path string) {
		bk := loadBook(b, path)
		var bytes int64
		for _, s := range bk.Sources {
			bytes += int64(len(s.Body))
		}
		b.SetBytes(bytes)
		for b.Loop() {
			for _, s := range bk.Sources {
				markup.Parse([]byte(s.Body), markup.Options{})
			}
		}
	})
}

// BenchmarkAssemble: load, parse and assemble the edition-neutral book.
func BenchmarkAssemble(b *testing.B) {
	forEachReader(b, func(b *testing.B, path string) {
		for b.Loop() {
			loadBook(b, path)
		}
	})
}

// BenchmarkTypeset: the print layout (line breaking and pagination).
func BenchmarkTypeset(b *testing.B) {
	forEachReader(b, func(b *testing.B, path string) {
		bk := loadBook(b, path)
		p, _ := layouts.Get(bk.Layout, bk.PageSize)
		pages := 0
		for b.Loop() {
			doc, err := pdf.Layout(bk, p, pdf.Options{})
			if err != nil {
				b.Fatal(err)
			}
			pages = doc.PageCount()
		}
		b.ReportMetric(float64(pages), "pages")
		b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	})
}

// BenchmarkPDFWrite: drawing and writing a laid-out PDF.
func BenchmarkPDFWrite(b *testing.B) {
	forEachReader(b, func(b *testing.B, path string) {
		bk := loadBook(b, path)
		p, _ := layouts.Get(bk.Layout, bk.PageSize)
		doc, err := pdf.Layout(bk, p, pdf.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := doc.Write(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(doc.PageCount())*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	})
}

// BenchmarkEPUBWrite: the EPUB, with the print page map.
func BenchmarkEPUBWrite(b *testing.B) {
	forEachReader(b, func(b *testing.B, path string) {
		bk := loadBook(b, path)
		p, _ := layouts.Get(bk.Layout, bk.PageSize)
		doc, err := pdf.Layout(bk, p, pdf.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := epub.Write(io.Discard, bk, epub.Options{Pages: doc.PageMap()}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkBuild: the whole pipeline, both editions, written to disk.
func BenchmarkBuild(b *testing.B) {
	forEachReader(b, func(b *testing.B, path string) {
		out := b.TempDir()
		pages := 0
		for b.Loop() {
			bk := loadBook(b, path)
			res, err := Build(bk, Options{OutDir: out})
			if err != nil {
				b.Fatal(err)
			}
			pages = res.Pages
		}
		b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	})
}

// BenchmarkRebuild: what --watch does after a one-word edit to one
// source: load and build both editions with the Cache of earlier builds.
func BenchmarkRebuild(b *testing.B) {
	forEachReader(b, func(b *testing.B, path string) {
		out := b.TempDir()
		srcs, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "sources", "*.md"))
		if len(srcs) == 0 {
			b.Skip("no sources to edit")
		}
		cache := NewCache()
		build := func() {
			bk, err := book.Load(path, book.Options{Cache: cache.Book})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Build(bk, Options{OutDir: out, Cache: cache}); err != nil {
				b.Fatal(err)
			}
		}
		build()
		i := 0
		for b.Loop() {
			b.StopTimer()
			f := srcs[i%len(srcs)]
			i++
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			// One word more at the end of the text.
			data = append(bytes.TrimRight(data, "\n"), " word\n"...)
			if err := os.WriteFile(f, data, 0o644); err != nil {
				b.Fatal(err)
			}
			cache.Book.Forget(f)
			b.StartTimer()
			build()
		}
	})
}
