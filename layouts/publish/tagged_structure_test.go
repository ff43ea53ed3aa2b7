package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/internal/pdfua"
	"sourcebook/layouts/internal/testtool"
)

// structureSource is a source in French with what the structure must
// group: a list item of two paragraphs holding a nested list, a
// quotation of two paragraphs and a table long enough to run over pages
// (its header repeated on each).
func structureSource() string {
	var b strings.Builder
	b.WriteString(`---
id: lettre-test
title: Une lettre de test
date: 1901-05-06
type: letter
authors: [Jeanne Test]
language: fr
source:
  citation: "Archives de test, carton 1."
rights:
  status: cc0
  statement: Écrit pour les tests.
---
Premier paragraphe de la lettre.[^1]

[^1]: Une note de l’autrice.

1. Premier point de la liste.

   Second paragraphe du premier point.

   - point imbriqué un
   - point imbriqué deux
2. Second point.

> Une citation en deux paragraphes, le premier.
>
> Le second paragraphe de la citation.

Terme
: Sa définition.

| Année | Lieu | Nombre |
|---|---|---|
`)
	for i := 1; i <= 90; i++ {
		fmt.Fprintf(&b, "| %d | Ville numéro %d | %d |\n", 1800+i, i, i*7)
	}
	b.WriteString("\nDernier paragraphe de la lettre.\n")
	return b.String()
}

// TestTaggedStructure: the structure groups what the page shows.
// Parts and documents are Part and Sect; a table is Table, THead and
// TBody of TR with TH (Scope Column) and TD, its header read once
// however many pages repeat it; the sourcing box is a table whose rows
// are headed by its labels (TH, Scope Row); a list item's every
// paragraph and its nested list are in its LBody; a quotation of two
// paragraphs is one BlockQuote; a definition list is an L of the terms
// (Lbl) and their definitions (LBody), and so is the glossary; a source in another language than the
// reader's is read in its own (Lang), and so are its notes.
func TestTaggedStructure(t *testing.T) {
	jsDir := testtool.NeedPDFJS(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	os.WriteFile(filepath.Join(dir, "sources", "lettre.md"), []byte(structureSource()), 0o644)
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(`title: Structure
name: structure
language: en
date: 2026-01-01
sources: [sources]
glossary:
  - term: Red Army
    definition: The Soviet armed forces.
parts:
  - title: Letters
    items: [lettre-test]
`), 0o644)
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(b, Options{OutDir: filepath.Join(dir, "out"), Formats: []Format{"pdf"}}); err != nil {
		t.Fatal(err)
	}
	r, js := checkTagged(t, filepath.Join(dir, "out", "structure.pdf"), jsDir)
	type read struct{ path, lang, text string }
	var items []read
	for _, it := range r.Order {
		items = append(items, read{it.Path, it.Lang, strings.TrimSpace(pdfua.TreeText(&pdfua.Report{Order: []pdfua.Item{it}, Pages: r.Pages}, js))})
	}
	find := func(text string) read {
		t.Helper()
		for _, it := range items {
			if strings.Contains(it.text, text) {
				return it
			}
		}
		t.Fatalf("%q is not in the structure", text)
		return read{}
	}
	for _, it := range items {
		if !strings.HasPrefix(it.path, "Document/Sect") && !strings.HasPrefix(it.path, "Document/Part") {
			t.Errorf("%q is at %s, not in a Part or Sect", it.text, it.path)
		}
	}
	for text, want := range map[string]string{
		"Premier paragraphe":           "Document/Part/Sect/P",
		"Second paragraphe du premier": "Document/Part/Sect/L/LI/LBody/P",
		"point imbriqué deux":          "Document/Part/Sect/L/LI/LBody/L/LI/LBody/P",
		"le premier.":                  "Document/Part/Sect/BlockQuote/P",
		"Le second paragraphe de la":   "Document/Part/Sect/BlockQuote/P",
		"Année":                        "Document/Part/Sect/Table/THead/TR/TH",
		"Ville numéro 90":              "Document/Part/Sect/Table/TBody/TR/TD",
		"Jeanne Test":                  "Document/Part/Sect/Table/TR/TD",
		"Dernier paragraphe":           "Document/Part/Sect/P",
		"Terme":                        "Document/Part/Sect/L/LI/Lbl",
		"Sa définition":                "Document/Part/Sect/L/LI/LBody/P",
		"The Soviet armed forces":      "Document/Sect/L/LI/LBody/P",
		"Une note de":                  "Document/Part/Sect/Note",
		"PART 1":                       "Document/Part/P",
	} {
		if got := find(text); got.path != want {
			t.Errorf("%q is at %s, want %s", text, got.path, want)
		}
	}
	// The glossary: each term is its item's label.
	if got := find("Red Army"); got.path != "Document/Sect/L/LI/Lbl" || got.text != "Red Army" {
		t.Errorf("the glossary's term is %q at %s, want the label of its item", got.text, got.path)
	}
	// The sourcing box: each label heads its row.
	var labels int
	for _, it := range items {
		if it.path == "Document/Part/Sect/Table/TR/TH" {
			labels++
		}
	}
	if labels < 2 {
		t.Errorf("the sourcing box has %d row headers", labels)
	}
	// The table's header repeats on every page it runs over, but is
	// read once.
	pages := map[int]bool{}
	heads := 0
	for _, it := range r.Order {
		if strings.HasSuffix(it.Path, "TBody/TR/TD") {
			pages[it.Page] = true
		}
		if strings.HasSuffix(it.Path, "THead/TR/TH") {
			heads++
		}
	}
	if len(pages) < 2 || heads != 3 {
		t.Errorf("a table over %d pages has %d header cells in the structure, want 3", len(pages), heads)
	}
	arts := 0
	for _, pg := range js.Pages {
		for _, a := range pg.Artifacts {
			if strings.TrimSpace(a) == "Année" {
				arts++
			}
		}
	}
	if arts != len(pages)-1 {
		t.Errorf("the header is repeated as an artifact %d times on %d pages", arts, len(pages))
	}
	// The source is read in French, the apparatus in English.
	if got := find("Premier paragraphe"); got.lang != "fr" {
		t.Errorf("the French source is read in %q", got.lang)
	}
	if got := find("Une note de"); got.lang != "fr" {
		t.Errorf("the French source's note is read in %q", got.lang)
	}
	if got := find("Ville numéro 3"); got.lang != "fr" {
		t.Errorf("the French source's table is read in %q", got.lang)
	}
	if got := find("Jeanne Test"); got.lang != "en" {
		t.Errorf("the sourcing box is read in %q", got.lang)
	}
}
