package importer

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/markup"
)

const seedName = "000_2f9377a29a530927.txt"

func importSeed(t *testing.T) (Result, string) {
	t.Helper()
	p := shared(t, "seeds", seedName)
	data := readFile(t, p)
	if got := Detect(p, data); got != FormatWilson {
		t.Fatalf("Detect = %q, want wilson", got)
	}
	return importOne(t, p, data), string(data)
}

func TestWilsonSeed(t *testing.T) {
	r, seed := importSeed(t)
	s := r.Source
	want := map[string][2]string{
		"title":        {s.Title, "Letter from Ahmad Shah Masoud to Soviet First Deputy Foreign Minister and Special Afghanistan Envoy Yuli Vorontsov"},
		"short_title":  {s.ShortTitle, "Masoud to Vorontsov"},
		"date":         {s.Date.Raw, "1989-09-02"},
		"date_display": {s.DateDisplay, "September 2, 1989"},
		"type":         {s.Type, "letter"},
		"language":     {s.Language, "en"},
		"summary":      {s.Summary, "Afghan opposition leader Ahmad Shah Masoud sends a defiant letter in response to Soviet overtures."},
		"citation":     {s.Citation.Text, "A. A. Lyakhovskiy, Plamya Afgana (Flame of the Afghanistan Veteran) (Moscow: Iskon, 1999), p. 523. Translated for CWIHP by Gary Goldberg."},
		"published_in": {s.Citation.PublishedIn, "A. A. Lyakhovskiy, Plamya Afgana (Flame of the Afghanistan Veteran) (Moscow: Iskon, 1999)"},
		"page":         {s.Citation.Page, "523"},
		"repository":   {s.DigitalCopy.Repository, "Wilson Center Digital Archive"},
		"record_id":    {s.DigitalCopy.RecordID, ""},
		"rights":       {s.Rights.Status, "educational-use"},
		"id":           {s.ID, "masoud-vorontsov-1989"},
	}
	for field, v := range want {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", field, v[0], v[1])
		}
	}
	lists := map[string][2][]string{
		"authors":     {s.Authors, {"Ahmad Shah Masoud"}},
		"recipients":  {s.Recipients, {"Yuli Vorontsov"}},
		"translators": {s.Translators, {"Gary Goldberg"}},
		"funders":     {s.Credits.Funders, {"Leon Levy Foundation"}},
	}
	for field, v := range lists {
		if !reflect.DeepEqual(v[0], v[1]) {
			t.Errorf("%s = %q, want %q", field, v[0], v[1])
		}
	}
	for _, para := range []string{
		"The History and Public Policy Program welcomes reuse of Digital Archive materials for research and educational purposes. Some documents may be subject to copyright, which is retained by the rights holders in accordance with US and international copyright laws. When possible, rights holders have been contacted for permission to reproduce their materials.",
		"To enquire about this document's rights status or request permission for commercial use, please contact the History and Public Policy Program at [email\u00a0protected].",
	} {
		if !strings.Contains(s.Rights.Statement, para) || !strings.Contains(seed, para) {
			t.Errorf("rights statement lacks the paragraph %q", para)
		}
	}
	if strings.Count(s.Rights.Statement, "\n\n") != 1 {
		t.Errorf("rights statement paragraphs are not joined by one blank line: %q", s.Rights.Statement)
	}

	// The body is exactly the letter: its words, one blank line between
	// paragraphs, the NBSP of the date line kept, and no page furniture.
	wantWords := wordsBetween(t, seed, "Mister", "\u00a02 September 1989")
	if i, ok := equalWords(strings.Fields(s.Body), wantWords); !ok {
		t.Errorf("body words differ from the seed's at word %d", i)
	}
	if !strings.HasPrefix(s.Body, "Mister Vorontsov!\n\nIn reply") || !strings.HasSuffix(s.Body, "Respectfully, Ahmad Shah Masoud\n\n\u00a02 September 1989\n") {
		t.Errorf("body starts or ends wrongly:\n%s", s.Body)
	}
	if strings.Contains(s.Body, "\n\n\n") {
		t.Error("body has more than one blank line between paragraphs")
	}
	for _, chrome := range []string{"Skip to content", "Document Information", "made possible", "Leon Levy", "Original Uploaded", "Record ID", "Afghan opposition leader"} {
		if strings.Contains(s.Body, chrome) {
			t.Errorf("body contains %q", chrome)
		}
	}
	roundTrip(t, s)
}

