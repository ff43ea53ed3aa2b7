package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts"
)

// A part with only a title shares its first document's page; the
// document's running head and bookmark use the manifest's title for it,
// curled; paragraph_numbers: false leaves ¶ numbers out of the margin.
func TestPartTitleSharesPageAndItemTitleInHeads(t *testing.T) {
	dir := t.TempDir()
	lib, _ := filepath.Abs("../../sources")
	m := "title: R\ndate: 2026-01-01\nsources: [" + lib + "]\nparagraph_numbers: false\nparts:\n  - title: The \"Early\" Cold War\n    items:\n      - id: masoud-vorontsov-1989\n        title: Masoud's \"Last\" Letter\n"
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(m), 0o644)
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := layouts.Get("reader", "letter")
	doc, err := Layout(b, p, Options{keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	part, item := -1, -1
	var marks []string
	for pi, pg := range doc.pages {
		for _, id := range pg.starts {
			if id == b.Parts[0].ID && part < 0 {
				part = pi
			}
			if id == b.Items[0].ID && item < 0 {
				item = pi
			}
		}
		for _, bx := range pg.boxes {
			if bx.bookmark != nil {
				marks = append(marks, bx.bookmark.title)
			}
		}
		for _, m := range pg.rec.margins() {
			if m.pnum > 0 {
				t.Fatalf("page %d prints ¶ %d with paragraph_numbers: false", pi+1, m.pnum)
			}
		}
	}
	if part < 0 || part != item {
		t.Errorf("the part starts on page %d, its first document on page %d; want the same page", part+1, item+1)
	}
	want := "Masoud’s “Last” Letter"
	if h := doc.pages[item].head; h == nil || h.right != want {
		t.Errorf("running head %+v, want %q", h, want)
	}
	if !strings.Contains(strings.Join(marks, "|"), "Document 1: "+want) {
		t.Errorf("bookmarks %q lack %q", marks, "Document 1: "+want)
	}
}

// A question without a stage is warned about.
func TestWarningQuestionWithoutStage(t *testing.T) {
	dir := t.TempDir()
	lib, _ := filepath.Abs("../../sources")
	m := "title: R\nsources: [" + lib + "]\nitems:\n  - id: masoud-vorontsov-1989\n    questions:\n      - Why did he write?\n"
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(m), 0o644)
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range b.Warnings {
		if strings.Contains(w.Error(), "reader.yaml:6:") && strings.Contains(w.Msg, "has no stage") && strings.Contains(w.Msg, "add stage: before, during or after") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning for a question without a stage: %v", b.Warnings)
	}
}
