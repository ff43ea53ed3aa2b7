package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sourcebook/book"
)

// TestHelperMain runs the command line given in SOURCEBOOK_TEST_ARGS
// (separated by \x1f) in a process of its own, for tests that signal it.
func TestHelperMain(t *testing.T) {
	a := os.Getenv("SOURCEBOOK_TEST_ARGS")
	if a == "" {
		t.Skip("helper process")
	}
	os.Exit(run(strings.Split(a, "\x1f"), os.Stdout, os.Stderr))
}

// TestRobustUsageByType: exit 2 is for the command line only. An
// operating-system error whose text happens to read "invalid argument"
// is a problem with the input (exit 1); an unknown command is still a
// usage error.
func TestRobustUsageByType(t *testing.T) {
	p := writeReader(t, "title: T\ndate: 2026-01-01\nitems: [test-letter]\n")
	code, _, errs := sb(t, "build", p, "-o", filepath.Join(t.TempDir(), "a\x00b"), "-q")
	if code != 1 || strings.Contains(errs, "--help") {
		t.Errorf("an output folder the system refuses: exit %d, want 1 without usage help: %q", code, errs)
	}
	nul := writeReader(t, "title: T\nname: \"a\\0b\"\ndate: 2026-01-01\nitems: [test-letter]\n")
	if code, _, errs := sb(t, "build", nul, "-o", t.TempDir(), "-q"); code != 1 || !strings.Contains(errs, "name:") {
		t.Errorf("a NUL in name: exit %d, want 1 naming the field: %q", code, errs)
	}
	if code, _, errs := sb(t, "frobnicate"); code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d: %q", code, errs)
	}
	if code, _, errs := sb(t, "check", "a", "b"); code != 2 || !strings.Contains(errs, "--help") {
		t.Errorf("too many arguments: exit %d: %q", code, errs)
	}
}

// TestRobustNewEmptyName: `sourcebook new ""` is refused and writes
// nothing into the current folder.
func TestRobustNewEmptyName(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("x"), 0o644)
	old, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(old)
	code, _, errs := sb(t, "new", "")
	if code != 2 {
		t.Errorf("exit %d, want 2: %q", code, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("new \"\" wrote into the current folder: %v", entries)
	}
}

// TestRobustListUnreadableLibrary: a library that is not a folder is an
// error, not an empty list.
func TestRobustListUnreadableLibrary(t *testing.T) {
	for _, lib := range []string{"/dev/zero", filepath.Join(t.TempDir(), "file.md")} {
		os.WriteFile(lib, []byte("x"), 0o644)
		code, _, errs := sb(t, "list", "--library", lib)
		if code != 1 || !strings.Contains(errs, "not a folder") {
			t.Errorf("list --library %s: exit %d: %q", lib, code, errs)
		}
	}
}

// TestRobustTerminalEscapes: names taken from files reach the terminal
// with their control characters escaped.
func TestRobustTerminalEscapes(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "evil\x1b[2J\rname\u202e.txt")
	os.WriteFile(name, []byte("Title: A Letter\nDate: 1989-09-02\n\nText.\n"), 0o644)
	_, out, errs := sb(t, "import", name, "-o", filepath.Join(dir, "sources"))
	for _, s := range []string{out, errs} {
		if strings.ContainsAny(s, "\x1b\r\u202e") {
			t.Errorf("raw control characters printed: %q", s)
		}
	}
	if !strings.Contains(out, `\u{1B}`) {
		t.Errorf("the escape is not shown: %q", out)
	}
}

// TestRobustHangup: SIGHUP (the terminal closed) stops a build as Ctrl-C
// does: a message, exit 130, and no temporary file left.
func TestRobustHangup(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large reader")
	}
	dir := t.TempDir()
	body := strings.Repeat("A long paragraph of words that goes on and on. ", 100000)
	write(t, filepath.Join(dir, "sources", "letter.md"), strings.Replace(goodSource, "Dear friend, this is the text.", body, 1))
	write(t, filepath.Join(dir, "reader.yaml"), "title: T\ndate: 2026-01-01\nitems: [test-letter]\n")
	out := filepath.Join(dir, "out")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperMain$")
	cmd.Env = append(os.Environ(), "SOURCEBOOK_TEST_ARGS="+strings.Join([]string{"build", filepath.Join(dir, "reader.yaml"), "-o", out, "-q"}, "\x1f"))
	var errb strings.Builder
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGHUP)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("after SIGHUP: exit %d (%v), stderr %q; want 130 and a message", code, cmd.ProcessState, errb.String())
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), "tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestRobustImportAtTheCap imports files at the import's size cap (twice
// Limits.SourceBytes) in a process of its own: a transcript whose text is
// over what a build reads (refused) and a web page whose text is within
// it (written). Each stays under 60 s and 1 GB of peak memory.
func TestRobustImportAtTheCap(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 20 MB files")
	}
	dir := t.TempDir()
	limit := 2 * book.DefaultLimits().SourceBytes
	para := strings.Repeat("the peace of nations and the freedom of people in the world ", 20) + "\n\n"
	transcript := "Title: Big\nDate: 1989-09-02\n\n" + strings.Repeat(para, int(limit-100)/len(para))
	var page strings.Builder
	page.WriteString("<html><head><title>Big</title></head><body>")
	for page.Len() < int(limit/2) {
		page.WriteString(`<p class="x" style="margin:0"><span>` + para + "</span></p>\n")
	}
	for page.Len() < int(limit-100) {
		page.WriteString(`<div class="pad"></div>` + "\n")
	}
	page.WriteString("</body></html>\n")
	for name, data := range map[string]string{"big.txt": transcript, "big.html": page.String()} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			os.WriteFile(p, []byte(data), 0o644)
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperMain$")
			cmd.Env = append(os.Environ(), "SOURCEBOOK_TEST_ARGS="+strings.Join([]string{"import", p, "-o", filepath.Join(dir, "out-"+name)}, "\x1f"))
			var out strings.Builder
			cmd.Stdout = &out
			start := time.Now()
			cmd.Run()
			elapsed := time.Since(start)
			rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10
			t.Logf("%s (%d bytes): %.1f s, peak %d MB: %.200s", name, len(data), elapsed.Seconds(), rss>>20, out.String())
			if rss > 1<<30 || elapsed > 60*time.Second {
				t.Errorf("%.1f s, %d MB", elapsed.Seconds(), rss>>20)
			}
			want := map[string]string{"big.txt": "Limits.SourceBytes", "big.html": "written"}[name]
			if !strings.Contains(out.String(), want) {
				t.Errorf("output %q, want %q", out.String(), want)
			}
		})
	}
}