// The importer agrees with the hand-made source file on every field the
// capture states.
func TestWilsonSeedMatchesHandMadeSource(t *testing.T) {
	r, _ := importSeed(t)
	hand, err := book.ReadSource(filepath.Join(repoRoot(t), "sources", "masoud-vorontsov-1989.md"))
	if err != nil {
		t.Fatal(err)
	}
	got, want := comparable(r.Source), comparable(hand)
	// What the capture does not say, and the body's spacing (the hand-made
	// file keeps the capture's double blank lines).
	got.OriginalLanguage, got.Subjects = want.OriginalLanguage, want.Subjects
	got.Body = want.Body
	if !reflect.DeepEqual(got, want) {
		t.Errorf("imported seed differs from sources/masoud-vorontsov-1989.md:\ngot  %#v\nwant %#v", got, want)
	}
	if !reflect.DeepEqual(strings.Fields(r.Source.Body), strings.Fields(hand.Body)) {
		t.Error("imported body's words differ from the hand-made file's")
	}
	if !reflect.DeepEqual(r.Missing, []string{"place", "original_language"}) {
		t.Errorf("Missing = %q", r.Missing)
	}
}

// The body parses, with Sourcebook's own Markdown reader, to the letter's
// words: whatever escaping was needed is right.
func TestWilsonSeedMarkup(t *testing.T) {
	r, seed := importSeed(t)
	doc := markup.Parse([]byte(r.Source.Body), markup.Options{})
	if len(doc.Warnings) > 0 {
		t.Errorf("markup warnings: %v", doc.Warnings)
	}
	got := strings.Fields(markup.BlocksText(doc.Blocks))
	want := wordsBetween(t, seed, "Mister", "\u00a02 September 1989")
	if i, ok := equalWords(got, want); !ok {
		t.Errorf("markup words differ at word %d: got %q", i, got[i:min(i+5, len(got))])
	}
	for _, b := range doc.Blocks {
		if b.Kind != markup.Paragraph {
			t.Errorf("block of kind %d at line %d; the letter is all paragraphs", b.Kind, b.Line)
		}
	}
	if len(doc.Blocks) != 7 {
		t.Errorf("%d paragraphs, want 7", len(doc.Blocks))
	}
}

