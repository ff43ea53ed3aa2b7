package book

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func source(id, date, typ, subjects, body string) string {
	author := map[byte]string{'a': "Anna Adams", 'b': "Boris Brown", 'c': "Carla Cruz"}[id[0]]
	return "---\nid: " + id + "\ntitle: Title of " + id + "\ndate: " + date + "\ntype: " + typ +
		"\nauthors: [" + author + "]\nsubjects: " + subjects +
		"\nsummary: Summary about " + id + ".\nrights:\n  status: public-domain\n---\n" + body
}

func testLibrary(t *testing.T) *Library {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"a.md": source("alpha-1947", "1947-03-12", "speech", "[Cold War, Greece]", "Zebra words here. *Emphasis* too.\n"),
		"b.md": source("bravo-1989", "1989", "letter", "[Afghanistan, Cold War]", "Mister Vorontsov!\n\nThe war will not fade out.\n"),
		"c.md": source("charlie-1962", "1962-10/1962-11", "telegram", "[Cuba]", "Missiles in Cuba.\n"),
		"d.md": "not a source\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lib, err := LoadLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(lib.Problems) != 1 {
		t.Fatalf("problems: %v", lib.Problems)
	}
	return lib
}

func ids(es []Entry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func date(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCatalogFilters(t *testing.T) {
	lib := testLibrary(t)
	for _, c := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"all, by date", Filter{}, []string{"alpha-1947", "charlie-1962", "bravo-1989"}},
		{"query in body, any case", Filter{Query: "ZEBRA"}, []string{"alpha-1947"}},
		{"query in title", Filter{Query: "title of charlie"}, []string{"charlie-1962"}},
		{"query in summary", Filter{Query: "summary about bravo"}, []string{"bravo-1989"}},
		{"query in authors", Filter{Query: "boris"}, []string{"bravo-1989"}},
		{"query in subjects", Filter{Query: "greece"}, []string{"alpha-1947"}},
		{"every query word must occur", Filter{Query: "missiles greece"}, []string{}},
		{"markup is not searched", Filter{Query: "*emphasis*"}, []string{}},
		{"subject", Filter{Subject: "cold war"}, []string{"alpha-1947", "bravo-1989"}},
		{"type", Filter{Type: "Letter"}, []string{"bravo-1989"}},
		{"from", Filter{From: date(t, "1962-11")}, []string{"charlie-1962", "bravo-1989"}},
		{"from after an interval", Filter{From: date(t, "1962-12")}, []string{"bravo-1989"}},
		{"to a year includes all of it", Filter{To: date(t, "1947")}, []string{"alpha-1947"}},
		{"to before the day", Filter{To: date(t, "1947-03-11")}, []string{}},
		{"a year-dated source meets a month range", Filter{From: date(t, "1989-06"), To: date(t, "1989-06")}, []string{"bravo-1989"}},
		{"combined", Filter{Subject: "Cold War", To: date(t, "1960")}, []string{"alpha-1947"}},
	} {
		if got := ids(Catalog(lib, c.f)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCatalogEntry(t *testing.T) {
	lib := testLibrary(t)
	es := Catalog(lib, Filter{Query: "vorontsov"})
	if len(es) != 1 {
		t.Fatalf("entries: %v", ids(es))
	}
	e := es[0]
	if e.Words != 8 || e.Minutes != 1 || e.Date != "1989" || e.Type != "letter" || e.Rights != "public-domain" ||
		e.Title != "Title of bravo-1989" || !reflect.DeepEqual(e.Authors, []string{"Boris Brown"}) ||
		!reflect.DeepEqual(e.Subjects, []string{"Afghanistan", "Cold War"}) || filepath.Base(e.File) != "b.md" {
		t.Errorf("entry: %+v", e)
	}
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"Short title", 40, "Short title"},
		{"Letter from Ahmad Shah Masoud to Soviet First Deputy Foreign Minister", 40, "Letter from Ahmad Shah Masoud to Soviet…"},
		{"Supercalifragilisticexpialidocious", 10, "Supercali…"},
		{"Two  spaces\nand a newline", 40, "Two spaces and a newline"},
	} {
		if got := Truncate(c.in, c.n); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if n := len([]rune(Truncate(c.in, c.n))); n > c.n {
			t.Errorf("Truncate(%q, %d) is %d long", c.in, c.n, n)
		}
	}
}
