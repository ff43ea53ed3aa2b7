package publish

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sourcebook/layouts/presets"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sourcebook/book"
)

// The tests in this file back docs/robustness.md for the whole pipeline:
// bad inputs that build, writes that fail, and reproducible output.

const robustFront = "---\nid: test-letter\ntitle: A Test Letter\ndate: 1989-09-02\ntype: letter\nrights:\n  status: public-domain\n---\n"

// robustBook writes a reader of one source with body and loads it.
func robustBook(t *testing.T, body string) (*book.Book, string) {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	os.WriteFile(filepath.Join(dir, "sources", "letter.md"), []byte(robustFront+body), 0o644)
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte("title: T\ndate: 2026-01-01\nname: robust\nitems: [test-letter]\n"), 0o644)
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	return b, dir
}

// TestRobustBuildsBadInputs: the bad inputs that build do build, in both
// editions and every layout, with exactly the renderer warnings listed
// (file and line first). Book-level warnings are book's tests' business.
func TestRobustBuildsBadInputs(t *testing.T) {
	var list, quotes strings.Builder
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&list, "%s- level %d of a list nested fifty deep\n", strings.Repeat("  ", i), i+1)
		fmt.Fprintf(&quotes, "%s level %d of a quotation nested fifty deep\n", strings.Repeat("> ", i+1), i+1)
	}
	cases := []struct {
		name, body string
		layouts    []string
		warnings   []string // renderer warnings, DIR for the reader folder
		pages      int      // at least, in the reader layout
	}{
		{name: "zero-width and bidi", body: "zero\u200bwidth \u200cand \u202eoverride\u202c text.\n"},
		// U+1FAE8 (Unicode 15) is in no font Sourcebook embeds or Debian
		// installs in CI; characters installed fonts have are printed.
		{name: "above U+FFFF", body: "Emoji 🫨 here.\n", warnings: []string{
			`DIR/sources/letter.md:9: no font has the character U+1FAE8 "🫨"; a placeholder box is printed instead`}},
		{name: "tabs", body: "\tIndented.\n\nWords\tand\ttabs.\n"},
		{name: "100,000-character word", body: "Before " + strings.Repeat("abcdefghij", 10_000) + " after.\n", pages: 20},
		{name: "50-level list", body: list.String(), layouts: []string{"reader", "handout", "large-print"}},
		{name: "50-level quotes", body: quotes.String(), layouts: []string{"reader", "handout", "large-print"}},
		{name: "raw HTML", body: "<script>x()</script>\n\nText <b onclick=\"x()\">bold</b>.\n"},
		{name: "5 MB paragraph", body: strings.Repeat("A line of a very long paragraph, wrapped as typed.\n", 100_000), pages: 1000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if testing.Short() && c.pages >= 1000 {
				t.Skip("slow")
			}
			b, dir := robustBook(t, c.body)
			lays := c.layouts
			if lays == nil {
				lays = []string{"reader"}
			}
			for _, lay := range lays {
				var warnings []string
				out := t.TempDir()
				res, err := Build(b, Options{OutDir: out, Layout: presets.Layout(lay), Warn: func(w *book.Warning) {
					warnings = append(warnings, strings.ReplaceAll(w.Error(), dir, "DIR"))
				}})
				if err != nil {
					t.Fatalf("%s: %v", lay, err)
				}
				if got := strings.Join(warnings, "\n"); got != strings.Join(c.warnings, "\n") {
					t.Errorf("%s: warnings\n%s\nwant\n%s", lay, got, strings.Join(c.warnings, "\n"))
				}
				if lay == "reader" && res.Pages < c.pages {
					t.Errorf("%d pages, want at least %d", res.Pages, c.pages)
				}
				checkOutputs(t, out, "robust")
			}
		})
	}
}

// TestRobustHostileReader: the reader full of raw HTML and unsafe links
// (testdata/robust/hostile) builds in both editions; everything dropped
// was reported when the book was assembled, and the renderers find
// nothing more to drop. layouts/epub TestRobustNoActiveContent checks the
// EPUB's files one by one.
func TestRobustHostileReader(t *testing.T) {
	b, err := book.Load("../../testdata/robust/hostile/reader.yaml", book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Warnings) == 0 {
		t.Fatal("nothing was reported")
	}
	out := t.TempDir()
	var warnings []string
	if _, err := Build(b, Options{OutDir: out, Edition: "teacher", Warn: func(w *book.Warning) { warnings = append(warnings, w.Error()) }}); err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("renderer warnings: %v", warnings)
	}
	checkOutputs(t, out, "hostile-teacher")
}

