package book

import (
	"sort"
	"sourcebook/book/manifest"
	"testing"
)

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The APA examples are the APA Style website's own, from its page on
// archival documents and collections (7th edition): a letter without a
// title, and a translated letter in a private collection.
func TestCitationAPAPublishedExamples(t *testing.T) {
	frank := &Source{Type: "letter", Title: "Letter to Robert M. Ogden", Authors: Names{"L. K. Frank"},
		Recipients: Names{"Robert M. Ogden"}, Date: mustDate(t, "1935-02-04"),
		Citation: Citation{Archive: "Rockefeller Archive Center", ArchiveLocation: "GEB Series 1.3, Box 371, Folder 3877", ArchivePlace: "Tarrytown, NY, United States"}}
	want := "Frank, L. K. (1935, February 4). [Letter to Robert M. Ogden]. Rockefeller Archive Center (GEB Series 1.3, Box 371, Folder 3877), Tarrytown, NY, United States."
	if got := frank.Reference(manifest.StyleAPA).String(); got != want {
		t.Errorf("APA archival letter:\n got %s\nwant %s", got, want)
	}
	zach := &Source{Type: "letter", Title: "Letter to William Rickel", Authors: Names{"G. P. Zacharius"},
		Recipients: Names{"William Rickel"}, Translators: Names{"William Rickel"}, Date: mustDate(t, "1953-08-15"),
		Citation: Citation{Text: "Copy in possession of Hendrika Vande Kemp."}}
	want = "Zacharius, G. P. (1953, August 15). [Letter to William Rickel (W. Rickel, Trans.)]. Copy in possession of Hendrika Vande Kemp."
	if got := zach.Reference(manifest.StyleAPA).String(); got != want {
		t.Errorf("APA translated letter:\n got %s\nwant %s", got, want)
	}
	// A titled speech: the title in italics, the kind in brackets.
	sp := &Source{Type: "speech", Title: "Farewell Address", Authors: Names{"Dwight D. Eisenhower"}, Date: mustDate(t, "1961-01-17")}
	c := sp.Reference(manifest.StyleAPA)
	if got := c.String(); got != "Eisenhower, D. D. (1961, January 17). Farewell Address [Speech]." {
		t.Errorf("APA speech: %s", got)
	}
	if !hasTitle(c, "Farewell Address") {
		t.Errorf("APA speech title not italic: %#v", c)
	}
}

func hasTitle(c Cite, text string) bool {
	for _, p := range c {
		if p.Role == CiteTitle && p.Text == text {
			return true
		}
	}
	return false
}

// Chicago 17th ed., 14.106 (a contribution to an edited collection):
// Gould, Glenn. "Streisand as Schwarzkopf." In The Glenn Gould Reader,
// edited by Tim Page, 308–11. New York: Vintage, 1984.
func TestCitationChicagoPublishedExample(t *testing.T) {
	s := &Source{Type: "article", Title: "Streisand as Schwarzkopf", Authors: Names{"Glenn Gould"},
		Citation: Citation{PublishedIn: "*The Glenn Gould Reader*, edited by Tim Page, 308–11. New York: Vintage, 1984"}}
	c := s.Reference(manifest.StyleChicago)
	want := "Gould, Glenn. “Streisand as Schwarzkopf.” In The Glenn Gould Reader, edited by Tim Page, 308–11. New York: Vintage, 1984."
	if got := c.String(); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if !hasTitle(c, "The Glenn Gould Reader") {
		t.Errorf("collection title not italic: %#v", c)
	}
}

// Letters, speeches and translations as Chicago, MLA and APA set them,
// from one source each.
func TestCitationStylesLetterSpeechTranslation(t *testing.T) {
	masoud := &Source{Type: "letter", Title: "Letter from Ahmad Shah Masoud to Yuli Vorontsov", Authors: Names{"Ahmad Shah Masoud"},
		Recipients: Names{"Yuli Vorontsov"}, Translators: Names{"Gary Goldberg"}, Date: mustDate(t, "1989-09-02"),
		Citation:    Citation{PublishedIn: "A. A. Lyakhovskiy, *Plamya Afgana* (Moscow: Iskon, 1999)", Page: "523"},
		DigitalCopy: DigitalCopy{Repository: "Wilson Center Digital Archive", URL: "https://digitalarchive.wilsoncenter.org/document/116873"}}
	kennedy := &Source{Type: "speech", Title: "Inaugural Address", Authors: Names{"John F. Kennedy"}, Place: "Washington, DC", Date: mustDate(t, "1961-01-20")}
	cases := []struct {
		s     *Source
		style string
		want  string
	}{
		{masoud, manifest.StyleChicago, "Masoud, Ahmad Shah. Letter to Yuli Vorontsov, September 2, 1989. In A. A. Lyakhovskiy, Plamya Afgana (Moscow: Iskon, 1999), 523. Translated by Gary Goldberg. Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/116873"},
		{masoud, manifest.StyleMLA, "Masoud, Ahmad Shah. Letter to Yuli Vorontsov. 2 Sept. 1989. Translated by Gary Goldberg. A. A. Lyakhovskiy, Plamya Afgana (Moscow: Iskon, 1999), p. 523. Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/116873"},
		{masoud, manifest.StyleAPA, "Masoud, A. S. (1989, September 2). [Letter to Yuli Vorontsov (G. Goldberg, Trans.)]. In A. A. Lyakhovskiy, Plamya Afgana (Moscow: Iskon, 1999) (p. 523). Wilson Center Digital Archive. https://digitalarchive.wilsoncenter.org/document/116873"},
		{kennedy, manifest.StyleChicago, "Kennedy, John F. “Inaugural Address.” Speech, Washington, DC, January 20, 1961."},
		{kennedy, manifest.StyleMLA, "Kennedy, John F. “Inaugural Address.” 20 Jan. 1961, Washington, DC."},
		{kennedy, manifest.StyleAPA, "Kennedy, J. F. (1961, January 20). Inaugural Address [Speech]."},
	}
	for _, c := range cases {
		got := c.s.Reference(c.style)
		if got.String() != c.want {
			t.Errorf("%s %s:\n got %s\nwant %s", c.style, c.s.Title, got, c.want)
		}
		if c.s == masoud && !hasTitle(got, "Plamya Afgana") {
			t.Errorf("%s: book title not italic: %#v", c.style, got)
		}
	}
	if CitationHeading(manifest.StyleMLA, English) != "Works Cited" || CitationHeading(manifest.StyleAPA, English) != "References" || CitationHeading(manifest.StyleChicago, English) != "Bibliography" || CitationHeading("", English) != "List of Sources" {
		t.Error("headings")
	}
}

