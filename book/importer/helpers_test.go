package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sourcebook/book"
)

// repoRoot is the module root (where go.mod is), found from the package
// directory the tests run in.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// shared returns a path in ../shared beside the repository, skipping the
// test when that material is not there.
func shared(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{repoRoot(t), "..", "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is not available: %v", p, err)
	}
	return p
}

func readFile(t testing.TB, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// importOne imports a file that must give exactly one result.
func importOne(t testing.TB, path string, data []byte) Result {
	t.Helper()
	rs, err := Import(path, data)
	if err != nil {
		t.Fatalf("Import(%s): %v", path, err)
	}
	if len(rs) != 1 {
		t.Fatalf("Import(%s): %d results, want 1", path, len(rs))
	}
	return rs[0]
}

// comparable drops what a parse adds beyond the catalogue and the text
// (file name, line positions) and treats empty lists as absent.
func comparable(s *book.Source) book.Source {
	c := exported(s)
	c.File, c.BodyLine, c.Digest = "", 0, [32]byte{}
	c.Date = clearDate(c.Date)
	for _, l := range []*book.Names{&c.Authors, &c.Recipients, &c.Translators} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	if len(c.Subjects) == 0 {
		c.Subjects = nil
	}
	if len(c.Credits.Funders) == 0 {
		c.Credits.Funders = nil
	}
	return c
}

func clearDate(d book.Date) book.Date {
	d.Line, d.Col = 0, 0
	if d.End != nil {
		e := clearDate(*d.End)
		d.End = &e
	}
	return d
}

// roundTrip marshals s and parses it back with book.ParseSource,
// reporting any difference.
func roundTrip(t testing.TB, s *book.Source) {
	t.Helper()
	data, err := Marshal(s)
	if err != nil {
		t.Fatalf("Marshal(%s): %v", s.ID, err)
	}
	back, err := book.ParseSource(s.ID+".md", data)
	if err != nil {
		t.Fatalf("ParseSource(Marshal(%s)): %v\n%s", s.ID, err, data)
	}
	if a, b := comparable(s), comparable(back); !reflect.DeepEqual(a, b) {
		t.Fatalf("round trip of %s differs:\nbefore %#v\nafter  %#v\n%s", s.ID, a, b, data)
	}
}

// lenientRoundTrip checks Marshal's fidelity for results that
// book.ParseSource would still reject (fields left to fill in).
func lenientRoundTrip(t testing.TB, s *book.Source) {
	t.Helper()
	data, err := Marshal(s)
	if err != nil {
		t.Fatalf("Marshal(%s): %v", s.ID, err)
	}
	back := lenientSource("x.md", string(data))
	if back == nil {
		t.Fatalf("the front matter of Marshal(%s) does not decode:\n%s", s.ID, data)
	}
	if a, b := comparable(s), comparable(back); !reflect.DeepEqual(a, b) {
		t.Fatalf("round trip of %s differs:\nbefore %#v\nafter  %#v\n%s", s.ID, a, b, data)
	}
}

// wordsBetween returns the words of text from the first occurrence of
// from to the end of the first occurrence of to after it.
func wordsBetween(t testing.TB, text, from, to string) []string {
	t.Helper()
	i := strings.Index(text, from)
	if i < 0 {
		t.Fatalf("%q not found", from)
	}
	j := strings.Index(text[i:], to)
	if j < 0 {
		t.Fatalf("%q not found after %q", to, from)
	}
	return strings.Fields(text[i : i+j+len(to)])
}

func equalWords(a, b []string) (int, bool) {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i, false
		}
	}
	return min(len(a), len(b)), len(a) == len(b)
}

// exported copies s's exported fields only: book may keep private
// bookkeeping (such as a key's line) that a parse sets and an import
// cannot.
func exported(s *book.Source) book.Source {
	var c book.Source
	src, dst := reflect.ValueOf(s).Elem(), reflect.ValueOf(&c).Elem()
	for i := 0; i < src.NumField(); i++ {
		if src.Type().Field(i).IsExported() {
			dst.Field(i).Set(src.Field(i))
		}
	}
	return c
}
