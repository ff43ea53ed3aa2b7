package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"sourcebook/book"
	"sourcebook/layouts/publish"
)

// syncBuffer is written by the watcher's goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until re matches at least n times in the output; every
// wait is bounded, so that a watcher that missed a change fails the test
// instead of hanging it.
func waitFor(t *testing.T, out *syncBuffer, re *regexp.Regexp, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if len(re.FindAllString(out.String(), -1)) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %d× %q; output so far:\n%s", n, re, out.String())
}

// writeImage writes a w×h PNG of a gradient.
func writeImage(t *testing.T, path string, w, h int) {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.NRGBA{uint8(x * 6), uint8(y * 6), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	write(t, path, b.String())
}

// saveByRename writes a file the way many editors do: a temporary file
// beside it, renamed over it.
func saveByRename(t *testing.T, path, data string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".swp")
	write(t, tmp, data)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func TestWatch(t *testing.T) {
	dir := t.TempDir()
	out := t.TempDir()
	src := filepath.Join(dir, "sources", "masoud-vorontsov-1989.md")
	write(t, src, read(t, "../../sources/masoud-vorontsov-1989.md"))
	good := strings.Replace(read(t, example), "sources: [../../sources]", "sources: [sources]", 1)
	if good == read(t, example) {
		t.Fatal("the example's sources line has changed; update this test")
	}
	manifest := filepath.Join(dir, "reader.yaml")
	write(t, manifest, good)
	pdf, epub := filepath.Join(out, "masoud-letter.pdf"), filepath.Join(out, "masoud-letter.epub")

	var buf syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	opt := publish.Options{OutDir: out, Formats: []publish.Format{"epub", "pdf"}, Warn: func(w *book.Warning) { t.Logf("warning: %v", w) }}
	go func() { done <- watch(ctx, manifest, opt, &buf, &buf, false) }()

	built := regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d built ` + regexp.QuoteMeta(epub) + `, ` + regexp.QuoteMeta(pdf) + ` in \d+\.\d\ds$`)
	failed := regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d build failed; the last good files are kept$`)
	waitFor(t, &buf, built, 1)
	waitFor(t, &buf, regexp.MustCompile(`watching .*reader.yaml and the files it uses`), 1)
	first := read(t, pdf)

	// A word changed in the source, saved by rename: a new build.
	saveByRename(t, src, strings.Replace(read(t, src), "received only shame", "received only disgrace", 1))
	waitFor(t, &buf, built, 2)
	second, secondEPUB := read(t, pdf), read(t, epub)
	if second == first {
		t.Error("the PDF did not change after the source did")
	}

	// A broken manifest: the errors, then the failure line; the files of
	// the last good build stay as they were.
	write(t, manifest, good+"parts: [unclosed\n")
	waitFor(t, &buf, failed, 1)
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(manifest) + `:\d+: .*\n\d\d:\d\d:\d\d build failed`).MatchString(buf.String()) {
		t.Errorf("no located error before the failure line:\n%s", buf.String())
	}
	if read(t, pdf) != second || read(t, epub) != secondEPUB {
		t.Error("a failed build changed the last good files")
	}

	// Fixed: a good build again.
	write(t, manifest, good)
	waitFor(t, &buf, built, 3)

	// A headnote file in a new folder: the watcher learns of it from the
	// build's inputs and rebuilds when it changes.
	head := filepath.Join(dir, "notes", "masoud.md")
	write(t, head, "A first headnote.\n")
	withFile := regexp.MustCompile(`(?m)^        headnote: \|\n(          .*\n|\n)*`).ReplaceAllString(good, "        headnote: {file: notes/masoud.md}\n")
	if withFile == good {
		t.Fatal("the example's headnote has changed; update this test")
	}
	write(t, manifest, withFile)
	waitFor(t, &buf, built, 4)
	before := read(t, pdf)
	saveByRename(t, head, "A second, different headnote.\n")
	waitFor(t, &buf, built, 5)
	if read(t, pdf) == before {
		t.Error("the PDF did not change after the headnote file did")
	}

	// An image the source shows: changing the image alone (written in
	// place, twice as tall) starts a build that draws the new one.
	img := filepath.Join(dir, "sources", "map.png")
	writeImage(t, img, 40, 20)
	saveByRename(t, src, read(t, src)+"\n\n![A map of the region](map.png)\n")
	waitFor(t, &buf, built, 6)
	before = read(t, pdf)
	writeImage(t, img, 40, 40)
	waitFor(t, &buf, built, 7)
	if read(t, pdf) == before {
		t.Error("the PDF did not change after the image did")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("watch returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch did not stop when its context was cancelled")
	}
	if strings.Contains(buf.String(), "warning: watching") {
		t.Errorf("watcher errors:\n%s", buf.String())
	}
}

