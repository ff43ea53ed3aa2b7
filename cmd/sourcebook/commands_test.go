package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"sourcebook/book"
)

const goodSource = `---
id: test-letter
title: A Test Letter
date: 1989-09-02
type: letter
rights:
  status: public-domain
---
Dear friend, this is the text.
`

// writeReader lays out a reader folder with one source and returns the
// manifest's path.
func writeReader(t *testing.T, manifest string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "sources", "letter.md"), goodSource)
	p := filepath.Join(dir, "reader.yaml")
	write(t, p, manifest)
	return p
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Output goes to a buffer, not a terminal: a build prints nothing but
// errors unless asked with --verbose.
func TestBuildPrintsNothingWhenNotATerminal(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := sb(t, "build", example, "-o", dir)
	if code != 0 || out != "" || errs != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and nothing printed", code, out, errs)
	}
	code, out, _ = sb(t, "build", example, "-o", dir, "--verbose")
	want := regexp.MustCompile(`^built \S+/masoud-letter\.epub, \S+/masoud-letter\.pdf, \S+/masoud-letter-web/ \(\d+ print pages\) in \d+\.\d\ds\n$`)
	if code != 0 || !want.MatchString(out) {
		t.Errorf("--verbose: exit %d, stdout %q", code, out)
	}
	if code, _, errs := sb(t, "build", example, "-o", dir, "-q", "-v"); code != 2 || !strings.Contains(errs, "--quiet and --verbose") {
		t.Errorf("-q -v: exit %d, %q", code, errs)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := sb(t, "--version")
	if code != 0 || out != "sourcebook version dev\n" {
		t.Errorf("exit %d, %q", code, out)
	}
	version = "1.2.3"
	defer func() { version = "dev" }()
	if _, out, _ := sb(t, "--version"); out != "sourcebook version 1.2.3\n" {
		t.Errorf("with -X main.version: %q", out)
	}
}

func TestHelp(t *testing.T) {
	_, out, _ := sb(t, "--help")
	for _, want := range []string{"0  success", "1  problems in your files", "2  a mistake on the command line", "Examples:", "sourcebook new cold-war-reader"} {
		if !strings.Contains(out, want) {
			t.Errorf("root help lacks %q", want)
		}
	}
	for _, cmd := range []string{"new", "import", "list", "check", "build"} {
		code, out, _ := sb(t, cmd, "--help")
		if code != 0 || !strings.Contains(out, "Examples:\n  sourcebook "+cmd) {
			t.Errorf("%s --help: exit %d, no examples:\n%s", cmd, code, out)
		}
	}
}

