package book

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"sourcebook/book/diag"
	"sourcebook/book/input"
	"sourcebook/book/manifest"
	"sourcebook/book/markup"
)

// The tests in this file back the second pass of docs/robustness.md:
// one way in for every file, budgets, and no silent wrong output.

// TestRobustNoteImages: an image in an annotation's note goes through the
// same checks as any image: confined, checked, and named on the
// manifest's line; raw HTML in a note is reported on the manifest's line.
func TestRobustNoteImages(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "evil.svg")
	os.WriteFile(secret, []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`), 0o644)
	manifest := func(note string) string {
		return "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    annotations:\n      - anchor: Text\n        note: " + note + "\n"
	}
	for _, c := range []struct{ name, note, err string }{
		{"absolute", `"![x](` + secret + `)"`, `DIR/reader.yaml:7: image: "` + secret + `" is an absolute path`},
		{"../", `"![x](../` + filepath.Base(outside) + `/evil.svg)"`, `is outside the reader's folder and library`},
		{"scripted SVG inside", `"![x](evil.svg)"`, `DIR/reader.yaml:7: image: the SVG image "evil.svg" has an event handler (onload=)`},
		{"missing", `"![x](nowhere.png)"`, `DIR/reader.yaml:7: image: "nowhere.png" does not exist`},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := filepath.Dir(outside)
			dir, _ := os.MkdirTemp(parent, "reader")
			t.Cleanup(func() { os.RemoveAll(dir) })
			for name, data := range map[string]string{"reader.yaml": manifest(c.note), "sources/letter.md": front + "Text.\n",
				"evil.svg": `<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>`} {
				os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
				os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
			}
			_, err := loadIn(t, dir, Options{})
			if !strings.Contains(err, c.err) {
				t.Errorf("got  %s\nwant %s", err, c.err)
			}
		})
	}
	t.Run("good image and raw HTML", func(t *testing.T) {
		dir := robustReader(t, map[string]string{"reader.yaml": manifest(`"<b onclick=x()>Bold</b>\n\n![A map](map.png)"`), "sources/letter.md": front + "Text.\n",
			"map.png": string(pngBytes(t, 4, 4))})
		b, err := loadIn(t, dir, Options{})
		if err != "" {
			t.Fatal(err)
		}
		note := b.Items[0].Notes[0]
		var img *markup.Image
		for _, bl := range note.Blocks {
			if bl.Image != nil {
				img = bl.Image
			}
		}
		if img == nil || img.Src != filepath.Join(dir, "map.png") {
			t.Errorf("note image %+v not resolved to %s", img, filepath.Join(dir, "map.png"))
		}
		var warned bool
		for _, w := range warningsIn(b, dir) {
			if strings.HasPrefix(w, "DIR/reader.yaml:7:") && strings.Contains(w, "HTML") {
				warned = true
			}
		}
		if !warned {
			t.Errorf("no warning on the manifest's line for raw HTML in the note: %v", warningsIn(b, dir))
		}
		found := false
		for _, in := range b.Files {
			if in.Path == filepath.Join(dir, "map.png") && in.Digest == input.Digest(pngBytes(t, 4, 4)) {
				found = true
			}
		}
		if !found {
			t.Errorf("the note's image is not recorded as an input: %v", b.Files)
		}
	})
}

