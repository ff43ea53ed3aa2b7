package publish

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"sourcebook/book"
)

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	c := exec.Command("true")
	if err := c.Run(); err != nil {
		t.Skip("cannot run true:", err)
	}
	return c.Process.Pid
}

// TestRobustStaleTemporaryFiles: a temporary file left by a build that was
// killed (kill -9, SIGHUP before the handler existed) is removed by the
// next write into the folder; one of a build still running is not, nor
// any other file.
func TestRobustStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	dead := "." + "reader.epub" + tmpMark + strconv.Itoa(deadPID(t)) + "-3"
	live := "." + "reader.pdf" + tmpMark + strconv.Itoa(os.Getppid()) + "-1"
	own := "notes.sourcebook-tmp-1-1" // not hidden: not ours
	for _, f := range []string{dead, live, own} {
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	if err := WriteFile(filepath.Join(dir, "reader.epub"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{live, own, "reader.epub"}
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("folder holds %v, want %v", got, want)
	}
}

// TestRobustNoWriteAfterCleanUp: once the interrupt handler has cleaned
// up, no write can start and leave a temporary file behind (the window
// between making a temporary file and recording it is closed).
func TestRobustNoWriteAfterCleanUp(t *testing.T) {
	dir := t.TempDir()
	CleanUp()
	t.Cleanup(restart)
	err := WriteFile(filepath.Join(dir, "reader.pdf"), []byte("new"))
	if err == nil {
		t.Error("a write started after CleanUp")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files made after CleanUp: %v", entries)
	}
}

// TestRobustStaleHandouts: --handouts removes the handouts of documents
// no longer in the reader, and only files it wrote.
func TestRobustStaleHandouts(t *testing.T) {
	dir := t.TempDir()
	lib, _ := filepath.Abs("../../sources")
	write := func(items string) *book.Book {
		m := "title: Handouts\nname: h\ndate: 2026-01-01\nsources: [" + lib + "]\nitems: " + items + "\n"
		os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(m), 0o644)
		b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	out := filepath.Join(dir, "out")
	os.MkdirAll(out, 0o755)
	mine := filepath.Join(out, "h-handout-9.pdf") // the teacher's own file
	os.WriteFile(mine, []byte("mine"), 0o644)
	three := "[masoud-vorontsov-1989, masoud-vorontsov-1989, masoud-vorontsov-1989]"
	if _, err := Build(write(three), Options{OutDir: out, Formats: []Format{"pdf"}, Handouts: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(write("[masoud-vorontsov-1989]"), Options{OutDir: out, Formats: []Format{"pdf"}, Handouts: true}); err != nil {
		t.Fatal(err)
	}
	got, _ := filepath.Glob(filepath.Join(out, "h-handout-*.pdf"))
	for i := range got {
		got[i] = filepath.Base(got[i])
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "h-handout-1-") || got[1] != "h-handout-9.pdf" {
		t.Errorf("handouts after the reader shrank: %v, want h-handout-1-TITLE.pdf and the teacher's h-handout-9.pdf", got)
	}
}
