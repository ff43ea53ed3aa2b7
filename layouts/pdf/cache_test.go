package pdf

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
	"sourcebook/layouts"
)

// TestBackMatterKeptAfterTextEdit: after a one-word edit to a document's
// text, a rebuild with the Cache sets that document again and nothing
// else (the back matter lists the sources' references, which the edit
// leaves alone); an edit to a source's title sets the back matter again
// too. Whether the pages kept are right is TestCachedRebuildIdentical's.
func TestBackMatterKeptAfterTextEdit(t *testing.T) {
	dir := t.TempDir()
	path, err := gen.Reader{Documents: 6, Seed: 2}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob(filepath.Join(dir, "sources", "*.md"))
	p, _ := layouts.Get("reader", "letter")
	c := NewCache()
	build := func() int {
		t.Helper()
		b, err := book.Load(path, book.Options{})
		if err != nil {
			t.Fatal(err)
		}
		before := c.set
		doc, err := Layout(b, p, Options{Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		if err := doc.Write(io.Discard); err != nil {
			t.Fatal(err)
		}
		return c.set - before
	}
	edit := func(old, new string) {
		t.Helper()
		data, _ := os.ReadFile(srcs[1])
		k := bytes.LastIndex(data, []byte(old))
		if k < 0 {
			t.Fatalf("no %q in %s", old, srcs[1])
		}
		data = append(data[:k:k], append([]byte(new), data[k+len(old):]...)...)
		if err := os.WriteFile(srcs[1], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	first := build()
	if first < 3 {
		t.Fatalf("the first build set %d chunks", first)
	}
	edit(" the ", " a ")
	if n := build(); n != 1 {
		t.Errorf("after a one-word edit %d chunks were set again; want 1, the edited document", n)
	}
	edit("\ntitle: ", "\ntitle: Revised ")
	if n := build(); n != 2 {
		t.Errorf("after a title edit %d chunks were set again; want 2, the document and the back matter", n)
	}
}