// checkOutputs checks that NAME.pdf and NAME.epub are complete files.
func checkOutputs(t *testing.T, dir, name string) {
	t.Helper()
	pdf, err := os.ReadFile(filepath.Join(dir, name+".pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[max(0, len(pdf)-1024):], []byte("%%EOF")) {
		t.Errorf("%s.pdf is not a complete PDF (%v)", name, err)
	}
	ep, err := os.ReadFile(filepath.Join(dir, name+".epub"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zip.NewReader(bytes.NewReader(ep), int64(len(ep))); err != nil {
		t.Errorf("%s.epub: %v", name, err)
	}
	noTemps(t, dir)
}

// noTemps fails if a temporary file of WriteFile is left in dir.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	tmps, _ := filepath.Glob(filepath.Join(dir, ".*"+tmpMark+"*"))
	if len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}

// failingFile is a real temporary file whose Write, Sync or Close fails
// as a full disk makes them fail, after writing part of the data.
type failingFile struct {
	*os.File
	failWrite, failSync, failClose bool
}

func (f *failingFile) Write(p []byte) (int, error) {
	if f.failWrite {
		n, _ := f.File.Write(p[:len(p)/2])
		return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.Write(p)
}

func (f *failingFile) Sync() error {
	if f.failSync {
		return &os.PathError{Op: "sync", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.Sync()
}

func (f *failingFile) Close() error {
	err := f.File.Close()
	if f.failClose {
		return &os.PathError{Op: "close", Path: f.Name(), Err: syscall.EIO}
	}
	return err
}

// withCreateTemp replaces WriteFile's createTemp for one test.
func withCreateTemp(t *testing.T, f func(name string) (tempFile, error)) {
	t.Helper()
	old := createTemp
	createTemp = f
	t.Cleanup(func() { createTemp = old })
}

// TestRobustWriteFileFullDisk: a disk that fills up while the new file is
// written (in Write, Sync or Close) leaves the previous file as it was and
// no temporary file, and the error says what failed.
func TestRobustWriteFileFullDisk(t *testing.T) {
	for _, c := range []struct {
		name string
		ff   failingFile
		want error
	}{
		{"write", failingFile{failWrite: true}, syscall.ENOSPC},
		{"sync", failingFile{failSync: true}, syscall.ENOSPC},
		{"close", failingFile{failClose: true}, syscall.EIO},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "reader.pdf")
			os.WriteFile(path, []byte("the previous edition"), 0o644)
			created := ""
			withCreateTemp(t, func(name string) (tempFile, error) {
				f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
				if err != nil {
					return nil, err
				}
				created = f.Name()
				ff := c.ff
				ff.File = f
				return &ff, nil
			})
			err := WriteFile(path, bytes.Repeat([]byte("new "), 1000))
			if err == nil || !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), "cannot write "+path+": ") {
				t.Errorf("error %v, want %v naming %s", err, c.want, path)
			}
			if created == "" {
				t.Fatal("no temporary file was made")
			}
			if got, _ := os.ReadFile(path); string(got) != "the previous edition" {
				t.Errorf("previous file changed: %q", got)
			}
			noTemps(t, dir)
		})
	}
}

// TestRobustWriteFileErrors: an output path that cannot be written (a
// folder in its place, a read-only folder, a folder that does not exist)
// gives an error naming it, and touches nothing.
func TestRobustWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	// A folder where the file should be.
	in := filepath.Join(dir, "reader.epub")
	os.MkdirAll(filepath.Join(in, "keep"), 0o755)
	err := WriteFile(in, []byte("data"))
	if err == nil || err.Error() != "cannot write "+in+": a folder of that name is in the way" {
		t.Errorf("folder in the way: %v", err)
	}
	if _, err := os.Stat(filepath.Join(in, "keep")); err != nil {
		t.Errorf("the folder was touched: %v", err)
	}
	// A folder that does not exist.
	missing := filepath.Join(dir, "no", "such", "reader.pdf")
	if err := WriteFile(missing, []byte("data")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
	noTemps(t, dir)

	// A read-only folder (root may write anywhere: nothing to test then).
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o755)
	old := filepath.Join(ro, "reader.pdf")
	os.WriteFile(old, []byte("the previous edition"), 0o644)
	os.Chmod(ro, 0o555)
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	if f, err := os.CreateTemp(ro, "probe"); err == nil {
		f.Close()
		os.Remove(f.Name())
		t.Log("running as a user who may write to read-only folders; read-only case not tested")
	} else {
		err := WriteFile(old, []byte("new"))
		if err == nil || !errors.Is(err, os.ErrPermission) || !strings.Contains(err.Error(), old) {
			t.Errorf("read-only folder: %v", err)
		}
		if got, _ := os.ReadFile(old); string(got) != "the previous edition" {
			t.Errorf("previous file changed: %q", got)
		}
		noTemps(t, ro)
	}
}