// markdownFields are the manifest's fields holding Markdown or naming a
// file, as YAML paths, with a manifest template that sets one (%s is the
// value). TestRobustConfinementEveryField fails when a field of type Text
// is added without an entry here.
var markdownFields = map[string]string{
	"introduction":                      "introduction: %s\nitems: [test-letter]\n",
	"parts.introduction":                "parts:\n  - title: P\n    introduction: %s\n    items: [test-letter]\n",
	"parts.question":                    "parts:\n  - title: P\n    question: %s\n    items: [test-letter]\n",
	"items.headnote":                    "items:\n  - id: test-letter\n    headnote: %s\n",
	"items.modified_note":               "items:\n  - id: test-letter\n    modified: true\n    modified_note: %s\n",
	"items.annotations.note":            "items:\n  - id: test-letter\n    annotations: [{anchor: Text, note: %s}]\n",
	"items.questions.text":              "items:\n  - id: test-letter\n    questions: [{text: %s}]\n",
	"items.questions.answer":            "items:\n  - id: test-letter\n    questions: [{text: Q, answer: %s}]\n",
	"items.questions.note":              "items:\n  - id: test-letter\n    questions: [{text: Q, note: %s}]\n",
	"items.vocabulary.definition":       "items:\n  - id: test-letter\n    vocabulary: [{term: Text, definition: %s}]\n",
	"glossary.definition":               "glossary: [{term: Text, definition: %s}]\nitems: [test-letter]\n",
	"parts.items.headnote":              "parts:\n  - title: P\n    items:\n      - id: test-letter\n        headnote: %s\n",
	"parts.items.annotations.note":      "parts:\n  - title: P\n    items:\n      - id: test-letter\n        annotations: [{anchor: Text, note: %s}]\n",
	"parts.items.questions.text":        "parts:\n  - title: P\n    items:\n      - id: test-letter\n        questions: [%s]\n",
	"parts.items.vocabulary.definition": "parts:\n  - title: P\n    items:\n      - id: test-letter\n        vocabulary: [{term: Text, definition: %s}]\n",
}

// plainFields are the manifest's string fields that are plain text, not
// Markdown, and name no file.
var plainFields = map[string]bool{
	"title": true, "subtitle": true, "course": true, "institution": true, "publisher": true, "language": true,
	"license": true, "name": true, "layout": true, "page_size": true, "labels": true, "sources": true, "citation_style": true,
	"parts.title": true, "parts.labels": true, "items.id": true, "items.label": true, "items.title": true,
	"items.time": true, "items.questions.stage": true, "items.questions.anchor": true, "items.questions.time": true,
	"items.annotations.anchor": true, "items.vocabulary.term": true, "glossary.term": true,
}

// TestRobustConfinementEveryField walks every manifest field that holds
// Markdown or names a file and proves that an image or a file it names
// outside the reader's folder and library is refused.
func TestRobustConfinementEveryField(t *testing.T) {
	// Every field of the manifest's types is either Markdown (tested
	// below) or known to be plain.
	var walk func(path string, tp reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(path string, tp reflect.Type) {
		for tp.Kind() == reflect.Slice || tp.Kind() == reflect.Pointer {
			tp = tp.Elem()
		}
		if tp.Kind() != reflect.Struct || seen[tp] || tp == reflect.TypeOf(Date{}) || tp == reflect.TypeOf(manifest.Excerpt{}) {
			return
		}
		seen[tp] = true
		defer delete(seen, tp)
		for i := 0; i < tp.NumField(); i++ {
			f := tp.Field(i)
			name, ok := YAMLName(f)
			if !ok {
				continue
			}
			p := diag.JoinPath(path, name)
			key := strings.TrimPrefix(strings.Replace(p, "parts.items.", "items.", 1), "")
			ft := f.Type
			switch {
			case ft == reflect.TypeOf(manifest.Text{}) || ft.Kind() == reflect.String && !plainFields[key] && !plainFields[p]:
				if _, ok := markdownFields[key]; !ok {
					t.Errorf("manifest field %s holds Markdown or a file but is not tested for confinement", p)
				}
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String, ft == reflect.TypeOf(Names{}):
				// fonts names files: TestRobustFontsConfined.
				if !plainFields[key] && name != "editors" && name != "accept_rights" && name != "fonts" {
					t.Errorf("manifest field %s is a list of strings not known to be plain", p)
				}
			default:
				walk(p, ft)
			}
		}
	}
	walk("", reflect.TypeOf(Manifest{}))

	outside := t.TempDir()
	secretPNG := filepath.Join(outside, "secret.png")
	os.WriteFile(secretPNG, pngBytes(t, 4, 4), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte("Secret."), 0o644)
	parent := filepath.Dir(outside)
	up := "../" + filepath.Base(outside)
	for field, tmpl := range markdownFields {
		values := []string{`"![x](` + secretPNG + `)"`, `"![x](` + up + `/secret.png)"`}
		if strings.HasSuffix(tmpl, "%s\n") && !strings.Contains(tmpl, "[%s]") && !strings.Contains(tmpl, "{") &&
			(field == "introduction" || field == "parts.introduction" || field == "parts.question" || strings.HasSuffix(field, "headnote")) {
			values = append(values, "{file: "+up+"/secret.md}", "{file: "+filepath.Join(outside, "secret.md")+"}")
		}
		for _, v := range values {
			dir, _ := os.MkdirTemp(parent, "reader")
			t.Cleanup(func() { os.RemoveAll(dir) })
			os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
			os.WriteFile(filepath.Join(dir, "sources", "letter.md"), []byte(front+"Text.\n"), 0o644)
			os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte("title: T\ndate: 2026-01-01\n"+fmt.Sprintf(tmpl, v)), 0o644)
			b, err := loadIn(t, dir, Options{})
			if strings.Contains(err, "is outside the reader's folder") || strings.Contains(err, "is an absolute path") {
				continue
			}
			if b == nil {
				t.Errorf("%s = %s: refused for another reason: %q", field, v, err)
				continue
			}
			// Not refused: then nothing outside was read (an image
			// inside a line of text is shown as its description).
			for _, in := range b.Files {
				if !strings.HasPrefix(in.Path, dir+string(filepath.Separator)) {
					t.Errorf("%s = %s: read %s", field, v, in.Path)
				}
			}
			if !strings.Contains(strings.Join(warningsIn(b, dir), "\n"), "shown as its description") {
				t.Errorf("%s = %s: neither refused nor shown as a description", field, v)
			}
		}
	}
}

