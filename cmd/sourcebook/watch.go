package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"sourcebook/book"
	"sourcebook/layouts/publish"
)

// debounce is how long the watcher waits after a change before building:
// editors write a file in several steps (write a temporary file, rename,
// change its mode), and a burst of saves should give one build.
const debounce = 150 * time.Millisecond

// watch builds the reader at path, then rebuilds it whenever the manifest
// or a file it was built from changes, until ctx is done. Each build
// prints one line to out ("15:04:05 built out/r.epub, out/r.pdf in
// 0.42s"); a failed one prints its errors and a line saying the last good
// files are kept to errw. Only an error that makes watching impossible is
// returned.
func watch(ctx context.Context, path string, opt publish.Options, out, errw io.Writer, quiet bool) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("cannot watch for changes: %w", err)
	}
	defer fw.Close()
	manifest, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	ws := &watchSet{fw: fw, dirs: map[string]bool{}, files: map[string]bool{}, libs: map[string]bool{}}
	// The manifest's folder is watched rather than the manifest, so that
	// an editor's save by rename is seen, and a manifest that does not
	// exist yet is built as soon as it does.
	if err := ws.addDir(filepath.Dir(manifest)); err != nil {
		return fmt.Errorf("cannot watch %s: %w", filepath.Dir(path), err)
	}
	// Work is kept between builds: a one-word edit sets one document again.
	opt.Cache = publish.NewCache()
	stamp := func() string { return time.Now().Format("15:04:05") }
	build := func() {
		// A bug met in one build should not end the session: report it
		// as run does, and keep watching for the next change.
		defer func() {
			if r := recover(); r != nil {
				fmt.Fprintf(errw, "sourcebook: internal error while processing %s: %v\n", path, r)
				fmt.Fprintf(errw, "This is a bug in Sourcebook; please report it with the input file.\n")
				fmt.Fprintf(errw, "%s build failed; the last good files are kept\n", stamp())
			}
		}()
		ws.watchLibrary(path)
		start := time.Now()
		b, res, err := buildOnce(path, opt, nil)
		if b != nil {
			// Inputs are read again after every build: the manifest may
			// now use another source or a new headnote file.
			ws.setInputs(manifest, b.Inputs)
		}
		if err != nil {
			fmt.Fprintln(errw, terminalSafe(err.Error()))
			fmt.Fprintf(errw, "%s build failed; the last good files are kept\n", stamp())
			return
		}
		if !quiet {
			fmt.Fprintf(out, "%s built %s in %.2fs\n", stamp(), nameSafe(strings.Join(builtNames(opt.OutDir, res.Files), ", ")), time.Since(start).Seconds())
		}
	}
	build()
	if !quiet {
		fmt.Fprintf(out, "watching %s and the files it uses for changes; press Ctrl-C to stop\n", path)
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod || !ws.relevant(manifest, ev.Name) {
				continue
			}
			opt.Cache.Book.Forget(ev.Name)
			timer.Reset(debounce)
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			fmt.Fprintf(errw, "warning: watching for changes: %v\n", err)
		case <-timer.C:
			build()
		}
	}
}

// watchSet is what the watcher listens to: folders (never single files,
// which an editor's rename would orphan) and, within them, the files
// whose changes call for a build.
type watchSet struct {
	fw    *fsnotify.Watcher
	dirs  map[string]bool // folders watched
	files map[string]bool // the book's inputs, absolute
	libs  map[string]bool // library folders: a new source there counts
	// The manifest's bytes when its library folders were all watched:
	// while they are the same, it is not parsed again (tens of
	// milliseconds for a long reader, on every rebuild).
	libsFrom []byte
}

func (ws *watchSet) addDir(dir string) error {
	if ws.dirs[dir] {
		return nil
	}
	if err := ws.fw.Add(dir); err != nil {
		return err
	}
	ws.dirs[dir] = true
	return nil
}

// setInputs replaces the set of input files and watches their folders.
func (ws *watchSet) setInputs(manifest string, inputs []string) {
	ws.files = map[string]bool{manifest: true}
	for _, in := range inputs {
		if a, err := filepath.Abs(in); err == nil {
			ws.files[a] = true
			ws.addDir(filepath.Dir(a)) // a folder that vanished is seen on the next build
		}
	}
}

// watchLibrary watches the library folders the manifest names, so that a
// source added for the reader triggers a build even before it is used.
func (ws *watchSet) watchLibrary(path string) {
	data, err := os.ReadFile(path)
	if err == nil && ws.libsFrom != nil && bytes.Equal(data, ws.libsFrom) {
		return
	}
	ws.libsFrom = nil
	m, _ := book.ReadManifest(path)
	if m == nil {
		return
	}
	dirs, err := book.LibraryDirs(m)
	all := err == nil
	for _, d := range dirs {
		if a, err := filepath.Abs(d); err == nil && ws.addDir(a) == nil {
			ws.libs[a] = true
		} else {
			all = false
		}
	}
	if all && data != nil {
		ws.libsFrom = data
	}
}

// relevant reports whether a change to name calls for a build: the
// manifest, an input, or a source file in a library folder. The built
// files, temporary files and editors' backups are not.
func (ws *watchSet) relevant(manifest, name string) bool {
	name = filepath.Clean(name)
	if name == manifest || ws.files[name] {
		return true
	}
	base := filepath.Base(name)
	return ws.libs[filepath.Dir(name)] && strings.HasSuffix(base, ".md") && !strings.HasPrefix(base, ".")
}
