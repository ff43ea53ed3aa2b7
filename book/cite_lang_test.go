package book

import (
	"regexp"
	"slices"
	"sourcebook/book/manifest"
	"strings"
	"testing"
)

// citeLangSources use every word a citation style adds: several
// authors, a described letter with its recipient, a speech, a report
// held in an archive, a translator, a collection with a page, and dates
// of a day, of a month and none at all.
func citeLangSources(t *testing.T) []*Source {
	return []*Source{
		{Type: "letter", Title: "Letter from Ahmad Shah Masoud to Yuli Vorontsov", Authors: Names{"Ahmad Shah Masoud"},
			Recipients: Names{"Yuli Vorontsov", "Eduard Shevardnadze"}, Translators: Names{"Gary Goldberg", "Svetlana Savranskaya"}, Date: mustDate(t, "1989-09-02"),
			Citation:    Citation{PublishedIn: "A. A. Lyakhovskiy, *Plamya Afgana* (Moscow: Iskon, 1999)", Page: "523"},
			DigitalCopy: DigitalCopy{Repository: "Wilson Center Digital Archive", URL: "https://digitalarchive.wilsoncenter.org/document/116873"}},
		{Type: "speech", Title: "Inaugural Address", Authors: Names{"John F. Kennedy"}, Place: "Washington, DC", Date: mustDate(t, "1961-01-20")},
		{Type: "report", Title: "Survey of the Western Frontier", Authors: Names{"John Charles Fremont", "Kit Carson"}, Date: mustDate(t, "1845-03"),
			Citation: Citation{Archive: "John Charles Fremont Papers, Southwest Museum Library", ArchiveLocation: "Box 3, Folder 12", ArchivePlace: "Los Angeles"}},
		{Type: "memorandum", Title: "Notes on the Conference", Authors: Names{"Ann Smith", "Bo Jones", "Cy Young"}, Translators: Names{"Dee Roe"}},
	}
}

// englishCiteWords are the words the styles add in English; none may be
// left in a French or German reader's citations, unless the language
// writes the same word (German "In", "September"; French "p.").
var englishCiteWords = regexp.MustCompile(`\b(Translated|by|Letter|to|Speech|Report|Memorandum|In|and|Trans\.|n\.d\.|p\.|January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.|Bibliography|Works Cited|References)(\W|$)`)

// TestCitationsFollowLanguage: every word a citation adds is in the
// reader's language, with the style's punctuation and order; the
// source's own words (titles, names, archives) are as written.
func TestCitationsFollowLanguage(t *testing.T) {
	sources := citeLangSources(t)
	styles := []string{manifest.StyleChicago, manifest.StyleMLA, manifest.StyleAPA}
	for _, lang := range []string{"fr", "de"} {
		l := LocaleFor(lang)
		ms, short := months[lang], shortMonths[lang]
		own := strings.Fields(strings.Join(append(ms[:], short[:]...), " ") + " " + l.T(MsgPageRef, "") + " " + l.T(msgIn) + " " + l.TypeName("memorandum"))
		for _, style := range styles {
			if h := CitationHeading(style, l); englishCiteWords.MatchString(h) {
				t.Errorf("%s %s: heading %q is English", lang, style, h)
			}
			for _, s := range sources {
				got := s.ReferenceIn(style, l)
				text := got.String()
				for _, m := range englishCiteWords.FindAllStringSubmatch(text, -1) {
					if slices.Contains(own, m[1]) {
						continue
					}
					t.Errorf("%s %s %q: English %q left in %q", lang, style, s.Title, m[1], text)
				}
				for _, own := range append(append([]string{s.Citation.Archive, s.Citation.ArchiveLocation, s.DigitalCopy.Repository, s.DigitalCopy.URL}, s.Recipients...), s.Translators...) {
					if !strings.Contains(text, own) && !strings.Contains(text, apaInitialsFirst(own)) {
						t.Errorf("%s %s: %q lost from %q", lang, style, own, text)
					}
				}
				if s.Citation.PublishedIn != "" && !hasTitle(got, "Plamya Afgana") {
					t.Errorf("%s %s: book title not italic: %#v", lang, style, got)
				}
			}
		}
	}
	masoud, kennedy, fremont, memo := sources[0], sources[1], sources[2], sources[3]
	for _, c := range []struct {
		s           *Source
		lang, style string
		want        string
	}{
		{masoud, "fr", manifest.StyleChicago, "Masoud, Ahmad Shah. Lettre à Yuli Vorontsov et Eduard Shevardnadze, 2 septembre 1989. Dans A. A. Lyakhovskiy, Plamya Afgana (Moscow: Iskon, 1999), 523. Traduit par Gary Goldberg et Svetlana Savranskaya. Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/116873"},
		{masoud, "de", manifest.StyleMLA, "Masoud, Ahmad Shah. Brief an Yuli Vorontsov und Eduard Shevardnadze. 2. Sept. 1989. Übersetzt von Gary Goldberg und Svetlana Savranskaya. A. A. Lyakhovskiy, Plamya Afgana (Moscow: Iskon, 1999), S. 523. Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/116873"},
		{masoud, "de", manifest.StyleAPA, "Masoud, A. S. (1989, 2. September). [Brief an Yuli Vorontsov und Eduard Shevardnadze (G. Goldberg, S. Savranskaya, Übers.)]. In A. A. Lyakhovskiy, Plamya Afgana (Moscow: Iskon, 1999) (S. 523). Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/116873"},
		{kennedy, "fr", manifest.StyleChicago, "Kennedy, John F. “Inaugural Address.” Discours, Washington, DC, 20 janvier 1961."},
		{kennedy, "fr", manifest.StyleMLA, "Kennedy, John F. “Inaugural Address.” 20 janv. 1961, Washington, DC."},
		{kennedy, "fr", manifest.StyleAPA, "Kennedy, J. F. (1961, 20 janvier). Inaugural Address [Discours]."},
		{fremont, "de", manifest.StyleChicago, "Fremont, John Charles, und Kit Carson. “Survey of the Western Frontier.” März 1845. Box 3, Folder 12. John Charles Fremont Papers, Southwest Museum Library, Los Angeles."},
		{fremont, "fr", manifest.StyleAPA, "Fremont, J. C., & Carson, K. (1845, mars). Survey of the Western Frontier [Rapport]. John Charles Fremont Papers, Southwest Museum Library (Box 3, Folder 12), Los Angeles."},
		{memo, "fr", manifest.StyleChicago, "Smith, Ann, Bo Jones et Cy Young. “Notes on the Conference.” Traduit par Dee Roe."},
		{memo, "de", manifest.StyleAPA, "Smith, A., Jones, B., & Young, C. (o. J.). Notes on the Conference (D. Roe, Übers.) [Memorandum]."},
		{memo, "fr", manifest.StyleAPA, "Smith, A., Jones, B., & Young, C. (s.d.). Notes on the Conference (D. Roe, trad.) [Mémorandum]."},
	} {
		if got := c.s.ReferenceIn(c.style, LocaleFor(c.lang)).String(); got != c.want {
			t.Errorf("%s %s %q:\n got %s\nwant %s", c.lang, c.style, c.s.Title, got, c.want)
		}
	}
	// English readers, American or not, get the styles' own words.
	for _, s := range sources {
		for _, style := range styles {
			if en, us := s.Reference(style).String(), s.ReferenceIn(style, LocaleFor("en-US")).String(); en != us {
				t.Errorf("en-US %s differs: %q, %q", style, us, en)
			}
		}
	}
}
