package importer

import (
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sourcebook/book"
)

func fixture(t *testing.T, name string) (string, []byte) {
	t.Helper()
	p := filepath.Join(repoRoot(t), "testdata", "import", name)
	return p, readFile(t, p)
}

func TestDetect(t *testing.T) {
	for _, c := range []struct{ path, data, want string }{
		{"a.md", "anything", FormatMarkdown},
		{"a.HTML", "anything", FormatHTML},
		{"a.txt", "Skip to content\n\nJune 1, 1950\n\nTitle\n\nText\n\nDocument Information\n", FormatWilson},
		{"a.txt", "President: X\n\nSee the Document Information section.\n", FormatTranscript},
		{"a.txt", "Document Information\n", FormatTranscript},
		{"a.txt", "<!DOCTYPE html><html><body>x</body></html>", FormatHTML},
		{"a", "---\nid: x\n---\n", FormatMarkdown},
		{"a", "plain words", FormatTranscript},
	} {
		if got := Detect(c.path, []byte(c.data)); got != c.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", c.path, c.data, got, c.want)
		}
	}
}

func TestImportRejects(t *testing.T) {
	for name, data := range map[string]string{
		"bad.txt":   "abc\xff\xfe",
		"empty.txt": "",
		"blank.md":  " \n\t\n",
		"nul.txt":   "a\x00b",
		"head.txt":  "President: X\n\n",
		"page.html": "<html><body><script>x()</script></body></html>",
	} {
		_, err := Import(name, []byte(data))
		var be *book.Error
		if err == nil || !errors.As(err, &be) || be.File != name {
			t.Errorf("Import(%s): error %v, want one naming the file", name, err)
		}
	}
}

func TestHTML(t *testing.T) {
	p, data := fixture(t, "page.html")
	r := importOne(t, p, data)
	s := r.Source
	if s.Title != "Telegram from George Kennan to the Secretary of State" || s.Language != "en" ||
		s.DigitalCopy.URL != "https://archive.example.org/documents/long-telegram" {
		t.Errorf("title %q language %q url %q", s.Title, s.Language, s.DigitalCopy.URL)
	}
	for _, bad := range []string{"tracking", "never", "Home", "Related", "Enable", "©", "color", "javascript", "Telegram from"} {
		if strings.Contains(s.Body, bad) {
			t.Errorf("body contains %q:\n%s", bad, s.Body)
		}
	}
	for _, good := range []string{
		"13 *involves* questions so intricate, so **delicate**, so strange",
		"1\\. Basic features",
		"[official propaganda](https://example.org/propaganda)",
		"- First, the USSR still lives in *antagonistic*",
		"- Second, capitalist world",
		"> This is a quoted passage.\\\n> Its second line.",
		"Prices & wages \\<rose> by 5\\*3 and a_b_c; see \\[note\\] \\[1\\](x).",
	} {
		if !strings.Contains(s.Body, good) {
			t.Errorf("body lacks %q:\n%s", good, s.Body)
		}
	}
	words := "Answer to Dept's 284, Feb 3, 13 involves questions so intricate, so delicate, so strange to our form of thought. " +
		"1. Basic features of post-war Soviet outlook, as put forward by official propaganda machine. " +
		"First, the USSR still lives in antagonistic \"capitalist encirclement\". Second, capitalist world is beset with conflicts. " +
		"This is a quoted passage. Its second line. Prices & wages <rose> by 5*3 and a_b_c; see [note] [1](x)."
	if !sameWords(s.Body, words) {
		t.Errorf("body does not read as the page:\n%s", s.Body)
	}
	lenientRoundTrip(t, s)
}

// Emphasis that Markdown cannot express as written falls back to text.
func TestHTMLEmphasisFallback(t *testing.T) {
	r := importOne(t, "x.html", []byte("<p>a<em>word.</em>b and <em> spaced </em>end <b></b>x</p>"))
	if !sameWords(r.Source.Body, "aword.b and spaced end x") {
		t.Errorf("body %q", r.Source.Body)
	}
}

