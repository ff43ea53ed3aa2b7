package publish

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
)

// TestPreview edits one word of one document after a build and checks
// that Preview's PDF holds that document, edited, under its label in the
// whole reader, and no other document; and that it works without a
// cache too.
func TestPreview(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	path, err := gen.Reader{Documents: 14, Seed: 5}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	b, err := book.Load(path, book.Options{Cache: cache.Book})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(b, Options{OutDir: filepath.Join(dir, "out"), Cache: cache, Edition: Teacher}); err != nil {
		t.Fatal(err)
	}
	it := b.Items[11] // in the second part: its label is not its number
	src := it.Source.File
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	k := bytes.LastIndex(data, []byte(" the "))
	if k < 0 {
		t.Fatal("no word to change")
	}
	data = append(append(data[:k:k], " Zanzibarish "...), data[k+5:]...)
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*Cache{cache, nil} {
		pv, err := Preview(path, it.Source.ID, Options{Cache: c, Edition: Teacher})
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "preview.pdf")
		if err := os.WriteFile(out, pv.PDF, 0o644); err != nil {
			t.Fatal(err)
		}
		text := squash(pdfText(t, out))
		if !strings.Contains(text, "Zanzibarish") {
			t.Errorf("cache %v: the preview does not have the edit", c != nil)
		}
		if !strings.Contains(text, squash(it.Title)) {
			t.Errorf("cache %v: the preview does not have the document's title %q", c != nil, it.Title)
		}
		for _, other := range b.Items {
			if other != it && strings.Contains(text, squash(other.Title)) {
				t.Errorf("cache %v: the preview has another document, %q", c != nil, other.Title)
			}
		}
		if c != nil && (pv.Label != it.Label || !strings.Contains(text, squash(it.Label))) {
			t.Errorf("the preview is labelled %q; in the reader it is %q", pv.Label, it.Label)
		}
		if pv.Pages < 1 {
			t.Errorf("%d pages", pv.Pages)
		}
	}
	if _, err := Preview(path, "no-such-document", Options{}); err == nil || !strings.Contains(err.Error(), it.Source.ID) {
		t.Errorf("an unknown id: %v; want an error listing the documents", err)
	}
}

// BenchmarkPreview: one document's pages after a one-word edit in a
// reader of about 2,000 pages of real text (the 385-document reader of
// make bench), with the cache of a build; each iteration edits the
// source and previews it.
func BenchmarkPreview(b *testing.B) {
	path, cache, build := benchSpeeches(b)
	bk := build()
	it := bk.Items[len(bk.Items)/2]
	data, err := os.ReadFile(it.Source.File)
	if err != nil {
		b.Fatal(err)
	}
	body := bytes.Index(data, []byte("\n---\n")) + 5 // after the front matter
	words := []string{"Now ", "Then ", "So "}
	n := 0
	for b.Loop() {
		n++
		edited := append(append(data[:body:body], words[n%3]...), data[body:]...)
		if err := os.WriteFile(it.Source.File, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := Preview(path, it.Source.ID, Options{Cache: cache}); err != nil {
			b.Fatal(err)
		}
	}
}
