package importer

import (
	"math/rand"
	"strings"
	"testing"

	"sourcebook/book/markup"
)

// markupWords is what Sourcebook's own Markdown reader makes of src.
func markupWords(src string) []string {
	return strings.Fields(markup.BlocksText(markup.Parse([]byte(src), markup.Options{}).Blocks))
}

// Ordinary prose is left as typed.
func TestEscapeLeavesProse(t *testing.T) {
	for _, s := range []string{
		"the PDPA [People’s Democratic Party of Afghanistan] by your government",
		"a < b and c > d, AT&T, snake_case, 5 * 3",
		"Mister Vorontsov!",
		"\u00a02 September 1989",
		"In 1989. we met",
		"see [note] and (this)",
		"C:\\Users\\x",
	} {
		if got := escapeText(s, false); got != s {
			t.Errorf("escapeText(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestEscapeCases(t *testing.T) {
	for in, want := range map[string]string{
		"1. The limitation":   "1\\. The limitation",
		"12) twelve":          "12\\) twelve",
		"# hash":              "\\# hash",
		"#hashtag":            "#hashtag",
		"> quote":             "\\> quote",
		"- dash":              "\\- dash",
		"+ plus":              "\\+ plus",
		": colon":             "\\: colon",
		"---":                 "\\---",
		"*a* b":               "\\*a\\* b",
		"_a_ b":               "\\_a\\_ b",
		"`code` x":            "\\`code\\` x",
		"~~gone~~":            "\\~\\~gone\\~\\~",
		"<b>bold</b>":         "\\<b>bold\\</b>",
		"&amp; &#65;":         "&amp;amp; &amp;#65;",
		"[text](http://x)":    "\\[text](http://x)",
		"[ref][1] and [x]: y": "\\[ref][1] and \\[x]: y",
		"[^1] note":           "\\[^1] note",
		"[a [b] c](d)":        "\\[a [b] c](d)",
		"back\\slash \\* x\\": "back\\slash \\\\* x\\\\",
		"a | b\nc | d":        "a \\| b\nc \\| d",
		"line\n===":           "line\n\\===",
		"line\n- item":        "line\n\\- item",
	} {
		if got := escapeText(in, false); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
		if !sameWords(escapeText(in, false), in) {
			t.Errorf("escapeText(%q) does not read as the input", in)
		}
		if _, ok := equalWords(markupWords(escapeText(in, false)), strings.Fields(in)); !ok && !markupSkipsEscapes {
			t.Errorf("book/markup reads escapeText(%q) as %q", in, markupWords(escapeText(in, false)))
		}
	}
}

// Property: any text, escaped, reads as itself, paragraph by paragraph
// and with either kind of line break; strict escaping too.
func TestEscapeRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		text := randomText(rng, 1+rng.Intn(12))
		var lines []string
		for _, l := range strings.Split(text, "\n") {
			if l = strings.Trim(l, " \t"); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		plain := strings.Join(lines, "\n")
		for _, hard := range []bool{false, true} {
			if md := mdParagraph(lines, hard); !sameWords(md, plain) {
				t.Fatalf("mdParagraph(%q, %v) = %q reads as %q", lines, hard, md, renderedWords(md))
			}
		}
		if md := escapeText(plain, true); !sameWords(md, plain) {
			t.Fatalf("strict escapeText(%q) = %q reads as %q", plain, md, renderedWords(md))
		}
		if md := mdParagraph(lines, true); !markupSkipsEscapes {
			if _, ok := equalWords(markupWords(md), strings.Fields(plain)); !ok {
				t.Fatalf("book/markup reads mdParagraph(%q) = %q as %q", lines, md, markupWords(md))
			}
		}
	}
}

// markupSkipsEscapes is true while book/markup passes backslash escapes
// through as text (it did before it resolved them like goldmark's HTML
// renderer); the checks against it are then left to goldmark.
var markupSkipsEscapes = strings.Join(markupWords(`1\. a`), " ") != "1. a"