// Changes to files the reader does not use, and the built files
// themselves, do not start a build.
func TestWatchIgnoresOtherFiles(t *testing.T) {
	ws := &watchSet{files: map[string]bool{"/r/sources/a.md": true, "/r/intro.md": true}, libs: map[string]bool{"/r/sources": true}}
	for name, want := range map[string]bool{
		"/r/reader.yaml":         true,
		"/r/intro.md":            true,
		"/r/sources/a.md":        true,
		"/r/sources/new.md":      true, // a source added to the library
		"/r/sources/.a.md.swp":   false,
		"/r/sources/notes.txt":   false,
		"/r/out/r.pdf":           false,
		"/r/.reader.yaml.swp":    false,
		"/r/other.md":            false,
		"/r/reader.yaml~":        false,
		"/r/sources/sub/deep.md": false,
	} {
		if got := ws.relevant("/r/reader.yaml", name); got != want {
			t.Errorf("relevant(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestWatchMissingFolder(t *testing.T) {
	var buf syncBuffer
	err := watch(context.Background(), filepath.Join(t.TempDir(), "nope", "reader.yaml"), publish.Options{}, &buf, &buf, false)
	if err == nil || !strings.Contains(err.Error(), "cannot watch") {
		t.Errorf("err = %v", err)
	}
}

// A panic in one build is reported like run reports it, and the watcher
// goes on to the next change.
func TestWatchSurvivesAPanic(t *testing.T) {
	p := writeReader(t, "title: T\nitems: [test-letter]\nintroduction: |\n  Hello <q>there</q>.\n")
	var panicked sync.Once
	opt := publish.Options{OutDir: t.TempDir(), Warn: func(*book.Warning) {
		panicked.Do(func() { panic("boom") })
	}}
	var buf syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- watch(ctx, p, opt, &buf, &buf, false) }()
	waitFor(t, &buf, regexp.MustCompile(`internal error while processing `+regexp.QuoteMeta(p)+`: boom\nThis is a bug in Sourcebook.*\n\d\d:\d\d:\d\d build failed`), 1)
	waitFor(t, &buf, regexp.MustCompile(`watching `), 1)
	write(t, p, "title: T2\nitems: [test-letter]\n")
	waitFor(t, &buf, regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d built `), 1)
	cancel()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("watch did not stop")
	}
}

// TestWatchLibraryFollowsTheManifest: the library folders are looked up
// again when the manifest changes (it is not parsed again while it
// does not), and a folder missing at first is watched once it exists.
func TestWatchLibraryFollowsTheManifest(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"a", "c"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "reader.yaml")
	manifest := func(lib string) {
		write(t, path, "title: A reader\nsources: ["+lib+"]\nparts:\n  - items:\n      - id: x\n")
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer fw.Close()
	ws := &watchSet{fw: fw, dirs: map[string]bool{}, files: map[string]bool{}, libs: map[string]bool{}}
	watched := func(lib string) bool {
		a, _ := filepath.Abs(filepath.Join(dir, lib))
		return ws.libs[a]
	}
	manifest("a")
	ws.watchLibrary(path)
	ws.watchLibrary(path)
	if !watched("a") {
		t.Fatalf("library a not watched: %v", ws.libs)
	}
	manifest("b") // b does not exist yet
	ws.watchLibrary(path)
	if watched("b") {
		t.Fatal("a missing folder is watched")
	}
	if err := os.Mkdir(filepath.Join(dir, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	ws.watchLibrary(path)
	if !watched("b") {
		t.Errorf("library b not watched once it exists: %v", ws.libs)
	}
	manifest("c")
	ws.watchLibrary(path)
	if !watched("c") {
		t.Errorf("library c not watched after the manifest named it: %v", ws.libs)
	}
}