// TestRobustSVGAllowList: SVG that an earlier check let through.
func TestRobustSVGAllowList(t *testing.T) {
	bomb := base64.StdEncoding.EncodeToString(bombPNG(t, 100_000, 100_000))
	for _, c := range []struct{ name, svg, err string }{
		{"animated href", `<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>`, `animates the attribute "href"`},
		{"set event", `<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>`, `animates the attribute "onmouseover"`},
		{"animated xlink:href", `<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="xlink:href" to="data:text/html,x"/></svg>`, `animates the attribute`},
		{"data PNG bomb", `<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,` + bomb + `"/></svg>`, `is 100000×100000 pixels (10,000,000,000), more than the limit of 50,000,000 pixels (Limits.ImagePixels)`},
		{"data SVG", `<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>`, `refers to "data:image/svg+xml`},
		{"HTML element", `<svg xmlns="http://www.w3.org/2000/svg"><h:script xmlns:h="http://www.w3.org/1999/xhtml">x</h:script></svg>`, `contains <script>`},
		{"unknown element", `<svg xmlns="http://www.w3.org/2000/svg"><handler>x</handler></svg>`, `contains <handler>`},
		{"stylesheet instruction", `<?xml-stylesheet href="http://x/y.css"?><svg xmlns="http://www.w3.org/2000/svg"/>`, `<?xml-stylesheet?>`},
		{"escaped CSS", `<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:\75 rl(http://x/)}</style></svg>`, `uses escapes`},
		{"fill URL", `<svg xmlns="http://www.w3.org/2000/svg" fill="url(http://x/c.svg#p)"/>`, `loads a resource`},
		{"cursor", `<svg xmlns="http://www.w3.org/2000/svg" cursor="url(http://x/c.cur)"/>`, `has the attribute cursor=, which is not a drawing attribute`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := robustReader(t, map[string]string{"reader.yaml": oneItem, "sources/letter.md": front + "Text.\n\n![A picture](pic.svg)\n",
				"sources/pic.svg": c.svg})
			_, err := loadIn(t, dir, Options{})
			if !strings.Contains(err, c.err) || !strings.HasPrefix(err, "DIR/sources/letter.md:11: image:") {
				t.Errorf("got %q, want %q", err, c.err)
			}
		})
	}
	t.Run("Inkscape drawing with an embedded picture", func(t *testing.T) {
		dir := robustReader(t, map[string]string{"reader.yaml": oneItem, "sources/letter.md": front + "Text.\n\n![A picture](pic.svg)\n",
			"sources/pic.svg": `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"><sodipodi:namedview inkscape:zoom="1"/><g inkscape:label="Layer 1"><use xlink:href="#p"/><path id="p" d="M0 0L1 1" style="stroke:#000"/></g>` + `<image href="data:image/png;base64,` + tinyPNG + `"/><animate attributeName="opacity" from="0" to="1" dur="2s"/></svg>`})
		if _, err := loadIn(t, dir, Options{}); err != "" {
			t.Error(err)
		}
	})
}