// A capture with the variations other documents have: no chrome line,
// several translators, a record id, a language field, a body that needs
// escaping.
func TestWilsonVariants(t *testing.T) {
	capture := strings.Join([]string{
		"Skip to content", "",
		"March 1962", "",
		"Memorandum from Ambassador Dobrynin to Secretary of State Dean Rusk", "",
		"This document was made possible with support from Carnegie Corporation of New York", "",
		"1. The first point.", "",
		"# not a heading", "",
		"* a star and *emphasis* and [a](b) link.", "",
		"Summary line.", "",
		"Document Information", "",
		"AVP RF, f. 129. Translated by Svetlana Savranskaya and Gary Goldberg.", "",
		"The History and Public Policy Program welcomes reuse of Digital Archive materials.", "",
		"Original Uploaded Date", "", "2011-11-02", "",
		"Language", "", "Russian", "",
		"Record ID", "", "110123", "",
		"Carnegie Corporation of New York", "",
	}, "\n")
	r := importOne(t, "doc.txt", []byte(capture))
	s := r.Source
	if s.Date.Raw != "1962-03" || s.DateDisplay != "March 1962" {
		t.Errorf("date %q %q", s.Date.Raw, s.DateDisplay)
	}
	if s.Type != "memorandum" {
		t.Errorf("type %q", s.Type)
	}
	if !reflect.DeepEqual(s.Authors, book.Names{"Dobrynin"}) || !reflect.DeepEqual(s.Recipients, book.Names{"Dean Rusk"}) {
		t.Errorf("authors %q recipients %q", s.Authors, s.Recipients)
	}
	if !reflect.DeepEqual(s.Translators, book.Names{"Svetlana Savranskaya", "Gary Goldberg"}) {
		t.Errorf("translators %q", s.Translators)
	}
	if s.Citation.PublishedIn != "" || s.Citation.Page != "" {
		t.Errorf("an archival citation was read as a book: %q %q", s.Citation.PublishedIn, s.Citation.Page)
	}
	if s.DigitalCopy.RecordID != "110123" || s.OriginalLanguage != "ru" {
		t.Errorf("record id %q, original language %q", s.DigitalCopy.RecordID, s.OriginalLanguage)
	}
	if s.Summary != "Summary line." {
		t.Errorf("summary %q", s.Summary)
	}
	if !reflect.DeepEqual(s.Credits.Funders, []string{"Carnegie Corporation of New York"}) {
		t.Errorf("funders %q", s.Credits.Funders)
	}
	plain := "1. The first point.\n# not a heading\n* a star and *emphasis* and [a](b) link."
	if !sameWords(s.Body, plain) {
		t.Errorf("body does not read as the capture:\n%s", s.Body)
	}
	roundTrip(t, s)
}

func TestFromTo(t *testing.T) {
	for _, c := range []struct {
		title    string
		from, to []string
	}{
		{"Letter from Ahmad Shah Masoud to Soviet First Deputy Foreign Minister and Special Afghanistan Envoy Yuli Vorontsov", []string{"Ahmad Shah Masoud"}, []string{"Yuli Vorontsov"}},
		{"Letter from Zhou Enlai and Chen Yi to Kim Il Sung", []string{"Zhou Enlai", "Chen Yi"}, []string{"Kim Il Sung"}},
		{"Telegram from Charles de Gaulle to President Dwight D. Eisenhower", []string{"Charles de Gaulle"}, []string{"Dwight D. Eisenhower"}},
		{"Cable from the Soviet Embassy in Kabul to the Ministry of Foreign Affairs", nil, nil},
		{"Letter from the Central Committee of the CPSU to the Polish United Workers Party", nil, nil},
		{"Report from Soviet Leadership to Mao Zedong", nil, nil},
		{"Memorandum of Conversation between Mao Zedong and Henry Kissinger", nil, nil},
		{"Letter from Ambassador to China Chervonenko to Andrei Gromyko", nil, nil},
	} {
		from, to, _ := fromTo(c.title)
		if !reflect.DeepEqual([]string(from), c.from) || !reflect.DeepEqual([]string(to), c.to) {
			t.Errorf("fromTo(%q) = %q, %q; want %q, %q", c.title, from, to, c.from, c.to)
		}
	}
}

func TestParseHumanDate(t *testing.T) {
	for in, want := range map[string]string{
		"September 2, 1989":                     "1989-09-02",
		"2 September 1989":                      "1989-09-02",
		"Sept. 2, 1989":                         "1989-09-02",
		"September 1989":                        "1989-09",
		"1989":                                  "1989",
		"c. 1989":                               "1989~",
		"1989?":                                 "1989?",
		"circa 1989?":                           "1989%",
		"1989-09-02":                            "1989-09-02",
		"September 2, 1989 - September 5, 1989": "1989-09-02/1989-09-05",
	} {
		d, ok := parseHumanDate(in)
		if !ok || d.Raw != want {
			t.Errorf("parseHumanDate(%q) = %q, %v; want %q", in, d.Raw, ok, want)
		}
	}
	for _, in := range []string{"Letter from X", "February 30, 1989", "Smarch 3, 1989", "", "5 September 1989 - 1 September 1989"} {
		if d, ok := parseHumanDate(in); ok {
			t.Errorf("parseHumanDate(%q) = %q, want failure", in, d.Raw)
		}
	}
}