// The five mistakes of book's TestAllMistakesReported, through the
// command: every one on its own line, located, then the count.
func TestCheckReportsEveryMistake(t *testing.T) {
	p := writeReader(t, `title: Five mistakes
layout: poster
parts:
  - title: One
    itemz: []
    items:
      - id: test-letter
        questions:
          - text: Why?
            stage: whenever
      - id: no-such-source
date: 2026-02-30
`)
	code, out, errs := sb(t, "check", p)
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", code, out)
	}
	got := strings.ReplaceAll(errs, filepath.Dir(p), "DIR")
	want := `DIR/reader.yaml:2:1: layout: "poster" is not one of handout, large-print, reader
DIR/reader.yaml:5:5: parts[1].itemz: unknown key "itemz"; did you mean "items"?
DIR/reader.yaml:10:13: parts[1].items[1].stage: "whenever" is not a stage; use before, during or after
DIR/reader.yaml:11:13: parts[1].items[2].id: no source with id "no-such-source" in the library (DIR/sources); the closest id is "test-letter"; ` + "`sourcebook list` shows them all" + `
DIR/reader.yaml:12:7: date: "2026-02-30" has day 30; February 2026 has 28 days
5 problems
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCheckGoodReaderWithWarning(t *testing.T) {
	p := writeReader(t, "title: T\nitems: [test-letter]\nintroduction: |\n  Hello <q>there</q>.\n")
	before, _ := os.ReadDir(filepath.Dir(p))
	code, out, errs := sb(t, "check", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != p+": no problems; 1 document, 1 warning\n" {
		t.Errorf("stdout %q", out)
	}
	if w := "warning: " + p + ":4: <q> is not an HTML element a book can set, so it is printed as written; use <sup>, <sub>, <u>, <s>, <small>, <abbr> or <br> for those, or escape the bracket (\\<) to say it is text\n"; errs != w {
		t.Errorf("stderr %q", errs)
	}
	after, _ := os.ReadDir(filepath.Dir(p))
	if len(after) != len(before) {
		t.Error("check wrote files")
	}
	code, _, errs = sb(t, "check", filepath.Join(t.TempDir(), "reader.yaml"))
	if code != 1 || !strings.HasSuffix(errs, "cannot read the reader manifest: no such file or directory\n1 problem\n") {
		t.Errorf("missing manifest: exit %d, %q", code, errs)
	}
}

func TestNewThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cold-war-reader")
	code, out, errs := sb(t, "new", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "created "+dir+": reader.yaml, introduction.md, sources/\n") {
		t.Errorf("stdout %q", out)
	}
	m := read(t, filepath.Join(dir, "reader.yaml"))
	for _, want := range []string{"title: Cold War Reader\n", "name: cold-war-reader\n", "docs/readers.md", "- id: masoud-vorontsov-1989\n"} {
		if !strings.Contains(m, want) {
			t.Errorf("reader.yaml lacks %q", want)
		}
	}
	outDir := t.TempDir()
	if code, _, errs := sb(t, "build", filepath.Join(dir, "reader.yaml"), "-o", outDir); code != 0 {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	for _, f := range []string{"cold-war-reader.epub", "cold-war-reader.pdf"} {
		if st, err := os.Stat(filepath.Join(outDir, f)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// A second new into the same folder changes nothing.
	code, _, errs = sb(t, "new", dir, "--title", "Other")
	if code != 1 || !strings.Contains(errs, "the folder already exists and is not empty") {
		t.Errorf("second new: exit %d, %q", code, errs)
	}
	if read(t, filepath.Join(dir, "reader.yaml")) != m {
		t.Error("second new changed reader.yaml")
	}
	if code, _, _ := sb(t, "new"); code != 2 {
		t.Errorf("new without a name: exit %d, want 2", code)
	}
}

func TestNewTitle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	if code, _, errs := sb(t, "new", dir, "--title", "Memo #4: The War"); code != 0 {
		t.Fatal(errs)
	}
	m, err := book.ReadManifest(filepath.Join(dir, "reader.yaml"))
	if err != nil || m.Title != "Memo #4: The War" || m.Name != "x" {
		t.Errorf("title %q name %q: %v", m.Title, m.Name, err)
	}
	for in, want := range map[string]string{"cold-war-reader": "Cold War Reader", "/a/b/us_history": "Us History", "ww2": "Ww2"} {
		if got := titleFromName(in); got != want {
			t.Errorf("titleFromName(%q) = %q, want %q", in, got, want)
		}
	}
}

const transcript = `Title: Address on the Situation in Testland
Speaker: Jane Q. Public
Date: March 12, 1947

Mr. Speaker, the gravity of the situation compels me to appear before you.

