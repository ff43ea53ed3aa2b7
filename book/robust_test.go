package book

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sourcebook/book/markup"
)

// The tests in this file back the table in docs/robustness.md: for each
// kind of bad input, what Sourcebook does with it, exactly.

// front is a valid source's front matter: 8 lines, so that the body
// starts on line 9.
const front = "---\nid: test-letter\ntitle: A Test Letter\ndate: 1989-09-02\ntype: letter\nrights:\n  status: public-domain\n---\n"

// robustReader writes files (paths relative to a new reader folder) and
// returns the folder.
func robustReader(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const oneItem = "title: T\ndate: 2026-01-01\nitems: [test-letter]\n"

// loadIn loads dir/reader.yaml and returns the book or the error text with
// the folder replaced by DIR.
func loadIn(t *testing.T, dir string, opt Options) (*Book, string) {
	t.Helper()
	b, err := Load(filepath.Join(dir, "reader.yaml"), opt)
	if err != nil {
		return nil, strings.ReplaceAll(err.Error(), dir, "DIR")
	}
	return b, ""
}

func warningsIn(b *Book, dir string) []string {
	var out []string
	for _, w := range b.Warnings {
		out = append(out, strings.ReplaceAll(w.Error(), dir, "DIR"))
	}
	return out
}

// depth returns the deepest nesting of quotes and lists in bs.
func depth(bs []markup.Block) int {
	d := 0
	for _, b := range bs {
		switch b.Kind {
		case markup.Quote:
			d = max(d, 1+depth(b.Blocks))
		case markup.List:
			for _, it := range b.Items {
				d = max(d, 1+depth(it))
			}
		}
	}
	return d
}

func nested(marker func(level int) string, n int) string {
	var s strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&s, "%slevel %d\n", marker(i), i+1)
	}
	return s.String()
}

func table(cols, rows int) string {
	var s strings.Builder
	s.WriteString("|")
	for c := 0; c < cols; c++ {
		fmt.Fprintf(&s, " h%d |", c+1)
	}
	s.WriteString("\n|" + strings.Repeat("---|", cols) + "\n")
	for r := 0; r < rows; r++ {
		s.WriteString("|" + strings.Repeat(" c |", cols) + "\n")
	}
	return s.String()
}

