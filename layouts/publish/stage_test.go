package publish

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"sourcebook/book"
	"sourcebook/book/gen"
)

// TestWatchRewritesOnlyChangedFiles: in --watch, after a one-word edit
// the web edition's page of the edited document is replaced and every
// other page is left as it was (the same file, not written again); a
// page someone changed since is written again; and every page is byte
// for byte what a build without the cache makes.
func TestWatchRewritesOnlyChangedFiles(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	path, err := gen.Reader{Documents: 6, Seed: 4}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "sources", "*.md"))
	out, cold := t.TempDir(), t.TempDir()
	cache := NewCache()
	build := func(dir string, c *Cache) map[string]os.FileInfo {
		t.Helper()
		b := loadWith(t, path, c)
		res, err := Build(b, Options{OutDir: dir, Formats: []Format{"web"}, Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]os.FileInfo{}
		for _, f := range res.Files {
			st, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(dir, f)
			files[rel] = st
		}
		return files
	}
	same := func(what string) {
		t.Helper()
		for rel := range build(cold, nil) {
			want, _ := os.ReadFile(filepath.Join(cold, rel))
			got, err := os.ReadFile(filepath.Join(out, rel))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs from a build without the cache", what, rel)
			}
		}
	}
	before := build(out, cache)
	// One word of one document's text.
	data, err := os.ReadFile(srcs[2])
	if err != nil {
		t.Fatal(err)
	}
	k := bytes.LastIndex(data, []byte(" the "))
	if k < 0 {
		t.Fatal("no word to edit")
	}
	data = append(append(data[:k:k], " a "...), data[k+5:]...)
	if err := os.WriteFile(srcs[2], data, 0o644); err != nil {
		t.Fatal(err)
	}
	cache.Book.Forget(srcs[2])
	after := build(out, cache)
	same("after an edit")
	var rewritten []string
	for rel, st := range after {
		if !os.SameFile(st, before[rel]) {
			rewritten = append(rewritten, rel)
		}
	}
	if len(rewritten) != 1 {
		t.Errorf("after a one-word edit, %d files were written again, want one (the edited document's page): %v", len(rewritten), rewritten)
	}
	// A page changed by hand is put right, and only it.
	var page string
	for rel, st := range after {
		if filepath.Ext(rel) == ".html" && filepath.Base(rel) != "index.html" && os.SameFile(st, before[rel]) {
			page = rel
			break
		}
	}
	if err := os.WriteFile(filepath.Join(out, page), []byte("changed by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	again := build(out, cache)
	same("after a page was changed by hand")
	for rel, st := range again {
		if rel != page && !os.SameFile(st, after[rel]) {
			t.Errorf("with nothing changed, %s was written again", rel)
		}
	}
}

// TestFailedBuildLeavesNoFolder: an edition that fails leaves no folder
// the build made (the output folder, the web edition's) and no
// temporary file, though the other editions wrote theirs as they
// rendered.
func TestFailedBuildLeavesNoFolder(t *testing.T) {
	b, err := book.Load(exampleReader, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	Register(failing{})
	t.Cleanup(func() {
		regMu.Lock()
		delete(registry, "failing")
		regMu.Unlock()
	})
	out := filepath.Join(t.TempDir(), "new", "out")
	_, err = Build(b, Options{OutDir: out, Formats: []Format{"pdf", "epub", "web", "failing"}})
	if err == nil {
		t.Fatal("a failing edition built")
	}
	if _, err := os.Lstat(filepath.Dir(out)); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(out)
		t.Errorf("the failed build left the folders it made: %v", entries)
	}
}
