package xhtml

import (
	"encoding/xml"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/markup"
)

// marks is a test edition's page-marker hook: one page starting at a
// rune offset into the paragraph p1.
type marks struct{ placed []string }

func (m *marks) Place(file, id string, inline bool) []*Group {
	m.placed = append(m.placed, id)
	if id != "p1" {
		return nil
	}
	return []*Group{{File: file, Offset: 6, Marks: []Mark{{ID: "page-7", Label: "7"}}}}
}

func (m *marks) Marker(mk Mark) string {
	return `<span class="test-page" id="` + mk.ID + `">` + Esc(mk.Label) + `</span>`
}

// TestMarksHook: the writer asks the edition where page markers stand
// and writes the edition's own marker at the rune offset it gives,
// inside the paragraph's text; styles map to elements.
func TestMarksHook(t *testing.T) {
	hook := &marks{}
	sh := &Shared{Loc: book.English, Targets: map[string]Target{}, Reserved: map[string]bool{}, Href: func(f string) string { return f }, Marks: hook}
	w := New(sh, "doc.xhtml")
	bs := []markup.Block{{Kind: markup.Paragraph, ID: "p1", Inlines: []markup.Inline{{Text: "Voilà "}, {Text: "a title", Style: markup.Italic}, {Text: " & more"}}}}
	w.Blocks(bs, NewHeadings(1, bs))
	if w.Err != nil {
		t.Fatal(w.Err)
	}
	out := w.Buf.String()
	var doc struct {
		ID    string `xml:"id,attr"`
		Inner string `xml:",innerxml"`
		Span  struct {
			ID   string `xml:"id,attr"`
			Text string `xml:",chardata"`
		} `xml:"span"`
		Em string `xml:"em"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if doc.ID != "p1" || sh.Targets["p1"] != (Target{"doc.xhtml", "p1"}) {
		t.Errorf("id %q, targets %v", doc.ID, sh.Targets)
	}
	if doc.Span.ID != "page-7" || doc.Span.Text != "7" {
		t.Errorf("marker %+v in %s", doc.Span, out)
	}
	// Six runes in: after "Voilà ", before the title.
	if i, j := strings.Index(doc.Inner, "Voilà "), strings.Index(doc.Inner, "<span"); i < 0 || j != i+len("Voilà ") {
		t.Errorf("marker not at rune offset 6: %s", doc.Inner)
	}
	if doc.Em != "a title" || !strings.Contains(out, "&amp; more") {
		t.Errorf("styles or escaping: %s", out)
	}
	if len(hook.placed) != 1 || hook.placed[0] != "p1" {
		t.Errorf("hook asked for %v", hook.placed)
	}
}
