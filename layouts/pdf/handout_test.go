package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts"
)

// A handout opens with a Name / Date / Class line, and no question is
// parted from its ruled answer lines by a page break.
func TestHandoutNameLineAndQuestionsKeptWhole(t *testing.T) {
	dir := t.TempDir()
	lib, _ := filepath.Abs("../../sources")
	var m strings.Builder
	fmt.Fprintf(&m, "title: H\ndate: 2026-01-01\nsources: [%s]\nitems:\n  - id: masoud-vorontsov-1989\n    questions:\n", lib)
	for k := 1; k <= 30; k++ {
		fmt.Fprintf(&m, "      - text: Question %d, which asks the student to explain at some length what the writer means here?\n        stage: after\n        lines: %d\n", k, 3+k%5)
	}
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(m.String()), 0o644)
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := layouts.Get("handout", "letter")
	doc, err := LayoutHandout(b, b.Items[0], p, Options{keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.pages) < 3 {
		t.Fatalf("only %d pages: the test needs page breaks among the questions", len(doc.pages))
	}
	first := ""
	for _, bx := range doc.pages[0].boxes {
		if bx.line != nil {
			first = lineText(bx.line)
			break
		}
	}
	if !strings.HasPrefix(first, "Name ____") || !strings.Contains(first, "Date ____") || !strings.Contains(first, "Class ____") {
		t.Errorf("first line %q, want the Name / Date / Class line", first)
	}
	lead := p.Leading * 1.6
	for pi, pg := range doc.pages {
		for _, bx := range pg.boxes {
			if bx.line != nil {
				break
			}
			if bx.kind == vDraw && bx.height == lead && bx.mark.ID == "" {
				t.Errorf("page %d opens with answer lines parted from their question", pi+1)
			}
			if bx.kind == vDraw {
				break
			}
		}
	}
	// Without the preset's setting, no line.
	p.NameLine = false
	doc, _ = LayoutHandout(b, b.Items[0], p, Options{keepLayout: true})
	for _, bx := range doc.pages[0].boxes {
		if bx.line != nil && strings.HasPrefix(lineText(bx.line), "Name ____") {
			t.Error("name_line: false still prints the line")
		}
	}
}