// TestRobustBudgets: inputs within the file size cap that used to hang or
// exhaust memory are refused, each naming its cap; the cheap checks run
// before parsing.
func TestRobustBudgets(t *testing.T) {
	big := strings.Repeat("Words of a long source text. ", 36_000) // about 1 MB
	items := strings.Repeat("  - test-letter\n", 30)
	cases := []struct {
		name     string
		manifest string
		body     string
		opt      Options
		err      string
	}{
		{name: "unclosed links", body: strings.Repeat("[a](", 100_000), err: "(Limits.LinksPerParagraph)"},
		{name: "footnote references", body: strings.Repeat("x[^1] ", 120_000) + "\n\n[^1]: n\n", err: "(Limits.NotesPerParagraph)"},
		{name: "many note definitions are not references", body: "Text[^1].\n\n" + func() string {
			var b strings.Builder
			for i := 1; i <= 1500; i++ {
				fmt.Fprintf(&b, "[^%d]: Note.\n", i)
			}
			return b.String()
		}(), err: ""},
		{name: "long word", body: strings.Repeat("x", 6<<20), err: "DIR/sources/letter.md:9: a word here is longer than 100,000 characters without a space, the limit (Limits.WordChars)"},
		{name: "total text", manifest: "title: T\ndate: 2026-01-01\nitems:\n" + items, body: big, opt: Options{Limits: Limits{TextBytes: 20 << 20}},
			err: "the reader's sources come to more than 20 MB of text (each counted once per use), the limit (Limits.TextBytes)"},
		{name: "headnote file named by every item", manifest: "title: T\ndate: 2026-01-01\nitems:\n" + strings.Repeat("  - {id: test-letter, headnote: {file: head.md}}\n", 30),
			body: "Text.\n", opt: Options{Limits: Limits{TextBytes: 20 << 20}},
			err: "the reader's sources and texts come to more than 20 MB (each counted once per use), the limit (Limits.TextBytes)"},
		{name: "long title", manifest: "title: " + strings.Repeat("T", 5<<20) + "\ndate: 2026-01-01\nitems: [test-letter]\n",
			err: "DIR/reader.yaml:1:1: title: 5,242,880 characters are more than the limit of 1,000 for a title (Limits.TitleChars)"},
		{name: "answer lines", manifest: "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    questions: [{text: Q, lines: 10000000}]\n",
			err: "the questions ask for more than 10,000 ruled answer lines in all, 50 times the limit of 200 for one question (Limits.QuestionLines)"},
		{name: "answer lines of one question", manifest: "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    questions: [{text: Q, lines: 201}]\n",
			err: "201 answer lines are more than the limit of 200 (Limits.QuestionLines)"},
		{name: "glossary terms", manifest: "title: T\ndate: 2026-01-01\nglossary:\n" + strings.Repeat("  - {term: t, definition: d}\n", 4) + "items: [test-letter]\n",
			opt: Options{Limits: Limits{GlossaryTerms: 3}}, err: "DIR/reader.yaml:7: glossary: the glossary has 4 terms, more than the limit of 3 (Limits.GlossaryTerms)"},
		{name: "questions in all", manifest: "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    questions:\n" + strings.Repeat("      - Q?\n", 800_000),
			err: "DIR/reader.yaml:4:9: questions: the reader has more than 20,000 questions, annotations and word-bank entries, the limit (Limits.Apparatus)"},
		{name: "annotations in one paragraph", manifest: "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    annotations:\n" +
			strings.Repeat("      - {anchor: Text, note: n}\n", 5), body: "Text.\n", opt: Options{Limits: Limits{NotesPerParagraph: 3}},
			err: "more than 3 notes, annotations and questions point into one paragraph (Limits.NotesPerParagraph)"},
		{name: "question anchors in one paragraph", manifest: "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    questions:\n" +
			strings.Repeat("      - {text: Q, anchor: Text}\n", 5), body: "Text.\n", opt: Options{Limits: Limits{NotesPerParagraph: 3}},
			err: "more than 3 notes, annotations and questions point into one paragraph (Limits.NotesPerParagraph)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.manifest == "" {
				c.manifest = oneItem
			}
			if c.body == "" {
				c.body = "Text.\n"
			}
			dir := robustReader(t, map[string]string{"reader.yaml": c.manifest, "sources/letter.md": front + c.body, "head.md": big})
			start := time.Now()
			_, err := loadIn(t, dir, c.opt)
			if c.err == "" && err != "" || !strings.Contains(err, c.err) {
				t.Errorf("got  %.300s\nwant %s", err, c.err)
			}
			t.Logf("done in %v", time.Since(start))
		})
	}
}

