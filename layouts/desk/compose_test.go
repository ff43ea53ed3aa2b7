package desk

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"sourcebook/book"
	"sourcebook/layouts/internal/testtool"
)

// exampleFolder is a reader folder beside a library holding the letter
// of the bundled example, with the given reader.yaml.
func exampleFolder(t *testing.T, manifest string) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "examples", "r")
	for _, d := range []string{dir, filepath.Join(root, "sources")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("../../sources/masoud-vorontsov-1989.md")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "sources", "masoud-vorontsov-1989.md"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(manifest), 0o644)
	return dir
}

const withQuestion = `title: Letters
sources: [../../sources]
parts:
  - title: Week one
    items:
      - id: masoud-vorontsov-1989
        questions:
          # asked in class first
          - text: What does Masoud want?
            paragraph: 2
            note: Look at the second paragraph.
`

// TestComposeExcerptEditsAndParts: ticked paragraphs become the excerpt
// docs/readers.md shows ([1-3, 5]); an annotation and a question edited
// in place keep their comments and the keys the form does not show; a
// part's title, introduction and central question are written and a
// blank one removed; the reader still loads.
func TestComposeExcerptEditsAndParts(t *testing.T) {
	dir := exampleFolder(t, withQuestion)
	s, host := loopback(t, dir)
	steps := []editReq{
		{Op: "excerpt", Paragraphs: []int{5, 1, 2, 3, 2}},
		{Op: "annotate", Anchor: "Soviet Union", Note: "The USSR."},
		{Op: "annotate", Anchor: "Afghanistan", Note: "To be removed."},
		{Op: "update-annotation", Index: 0, Anchor: "Soviet Union", Occurrence: 1, Note: "The Union of Soviet Socialist Republics."},
		{Op: "remove-annotation", Index: 1},
		{Op: "update-question", Index: 0, Text: "What does Masoud ask of Vorontsov?", Stage: "during", Answer: "To leave.", Lines: 3},
		{Op: "part", Part: 0, Title: "Week one: the letter", Text: "Read it aloud.\n\nThen discuss.", Question: "Why did the war end?"},
		{Op: "part", Part: 0, Title: "Week one: the letter", Text: "Read it aloud.\n\nThen discuss."},
	}
	applyAll(t, s, host, steps)
	data, _ := os.ReadFile(filepath.Join(dir, "reader.yaml"))
	got := string(data)
	if !strings.Contains(got, "excerpt: [1-3, 5]") || !strings.Contains(got, "# asked in class first") {
		t.Errorf("reader.yaml:\n%s", got)
	}
	var m struct {
		Parts []struct {
			Title, Introduction, Question string
			Items                         []struct {
				Annotations []struct{ Anchor, Note string }
				Questions   []struct {
					Text, Stage, Answer, Note string
					Paragraph, Lines          int
				}
			}
		}
	}
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	p := m.Parts[0]
	if p.Title != "Week one: the letter" || p.Introduction != "Read it aloud.\n\nThen discuss.\n" || p.Question != "" {
		t.Errorf("part: %+v", p)
	}
	it := p.Items[0]
	if len(it.Annotations) != 1 || it.Annotations[0].Note != "The Union of Soviet Socialist Republics." {
		t.Errorf("annotations: %+v", it.Annotations)
	}
	if q := it.Questions; len(q) != 1 || q[0].Text != "What does Masoud ask of Vorontsov?" || q[0].Stage != "during" || q[0].Lines != 3 ||
		q[0].Paragraph != 2 || q[0].Note != "Look at the second paragraph." {
		t.Errorf("questions: %+v", q)
	}
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Items[0].Excerpt {
		t.Error("the item is not an excerpt")
	}
	// The state the page reads lists the excerpt's paragraphs one by one.
	var st struct {
		Parts []struct{ Items []viewItem }
	}
	json.Unmarshal(do(t, s, "GET", "/api/state", host, nil, nil).Body.Bytes(), &st)
	if ex := st.Parts[0].Items[0].Excerpt; len(ex) != 4 || ex[0] != 1 || ex[3] != 5 {
		t.Errorf("excerpt in the state: %v", ex)
	}
	st2 := editReq{Digest: digest(t, s), Op: "excerpt"}
	if code, msg := edit(t, s, host, st2); code != 200 {
		t.Fatalf("whole text: %d %s", code, msg)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "reader.yaml")); strings.Contains(string(data), "excerpt") {
		t.Errorf("no tick left the excerpt:\n%s", data)
	}
}