// TestRobustWriteFileReplaces: the success path keeps the permissions of
// the file it replaces, and leaves nothing else behind.
func TestRobustWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reader.pdf")
	if err := WriteFile(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v", st.Mode())
	}
	os.Chmod(path, 0o600)
	if err := WriteFile(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	got, _ := os.ReadFile(path)
	if string(got) != "second" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q, mode %v", got, st.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries", len(entries))
	}
}

// blockingFile blocks its first Write until released, so that a test can
// interrupt a write in progress.
type blockingFile struct {
	*os.File
	started, release chan struct{}
}

func (f *blockingFile) Write(p []byte) (int, error) {
	close(f.started)
	<-f.release
	return f.File.Write(p)
}

// TestRobustInterruptedWrite: what an interrupt handler does (CleanUp,
// then exit) in the middle of a write leaves the previous file intact and
// no temporary file.
func TestRobustInterruptedWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reader.epub")
	os.WriteFile(path, []byte("the previous edition"), 0o644)
	bf := &blockingFile{started: make(chan struct{}), release: make(chan struct{})}
	withCreateTemp(t, func(name string) (tempFile, error) {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		bf.File = f
		return bf, err
	})
	done := make(chan error)
	go func() { done <- WriteFile(path, []byte("the new edition")) }()
	<-bf.started
	if tmps, _ := filepath.Glob(filepath.Join(dir, ".*"+tmpMark+"*")); len(tmps) != 1 {
		t.Fatalf("temporary files during the write: %v", tmps)
	}
	CleanUp() // the interrupt handler
	t.Cleanup(restart)
	noTemps(t, dir)
	if got, _ := os.ReadFile(path); string(got) != "the previous edition" {
		t.Errorf("previous file changed: %q", got)
	}
	// Were the process not to exit, the write would fail, not complete
	// half-way.
	close(bf.release)
	if err := <-done; err == nil {
		t.Error("a write whose temporary file was removed succeeded")
	}
	if got, _ := os.ReadFile(path); string(got) != "the previous edition" {
		t.Errorf("previous file changed: %q", got)
	}
	noTemps(t, dir)
}