// TestRobustSourceText: every kind of bad text in a source file either
// builds, with the warnings listed, or fails with the error listed (file
// and line first). check, when set, asserts what the book holds.
func TestRobustSourceText(t *testing.T) {
	bigPara := strings.Repeat("word ", 1<<20) // 5 MB, one paragraph
	longWord := strings.Repeat("a", 100_000)
	cases := []struct {
		name     string
		source   string
		err      string   // the whole error, when the build fails
		warnings []string // every warning, when it builds
		check    func(t *testing.T, b *Book)
	}{
		{name: "invalid UTF-8", source: front + "Fine line.\nA bad \xff byte.\n",
			err: "DIR/sources/letter.md:10: the file is not valid UTF-8 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"},
		{name: "NUL byte", source: front + "Fine.\n\nA NUL \x00 byte.\n",
			err: "DIR/sources/letter.md:11: the file contains a NUL byte; it is probably not a text file"},
		{name: "byte-order mark", source: "\ufeff" + front + "Dear friend.\n",
			check: func(t *testing.T, b *Book) {
				if got := markup.BlocksText(b.Items[0].Body); got != "Dear friend.\n" {
					t.Errorf("body %q", got)
				}
			}},
		{name: "CRLF line endings", source: strings.ReplaceAll(front+"One\ntwo.\n\n<q>Three</q>.\n", "\n", "\r\n"),
			warnings: []string{"DIR/sources/letter.md:12: <q> is not an HTML element a book can set, so it is printed as written; use <sup>, <sub>, <u>, <s>, <small>, <abbr> or <br> for those, or escape the bracket (\\<) to say it is text"},
			check: func(t *testing.T, b *Book) {
				if got := markup.BlocksText(b.Items[0].Body); got != "One two.\n<q>Three</q>.\n" {
					t.Errorf("body %q", got)
				}
			}},
		{name: "CRLF with an error", source: strings.ReplaceAll(strings.Replace(front, "1989-09-02", "1989-13-02", 1)+"Text.\n", "\n", "\r\n"),
			err: `DIR/sources/letter.md:4:7: date: "1989-13-02" has month 13; months run from 01 to 12`},
		{name: "CR line endings", source: strings.ReplaceAll(front+"One.\n\nTwo.\n", "\n", "\r"),
			check: func(t *testing.T, b *Book) {
				if got := b.Items[0].Body[1].Line; got != 11 {
					t.Errorf("second paragraph on line %d, want 11", got)
				}
			}},
		{name: "tab-indented paragraph", source: front + "First.\n\n\tIndented with a tab, as a word processor does.\n\nWords\tseparated\tby tabs.\n",
			warnings: []string{"DIR/sources/letter.md:11: this text is indented with a tab, so Markdown sets it as code (monospaced, lines as typed); delete the tab if it is an ordinary paragraph, or fence real code with ```"},
			check: func(t *testing.T, b *Book) {
				if k := b.Items[0].Body[1].Kind; k != markup.CodeBlock {
					t.Errorf("kind %v", k)
				}
				if got := markup.PlainText(b.Items[0].Body[2].Inlines); got != "Words\tseparated\tby tabs." {
					t.Errorf("tabs inside a line changed: %q", got)
				}
			}},
		{name: "tab in front matter", source: strings.Replace(front, "  status", "\tstatus", 1) + "Text.\n",
			err: "DIR/sources/letter.md:7: the line is indented with a tab; YAML indents with spaces only, so replace the tab with spaces"},
		{name: "zero-width characters", source: front + "zero\u200bwidth space, \u200cnon-joiner, \u200djoiner, \u2060word joiner, mid\ufefftext\n",
			check: func(t *testing.T, b *Book) {
				// Kept as transcribed; invisible in both editions.
				if got := markup.BlocksText(b.Items[0].Body); got != "zero\u200bwidth space, \u200cnon-joiner, \u200djoiner, \u2060word joiner, mid\ufefftext\n" {
					t.Errorf("body %q", got)
				}
			}},
		{name: "bidi controls", source: front + "Plain.\n\nAn \u202eoverride\u202c and an \u2067isolate\u2069.\n",
			warnings: []string{"DIR/sources/letter.md:11: the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) makes e-readers reorder the text after it, which print cannot do, so the editions differ (4 such characters in this file); delete it unless the transcription needs it"},
			check: func(t *testing.T, b *Book) {
				if got := markup.BlocksText(b.Items[0].Body); !strings.Contains(got, "\u202eoverride\u202c") {
					t.Errorf("bidi controls not kept: %q", got)
				}
			}},
		{name: "bidi marks", source: front + "Marks \u200e and \u200f are fine.\n"},
		{name: "control characters", source: front + "A vertical\vtab and a form\ffeed.\n",
			warnings: []string{"DIR/sources/letter.md:9: the control character U+000B is not text and is left out of both editions (2 such characters in this file); delete it"}},
		{name: "characters above U+FFFF", source: front + "Emoji 🙂, math 𝔘, CJK extension B 𠀀.\n",
			check: func(t *testing.T, b *Book) {
				if got := markup.BlocksText(b.Items[0].Body); got != "Emoji 🙂, math 𝔘, CJK extension B 𠀀.\n" {
					t.Errorf("body %q", got)
				}
			}},
		{name: "5 MB paragraph", source: front + bigPara + "\n",
			check: func(t *testing.T, b *Book) {
				if n := len(b.Items[0].Body); n != 1 {
					t.Fatalf("%d blocks, want 1", n)
				}
				if got := markup.PlainText(b.Items[0].Body[0].Inlines); got != strings.TrimSpace(bigPara) {
					t.Errorf("text changed: %d bytes, want %d", len(got), len(strings.TrimSpace(bigPara)))
				}
			}},
		{name: "100,000-character word", source: front + "Before " + longWord + " after.\n",
			check: func(t *testing.T, b *Book) {
				if got := markup.PlainText(b.Items[0].Body[0].Inlines); got != "Before "+longWord+" after." {
					t.Errorf("word changed")
				}
			}},
		{name: "50-level nested list", source: front + nested(func(i int) string { return strings.Repeat("  ", i) + "- " }, 50),
			warnings: []string{"DIR/sources/letter.md:17: quotes and lists nested more than 8 deep are set at the 8th level (the printed page has no room for more indentation); the text is kept"},
			check: func(t *testing.T, b *Book) {
				if d := depth(b.Items[0].Body); d != markup.MaxDepth {
					t.Errorf("depth %d, want %d", d, markup.MaxDepth)
				}
				text := markup.BlocksText(b.Items[0].Body)
				for i := 1; i <= 50; i++ {
					if !strings.Contains(text, fmt.Sprintf("level %d\n", i)) {
						t.Errorf("level %d lost", i)
					}
				}
			}},
		{name: "50-level nested quotes", source: front + nested(func(i int) string { return strings.Repeat("> ", i+1) }, 50),
			warnings: []string{"DIR/sources/letter.md:17: quotes and lists nested more than 8 deep are set at the 8th level (the printed page has no room for more indentation); the text is kept"},
			check: func(t *testing.T, b *Book) {
				if d := depth(b.Items[0].Body); d != markup.MaxDepth {
					t.Errorf("depth %d, want %d", d, markup.MaxDepth)
				}
				text := markup.BlocksText(b.Items[0].Body)
				for i := 1; i <= 50; i++ {
					if !strings.Contains(text, fmt.Sprintf("level %d", i)) {
						t.Errorf("level %d lost", i)
					}
				}
			}},
		{name: "table with 200 columns", source: front + "Before.\n\n" + table(200, 3),
			err: "DIR/sources/letter.md:11: table: the table has 200 columns, more than the limit of 50 (Limits.TableColumns); no page can print it, so split it into narrower tables or raise the limit"},
		{name: "table with 40 columns", source: front + table(40, 3),
			check: func(t *testing.T, b *Book) {
				if tb := b.Items[0].Body[0].Table; tb == nil || len(tb.Header) != 40 || len(tb.Rows) != 3 {
					t.Errorf("table not kept: %+v", b.Items[0].Body[0])
				}
			}},
		{name: "table bomb", source: front + table(50, 1) + strings.Repeat("x\n", 6000),
			err: "DIR/sources/letter.md:9: table: the table has 50 columns and 6,002 rows (300,100 cells), more than the limit of 250,000 cells (Limits.TableCells); split it or raise the limit"},
		{name: "table of delimiter rows", source: front + strings.Repeat("|-|-|\n", 100_000),
			check: func(t *testing.T, b *Book) {
				if tb := b.Items[0].Body[0].Table; tb == nil || len(tb.Rows) != 99_998 {
					t.Errorf("table not kept")
				}
			}},
		{name: "wide table in a code block", source: front + "```\n" + table(200, 1) + "```\n",
			check: func(t *testing.T, b *Book) {
				if k := b.Items[0].Body[0].Kind; k != markup.CodeBlock {
					t.Errorf("kind %v", k)
				}
			}},
		{name: "empty file", source: "",
			err: "DIR/reader.yaml:3:9: items[1].id: no source with id \"test-letter\" in the library (DIR/sources); `sourcebook list` shows the ids available\n" +
				"DIR/sources/letter.md:1: a source file starts with YAML front matter between two lines of three dashes (---); see docs/sources.md"},
		{name: "front matter only", source: front,
			err: "DIR/sources/letter.md:9: the source has no text after its front matter"},
		{name: "whitespace only", source: " \n\t\n",
			err: "DIR/reader.yaml:3:9: items[1].id: no source with id \"test-letter\" in the library (DIR/sources); `sourcebook list` shows the ids available\n" +
				"DIR/sources/letter.md:1: a source file starts with YAML front matter between two lines of three dashes (---); see docs/sources.md"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := robustReader(t, map[string]string{"reader.yaml": oneItem, "sources/letter.md": c.source})
			start := time.Now()
			b, err := loadIn(t, dir, Options{})
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			if c.err != "" {
				if err != c.err {
					t.Errorf("got error\n%s\nwant\n%s", err, c.err)
				}
				return
			}
			if err != "" {
				t.Fatalf("unexpected error: %s", err)
			}
			if got := warningsIn(b, dir); strings.Join(got, "\n") != strings.Join(c.warnings, "\n") {
				t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.warnings, "\n"))
			}
			if c.check != nil {
				c.check(t, b)
			}
		})
	}
}

