package importer

import (
	"os"
	"path/filepath"
	"testing"

	"sourcebook/internal/fuzzcheck"
)

// FuzzImport feeds any bytes, under names of every format, to Import. It
// must not panic, and whatever it accepts must marshal to a file that
// reads back to the same source: with book.ParseSource when no required
// field is missing, and field for field in any case.
func FuzzImport(f *testing.F) {
	f.Add("capture.txt", []byte("Skip to content\n\nSeptember 2, 1989\n\nLetter from A B to C D\n\nThis document was made possible with support from X\n\n1. Text [a](b) *c*\n\nSummary.\n\nDocument Information\n\nBook (City: P, 1999), p. 5. Translated by E F.\n\nThe History and Public Policy Program welcomes reuse.\n\nRecord ID\n\n123\n\nX\n"))
	f.Add("1961-01-20-speech.txt", []byte("President: John F. Kennedy\n\nLine one.  \nLine two.  \n  \n# Not a heading \\* x\n"))
	f.Add("notes.md", []byte("# Title\n\nText *here*.\n"))
	f.Add("source.md", []byte("---\nid: a-b\ntitle: T\ndate: 1989\ntype: letter\nrights:\n  status: unknown\n---\nText.\n"))
	f.Add("page.html", []byte("<html lang=en><title>T</title><main><h1>H</h1><p>a <em>b</em> <a href='https://x'>c</a><br>d</p><ul><li>e</li></ul><script>x</script></main>"))
	f.Add("lang.txt", []byte("Language: xx\nTitle: T\nDate: 1990\nType: letter\nRights: unknown\n\ntext\n"))
	f.Add("x.htm", []byte("<blockquote><blockquote><pre>```\ncode</pre></blockquote></blockquote>"))
	if root, err := findRoot(); err == nil {
		paths, _ := filepath.Glob(filepath.Join(root, "testdata", "import", "*"))
		paths = append(paths, filepath.Join(root, "..", "shared", "seeds", seedName))
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(filepath.Base(p), data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		fuzzcheck.Count("FuzzImport")
		rs, err := Import(name, data)
		if err != nil {
			return
		}
		if len(rs) == 0 {
			t.Fatal("no results and no error")
		}
		for _, r := range rs {
			s := r.Source
			if s == nil {
				t.Fatal("a result without a source")
			}
			if !idRE.MatchString(s.ID) {
				t.Fatalf("invalid id %q", s.ID)
			}
			lenientRoundTrip(t, s)
			if !incomplete(s) {
				roundTrip(t, s)
			}
			for _, m := range r.Missing {
				if m == "" {
					t.Fatal("an empty Missing entry")
				}
			}
		}
	})
}

// findRoot is repoRoot without a testing.TB, for the fuzz corpus.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