func TestMarkdownWithoutFrontMatter(t *testing.T) {
	p, data := fixture(t, "notes.md")
	r := importOne(t, p, data)
	s := r.Source
	if s.Title != "The Atlantic Charter" || strings.Contains(s.Body, "# The Atlantic") || !strings.HasPrefix(s.Body, "The President") {
		t.Errorf("title %q body %q", s.Title, s.Body)
	}
	for _, f := range []string{"date", "type", "rights.status"} {
		if !contains(r.Missing, f) {
			t.Errorf("Missing %q lacks %s", r.Missing, f)
		}
	}
	if s.ID != "atlantic-charter" {
		t.Errorf("id %q", s.ID)
	}
	lenientRoundTrip(t, s)
}

func TestMarkdownPartialFrontMatter(t *testing.T) {
	p, data := fixture(t, "partial.md")
	r := importOne(t, p, data)
	if r.Source.ID != "doe-source-still-being-catalogued" || !contains(r.Missing, "date") || !contains(r.Missing, "rights.status") {
		t.Errorf("id %q missing %q", r.Source.ID, r.Missing)
	}
	if r.Source.Body != "Dear Sir,\n\nThe text.\n" {
		t.Errorf("body %q", r.Source.Body)
	}
	// A real fault is still an error.
	if _, err := Import("bad.md", []byte("---\ntitel: X\n---\ntext\n")); err == nil {
		t.Error("an unknown key was accepted")
	}
	if _, err := Import("bad.md", []byte("---\nid: Bad Id\ntitle: X\n---\ntext\n")); err == nil {
		t.Error("an invalid id was accepted")
	}
}

// A complete source file imports as itself and marshals back to an equal
// source.
func TestMarkdownSourceFile(t *testing.T) {
	p := filepath.Join(repoRoot(t), "sources", "masoud-vorontsov-1989.md")
	r := importOne(t, p, readFile(t, p))
	hand, err := book.ReadSource(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(comparable(r.Source), comparable(hand)) {
		t.Error("importing a source file changed it")
	}
}

func TestMarshalRoundTripRepoSource(t *testing.T) {
	s, err := book.ReadSource(filepath.Join(repoRoot(t), "sources", "masoud-vorontsov-1989.md"))
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, s)
	data, _ := Marshal(s)
	for _, want := range []string{"---\nid: masoud-vorontsov-1989\ntitle: ", "\ndate: 1989-09-02\n", "\nauthors: [Ahmad Shah Masoud]\n", "  statement: |-\n    The History", "\n---\nMister Vorontsov!\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("Marshal output lacks %q:\n%s", want, data)
		}
	}
}

// Values YAML would misread or reformat survive.
func TestMarshalAwkwardValues(t *testing.T) {
	d, _ := book.ParseDate("1989-09/1989-10?")
	s := &book.Source{
		ID: "x", Title: "yes", ShortTitle: "1989", Date: d, DateDisplay: "  padded ", Type: "null",
		Authors:  book.Names{"A, B", "[C]", "#d", "e: f"},
		Summary:  "line one\nline two  \n\n  indented\n",
		Subjects: []string{"- dash", "'q'", "\"dq\"", "tab\there", "~"},
		Citation: book.Citation{Text: "ends with newline\n", Page: "012"},
		Rights:   book.Rights{Status: "unknown", Statement: "\ttab first\nsecond"},
		Body:     "---\nnot front matter\n",
	}
	roundTrip(t, s)
}

