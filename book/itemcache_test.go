package book

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// TestItemCacheReusesUnchangedItems builds the every-feature reader (a
// glossary, a word bank, annotations, questions, an excerpt, a source
// used twice, an image) with a Cache, as --watch does: an unchanged item
// is reused; one whose source or manifest entry is edited is assembled
// again; a change to the glossary's terms (a reader-level setting)
// assembles every item again; and each cached build equals a build from
// scratch.
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

	// step loads again after a change and checks that exactly the items
	// named were assembled again, the others reused from prev.
	step := func(name string, prev map[string]*cachedItem, again ...string) map[string]*cachedItem {
		t.Helper()
		now := load(name)
		for _, id := range want {
			switch {
			case now[id] == nil:
				t.Errorf("%s: %s is not kept", name, id)
			case slices.Contains(again, id) && now[id] == prev[id]:
				t.Errorf("%s: %s was reused", name, id)
			case !slices.Contains(again, id) && now[id] != prev[id]:
				t.Errorf("%s: %s was assembled again", name, id)
			}
		}
		return now
	}
	prev := step("unchanged", first)

	data, _ := os.ReadFile(filepath.Join(dir, "sources/masoud-copy.md"))
	k := bytes.LastIndex(data, []byte(" the "))
	if k < 0 {
		t.Fatal("the source has no \"the\"")
	}
	write("sources/masoud-copy.md", append(data[:k:k], append([]byte(" a "), data[k+5:]...)...))
	cache.Forget(filepath.Join(dir, "sources/masoud-copy.md"))
	prev = step("one source edited", prev, "doc-masoud-copy")

	// One item's entry in the manifest: that item alone is assembled again.
	k = bytes.LastIndex(manifest, []byte("the one to blame"))
	manifest = append(manifest[:k:k], append([]byte("the one at fault"), manifest[k+len("the one to blame"):]...)...)
	write("reader.yaml", manifest)
	prev = step("one manifest entry edited", prev, "doc-masoud-copy")

	// The language changes the labels ("Dokument 3"), which are set
	// outside what is kept: the documents are reused and still equal a
	// fresh build.
	manifest = bytes.Replace(manifest, []byte("language: en"), []byte("language: de"), 1)
	write("reader.yaml", manifest)
	prev = step("language changed", prev)

	// A glossary term is looked for in every document.
	manifest = bytes.Replace(manifest, []byte("term: superpower"), []byte("term: superpowers"), 1)
	write("reader.yaml", manifest)
	step("glossary term changed", prev, want...)
}