// TestSourceBlocksNumbered: the text the page shows for ticking is the
// source's blocks with the numbers an excerpt counts.
func TestSourceBlocksNumbered(t *testing.T) {
	dir := exampleFolder(t, withQuestion)
	s, host := loopback(t, dir)
	w := do(t, s, "GET", "/api/source?id=masoud-vorontsov-1989", host, nil, nil)
	var r struct{ Blocks []book.Paragraph }
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	src, err := book.ReadSource(filepath.Join(dir, "../../sources/masoud-vorontsov-1989.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := src.NumberedBlocks()
	if len(r.Blocks) != len(want) || len(want) < 5 {
		t.Fatalf("%d blocks, want %d", len(r.Blocks), len(want))
	}
	n := 0
	for i, b := range r.Blocks {
		if b != want[i] {
			t.Errorf("block %d: %+v, want %+v", i, b, want[i])
		}
		if b.Number > 0 {
			n++
			if b.Number != n {
				t.Errorf("block %d numbered %d after %d", i, b.Number, n-1)
			}
		}
	}
}

// TestProblemsNamedByField: a problem that check finds in reader.yaml
// names the form field it concerns, from its line in the file.
func TestProblemsNamedByField(t *testing.T) {
	dir := exampleFolder(t, `title: Letters
sources: [../../sources]
parts:
  - title: Week one
    items:
      - id: masoud-vorontsov-1989
        annotations:
          - anchor: Soviet Union
            note: Fine.
          - anchor: no such phrase in the letter
            note: Misplaced.
      - id: no-such-source
glossary:
  - term: PDPA
`)
	s, host := loopback(t, dir)
	var st struct{ Problems []problem }
	json.Unmarshal(do(t, s, "GET", "/api/state", host, nil, nil).Body.Bytes(), &st)
	targets := map[string]string{}
	for _, p := range st.Problems {
		targets[p.Target] = p.Message
	}
	for _, want := range []string{"p0.i0.annotations.1", "p0.i1", "glossary.0"} {
		if targets[want] == "" {
			t.Errorf("no problem for %s in %+v", want, st.Problems)
		}
	}
	if !strings.Contains(targets["p0.i0.annotations.1"], "no such phrase") {
		t.Errorf("annotation's problem: %q", targets["p0.i0.annotations.1"])
	}
}

// TestLibraryFilters: type, subject and a date range narrow the library
// as the search box does; a date that is not one is named beside it.
func TestLibraryFilters(t *testing.T) {
	dir := exampleFolder(t, withQuestion)
	importInto(t, filepath.Join(dir, "../../sources"), speechPaths(t)...)
	s, host := loopback(t, dir)
	list := func(query string) ([]string, map[string]any) {
		var st struct {
			Library []struct{ ID string }
			Types   []string
			Problem map[string]any `json:"filter_problem"`
		}
		json.Unmarshal(do(t, s, "GET", "/api/state?"+query, host, nil, nil).Body.Bytes(), &st)
		var ids []string
		for _, e := range st.Library {
			ids = append(ids, e.ID)
		}
		return ids, st.Problem
	}
	for _, c := range []struct{ query, want string }{
		{"", "truman-doctrine-1947 eisenhower-chance-peace-1953 masoud-vorontsov-1989"},
		{"type=letter", "masoud-vorontsov-1989"},
		{"subject=afghanistan", "masoud-vorontsov-1989"},
		{"from=1950", "eisenhower-chance-peace-1953 masoud-vorontsov-1989"},
		{"from=1947-01&to=1953-03", "truman-doctrine-1947"},
		{"to=1989&type=letter&q=vorontsov", "masoud-vorontsov-1989"},
	} {
		if ids, _ := list(c.query); strings.Join(ids, " ") != c.want {
			t.Errorf("%q: %v, want %s", c.query, ids, c.want)
		}
	}
	if _, p := list("from=last+spring"); p == nil || p["field"] != "from" {
		t.Errorf("a bad date: %v", p)
	}
}

// TestPreviewOneDocument: the preview of the document being edited is
// that document alone, as print (a PDF whose text has the headnote and
// the letter) and as a web page, and follows an edit.
func TestPreviewOneDocument(t *testing.T) {
	testtool.Need(t, "pdftotext")
	dir := exampleFolder(t, withQuestion)
	s, host := loopback(t, dir)
	hdr := map[string]string{"X-CSRF-Token": s.csrf}
	for _, word := range []string{"first", "second"} {
		if code, msg := edit(t, s, host, editReq{Digest: digest(t, s), Op: "headnote", Text: "The " + word + " headnote."}); code != 200 {
			t.Fatal(code, msg)
		}
		w := do(t, s, "POST", "/api/preview?id=masoud-vorontsov-1989", host, nil, hdr)
		var r struct {
			PDF, Web string
			Pages    int
		}
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		pdfPath := filepath.Join(s.preview, strings.TrimPrefix(r.PDF, "/preview/"))
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdfPath, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"The " + word + " headnote.", "Mister Vorontsov", "Look at the second paragraph."} {
			if !strings.Contains(text, want) {
				t.Errorf("the print preview lacks %q", want)
			}
		}
		if strings.Contains(text, "Contents") {
			t.Error("the print preview has the reader's front matter")
		}
		if r.Pages < 1 || r.Pages > 6 {
			t.Errorf("%d pages for one letter", r.Pages)
		}
		page := do(t, s, "GET", r.Web, host, nil, nil)
		if page.Code != 200 || !strings.Contains(page.Body.String(), "The "+word+" headnote.") {
			t.Errorf("web preview %s: %d", r.Web, page.Code)
		}
	}
}

// TestPreviewSecondUse: a source the reader prints twice, once whole and
// once as an excerpt, is previewed as the use being edited.
func TestPreviewSecondUse(t *testing.T) {
	testtool.Need(t, "pdftotext")
	dir := exampleFolder(t, `title: Letters
sources: [../../sources]
items:
  - id: masoud-vorontsov-1989
  - id: masoud-vorontsov-1989
    excerpt: [2]
`)
	s, host := loopback(t, dir)
	for use, excerpt := range []bool{false, true} {
		w := do(t, s, "POST", fmt.Sprintf("/api/preview?id=masoud-vorontsov-1989&use=%d", use), host, nil, map[string]string{"X-CSRF-Token": s.csrf})
		var r struct{ PDF string }
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(s.preview, strings.TrimPrefix(r.PDF, "/preview/")), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		if got := strings.Contains(text, "[…]"); got != excerpt || !strings.Contains(text, "In reply to your letter") {
			t.Errorf("use %d: excerpt %v, want %v: %.200s", use, got, excerpt, text)
		}
	}
}

// TestFormsLeaveFilesAlone: writing kept in its own file ({file: …}) is
// not replaced from a form, which says where to edit it; nor is a bad
// paragraph number written.
func TestFormsLeaveFilesAlone(t *testing.T) {
	dir := exampleFolder(t, `title: Letters
sources: [../../sources]
parts:
  - title: Week one
    introduction: {file: week-one.md}
    items:
      - id: masoud-vorontsov-1989
        headnote: {file: masoud.md}
`)
	s, host := loopback(t, dir)
	before, _ := os.ReadFile(filepath.Join(dir, "reader.yaml"))
	for _, c := range []struct {
		req  editReq
		want string
	}{
		{editReq{Op: "part", Title: "Week one", Text: "New words."}, "kept in week-one.md"},
		{editReq{Op: "headnote", Text: "New words."}, "kept in masoud.md"},
		{editReq{Op: "excerpt", Paragraphs: []int{0, 2}}, "numbered from 1"},
	} {
		c.req.Digest = digest(t, s)
		if code, msg := edit(t, s, host, c.req); code != http.StatusBadRequest || !strings.Contains(msg, c.want) {
			t.Errorf("%s: %d %q", c.req.Op, code, msg)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "reader.yaml")); string(after) != string(before) {
		t.Errorf("reader.yaml changed:\n%s", after)
	}
}
