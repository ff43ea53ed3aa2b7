package markup

import (
	"strings"
	"testing"
)

func TestEscapesAndEntities(t *testing.T) {
	doc := Parse([]byte("\\# Not a heading, 1989\\. Not a list, \\*not italic\\*, AT&amp;T &#8212; done.\n"), Options{})
	got := BlocksText(doc.Blocks)
	want := "# Not a heading, 1989. Not a list, *not italic*, AT&T — done.\n"
	if got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestSourceKeepsStraightQuotes(t *testing.T) {
	src := []byte(`He said "no" -- and it's done...`)
	if got := BlocksText(Parse(src, Options{}).Blocks); got != string(src)+"\n" {
		t.Errorf("a source's characters changed: %q", got)
	}
	if got := BlocksText(Parse(src, Options{Typographer: true}).Blocks); !strings.Contains(got, "“no”") || !strings.Contains(got, "–") {
		t.Errorf("apparatus not typographic: %q", got)
	}
}

func TestFigureAndWarnings(t *testing.T) {
	doc := Parse([]byte("Intro.\n\n![A map of Kabul](map.png \"Kabul in 1989\")\n\nText with <center>raw</center> HTML.\n"), Options{FirstLine: 10})
	if len(doc.Blocks) != 3 || doc.Blocks[1].Kind != Figure {
		t.Fatalf("blocks: %+v", doc.Blocks)
	}
	img := doc.Blocks[1].Image
	if img.Alt != "A map of Kabul" || img.Caption != "Kabul in 1989" || img.Src != "map.png" {
		t.Errorf("figure: %+v", img)
	}
	if len(doc.Warnings) != 1 { // <center> and </center>, once for the line
		t.Fatalf("warnings: %+v", doc.Warnings)
	}
	for _, w := range doc.Warnings {
		if w.Line != 14 {
			t.Errorf("warning on line %d, want 14: %s", w.Line, w.Msg)
		}
	}
}

func TestUnsafeLinksDropped(t *testing.T) {
	doc := Parse([]byte("[a](javascript:alert(1)) [b](https://example.org) [c](file:///etc/passwd)\n"), Options{})
	var links []string
	for _, in := range doc.Blocks[0].Inlines {
		if in.Link != "" {
			links = append(links, in.Link)
		}
	}
	if len(links) != 1 || links[0] != "https://example.org" {
		t.Errorf("links kept: %v", links)
	}
}

func TestFootnotes(t *testing.T) {
	doc := Parse([]byte("Text[^1] and more[^n].\n\n[^1]: First note.\n[^n]: Second *note*.\n"), Options{NotePrefix: "d-"})
	if len(doc.Notes) != 2 || doc.Notes[0].ID != "d-n1" || BlocksText(doc.Notes[1].Blocks) != "Second note.\n" {
		t.Fatalf("notes: %+v", doc.Notes)
	}
	refs := 0
	for _, in := range doc.Blocks[0].Inlines {
		if in.Note != nil {
			refs++
		}
	}
	if refs != 2 || PlainText(doc.Blocks[0].Inlines) != "Text and more." {
		t.Errorf("refs %d, text %q", refs, PlainText(doc.Blocks[0].Inlines))
	}
}

func TestDeepNestingDoesNotOverflow(t *testing.T) {
	src := strings.Repeat(">", 200) + " deep\n\n" + strings.Repeat("  ", 0)
	for i := 0; i < 60; i++ {
		src += strings.Repeat("  ", i) + "- item\n"
	}
	doc := Parse([]byte(src), Options{})
	if !strings.Contains(BlocksText(doc.Blocks), "deep") {
		t.Error("text lost")
	}
}

func TestEscapedEntity(t *testing.T) {
	got := BlocksText(Parse([]byte("\\&amp; and &amp; and \\\\ and a\\_b\n"), Options{}).Blocks)
	if got != "&amp; and & and \\ and a_b\n" {
		t.Errorf("got %q", got)
	}
}