// TestRobustManifest: bad readers as a whole.
func TestRobustManifest(t *testing.T) {
	second := strings.Replace(front, "A Test Letter", "Another Letter", 1)
	cases := []struct {
		name     string
		files    map[string]string
		opt      Options
		err      string
		warnings []string
		check    func(t *testing.T, b *Book)
	}{
		{name: "no items", files: map[string]string{"reader.yaml": "title: T\nitems: []\n", "sources/letter.md": front + "Text.\n"},
			err: "DIR/reader.yaml:2:1: parts: the reader has no items; add a part with items, each naming a source by id (see docs/readers.md)"},
		{name: "no items key", files: map[string]string{"reader.yaml": "title: T\n", "sources/letter.md": front + "Text.\n"},
			err: "DIR/reader.yaml:1: parts: the reader has no items; add a part with items, each naming a source by id (see docs/readers.md)"},
		{name: "part without items", files: map[string]string{"reader.yaml": "title: T\nparts:\n  - title: Empty\n  - title: Full\n    items: [test-letter]\n", "sources/letter.md": front + "Text.\n"},
			err: `DIR/reader.yaml:3: parts[1].items: the part "Empty" has no items`},
		{name: "empty manifest", files: map[string]string{"reader.yaml": "", "sources/letter.md": front + "Text.\n"},
			err: "DIR/reader.yaml:1: the manifest is empty; start from `sourcebook new` or docs/readers.md"},
		{name: "manifest with BOM and CRLF", files: map[string]string{"reader.yaml": "\ufeff" + strings.ReplaceAll(oneItem, "\n", "\r\n"), "sources/letter.md": front + "Text.\n"},
			check: func(t *testing.T, b *Book) {
				if b.Title != "T" || len(b.Items) != 1 {
					t.Errorf("title %q, %d items", b.Title, len(b.Items))
				}
			}},
		{name: "manifest not UTF-8", files: map[string]string{"reader.yaml": "title: Caf\xe9\nitems: [test-letter]\n", "sources/letter.md": front + "Text.\n"},
			err: "DIR/reader.yaml:1: the file is not valid UTF-8 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"},
		{name: "duplicate source ids, used", files: map[string]string{"reader.yaml": oneItem, "sources/letter.md": front + "Text.\n", "sources/other.md": second + "Text.\n"},
			err: `DIR/reader.yaml:3:9: items[1].id: more than one source in the library has the id "test-letter" (DIR/sources/letter.md, DIR/sources/other.md); give each a unique id`},
		{name: "duplicate source ids, unused", files: map[string]string{"reader.yaml": "title: T\ndate: 2026-01-01\nitems: [unique]\n", "sources/letter.md": front + "Text.\n", "sources/other.md": second + "Text.\n",
			"sources/unique.md": strings.Replace(front, "id: test-letter", "id: unique", 1) + "Text.\n"},
			warnings: []string{`DIR/sources/other.md:2: id: the id "test-letter" is already used by DIR/sources/letter.md; ids must be unique in the library`}},
		{name: "same item twice", files: map[string]string{"reader.yaml": "title: T\ndate: 2026-01-01\nitems: [test-letter, test-letter]\n", "sources/letter.md": front + "Text.\n"},
			check: func(t *testing.T, b *Book) {
				if len(b.Items) != 2 || b.Items[0].ID != "doc-test-letter" || b.Items[1].ID != "doc-test-letter-2" || b.Items[1].Body[0].ID != "doc-test-letter-2-p1" {
					t.Errorf("ids not unique: %s, %s", b.Items[0].ID, b.Items[1].ID)
				}
			}},
		{name: "too many items", opt: Options{Limits: Limits{Items: 3}},
			files: map[string]string{"reader.yaml": "title: T\nparts:\n  - title: A\n    items: [test-letter, test-letter]\n  - title: B\n    items:\n      - test-letter\n      - test-letter\n", "sources/letter.md": front + "Text.\n"},
			err:   "DIR/reader.yaml:8:9: items: the reader has 4 items, more than the limit of 3 (Limits.Items); split it into several readers or raise the limit"},
		{name: "source over the size limit", opt: Options{Limits: Limits{SourceBytes: 1000}},
			files: map[string]string{"reader.yaml": oneItem, "sources/letter.md": front + strings.Repeat("Text. ", 300) + "\n"},
			err:   "DIR/sources/letter.md: the file is 1.9 KB, more than the limit of 1000 bytes (Limits.SourceBytes); split the document or raise the limit"},
		{name: "introduction over the size limit", opt: Options{Limits: Limits{SourceBytes: 1000}},
			files: map[string]string{"reader.yaml": "title: T\nintroduction: {file: intro.md}\nitems: [test-letter]\n", "intro.md": strings.Repeat("Intro. ", 200), "sources/letter.md": front + "Text.\n"},
			err:   "DIR/intro.md: the file is 1.4 KB, more than the limit of 1000 bytes (Limits.SourceBytes); split the document or raise the limit"},
		{name: "manifest over the size limit", opt: Options{Limits: Limits{SourceBytes: 100}},
			files: map[string]string{"reader.yaml": oneItem + "# " + strings.Repeat("x", 100) + "\n", "sources/letter.md": front + "Text.\n"},
			err:   "DIR/reader.yaml: the file is 150 bytes, more than the limit of 100 bytes (Limits.SourceBytes); split the document or raise the limit"},
		{name: "introduction is a folder", files: map[string]string{"reader.yaml": "title: T\nintroduction: {file: intro.md}\nitems: [test-letter]\n", "intro.md/x": "", "sources/letter.md": front + "Text.\n"},
			err: "DIR/intro.md: cannot read the file: it is not a regular file (a folder, device or pipe); give the path of a text file"},
		{name: "alias bomb", files: map[string]string{"sources/letter.md": front + "Text.\n",
			"reader.yaml": "title: T\nparts:\n  - &p\n    title: P\n    items: [&i test-letter" + strings.Repeat(", *i", 999) + "]\n" + strings.Repeat("  - *p\n", 999)},
			err: "DIR/reader.yaml:6:5: the alias *p and the others in this file expand it to more than 1,000,000 values; write the repeated parts out instead"},
		{name: "alias bomb in front matter", files: map[string]string{"reader.yaml": oneItem,
			"sources/letter.md": strings.Replace(front, "type: letter", "type: letter\nsubjects: &s [a, b, c, d, e, f, g, h, i, j]\nx1: &x1 [*s, *s, *s, *s, *s, *s, *s, *s, *s, *s]\nx2: &x2 [*x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1, *x1]\nx3: &x3 [*x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2, *x2]\nx4: &x4 [*x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3, *x3]\nx5: [*x4, *x4, *x4, *x4, *x4, *x4, *x4, *x4, *x4, *x4]", 1) + "Text.\n"},
			err: "DIR/sources/letter.md:11:6: the alias *x4 and the others in this file expand it to more than 1,000,000 values; write the repeated parts out instead"},
		{name: "aliases in moderation", files: map[string]string{"sources/letter.md": front + "Text.\n",
			"reader.yaml": "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    headnote: &h A shared headnote.\n  - id: test-letter\n    headnote: *h\n"},
			check: func(t *testing.T, b *Book) {
				if len(b.Items) != 2 || markup.BlocksText(b.Items[1].Headnote) != "A shared headnote.\n" {
					t.Errorf("alias not followed")
				}
			}},
		{name: "library at the root of the disk", files: map[string]string{"reader.yaml": "title: T\nsources: [/]\nitems: [test-letter]\n"},
			err: `DIR/reader.yaml:2:1: sources: the source folder "/" is the root of the file system; name the folder that holds the source files`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := robustReader(t, c.files)
			b, err := loadIn(t, dir, c.opt)
			if c.err != "" {
				if err != c.err {
					t.Errorf("got error\n%s\nwant\n%s", err, c.err)
				}
				return
			}
			if err != "" {
				t.Fatalf("unexpected error: %s", err)
			}
			if got := warningsIn(b, dir); strings.Join(got, "\n") != strings.Join(c.warnings, "\n") {
				t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.warnings, "\n"))
			}
			if c.check != nil {
				c.check(t, b)
			}
		})
	}
}