// TestRobustNothingWrittenUntilRendered: Build replaces nothing until
// every requested edition has rendered, so an edition that fails (or an
// interrupt during rendering, which is nearly all of a build's time)
// leaves the previous files as they were. Editions write as they render,
// but only to temporary files, which a failure removes.
func TestRobustNothingWrittenUntilRendered(t *testing.T) {
	b, err := book.Load(exampleReader, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	for _, f := range []string{"masoud-letter.pdf", "masoud-letter.epub"} {
		os.WriteFile(filepath.Join(out, f), []byte("previous "+f), 0o644)
	}
	var (
		opened   sync.Mutex
		openedAs []string
	)
	withCreateTemp(t, func(name string) (tempFile, error) {
		opened.Lock()
		openedAs = append(openedAs, name)
		opened.Unlock()
		return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	})
	// The PDF and EPUB render; a third edition fails.
	Register(failing{})
	t.Cleanup(func() {
		regMu.Lock()
		delete(registry, "failing")
		regMu.Unlock()
	})
	_, err = Build(b, Options{OutDir: out, Formats: []Format{"pdf", "epub", "failing"}})
	if err == nil || !strings.Contains(err.Error(), "failing edition") {
		t.Fatalf("error %v", err)
	}
	if _, err := Build(b, Options{OutDir: out, Edition: "bogus"}); err == nil || !strings.Contains(err.Error(), "not an edition") {
		t.Fatalf("an unknown edition: %v", err)
	}
	for _, name := range openedAs {
		if !tmpRE.MatchString(filepath.Base(name)) {
			t.Errorf("%s was opened for writing before every edition rendered", name)
		}
		if _, err := os.Lstat(name); err == nil {
			t.Errorf("the temporary file %s was left behind", name)
		}
	}
	for _, f := range []string{"masoud-letter.pdf", "masoud-letter.epub"} {
		if got, _ := os.ReadFile(filepath.Join(out, f)); string(got) != "previous "+f {
			t.Errorf("%s changed", f)
		}
	}
	noTemps(t, out)

	// Writing happens after rendering, and a failed write keeps the file
	// it was to replace: here the PDF's place is taken by a folder.
	os.Remove(filepath.Join(out, "masoud-letter.pdf"))
	os.Mkdir(filepath.Join(out, "masoud-letter.pdf"), 0o755)
	_, err = Build(b, Options{OutDir: out, Formats: []Format{"pdf"}})
	if err == nil || !strings.Contains(err.Error(), "a folder of that name is in the way") {
		t.Errorf("error %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "masoud-letter.epub")); string(got) != "previous masoud-letter.epub" {
		t.Error("the EPUB changed though only the PDF was asked for")
	}
	noTemps(t, out)
}

// buildBytes builds the reader at path and returns its PDF and EPUB.
func buildBytes(t *testing.T, path string, workers int) (pdf, epub []byte) {
	t.Helper()
	b, err := book.Load(path, book.Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Build(b, Options{OutDir: out, Workers: workers}); err != nil {
		t.Fatal(err)
	}
	pdf, _ = os.ReadFile(filepath.Join(out, b.Name+".pdf"))
	epub, _ = os.ReadFile(filepath.Join(out, b.Name+".epub"))
	if len(pdf) == 0 || len(epub) == 0 {
		t.Fatal("nothing built")
	}
	return pdf, epub
}

// TestRobustReproducibleChild builds a reader for TestRobustReproducible
// in a process started with another TZ; it does nothing otherwise.
func TestRobustReproducibleChild(t *testing.T) {
	reader, out := os.Getenv("ROBUST_READER"), os.Getenv("ROBUST_OUT")
	if reader == "" || out == "" {
		t.Skip("run by TestRobustReproducible")
	}
	pdf, epub := buildBytes(t, reader, 0)
	os.WriteFile(filepath.Join(out, "out.pdf"), pdf, 0o644)
	os.WriteFile(filepath.Join(out, "out.epub"), epub, 0o644)
	os.WriteFile(filepath.Join(out, "zone"), []byte(time.Now().Format("MST -0700")), 0o644)
}

// TestRobustReproducible: the bundled example gives the same bytes on
// every run, for any number of workers, and in any time zone (the test
// binary is run again with TZ=UTC and TZ=Pacific/Kiritimati, UTC+14, where
// the date is a day ahead of most of the world). A reader without a date
// (dated by its files' modification time) does too.
func TestRobustReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	pdf1, epub1 := buildBytes(t, exampleReader, 1)
	for _, w := range []int{1, 2, 5} {
		pdf, epub := buildBytes(t, exampleReader, w)
		if !bytes.Equal(pdf, pdf1) || !bytes.Equal(epub, epub1) {
			t.Errorf("workers=%d: output differs from workers=1 (pdf %v, epub %v)", w, bytes.Equal(pdf, pdf1), bytes.Equal(epub, epub1))
		}
	}

	// A reader without a date, its files dated late on 31 December (UTC),
	// which is already 1 January in Kiritimati.
	undated := t.TempDir()
	os.MkdirAll(filepath.Join(undated, "sources"), 0o755)
	os.WriteFile(filepath.Join(undated, "reader.yaml"), []byte("title: Undated\nname: undated\nitems: [test-letter]\n"), 0o644)
	os.WriteFile(filepath.Join(undated, "sources", "letter.md"), []byte(robustFront+"Text of the letter.\n"), 0o644)
	when := time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)
	for _, f := range []string{"reader.yaml", "sources/letter.md"} {
		os.Chtimes(filepath.Join(undated, f), when, when)
	}

	for _, reader := range []string{exampleReader, filepath.Join(undated, "reader.yaml")} {
		abs, _ := filepath.Abs(reader)
		var outs [][]byte
		for _, tz := range []string{"UTC", "Pacific/Kiritimati"} {
			if _, err := time.LoadLocation(tz); err != nil {
				t.Skipf("no time zone data: %v", err)
			}
			out := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestRobustReproducibleChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "TZ="+tz, "ROBUST_READER="+abs, "ROBUST_OUT="+out, "SOURCE_DATE_EPOCH=")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("TZ=%s: %v\n%s", tz, err, msg)
			}
			zone, _ := os.ReadFile(filepath.Join(out, "zone"))
			if tz == "Pacific/Kiritimati" && !strings.HasSuffix(string(zone), "+1400") {
				t.Fatalf("the child did not run in %s: %s", tz, zone)
			}
			pdf, _ := os.ReadFile(filepath.Join(out, "out.pdf"))
			epub, _ := os.ReadFile(filepath.Join(out, "out.epub"))
			outs = append(outs, pdf, epub)
		}
		if !bytes.Equal(outs[0], outs[2]) || !bytes.Equal(outs[1], outs[3]) {
			t.Errorf("%s: output differs between TZ=UTC and TZ=Pacific/Kiritimati (pdf %v, epub %v)", reader, bytes.Equal(outs[0], outs[2]), bytes.Equal(outs[1], outs[3]))
		}
		if reader == exampleReader && (!bytes.Equal(outs[0], pdf1) || !bytes.Equal(outs[1], epub1)) {
			t.Errorf("the example built in another process differs")
		}
	}
}

// restart undoes CleanUp, for the tests after one that interrupts.
func restart() {
	mu.Lock()
	defer mu.Unlock()
	stopped = false
}

// failing is an edition that cannot be rendered.
type failing struct{}

func (failing) Format() Format                { return "failing" }
func (failing) Describe() string              { return "fails" }
func (failing) Render(*Job) ([]Output, error) { return nil, errors.New("no") }
