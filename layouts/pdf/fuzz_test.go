package pdf

import (
	"io"
	"testing"

	"sourcebook/layouts"
)

// FuzzMarkdownToPDF: any source text lays out and draws without panicking.
func FuzzMarkdownToPDF(f *testing.F) {
	f.Add(europe)
	f.Add("# Head\n\n> quote\n\n- a\n  - b\n\n1. x\n\n```\ncode\n```\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n---\n\nTerm\n: def\n\nNote[^1].\n\n[^1]: The note.\n")
	f.Add("emoji 🙂 and \u200b zero width \u202e bidi and a verylongwordwithoutanyspacesatallthatgoesonandonandonbeyondthemeasureofanylinewhatsoeverreally")
	p, _ := layouts.Get("reader", "letter")
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > 20000 {
			return
		}
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