// TestRobustDefaultLimits: the defaults themselves, with inputs just over
// them: an 11 MB source and a reader of 5,001 items.
func TestRobustDefaultLimits(t *testing.T) {
	if d := DefaultLimits(); d != (Limits{}).OrDefault() || d.SourceBytes != 10<<20 || d.ImagePixels != 50_000_000 || d.Items != 5000 {
		t.Errorf("defaults %+v", d)
	}
	big := front + strings.Repeat("A line of a very long document.\n", 11<<20/32) + "\n"
	dir := robustReader(t, map[string]string{"reader.yaml": oneItem, "sources/letter.md": big})
	_, err := loadIn(t, dir, Options{})
	want := "DIR/sources/letter.md: the file is 11 MB, more than the limit of 10 MB (Limits.SourceBytes); split the document or raise the limit"
	if !strings.Contains(err, want) {
		t.Errorf("got %s\nwant it to contain %s", err, want)
	}
	// Raised, the limit lets the file through.
	if _, err := loadIn(t, dir, Options{Limits: Limits{SourceBytes: 12 << 20}}); err != "" {
		t.Errorf("raised limit: %s", err)
	}

	var m strings.Builder
	m.WriteString("title: T\nitems:\n")
	for i := 0; i < 5001; i++ {
		m.WriteString("  - test-letter\n")
	}
	dir = robustReader(t, map[string]string{"reader.yaml": m.String(), "sources/letter.md": front + "Text.\n"})
	start := time.Now()
	_, err = loadIn(t, dir, Options{})
	want = "DIR/reader.yaml:5003:5: items: the reader has 5,001 items, more than the limit of 5,000 (Limits.Items); split it into several readers or raise the limit"
	if err != want {
		t.Errorf("got %s\nwant %s", err, want)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusing took %v", d)
	}
}

