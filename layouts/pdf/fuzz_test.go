package pdf

import (
	"io"
	"testing"
	"time"

	"sourcebook/internal/fuzzcheck"
	"sourcebook/layouts"
)

// FuzzMarkdownToLayout: any source text is typeset and paginated
// without panicking, and every line stays within the measure or is
// reported as overfull.
func FuzzMarkdownToLayout(f *testing.F) {
	f.Add(europe)
	f.Add("# Head\n\n> quote\n\n- a\n  - b\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: The note.\n")
	f.Add("Marked <<TOP SECRET>> H<sub>2</sub>O <abbr title=x>A</abbr><br>\n\n<center>C</center>\n\n1. ```\n   c\td\n   ```\n2.\n0. - # h\n\n- [x] t\n\n| 7,209,666 | January |\n|---|---|\n| a | b |\n")
	f.Add("averyveryverylongwordwithoutanyspaces" + "x/y/z" + " 🙂\u200b\u00ad")
	p, _ := layouts.Get("reader", "letter")
	f.Fuzz(func(t *testing.T, body string) {
		fuzzcheck.Count("FuzzMarkdownToLayout")
		if len(body) > 20000 {
			return
		}
		defer fuzzcheck.WatchdogAfter(10*time.Second, body)()
		b := oneSourceF(t, body)
		if b == nil {
			return
		}
		doc, err := Layout(b, p, Options{keepLayout: true})
		if err != nil {
			return
		}
		for _, pg := range doc.pages {
			for _, bx := range pg.boxes {
				if l := bx.line; l != nil && l.measure > 0 && l.set > l.measure+0.5 && !l.overfull {
					t.Fatalf("line %.1fpt wider than its measure and not reported", l.set-l.measure)
				}
			}
		}
	})
}

// FuzzMarkdownToPDF: any source text lays out and draws without panicking.
func FuzzMarkdownToPDF(f *testing.F) {
	f.Add(europe)
	f.Add("# Head\n\n> quote\n\n- a\n  - b\n\n1. x\n\n```\ncode\n```\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n---\n\nTerm\n: def\n\nNote[^1].\n\n[^1]: The note.\n")
	f.Add("emoji 🙂 and \u200b zero width \u202e bidi and a verylongwordwithoutanyspacesatallthatgoesonandonandonbeyondthemeasureofanylinewhatsoeverreally")
	p, _ := layouts.Get("reader", "letter")
	f.Fuzz(func(t *testing.T, body string) {
		fuzzcheck.Count("FuzzMarkdownToPDF")
		if len(body) > 20000 {
			return
		}
		defer fuzzcheck.WatchdogAfter(10*time.Second, body)()
		b := oneSourceF(t, body)
		if b == nil {
			return
		}
		doc, err := Layout(b, p, Options{})
		if err != nil {
			return
		}
		if err := doc.Write(io.Discard); err != nil {
			t.Fatalf("write failed: %v", err)
		}
	})
}
