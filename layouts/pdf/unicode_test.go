package pdf

import (
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/layouts"
)

// oneSource assembles a reader of a single source with the given body.
func oneSource(t *testing.T, body string) *book.Book {
	t.Helper()
	b := oneSourceF(t, body)
	if b == nil {
		t.Fatal("cannot assemble")
	}
	return b
}

// oneSourceF is oneSource for fuzzing: nil when the input is not a valid
// source.
func oneSourceF(t testing.TB, body string) *book.Book {
	src := &book.Source{ID: "s", Title: "Unicode", Type: "other", Body: body, File: "s.md", BodyLine: 8,
		Rights: book.Rights{Status: "public-domain"}}
	src.Date, _ = book.ParseDate("2000")
	m, err := book.ParseManifest("r.yaml", []byte("title: T\nitems: [s]\ndate: 2026-01-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Assemble(m, &book.Library{Sources: map[string]*book.Source{"s": src}, Order: []string{"s"}}, book.Options{})
	if err != nil {
		return nil
	}
	return b
}

const europe = `Français : « Liberté, égalité, fraternité » — où ça ? Œuvre, naïveté, Noël.

Deutsch: Die Würde des Menschen ist unantastbar. Straße, Ärger, Öl, Übermaß.

Polski: Zażółć gęślą jaźń. Łódź, Kraków, Gdańsk, źdźbło.

Čeština: Příliš žluťoučký kůň úpěl ďábelské ódy. Řeka, ěščř.

Ελληνικά: Ἐν ἀρχῇ ἦν ὁ λόγος. Δημοκρατία, ελευθερία, Αθήνα.

Русский: Съешь же ещё этих мягких французских булок, да выпей чаю. Ёлка.
`

func TestUnicodeGlyphs(t *testing.T) {
	b := oneSource(t, europe)
	p, _ := layouts.Get("reader", "letter")
	var warnings []string
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w.Error()) }, keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("characters without a glyph: %v", warnings)
	}
	path := writePDF(t, doc)
	text := pageText(t, path, doc.pm.Starts[b.Items[0].ID]+1, nil)
	if strings.ContainsRune(text, placeholder) {
		t.Error("a placeholder was drawn")
	}
	want := words(markup.BlocksText(b.Items[0].Body))
	all := words(text)
	if indexWords(all, want) < 0 {
		t.Errorf("text does not round-trip:\n got %v\nwant %v", all, want)
	}
}

// TestEmojiWarns: U+1FAE8 (Unicode 15) is in no font Sourcebook embeds or
// CI installs, so it is drawn as a placeholder with a warning.
func TestEmojiWarns(t *testing.T) {
	b := oneSource(t, "A first paragraph.\n\nA plain line and an emoji 🫨 here.\n")
	p, _ := layouts.Get("reader", "letter")
	var warnings []*book.Warning
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w) }, keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 {
		t.Fatalf("got %d warnings, want 1: %v", len(warnings), warnings)
	}
	w := warnings[0]
	if w.File != "s.md" || w.Line != 10 || !strings.Contains(w.Msg, "U+1FAE8") {
		t.Errorf("warning %v: want s.md line 10 naming U+1FAE8", w)
	}
	writePDF(t, doc) // the placeholder is written like any glyph
}

// TestLongNoteContinues: a note too long for its page starts on the page
// that calls it and continues at the foot of the next, every line once, in
// order, and never over the text.
func TestLongNoteContinues(t *testing.T) {
	long := strings.Repeat("This note goes on and on, as an editor's notes sometimes do. ", 180)
	body := "A paragraph that calls a long note.[^1] " + strings.Repeat("More text follows the call. ", 40) +
		"\n\n" + strings.Repeat("Another paragraph of the document itself. ", 120) + "\n\n[^1]: " + long + "\n"
	b := oneSource(t, body)
	p, _ := layouts.Get("reader", "letter")
	doc, err := Layout(b, p, Options{keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	avail := p.PageHeight - p.Margins.Top - p.Margins.Bottom
	var drawn []*vbox
	refPage, notePages := -1, 0
	for pi, pg := range doc.pages {
		if pg.used+pg.noteH+noteSep > avail+0.5 && len(pg.noteLines) > 0 && len(pg.boxes) > 1 {
			t.Errorf("page %d: notes (%.0fpt) overlap the text (%.0fpt of %.0fpt)", pi+1, pg.noteH, pg.used, avail)
		}
		for _, bx := range pg.boxes {
			if len(bx.notes) > 0 && refPage < 0 {
				refPage = pi
			}
		}
		if len(pg.noteLines) > 0 {
			notePages++
		}
		drawn = append(drawn, pg.noteLines...)
	}
	var fn *footnote
	for _, pg := range doc.pages {
		for _, bx := range pg.boxes {
			if len(bx.notes) > 0 {
				fn = bx.notes[0]
			}
		}
	}
	if fn == nil {
		t.Fatal("no note laid out")
	}
	if len(drawn) != len(fn.lines) {
		t.Fatalf("%d note lines drawn, the note has %d", len(drawn), len(fn.lines))
	}
	for i := range drawn {
		if drawn[i] != fn.lines[i] {
			t.Fatalf("note line %d out of order", i+1)
		}
	}
	if notePages < 2 {
		t.Errorf("the note did not continue (%d pages with notes)", notePages)
	}
	if len(doc.pages[refPage].noteLines) == 0 || doc.pages[refPage].noteLines[0] != fn.lines[0] {
		t.Error("the note does not start on the page that calls it")
	}
	writePDF(t, doc)
}