// TestRobustPipeInLibrary: a named pipe among the sources would block a
// plain read forever; it is reported as a problem and the build goes on.
func TestRobustPipeInLibrary(t *testing.T) {
	dir := robustReader(t, map[string]string{"reader.yaml": oneItem, "sources/letter.md": front + "Text.\n"})
	if err := exec.Command("mkfifo", filepath.Join(dir, "sources", "pipe.md")).Run(); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan struct{})
	var b *Book
	var err string
	go func() {
		defer close(done)
		b, err = loadIn(t, dir, Options{})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("loading blocks on a named pipe")
	}
	if err != "" {
		t.Fatal(err)
	}
	want := "DIR/sources/pipe.md: cannot read the source: it is not a regular file (a folder, device or pipe); give the path of a text file"
	if got := warningsIn(b, dir); len(got) != 1 || got[0] != want {
		t.Errorf("warnings %q, want %q", got, want)
	}
}

// TestRobustConfinement goes through book.Load: an introduction file and
// an image that escape the reader's folder and library by ../, by an
// absolute path and by a symbolic link are refused, naming the manifest
// or source line; the same files inside are accepted.
func TestRobustConfinement(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	secretPNG := filepath.Join(outside, "secret.png")
	os.WriteFile(secret, []byte("Secret text."), 0o644)
	os.WriteFile(secretPNG, pngBytes(t, 4, 4), 0o644)
	up := "../" + filepath.Base(outside) // the reader folder is a sibling
	cases := []struct {
		name, intro, image, err string
	}{
		{name: "inside", intro: "intro.md", image: "../map.png"},
		{name: "link inside", intro: "inner-link.md", image: "inner-link.png"},
		{name: "beside the source", intro: "intro.md", image: "lib.png"},
		{name: "intro ../", intro: up + "/secret.md",
			err: `DIR/reader.yaml:2:15: introduction: "` + up + `/secret.md" is outside the reader's folder and library; move the file into the reader's folder`},
		{name: "intro absolute", intro: secret,
			err: `DIR/reader.yaml:2:15: introduction: "` + secret + `" is an absolute path; give a path relative to the reader's folder`},
		{name: "intro link", intro: "link.md",
			err: `DIR/reader.yaml:2:15: introduction: "link.md" is a link to ` + secret + `, outside the reader's folder and library; copy the file in instead`},
		{name: "image ../", intro: "intro.md", image: "../../" + filepath.Base(outside) + "/secret.png",
			err: `DIR/sources/letter.md:11: image: "../../` + filepath.Base(outside) + `/secret.png" is outside the reader's folder and library; move the file into the reader's folder`},
		{name: "image absolute", intro: "intro.md", image: secretPNG,
			err: `DIR/sources/letter.md:11: image: "` + secretPNG + `" is an absolute path; give a path relative to the reader's folder`},
		{name: "image link", intro: "intro.md", image: "link.png",
			err: `DIR/sources/letter.md:11: image: "link.png" is a link to ` + secretPNG + `, outside the reader's folder and library; copy the file in instead`},
		{name: "image URL", intro: "intro.md", image: "https://example.org/map.png",
			err: `DIR/sources/letter.md:11: image: "https://example.org/map.png" is a web address; Sourcebook never downloads at build time, so save the file in the reader's folder and give its name`},
		{name: "image data URL", intro: "intro.md", image: "data:image/png;base64,iVBORw0KGgo=",
			err: `DIR/sources/letter.md:11: image: "data:image/png;base64,iVBORw0KGgo=" is a data: URL, not a file; save the file in the reader's folder and give its name`},
		{name: "image file URL", intro: "intro.md", image: "file:/etc/passwd",
			err: `DIR/sources/letter.md:11: image: "file:/etc/passwd" is a file: URL, not a file; save the file in the reader's folder and give its name`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := filepath.Dir(outside)
			dir, err := os.MkdirTemp(parent, "reader")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(dir) })
			body := "Text.\n"
			if c.image != "" {
				body = "Text.\n\n![A map](" + c.image + ")\n"
			}
			files := map[string]string{
				"reader.yaml":       "title: T\nintroduction: {file: " + c.intro + "}\ndate: 2026-01-01\nitems: [test-letter]\n",
				"intro.md":          "The introduction.\n",
				"map.png":           string(pngBytes(t, 4, 4)),
				"sources/letter.md": front + body,
				"sources/lib.png":   string(pngBytes(t, 4, 4)),
			}
			for name, data := range files {
				p := filepath.Join(dir, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, []byte(data), 0o644)
			}
			for link, target := range map[string]string{"link.md": secret, "link.png": secretPNG, "sources/link.png": secretPNG,
				"inner-link.md": filepath.Join(dir, "intro.md"), "sources/inner-link.png": filepath.Join(dir, "map.png")} {
				if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
					t.Skipf("symlinks: %v", err)
				}
			}
			b, got := loadIn(t, dir, Options{})
			if c.err != "" {
				if got != c.err {
					t.Errorf("got  %s\nwant %s", got, c.err)
				}
				return
			}
			if got != "" {
				t.Fatalf("refused: %s", got)
			}
			if markup.BlocksText(b.Intro) != "The introduction.\n" {
				t.Errorf("introduction %q", markup.BlocksText(b.Intro))
			}
			if c.image != "" {
				img := b.Items[0].Body[1].Image
				if img == nil || !strings.HasPrefix(img.Src, dir+string(filepath.Separator)) {
					t.Errorf("image %+v not resolved inside %s", img, dir)
				}
			}
		})
	}
}