I am fully aware of the broad implications involved.
`

func TestImport(t *testing.T) {
	in := t.TempDir()
	lib := filepath.Join(t.TempDir(), "sources")
	write(t, filepath.Join(in, "testland.txt"), transcript)
	write(t, filepath.Join(in, "empty.txt"), "  \n")
	code, out, _ := sb(t, "import", in, "-o", lib)
	if code != 1 {
		t.Errorf("exit %d, want 1 for the empty file", code)
	}
	path := filepath.Join(lib, "public-situation-testland-1947.md")
	want := "written      " + path + "  (from " + filepath.Join(in, "testland.txt") + ")\n" +
		"             must fill in before use: rights.status\n" +
		"             could not fill in: place, language, source.citation, digital_copy.repository\n" +
		"failed       " + filepath.Join(in, "empty.txt") + ": the file is empty\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	data := read(t, path)
	if !strings.Contains(data, "title: Address on the Situation in Testland\n") || !strings.Contains(data, "date: 1947-03-12\n") {
		t.Errorf("source file:\n%s", data)
	}
	os.Remove(filepath.Join(in, "empty.txt"))

	// Again: nothing changes.
	st1, _ := os.Stat(path)
	time.Sleep(10 * time.Millisecond)
	code, out, _ = sb(t, "import", in, "-o", lib)
	st2, _ := os.Stat(path)
	if code != 0 || out != "unchanged    "+path+"  (from "+filepath.Join(in, "testland.txt")+")\n" || !st1.ModTime().Equal(st2.ModTime()) {
		t.Errorf("re-run: exit %d, %q, modified %v", code, out, !st1.ModTime().Equal(st2.ModTime()))
	}

	// An edited file is kept, unless --force.
	edited := strings.Replace(data, "title:", "rights:\n  status: public-domain\ntitle:", 1)
	write(t, path, edited)
	_, out, _ = sb(t, "import", filepath.Join(in, "testland.txt"), "-o", lib)
	if !strings.HasPrefix(out, "skipped: exists, use --force "+path) || read(t, path) != edited {
		t.Errorf("edited file: %q", out)
	}
	_, out, _ = sb(t, "import", filepath.Join(in, "testland.txt"), "-o", lib, "--force")
	if !strings.HasPrefix(out, "overwritten  "+path) || read(t, path) != data {
		t.Errorf("--force: %q", out)
	}

	if code, _, _ := sb(t, "import"); code != 2 {
		t.Errorf("import without files: exit %d, want 2", code)
	}
	code, out, _ = sb(t, "import", filepath.Join(in, "nothing.txt"), "-o", lib)
	if code != 1 || !strings.Contains(out, "failed       "+filepath.Join(in, "nothing.txt")+": cannot read: no such file or directory") {
		t.Errorf("missing file: exit %d, %q", code, out)
	}
}

func source(id, date, typ, title, body string) string {
	return "---\nid: " + id + "\ntitle: " + title + "\ndate: " + date + "\ntype: " + typ +
		"\nsubjects: [Cold War]\nsummary: About " + id + ".\nauthors: [Someone]\nrights:\n  status: public-domain\n---\n" + body
}

func listLibrary(t *testing.T) string {
	lib := t.TempDir()
	write(t, filepath.Join(lib, "a.md"), source("truman-1947", "1947-03-12", "speech", "The Truman Doctrine", "Greece and Turkey need help.\n"))
	write(t, filepath.Join(lib, "b.md"), source("masoud-1989", "1989-09-02", "letter",
		"Letter from Ahmad Shah Masoud to Soviet First Deputy Foreign Minister Yuli Vorontsov", "Mister Vorontsov!\n\nThe war goes on.\n"))
	write(t, filepath.Join(lib, "notes.md"), "just notes\n")
	return lib
}

func TestList(t *testing.T) {
	lib := listLibrary(t)
	code, out, errs := sb(t, "list", "--library", lib)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := `ID           DATE        TITLE                                     TYPE    WORDS  MIN  GRADE  RIGHTS