// TestRobustManyMissedAnchors: Thousands of anchors missing from a long
// source are each reported without scanning the text again for each
// (this took minutes).
func TestRobustManyMissedAnchors(t *testing.T) {
	body := strings.Repeat("A paragraph of the source with ordinary words in it.\n\n", 170_000) // 9 MB
	var m strings.Builder
	m.WriteString("title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    annotations:\n")
	for i := 0; i < 6000; i++ {
		fmt.Fprintf(&m, "      - {anchor: \"ordinary wrods %d\", note: n}\n", i)
	}
	m.WriteString("    questions:\n")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&m, "      - {text: Q, anchor: \"ordinary words in\", occurrence: %d}\n", i*1000+1)
	}
	dir := robustReader(t, map[string]string{"reader.yaml": m.String(), "sources/letter.md": front + body})
	done := make(chan string, 1)
	go func() {
		_, err := loadIn(t, dir, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		if n := strings.Count(err, "is not in the text of test-letter"); n != 6000 {
			t.Errorf("%d misses reported, want 6000", n)
		}
		if strings.Contains(err, "occurrence") && strings.Contains(err, "ordinary words in\"") {
			t.Errorf("a present anchor was reported: %.500s", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("6,000 missed anchors over 9 MB took more than a minute")
	}
}

// TestRobustNoSilentlyWrongOutput: input that used to build into the
// wrong book is refused with a message.
func TestRobustNoSilentlyWrongOutput(t *testing.T) {
	item := "  - id: test-letter\n"
	cases := []struct{ name, manifest, source, err string }{
		{name: "duplicate top-level key", manifest: "title: T\ndate: 2026-01-01\nitems: [test-letter]\ntitle: U\n",
			err: `DIR/reader.yaml:4:1: title: the key "title" is given twice in this mapping (first on line 1)`},
		{name: "duplicate items", manifest: "title: T\ndate: 2026-01-01\nitems: [test-letter]\nitems: []\n",
			err: `DIR/reader.yaml:4:1: items: the key "items" is given twice`},
		{name: "duplicate key in a part", manifest: "title: T\ndate: 2026-01-01\nparts:\n  - title: P\n    items: [test-letter]\n    items: [test-letter]\n",
			err: `DIR/reader.yaml:6:5: items: the key "items" is given twice`},
		{name: "duplicate key in an item", manifest: "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    title: A\n    title: B\n",
			err: `DIR/reader.yaml:6:5: title: the key "title" is given twice`},
		{name: "duplicate key in front matter", source: "---\nid: test-letter\ntitle: A Test Letter\ndate: 1989-09-02\ntype: letter\nrights:\n  status: public-domain\ntitle: B\n---\nText.\n",
			err: `DIR/sources/letter.md:8:1: title: the key "title" is given twice`},
		{name: "empty question", manifest: "title: T\ndate: 2026-01-01\nitems:\n" + item + "    questions: [\"\"]\n",
			err: `DIR/reader.yaml:5:17: items[1]: the question is empty`},
		{name: "null question", manifest: "title: T\ndate: 2026-01-01\nitems:\n" + item + "    questions:\n      - ~\n",
			err: `the question is empty`},
		{name: "negative occurrence", manifest: "title: T\ndate: 2026-01-01\nitems:\n" + item + "    annotations: [{anchor: Text, occurrence: -1, note: n}]\n",
			err: `occurrence: -1 is not allowed: occurrence counts from 1`},
		{name: "negative paragraph", manifest: "title: T\ndate: 2026-01-01\nitems:\n" + item + "    questions: [{text: Q, paragraph: -3}]\n",
			err: `paragraph: -3 is not allowed`},
		{name: "negative lines", manifest: "title: T\ndate: 2026-01-01\nitems:\n" + item + "    questions: [{text: Q, lines: -5}]\n",
			err: `lines: -5 is not allowed`},
		{name: "zero occurrence", manifest: "title: T\ndate: 2026-01-01\nitems:\n" + item + "    questions: [{text: Q, anchor: Text, occurrence: 0}]\n",
			err: `occurrence: 0 is not allowed`},
		{name: "binary glossary term", manifest: "title: T\ndate: 2026-01-01\nglossary: [{term: !!binary gA==, definition: d}]\nitems: [test-letter]\n",
			err: `DIR/reader.yaml:3:19: a !!binary value is not text; write the text itself`},
		{name: "year 0", source: strings.Replace(front, "1989-09-02", "0000-01-01", 1) + "Text.\n", err: `has the year 0; years run from 0001 to 9999`},
		{name: "reader dated 0001-01-01", manifest: "title: T\ndate: 0001-01-01\nitems: [test-letter]\n",
			err: `DIR/reader.yaml:2:7: date: "0001-01-01" is before 1900`},
		{name: "Go type in a message", manifest: "title: T\ndate: 2026-01-01\nitems: {a: b}\n", err: `expected a list such as [A, B], found a mapping`},
		{name: "newline in name", manifest: "title: T\nname: \"a\\nb\"\ndate: 2026-01-01\nitems: [test-letter]\n", err: `name: "a\nb" is not a file name`},
		{name: "ESC in name", manifest: "title: T\nname: \"a\\eb\"\ndate: 2026-01-01\nitems: [test-letter]\n", err: `is not a file name`},
		{name: "bidi override in name", manifest: "title: T\nname: \"a\u202egpj.exe\"\ndate: 2026-01-01\nitems: [test-letter]\n", err: `is not a file name`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.manifest == "" {
				c.manifest = oneItem
			}
			if c.source == "" {
				c.source = front + "Text.\n"
			}
			dir := robustReader(t, map[string]string{"reader.yaml": c.manifest, "sources/letter.md": c.source})
			_, err := loadIn(t, dir, Options{})
			if !strings.Contains(err, c.err) {
				t.Errorf("got  %s\nwant %s", err, c.err)
			}
			if strings.Contains(err, "book.") || strings.Contains(err, "[]") && !strings.Contains(err, "[A, B]") {
				t.Errorf("a Go type in the message: %s", err)
			}
		})
	}
}

// TestRobustSourceDateEpoch: a build date past 9999 is refused naming
// SOURCE_DATE_EPOCH.
func TestRobustSourceDateEpoch(t *testing.T) {
	dir := robustReader(t, map[string]string{"reader.yaml": oneItem, "sources/letter.md": front + "Text.\n"})
	env := func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "253402300800" // 10000-01-01
		}
		return ""
	}
	_, err := loadIn(t, dir, Options{Env: env})
	if !strings.HasPrefix(err, "SOURCE_DATE_EPOCH: 253402300800 seconds is in the year 10000") {
		t.Errorf("got %q", err)
	}
}

