package book

import (
	"os"
	"strings"
	"testing"

	"sourcebook/internal/fuzzcheck"
)

// FuzzParseSource: any bytes give a source or an error naming the file,
// never a panic.
func FuzzParseSource(f *testing.F) {
	if data, err := os.ReadFile("../sources/masoud-vorontsov-1989.md"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(goodSource))
	f.Add([]byte("---\nid: x\n---\n"))
	f.Add([]byte("---\ndate: [1, 2\n---\nbody"))
	f.Add([]byte("\xef\xbb\xbf---\r\nid: a\r\ntitle: t\r\ndate: 1989?\r\ntype: letter\r\nrights: {status: unknown}\r\n---\r\ntext\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.Count("FuzzParseSource")
		defer fuzzcheck.Watchdog(data)()
		s, err := ParseSource("f.md", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.md") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if s.ID == "" || s.Title == "" || s.Date.IsZero() || s.Rights.Status == "" {
			t.Fatalf("accepted a source without required fields: %+v", s)
		}
	})
}

// FuzzParseManifest: any bytes give a manifest or errors naming the file.
func FuzzParseManifest(f *testing.F) {
	if data, err := os.ReadFile("../examples/masoud-letter/reader.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("title: T\nitems: [a, b]\n"))
	f.Add([]byte("title: T\nparts:\n  - title: P\n    items:\n      - id: a\n        excerpt: [1-3, 5]\n        annotations: [{anchor: x, note: y}]\n        questions: [q, {text: t, stage: during, anchor: x}]\n"))
	f.Add([]byte("title: T\nglossary: [{term: a, definition: b}]\nintroduction: {file: ../x}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzcheck.Count("FuzzParseManifest")
		defer fuzzcheck.Watchdog(data)()
		_, err := ParseManifest("r.yaml", data)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "r.yaml") {
					t.Fatalf("error line does not name the file: %q", line)
				}
			}
		}
	})
}