truman-1947  1947-03-12  The Truman Doctrine                       speech  5      1    0.5    public-domain
masoud-1989  1989-09-02  Letter from Ahmad Shah Masoud to Soviet…  letter  6      1    3.3    public-domain
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if !strings.HasPrefix(errs, "warning: "+filepath.Join(lib, "notes.md")+":1: a source file starts with YAML front matter") {
		t.Errorf("stderr %q", errs)
	}

	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"VORONTSOV"}, []string{"masoud-1989"}},
		{[]string{"greece"}, []string{"truman-1947"}},
		{[]string{"--to", "1947"}, []string{"truman-1947"}},
		{[]string{"--from", "1989-09-02"}, []string{"masoud-1989"}},
		{[]string{"--type", "letter"}, []string{"masoud-1989"}},
		{[]string{"--subject", "cold war"}, []string{"truman-1947", "masoud-1989"}},
		{[]string{"nothing-like-this"}, []string{}},
	} {
		code, out, _ := sb(t, append([]string{"list", "--library", lib, "--json"}, c.args...)...)
		var got []book.Entry
		if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
			t.Errorf("%v: exit %d, %v: %s", c.args, code, err, out)
			continue
		}
		ids := []string{}
		for _, e := range got {
			ids = append(ids, e.ID)
		}
		if strings.Join(ids, " ") != strings.Join(c.want, " ") {
			t.Errorf("%v: got %v, want %v", c.args, ids, c.want)
		}
	}

	_, out, _ = sb(t, "list", "--library", lib, "--json", "truman")
	var raw []map[string]any
	json.Unmarshal([]byte(out), &raw)
	for _, key := range []string{"id", "date", "title", "type", "words", "grade", "rights", "summary", "subjects", "authors", "file"} {
		if len(raw) != 1 || raw[0][key] == nil {
			t.Errorf("JSON lacks %q: %s", key, out)
		}
	}
	if code, _, errs := sb(t, "list", "--library", lib, "--from", "1989-13"); code != 2 || !strings.Contains(errs, `--from: "1989-13" has month 13`) {
		t.Errorf("bad --from: exit %d, %q", code, errs)
	}
	if code, _, errs := sb(t, "list", "--library", filepath.Join(lib, "nope")); code != 1 || !strings.Contains(errs, "the source library folder cannot be read") {
		t.Errorf("missing library: exit %d, %q", code, errs)
	}
}

// Without --library: the sources of reader.yaml here, else ./sources.
func TestListDefaultLibrary(t *testing.T) {
	lib := listLibrary(t)
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, errs := sb(t, "list"); code != 1 || !strings.Contains(errs, "there is no sources folder here and no reader.yaml") {
		t.Errorf("empty folder: exit %d, %q", code, errs)
	}
	write(t, filepath.Join(dir, "sources", "x.md"), source("only-here", "1950", "memorandum", "Here", "Text.\n"))
	if _, out, _ := sb(t, "list"); !strings.Contains(out, "only-here") || strings.Contains(out, "truman") {
		t.Errorf("./sources: %q", out)
	}
	write(t, filepath.Join(dir, "reader.yaml"), "title: T\nsources: ["+lib+"]\nitems: [truman-1947]\n")
	if _, out, _ := sb(t, "list"); strings.Contains(out, "only-here") || !strings.Contains(out, "truman-1947") {
		t.Errorf("reader.yaml's sources: %q", out)
	}
}

func TestProgressOnlyAfterDelay(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(&buf, time.Second, "reading reader.yaml")
	p.stop()
	if buf.Len() != 0 {
		t.Errorf("a quick build drew a spinner: %q", buf.String())
	}
	buf.Reset()
	p = startProgress(&buf, 10*time.Millisecond, "reading reader.yaml")
	time.Sleep(100 * time.Millisecond)
	p.step("setting masoud-letter")
	time.Sleep(250 * time.Millisecond)
	p.stop()
	s := buf.String()
	if !strings.Contains(s, "reading reader.yaml") || !strings.Contains(s, "setting masoud-letter") {
		t.Errorf("spinner: %q", s)
	}
	// It ends by clearing its line, so that the result line is clean.
	if !strings.HasSuffix(s, "\r") {
		t.Errorf("the spinner was not cleared: %q", s[max(0, len(s)-40):])
	}
	var nilp *progress
	nilp.step("x")
	nilp.stop()
}
