package desk

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
)

// BenchmarkPreviewAfterEdit: what a teacher waits for after changing one
// word of a headnote: the edit written to reader.yaml, then the preview
// of the document being edited (its teacher-edition PDF and web page,
// with the cache the app keeps between previews); "whole" rebuilds the
// whole reader instead, as the first version of the app did.
// docs/performance.md reports it.
func BenchmarkPreviewAfterEdit(b *testing.B) {
	b.Run("example", func(b *testing.B) {
		dir := b.TempDir()
		rd := filepath.Join(dir, "examples", "masoud-letter")
		os.MkdirAll(rd, 0o755)
		os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
		copyFile(b, "../../examples/masoud-letter/reader.yaml", filepath.Join(rd, "reader.yaml"))
		copyFile(b, "../../sources/masoud-vorontsov-1989.md", filepath.Join(dir, "sources", "masoud-vorontsov-1989.md"))
		benchPreview(b, rd, true)
	})
	b.Run("docs=40", func(b *testing.B) {
		p, err := gen.Reader{Documents: 40, Seed: 1}.Write(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		benchPreview(b, filepath.Dir(p), true)
	})
	b.Run("docs=40/whole", func(b *testing.B) {
		p, err := gen.Reader{Documents: 40, Seed: 1}.Write(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		benchPreview(b, filepath.Dir(p), false)
	})
}

func copyFile(b *testing.B, from, to string) {
	data, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		b.Fatal(err)
	}
}

func benchPreview(b *testing.B, dir string, one bool) {
	s, err := New(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ln, url, err := s.Listen("")
	if err != nil {
		b.Fatal(err)
	}
	ln.Close()
	host := url[len("http://") : len(url)-1]
	hdr := map[string]string{"X-CSRF-Token": s.csrf}
	target := "/api/preview"
	if one {
		bk, err := book.Load(s.manifest, book.Options{})
		if err != nil {
			b.Fatal(err)
		}
		target += "?id=" + bk.Items[0].Source.ID
	}
	// The first preview fills the cache, as opening the page does.
	if w := do(b, s, "POST", target, host, nil, hdr); w.Code != http.StatusOK {
		b.Fatalf("%d %s", w.Code, w.Body)
	}
	words := []string{"first", "second"}
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		_, d, _ := s.readManifest()
		body, _ := json.Marshal(editReq{Digest: d, Op: "headnote", Part: 0, Item: 0, Text: "The " + words[i%2] + " headnote."})
		i++
		if w := do(b, s, "POST", "/api/edit", host, body, hdr); w.Code != http.StatusOK {
			b.Fatalf("edit: %d %s", w.Code, w.Body)
		}
		if w := do(b, s, "POST", target, host, nil, hdr); w.Code != http.StatusOK {
			b.Fatalf("preview: %d %s", w.Code, w.Body)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
