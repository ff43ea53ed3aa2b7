package pdf

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
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

// TestKeptPageHeadsIdentical: with a Cache, a rebuild draws again only
// the running heads, folios and margin notes of pages whose body or
// place changed, and the file is the same as one built without: the
// glyphs of a kept drawing are recorded again (the book's title, in
// every running head, has a letter found nowhere else).
func TestKeptPageHeadsIdentical(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	path, err := gen.Reader{Documents: 6, Seed: 2}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := os.ReadFile(path)
	m = bytes.Replace(m, []byte("\ntitle: "), []byte("\ntitle: Ωmega "), 1)
	if err := os.WriteFile(path, m, 0o644); err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob(filepath.Join(dir, "sources", "*.md"))
	p, _ := layouts.Get("reader", "letter")
	write := func(c *Cache) ([]byte, int) {
		t.Helper()
		b, err := book.Load(path, book.Options{})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Layout(b, p, Options{Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := doc.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), doc.PageCount()
	}
	c := NewCache()
	write(c)
	for i, edit := range [][2]string{{" the ", " a "}, {"\n\n", "\n\n" + strings.Repeat("Words added to move the pages on. ", 200) + "\n\n"}} {
		data, _ := os.ReadFile(srcs[1])
		k := bytes.LastIndex(data, []byte(edit[0]))
		if k < 0 {
			t.Fatalf("no %q", edit[0])
		}
		data = append(data[:k:k], append([]byte(edit[1]), data[k+len(edit[0]):]...)...)
		os.WriteFile(srcs[1], data, 0o644)
		c.drawn = 0
		kept, pages := write(c)
		fresh, _ := write(nil)
		if !bytes.Equal(kept, fresh) {
			t.Errorf("edit %d: the PDF written with the cache differs from one written without", i)
		}
		if i == 0 && c.drawn*2 > pages {
			t.Errorf("after a one-word edit %d of %d pages' heads were drawn again", c.drawn, pages)
		}
	}
}