func TestID(t *testing.T) {
	date := func(s string) book.Date { d, _ := book.ParseDate(s); return d }
	for _, c := range []struct {
		s    book.Source
		want string
	}{
		{book.Source{Title: "Letter from Ahmad Shah Masoud to Yuli Vorontsov", Authors: book.Names{"Ahmad Shah Masoud"}, Recipients: book.Names{"Yuli Vorontsov"}, Date: date("1989-09-02")}, "masoud-vorontsov-1989"},
		{book.Source{Title: "Truman Doctrine", Authors: book.Names{"Harry S. Truman"}, Date: date("1947-03-12")}, "truman-doctrine-1947"},
		{book.Source{Title: "Address Brandenburg Gate Berlin Wall", Authors: book.Names{"Ronald Reagan"}, Date: date("1987-06-12")}, "reagan-brandenburg-gate-berlin-wall-1987"},
		{book.Source{Title: "Farewell Address", Authors: book.Names{"Dwight D. Eisenhower"}, Date: date("1961")}, "eisenhower-farewell-1961"},
		{book.Source{Title: "Speech", Authors: book.Names{"Martin Luther King Jr."}, Date: date("1963")}, "king-speech-1963"},
		{book.Source{Title: "Nuestra América", Authors: book.Names{"José Martí"}, Date: date("1891~")}, "marti-nuestra-america-1891"},
		{book.Source{Title: "Über die Straße", Authors: book.Names{"Łukasz Øster"}}, "oster-uber-die-strasse"},
		{book.Source{Title: "1984 and Other Years"}, "source-1984-other-years"},
		{book.Source{Title: "Письмо"}, "source"},
		{book.Source{}, "source"},
		{book.Source{Title: "Readme"}, "readme-source"},
		{book.Source{Title: "People’s Democratic Party of Afghanistan"}, "peoples-democratic-party-afghanistan"},
	} {
		if got := ID(&c.s); got != c.want {
			t.Errorf("ID(%q by %q) = %q, want %q", c.s.Title, c.s.Authors, got, c.want)
		}
	}
	long := &book.Source{Title: "Extraordinarily Lengthy Deliberations Concerning Multilateral Disarmament Negotiations", Authors: book.Names{"Anna Smith"}, Date: date("2001")}
	got := ID(long)
	if len(got) > maxIDLen || got != "smith-extraordinarily-lengthy-deliberations-2001" || !strings.HasSuffix(got, "-2001") || !idRE.MatchString(got) {
		t.Errorf("long id %q", got)
	}
	for i := 0; i < 2000; i++ {
		s := &book.Source{Title: randomText(rand.New(rand.NewSource(int64(i))), 40), Authors: book.Names{randomText(rand.New(rand.NewSource(int64(-i))), 12)}}
		if id := ID(s); !idRE.MatchString(id) || len(id) > maxIDLen {
			t.Fatalf("ID(%q, %q) = %q", s.Title, s.Authors, id)
		}
	}
}

func TestImportPathsAndDuplicates(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b/1950-01-01-same.txt", "President: Harry S. Truman\n\nOne.\n")
	write("a/1950-01-01-same.txt", "President: Harry S. Truman\n\nTwo.\n")
	write("README.md", "# About\n\nThis folder.\n")
	write(".hidden/x.txt", "hidden\n")
	write("c/bad.txt", "\xff")
	write("c/skip.pdf", "%PDF")
	rs, errs := ImportPaths([]string{dir})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "bad.txt") {
		t.Errorf("errors: %v", errs)
	}
	if len(rs) != 2 || rs[0].Source.ID != "truman-same-1950" || rs[1].Source.ID != "truman-same-1950-2" || !strings.Contains(rs[0].From, "/a/") {
		for _, r := range rs {
			t.Logf("%s %s", r.From, r.Source.ID)
		}
		t.Fatalf("unexpected results")
	}
	// Within one WriteAll, a duplicate id is refused, not overwritten.
	rs[1].Source.ID = rs[0].Source.ID
	out, err := WriteAll(t.TempDir(), rs, true)
	if err == nil || out[0].Status != Written || out[1].Status != Failed {
		t.Errorf("duplicate ids: %v %v", out, err)
	}
}

func randomText(rng *rand.Rand, n int) string {
	pieces := []string{"a", "Word", " ", "  ", "\n", "\n\n", "*", "_", "`", "~", "<", ">", "&", "&amp;", "[", "]", "(", ")", ":", "|", "#", "-", "+", "=", "1.", "2)", "\\", "!", "^", "é", "\u00a0", "’", "日本", "'", "\"", ".", ",", "http://x.y", "<b>", "---", "***", "[^1]", "[x]: y"}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(pieces[rng.Intn(len(pieces))])
	}
	return b.String()
}
