package book

import (
	"os"
	"path/filepath"
	"sourcebook/book/input"
	"strings"
	"testing"
)

// writeReader lays out a reader folder with one source and returns the
// manifest's path.
func writeReader(t *testing.T, manifest string, source string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sources"), 0o755); err != nil {
		t.Fatal(err)
	}
	if source != "" {
		if err := os.WriteFile(filepath.Join(dir, "sources", "letter.md"), []byte(source), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "reader.yaml")
	if err := os.WriteFile(p, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

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

// loadErr loads the reader and returns its error message with the
// temporary folder replaced by DIR.
func loadErr(t *testing.T, path string) string {
	t.Helper()
	_, err := Load(path, Options{})
	if err == nil {
		t.Fatal("expected an error")
	}
	return strings.ReplaceAll(err.Error(), filepath.Dir(path), "DIR")
}

func TestErrorMissingSourceID(t *testing.T) {
	p := writeReader(t, "title: T\nparts:\n  - title: One\n    items:\n      - id: test-leter\n", goodSource)
	got := loadErr(t, p)
	want := `DIR/reader.yaml:5:13: parts[1].items[1].id: no source with id "test-leter" in the library (DIR/sources); did you mean "test-letter"?`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestErrorMalformedDate(t *testing.T) {
	src := strings.Replace(goodSource, "date: 1989-09-02", "date: 1989-13-02", 1)
	p := writeReader(t, "title: T\nitems: [test-letter]\n", src)
	got := loadErr(t, p)
	want := `DIR/sources/letter.md:4:7: date: "1989-13-02" has month 13; months run from 01 to 12`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	src = strings.Replace(goodSource, "date: 1989-09-02", "date: 2 Sept 1989", 1)
	p = writeReader(t, "title: T\nitems: [test-letter]\n", src)
	got = loadErr(t, p)
	want = `DIR/sources/letter.md:4:7: date: "2 Sept 1989" is not a date; write YYYY-MM-DD (1989-09-02), YYYY-MM (1989-09) or YYYY (1989), adding ? if uncertain or ~ if approximate`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestErrorBadYAML(t *testing.T) {
	p := writeReader(t, "title: T\nparts:\n  - title: One\n   items: [test-letter]\n", goodSource)
	got := loadErr(t, p)
	want := `DIR/reader.yaml:4: did not find expected '-' indicator (check the indentation and quoting of this line)`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Bad YAML in a source's front matter is located in the source file.
	src := strings.Replace(goodSource, "type: letter", "type: [letter", 1)
	p = writeReader(t, "title: T\nitems: [test-letter]\n", src)
	got = loadErr(t, p)
	if !strings.HasPrefix(got, "DIR/sources/letter.md:") {
		t.Errorf("source YAML error not located in the source: %s", got)
	}
}

func TestErrorMissingFile(t *testing.T) {
	got := loadErr(t, filepath.Join(t.TempDir(), "reader.yaml"))
	want := `DIR/reader.yaml: cannot read the reader manifest: no such file or directory`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	p := writeReader(t, "title: T\nintroduction: {file: intro.md}\nitems: [test-letter]\n", goodSource)
	got = loadErr(t, p)
	want = `DIR/reader.yaml:2:15: introduction: "intro.md" does not exist (looked for DIR/intro.md)`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestErrorUnknownKey(t *testing.T) {
	p := writeReader(t, "title: T\nsubtitel: S\nitems:\n  - id: test-letter\n    headnot: x\n", goodSource)
	got := loadErr(t, p)
	want := "DIR/reader.yaml:2:1: subtitel: unknown key \"subtitel\"; did you mean \"subtitle\"?\n" +
		"DIR/reader.yaml:5:5: items[1].headnot: unknown key \"headnot\"; did you mean \"headnote\"?"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestErrorsAreAllReported(t *testing.T) {
	src := strings.Replace(goodSource, "status: public-domain", "status: publicdomain", 1)
	p := writeReader(t, "title: T\nitems: [test-letter, nothing-here]\n", src)
	got := loadErr(t, p)
	if !strings.Contains(got, `"publicdomain" is not a rights status`) || !strings.Contains(got, `did you mean "public-domain"`) {
		t.Errorf("rights status error missing: %s", got)
	}
}

func TestConfinement(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644)
	os.WriteFile(filepath.Join(dir, "ok.md"), []byte("fine"), 0o644)
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := input.Resolve(dir, "ok.md"); err != nil {
		t.Errorf("ok.md refused: %v", err)
	}
	for _, c := range []struct{ path, want string }{
		{"../" + filepath.Base(outside) + "/secret.md", "outside the reader's folder"},
		{filepath.Join(outside, "secret.md"), "absolute path"},
		{"link.md", "is a link to"},
		{"https://example.org/x.png", "web address"},
	} {
		_, err := input.Resolve(dir, c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Resolve(%q) = %v, want an error containing %q", c.path, err, c.want)
		}
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[string]string{
		"1989-09-02": "2 September 1989", "1989-09": "September 1989", "1989?": "1989?",
		"1989~": "c. 1989", "1989-09/1989-10": "September 1989–October 1989",
	} {
		d, err := ParseDate(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if English.Date(d) != want {
			t.Errorf("%s: got %q want %q", in, English.Date(d), want)
		}
	}
	for _, bad := range []string{"1989-02-30", "89", "1989-9-2", "2 Sept 1989", "1990/1989"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

func TestAllMistakesReported(t *testing.T) {
	manifest := `title: Five mistakes
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
`
	p := writeReader(t, manifest, goodSource)
	got := strings.Split(loadErr(t, p), "\n")
	want := []string{
		`DIR/reader.yaml:2:1: layout: "poster" is not one of handout, large-print, reader`,
		`DIR/reader.yaml:5:5: parts[1].itemz: unknown key "itemz"; did you mean "items"?`,
		`DIR/reader.yaml:10:13: parts[1].items[1].stage: "whenever" is not a stage; use before, during or after`,
		`DIR/reader.yaml:11:13: parts[1].items[2].id: no source with id "no-such-source" in the library (DIR/sources); the closest id is "test-letter"; ` + "`sourcebook list` shows them all",
		`DIR/reader.yaml:12:7: date: "2026-02-30" has day 30; February 2026 has 28 days`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBrokenUnusedSourceIsAWarning(t *testing.T) {
	p := writeReader(t, "title: T\nitems: [test-letter]\ndate: 2026-01-01\n", goodSource)
	os.WriteFile(filepath.Join(filepath.Dir(p), "sources", "notes.md"), []byte("Just some notes.\n"), 0o644)
	b, err := Load(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0].Error(), "notes.md:1: a source file starts with YAML front matter") {
		t.Errorf("warnings: %v", b.Warnings)
	}
}