// TestRobustGlossaryURL: a glossary term inside a link whose text is a
// web address is not its first use; the real first use is marked.
func TestRobustGlossaryURL(t *testing.T) {
	dir := robustReader(t, map[string]string{
		"reader.yaml":       "title: T\ndate: 2026-01-01\nglossary: [{term: soviet, definition: Of the USSR.}]\nitems: [test-letter]\n",
		"sources/letter.md": front + "See <https://example.org/soviet/archive>.\n\nThe Soviet envoy came.\n"})
	b, err := loadIn(t, dir, Options{})
	if err != "" {
		t.Fatal(err)
	}
	var marked []string
	for _, bl := range b.Items[0].Body {
		for _, r := range bl.Inlines {
			if r.Style&markup.Term != 0 {
				marked = append(marked, r.Text)
			}
		}
	}
	if strings.Join(marked, "|") != "Soviet" {
		t.Errorf("marked %q, want the Soviet of the second paragraph only", marked)
	}
}

// TestRobustControlsLeftOut: the control characters the warning says are
// left out of both editions are not in the book's text.
func TestRobustControlsLeftOut(t *testing.T) {
	dir := robustReader(t, map[string]string{"reader.yaml": "title: \"T\\x7f\"\ndate: 2026-01-01\nitems: [test-letter]\n",
		"sources/letter.md": front + "A\u007fB\u0085C\uFFFED\uFFFFE and \u000bF.\n"})
	b, err := loadIn(t, dir, Options{})
	if err != "" {
		t.Fatal(err)
	}
	if got := markup.BlocksText(b.Items[0].Body); got != "ABCDE and F.\n" {
		t.Errorf("text %q", got)
	}
	if b.Title != "T" {
		t.Errorf("title %q", b.Title)
	}
	if w := warningsIn(b, dir); len(w) != 1 || !strings.Contains(w[0], "left out of both editions (5 such characters") {
		t.Errorf("warnings %v", w)
	}
}

