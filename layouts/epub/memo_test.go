package epub

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
	"sourcebook/layouts"
	"sourcebook/layouts/pdf"
)

// TestCacheRendersOnlyTheEditedDocument: after a one-word edit to one
// source, a rebuild with the cache renders that document alone (in each
// pass), and its EPUB and web pages are byte for byte those of a build
// without the cache; after an edit that adds a paragraph (new IDs, every
// later page moves), the documents whose links or page markers changed
// are rendered again, and the output still matches.
func TestCacheRendersOnlyTheEditedDocument(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	path, err := gen.Reader{Documents: 12, Seed: 2}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob(filepath.Join(dir, "sources", "*.md"))
	bc := &book.Cache{}
	preset, err := layouts.Get("reader", "letter")
	if err != nil {
		t.Fatal(err)
	}
	ec, wc := NewCache(), NewCache()
	build := func(c, web *Cache) ([]byte, []SiteFile) {
		t.Helper()
		b, err := book.Load(path, book.Options{Cache: bc})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := pdf.Layout(b, preset, pdf.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, b, Options{Pages: doc.PageMap(), Cache: c}); err != nil {
			t.Fatal(err)
		}
		site, err := Site(b, Options{Pages: doc.PageMap(), Cache: web})
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), site
	}
	same := func(what string) {
		t.Helper()
		got, gotSite := build(ec, wc)
		want, wantSite := build(nil, nil)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the cached EPUB differs from one built without the cache", what)
		}
		if len(gotSite) != len(wantSite) {
			t.Fatalf("%s: %d web files, want %d", what, len(gotSite), len(wantSite))
		}
		for i := range gotSite {
			if gotSite[i].Name != wantSite[i].Name || !bytes.Equal(gotSite[i].Data, wantSite[i].Data) {
				t.Errorf("%s: the cached web page %s differs", what, gotSite[i].Name)
			}
		}
	}
	edit := func(file, old, new string) {
		t.Helper()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		k := bytes.LastIndex(data, []byte(old))
		if k < 0 {
			t.Fatalf("%s has no %q", file, old)
		}
		data = append(append(data[:k:k], new...), data[k+len(old):]...)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		bc.Forget(file)
	}
	build(ec, wc)
	if ec.rendered != [2]int{12, 12} {
		t.Fatalf("the first build rendered %v documents; want all 12 in each pass", ec.rendered)
	}
	edit(srcs[4], " the ", " a ")
	same("one word")
	for _, c := range []*Cache{ec, wc} {
		if c.rendered != [2]int{1, 1} {
			t.Errorf("after a one-word edit, %v documents were rendered in each pass; want 1", c.rendered)
		}
	}
	edit(srcs[2], "\n\n", "\n\nA paragraph added to the document, long enough to push the pages after it further on; "+
		"it goes on for a while so that the page breaks of the print edition move and with them the markers.\n\n")
	same("a paragraph added")
	if ec.rendered[0] != 1 {
		t.Errorf("after a paragraph was added, pass 1 rendered %d documents; want only the edited one", ec.rendered[0])
	}
	same("nothing changed")
	if ec.rendered != [2]int{0, 0} {
		t.Errorf("with nothing changed, %v documents were rendered", ec.rendered)
	}
}
