package book

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDatesFollowLanguage(t *testing.T) {
	d, err := ParseDate("1947-03-12")
	if err != nil {
		t.Fatal(err)
	}
	for tag, want := range map[string]string{
		"en-US": "March 12, 1947",
		"en-GB": "12 March 1947",
		"en":    "12 March 1947",
		"fr":    "12 mars 1947",
		"fr-CA": "12 mars 1947",
		"de":    "12. März 1947",
		"de-AT": "12. März 1947",
		"es":    "12 de marzo de 1947",
		"es-MX": "12 de marzo de 1947",
		"ja":    "12 March 1947", // no catalog: English
		"":      "12 March 1947",
	} {
		if got := LocaleFor(tag).Date(d); got != want {
			t.Errorf("%q: %q, want %q", tag, got, want)
		}
	}
	r, _ := ParseDate("1989-09~/1989-10")
	if got := LocaleFor("fr").Date(r); got != "vers septembre 1989–octobre 1989" {
		t.Errorf("fr range: %q", got)
	}
	first, _ := ParseDate("1989-09-01")
	if got := LocaleFor("fr").Date(first); got != "1er septembre 1989" {
		t.Errorf("fr first of the month: %q", got)
	}
	if English.Date(d) != "12 March 1947" {
		t.Errorf("English: %q", English.Date(d))
	}
}

func TestAndJoin(t *testing.T) {
	for _, c := range []struct {
		tag   string
		names []string
		want  string
	}{
		{"en", nil, ""},
		{"en", []string{"A"}, "A"},
		{"en", []string{"A", " ", "B"}, "A and B"},
		{"en-US", []string{"A", "B", "C"}, "A, B and C"},
		{"es", []string{"Ana", "Luis"}, "Ana y Luis"},
		{"es", []string{"Ana", "Inés"}, "Ana e Inés"},
		{"fr", []string{"A", "B", "C"}, "A, B et C"},
		{"de", []string{"A", "B"}, "A und B"},
	} {
		if got := LocaleFor(c.tag).And(c.names); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.tag, c.names, got, c.want)
		}
	}
}

// Every label has its text in every catalog, with the same placeholders
// as the English.
func TestCatalogsComplete(t *testing.T) {
	en := catalogs["de"] // any catalog lists the keys; compare them all
	for lang, cat := range catalogs {
		if len(cat) != len(en) {
			t.Errorf("%s has %d labels, de has %d", lang, len(cat), len(en))
		}
		for m, s := range cat {
			if strings.Count(s, "%") != strings.Count(string(m), "%") {
				t.Errorf("%s %q: %q has other placeholders", lang, m, s)
			}
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s %q is empty", lang, m)
			}
		}
	}
	if LocaleFor("de-CH").T(MsgDocument, "3") != "Dokument 3" || LocaleFor("es-419").T(MsgGlossary) != "Glosario" {
		t.Error("regional tags do not match their language's catalog")
	}
	if got := LocaleFor("en").T(MsgPart, 2); got != "Part 2" {
		t.Errorf("English: %q", got)
	}
	var facts []string
	s := &Source{Authors: []string{"A", "B"}, Date: mustDate(t, "1947-03-12")}
	for _, f := range s.FactsIn(LocaleFor("fr")) {
		facts = append(facts, f.Label+": "+f.Value)
	}
	if want := []string{"Auteurs: A et B", "Date: 12 mars 1947"}; !reflect.DeepEqual(facts, want) {
		t.Errorf("French facts %q, want %q", facts, want)
	}
}

// TestDecimalComma: reading metrics write decimals as the reader's
// language does.
func TestDecimalComma(t *testing.T) {
	m := Metrics{Words: 1200, Minutes: 6, Grade: 16.54}
	for lang, want := range map[string]string{"en": "16.5", "en-US": "16.5", "fr": "16,5", "de": "16,5", "es": "16,5"} {
		line := LocaleFor(lang).MetricsLine(m, "")
		if !strings.Contains(line, want) || strings.Contains(line, "16"+map[bool]string{true: ",", false: "."}[want == "16.5"]+"5") {
			t.Errorf("%s: %q, want the grade written %s", lang, line, want)
		}
	}
}

// TestDescriptionInReadersLanguage: the EPUB's catalogue description and
// print-edition name come from the catalog, not English phrases.
func TestDescriptionInReadersLanguage(t *testing.T) {
	b := &Book{Language: "fr", Course: "Histoire 2nde", Editors: []string{"A. Martin", "B. Durand"}, Items: []*Item{{}, {}}, Modified: time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)}
	d := b.Description("teacher")
	for _, want := range []string{"Un recueil de documents pour Histoire 2nde.", "A. Martin et B. Durand", "2 documents de sources primaires", "Édition de l’enseignant"} {
		if !strings.Contains(d, want) {
			t.Errorf("description %q lacks %q", d, want)
		}
	}
	if strings.Contains(d, "course reader") || strings.Contains(d, "primary source") {
		t.Errorf("description %q is in English", d)
	}
	if pe := b.PrintEdition("Recueil", "student"); !strings.Contains(pe, "Édition de l’élève, édition imprimée (PDF), 12 mars 2026") {
		t.Errorf("print edition %q", pe)
	}
}
