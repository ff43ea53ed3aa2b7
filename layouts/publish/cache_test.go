package publish

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sourcebook/book"
	"sourcebook/book/gen"
)

// TestCachedRebuildIdentical edits sources between builds that share a
// Cache (as --watch does) and checks that every rebuild gives the same
// bytes as a build from scratch: after a one-word edit, after an edit
// that adds pages (every later page moves), and after an edit to the
// manifest.
func TestCachedRebuildIdentical(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	path, err := gen.Reader{Documents: 12, Seed: 3}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob(filepath.Join(dir, "sources", "*.md"))
	if len(srcs) < 3 {
		t.Fatalf("%d sources", len(srcs))
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
		data = append(data[:k:k], append([]byte(new), data[k+len(old):]...)...)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := NewCache()
	build := func(c *Cache) map[string][]byte {
		t.Helper()
		var bc *book.Cache
		if c != nil {
			bc = c.Book
		}
		b, err := book.Load(path, book.Options{Cache: bc})
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		res, err := Build(b, Options{OutDir: out, Cache: c, Edition: "teacher"})
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range res.Files {
			files[filepath.Ext(f)], _ = os.ReadFile(f)
		}
		return files
	}
	compare := func(step string) {
		t.Helper()
		cached, fresh := build(cache), build(nil)
		for ext, data := range fresh {
			if !bytes.Equal(data, cached[ext]) {
				t.Errorf("%s: the rebuilt %s differs from a build from scratch", step, ext)
			}
		}
	}
	compare("first build")
	edit(srcs[1], " the ", " a ")
	cache.Book.Forget(srcs[1])
	compare("one-word edit")
	long := "\n\n" + strings.Repeat("An added paragraph of some length to push the pages on. ", 60) + "\n"
	edit(srcs[0], "\n", "\n"+long)
	cache.Book.Forget(srcs[0])
	compare("added paragraphs")
	edit(path, "title: ", "title: Revised ")
	// Without Forget: the watcher only forgets sources; a manifest is
	// compared by its bytes. Let the modification time move on too.
	now := time.Now().Add(time.Second)
	os.Chtimes(srcs[2], now, now)
	compare("manifest edit")
}