func TestInvertNameParticlesAndSuffixes(t *testing.T) {
	for in, want := range map[string]string{
		"Martin Van Buren":       "Van Buren, Martin",
		"Charles de Gaulle":      "de Gaulle, Charles",
		"Martin Luther King Jr.": "King, Martin Luther, Jr.",
		"Ahmad Shah Masoud":      "Masoud, Ahmad Shah",
		"Van Buren, Martin":      "Van Buren, Martin",
		"Sukarno":                "Sukarno",
	} {
		if got := invertName(in); got != want {
			t.Errorf("invertName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := apaName("Martin Van Buren"); got != "Van Buren, M." {
		t.Errorf("apaName = %q", got)
	}
}

// Sorted by author, then title, then date: every "Adams, John" entry comes
// before "Adams, John Quincy", whatever their titles.
func TestCitationSortOrder(t *testing.T) {
	srcs := []*Source{
		{Title: "Zebra", Authors: Names{"John Quincy Adams"}},
		{Title: "Thoughts on Government", Authors: Names{"John Adams"}, Date: mustDate(t, "1776")},
		{Title: "Argument in the Amistad Case", Authors: Names{"John Quincy Adams"}},
		{Title: "Thoughts on Government", Authors: Names{"John Adams"}, Date: mustDate(t, "1775")},
		{Title: "Letter to Abigail", Authors: Names{"John Adams"}},
		{Title: "Message", Authors: Names{"Martin Van Buren"}},
		{Title: "The Annual Message", Authors: Names{"Martin Van Buren"}},
	}
	sort.SliceStable(srcs, func(i, j int) bool { return srcs[i].SortKey() < srcs[j].SortKey() })
	var got []string
	for _, s := range srcs {
		got = append(got, s.Authors[0]+"|"+s.Title+"|"+s.Date.Raw)
	}
	want := []string{
		"John Adams|Letter to Abigail|", "John Adams|Thoughts on Government|1775", "John Adams|Thoughts on Government|1776",
		"John Quincy Adams|Argument in the Amistad Case|", "John Quincy Adams|Zebra|",
		"Martin Van Buren|The Annual Message|", "Martin Van Buren|Message|",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order:\n got %q\nwant %q", got, want)
		}
	}
}

// A free-text citation that begins with the author and title (as the
// Wilson Center's do) does not repeat them.
func TestCitationNoRepeatedText(t *testing.T) {
	s := &Source{Type: "speech", Title: "Address to Congress", Authors: Names{"Harry S. Truman"}, Date: mustDate(t, "1947-03-12"), DateDisplay: "March 12, 1947",
		Citation: Citation{Text: "Harry S. Truman, \"Address to Congress,\" March 12, 1947, Public Papers of the Presidents, 176–80."}}
	got := s.Reference(manifest.StyleChicago).String()
	want := "Truman, Harry S. “Address to Congress.” Speech, March 12, 1947. Public Papers of the Presidents, 176–80."
	if got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

func TestPlainCiteText(t *testing.T) {
	if got := PlainCiteText("A. A. Lyakhovskiy, *Plamya Afgana* (Moscow: Iskon, 1999), snake_case_name"); got != "A. A. Lyakhovskiy, Plamya Afgana (Moscow: Iskon, 1999), snake_case_name" {
		t.Errorf("got %q", got)
	}
}

// The MLA Style Center's own example of an unpublished letter in an
// archive (style.mla.org, "Citing Letters"): "Benton, Thomas Hart. Letter
// to Charles Fremont. 22 June 1847. John Charles Fremont Papers, Southwest
// Museum Library, Los Angeles. Manuscript." The final "Manuscript." is an
// optional element (the medium) that sources do not record, so it is not
// printed.
func TestCitationMLAPublishedExample(t *testing.T) {
	s := &Source{Type: "letter", Title: "Letter to Charles Fremont", Authors: Names{"Thomas Hart Benton"},
		Recipients: Names{"Charles Fremont"}, Date: mustDate(t, "1847-06-22"),
		Citation: Citation{Archive: "Southwest Museum Library", ArchiveLocation: "John Charles Fremont Papers", ArchivePlace: "Los Angeles"}}
	want := "Benton, Thomas Hart. Letter to Charles Fremont. 22 June 1847. John Charles Fremont Papers, Southwest Museum Library, Los Angeles."
	if got := s.Reference(manifest.StyleMLA).String(); got != want {
		t.Errorf("MLA archival letter:\n got %s\nwant %s", got, want)
	}
}
