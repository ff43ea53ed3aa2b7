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
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w.Error()) }})
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

func TestEmojiWarns(t *testing.T) {
	b := oneSource(t, "A first paragraph.\n\nA plain line and an emoji 🙂 here.\n")
	p, _ := layouts.Get("reader", "letter")
	var warnings []*book.Warning
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 {
		t.Fatalf("got %d warnings, want 1: %v", len(warnings), warnings)
	}
	w := warnings[0]
	if w.File != "s.md" || w.Line != 10 || !strings.Contains(w.Msg, "U+1F642") {
		t.Errorf("warning %v: want s.md line 10 naming U+1F642", w)
	}
	writePDF(t, doc) // must not panic in fpdf
}