// pngBytes encodes a w×h PNG.
func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bombPNG is a valid PNG header claiming w×h pixels, followed by a few
// bytes: what a decompression bomb looks like before it is inflated.
func bombPNG(t *testing.T, w, h uint32) []byte {
	t.Helper()
	data := pngBytes(t, 1, 1)
	// IHDR: 8-byte signature, length, "IHDR", width, height, …, CRC.
	be := func(b []byte, v uint32) { b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v) }
	be(data[16:20], w)
	be(data[20:24], h)
	be(data[29:33], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// TestRobustImages: images are checked when the book is assembled, so
// that both editions see only usable pictures, and every refusal names
// the source line that shows the image.
func TestRobustImages(t *testing.T) {
	good := pngBytes(t, 40, 30)
	cases := []struct {
		name string
		data []byte
		opt  Options
		err  string
	}{
		{name: "good PNG", data: good},
		{name: "clean SVG", data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/></svg>`)},
		{name: "truncated PNG", data: good[:len(good)/2],
			err: `DIR/sources/letter.md:11: image: the image "pic.png" is damaged or truncated (png: invalid format: not enough pixel data); open it in an image editor and save it again`},
		{name: "decompression bomb", data: bombPNG(t, 100_000, 100_000),
			err: `DIR/sources/letter.md:11: image: the image "pic.png" is 100000×100000 pixels (10,000,000,000), more than the limit of 50,000,000 pixels (Limits.ImagePixels); scale it down or raise the limit`},
		{name: "over a lowered pixel limit", data: good, opt: Options{Limits: Limits{ImagePixels: 1000}},
			err: `DIR/sources/letter.md:11: image: the image "pic.png" is 40×30 pixels (1,200), more than the limit of 1,000 pixels (Limits.ImagePixels); scale it down or raise the limit`},
		{name: "over the file size limit", data: good, opt: Options{Limits: Limits{ImageBytes: 100}},
			err: fmt.Sprintf(`DIR/sources/letter.md:11: image: the image "pic.png" is %d bytes, more than the limit of 100 bytes (Limits.ImageBytes); save it at a smaller size or raise the limit`, len(good))},
		{name: "not an image", data: []byte("just some text, named .png\n"),
			err: `DIR/sources/letter.md:11: image: the image "pic.png" is not a PNG, JPEG, GIF or SVG file (it looks like text/plain; charset=utf-8); convert it to PNG or JPEG`},
		{name: "empty file", data: nil,
			err: `DIR/sources/letter.md:11: image: the image "pic.png" is an empty file`},
		{name: "SVG with a script", data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
			err: `DIR/sources/letter.md:11: image: the SVG image "pic.png" contains <script>, which e-books must not run or embed; remove it or export the image as PNG`},
		{name: "SVG with a handler", data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>`),
			err: `DIR/sources/letter.md:11: image: the SVG image "pic.png" has an event handler (onload=); remove it or export the image as PNG`},
		{name: "SVG loading a remote image", data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>`),
			err: `DIR/sources/letter.md:11: image: the SVG image "pic.png" refers to "https://evil.example/x.png"; an image must be self-contained, so embed the picture or export the image as PNG`},
		{name: "SVG with entities", data: []byte(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>`),
			err: `DIR/sources/letter.md:11: image: the SVG image "pic.png" declares entities; export it again without a DOCTYPE`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := robustReader(t, map[string]string{"reader.yaml": oneItem, "sources/letter.md": front + "Text.\n\n![A picture](pic.png)\n",
				"sources/pic.png": string(c.data)})
			b, err := loadIn(t, dir, c.opt)
			if c.err != "" {
				if err != c.err {
					t.Errorf("got  %s\nwant %s", err, c.err)
				}
				return
			}
			if err != "" {
				t.Fatal(err)
			}
			if src := b.Items[0].Body[1].Image.Src; src != filepath.Join(dir, "sources", "pic.png") {
				t.Errorf("src %s", src)
			}
		})
	}
}
