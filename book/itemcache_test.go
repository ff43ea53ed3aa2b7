package book

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestItemCacheReusesUnchangedItems builds the every-feature reader (a
// glossary, a word bank, annotations, questions, an excerpt, a source
// used twice, an image) with a Cache, as --watch does: an unchanged item
// is reused, an edited one is assembled again, a change to the glossary
// (a reader-level setting) assembles every item again, and each cached
// build equals a build from scratch.
func TestItemCacheReusesUnchangedItems(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	fixture := "../testdata/readers/every-feature"
	manifest, err := os.ReadFile(filepath.Join(fixture, "reader.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	masoud, err := os.ReadFile("../sources/masoud-vorontsov-1989.md")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"constructs.md", "gradient.png"} {
		data, err := os.ReadFile(filepath.Join(fixture, "sources", f))
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Join("sources", f), data)
	}
	write("sources/masoud-vorontsov-1989.md", masoud)
	copyID := []byte("id: masoud-copy")
	write("sources/masoud-copy.md", bytes.Replace(masoud, []byte("id: masoud-vorontsov-1989"), copyID, 1))
	manifest = bytes.Replace(manifest, []byte("sources: [sources, ../../../sources]"), []byte("sources: [sources]"), 1)
	manifest = append(manifest, "      - id: masoud-copy\n        vocabulary:\n          - term: culprit\n            definition: the one to blame\n"...)
	write("reader.yaml", manifest)
	path := filepath.Join(dir, "reader.yaml")

	cache := &Cache{}
	// load builds with the cache and checks the book against one built
	// from scratch; it returns what the cache keeps, by item id.
	load := func(step string) map[string]*cachedItem {
		t.Helper()
		b, err := Load(path, Options{Cache: cache})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		fresh, err := Load(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(b.Items, fresh.Items) {
			t.Errorf("%s: the items built with the cache differ from those built from scratch", step)
		}
		if !reflect.DeepEqual(b.Warnings, fresh.Warnings) || !reflect.DeepEqual(b.Files, fresh.Files) || b.Digest != fresh.Digest {
			t.Errorf("%s: the warnings, files or digest differ from a build from scratch", step)
		}
		// A later pass or a renderer changing the book must not change
		// what is kept.
		for _, it := range b.Items {
			for i := range it.Body {
				for j := range it.Body[i].Inlines {
					it.Body[i].Inlines[j].Text = "changed"
				}
			}
		}
		kept := map[string]*cachedItem{}
		for _, ci := range cache.items {
			kept[ci.it.ID] = ci
		}
		return kept
	}
	first := load("first build")
	want := []string{"doc-masoud-vorontsov-1989", "doc-masoud-vorontsov-1989-2", "doc-masoud-copy"}
	if len(first) != len(want) {
		t.Fatalf("%d items kept; want %d (%v): the one with an image is never kept", len(first), len(want), want)
	}
	for _, id := range want {
		if first[id] == nil {
			t.Fatalf("%s is not kept", id)
		}
	}

	again := load("unchanged")
	for _, id := range want {
		if again[id] != first[id] {
			t.Errorf("unchanged: %s was assembled again", id)
		}
	}

	data, _ := os.ReadFile(filepath.Join(dir, "sources/masoud-copy.md"))
	k := bytes.LastIndex(data, []byte(" the "))
	if k < 0 {
		t.Fatal("the source has no \"the\"")
	}
	write("sources/masoud-copy.md", append(data[:k:k], append([]byte(" a "), data[k+5:]...)...))
	cache.Forget(filepath.Join(dir, "sources/masoud-copy.md"))
	edited := load("one source edited")
	for _, id := range want[:2] {
		if edited[id] != again[id] {
			t.Errorf("one source edited: the unchanged %s was assembled again", id)
		}
	}
	if edited["doc-masoud-copy"] == nil || edited["doc-masoud-copy"] == again["doc-masoud-copy"] {
		t.Error("one source edited: the edited document was reused")
	}

	manifest = bytes.Replace(manifest, []byte("across the whole world"), []byte("across the world"), 1)
	write("reader.yaml", manifest)
	gloss := load("glossary changed")
	for _, id := range want {
		if gloss[id] == nil || gloss[id] == edited[id] {
			t.Errorf("glossary changed: %s was reused", id)
		}
	}
}