// TestRobustSameLibraryTwice: one folder named twice is one library, not
// a duplicate of every source.
func TestRobustSameLibraryTwice(t *testing.T) {
	dir := robustReader(t, map[string]string{"reader.yaml": "title: T\ndate: 2026-01-01\nsources: [sources, ./sources, sources/]\nitems: [test-letter]\n",
		"sources/letter.md": front + "Text.\n"})
	b, err := loadIn(t, dir, Options{})
	if err != "" {
		t.Fatal(err)
	}
	if w := warningsIn(b, dir); len(w) != 0 {
		t.Errorf("warnings %v", w)
	}
}

// TestRobustOutputName: a name made from the folder is safe on a
// terminal and in a file system.
func TestRobustOutputName(t *testing.T) {
	m := &Manifest{File: "/x/a\x1b[31m\u202eb\n.yaml", Dir: "/x"}
	if got := m.OutputName(); got != "a-[31m-b-" {
		t.Errorf("OutputName %q", got)
	}
}

// TestRobustExcerptLinear: an excerpt of hundreds of Thousands of ranges
// over a source of hundreds of Thousands of headings and paragraphs is
// selected in linear time (each block used to scan every range, and each
// heading every block after it).
func TestRobustExcerptLinear(t *testing.T) {
	var body strings.Builder
	for i := 0; i < 100_000; i++ {
		body.WriteString("# H\n\n# H\n\nA paragraph.\n\n")
	}
	var ranges strings.Builder
	for i := 0; i < 300_000; i++ {
		fmt.Fprintf(&ranges, "%d-%d, ", 1+i%100_000, 1+i%100_000)
	}
	dir := robustReader(t, map[string]string{
		"reader.yaml":       "title: T\ndate: 2026-01-01\nitems:\n  - id: test-letter\n    excerpt: [" + strings.TrimSuffix(ranges.String(), ", ") + "]\n",
		"sources/letter.md": front + body.String()})
	done := make(chan string, 1)
	go func() {
		b, err := loadIn(t, dir, Options{})
		if b != nil && len(b.Items[0].Body) != 300_000 {
			err = fmt.Sprintf("%d blocks kept, want 300,000", len(b.Items[0].Body))
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != "" {
			t.Error(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the excerpt took more than a minute")
	}
}

// TestRobustFontsConfined: font files named by the manifest are refused
// outside the reader's folder, like every other file a manifest names.
func TestRobustFontsConfined(t *testing.T) {
	outside := t.TempDir()
	font := filepath.Join(outside, "font.ttf")
	os.WriteFile(font, []byte("not really a font"), 0o644)
	parent := filepath.Dir(outside)
	for _, v := range []string{font, "../" + filepath.Base(outside) + "/font.ttf"} {
		dir, _ := os.MkdirTemp(parent, "reader")
		t.Cleanup(func() { os.RemoveAll(dir) })
		os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
		os.WriteFile(filepath.Join(dir, "sources", "letter.md"), []byte(front+"Text.\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte("title: T\ndate: 2026-01-01\nitems: [test-letter]\nfonts: [\""+v+"\"]\n"), 0o644)
		_, err := loadIn(t, dir, Options{})
		if !strings.Contains(err, "is outside the reader's folder") && !strings.Contains(err, "is an absolute path") {
			t.Errorf("fonts: [%s]: %q, want it refused as outside the reader's folder", v, err)
		}
		if !strings.Contains(err, "fonts[1]") {
			t.Errorf("fonts: [%s]: %q does not name the field", v, err)
		}
	}
}

const tinyPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
