package markup

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// depthOf returns the deepest nesting of quotes, lists and definitions.
func depthOf(bs []Block) int {
	d := 0
	for _, b := range bs {
		switch b.Kind {
		case Quote:
			d = max(d, 1+depthOf(b.Blocks))
		case List:
			for _, it := range b.Items {
				d = max(d, 1+depthOf(it))
			}
		case Definitions:
			for _, df := range b.Defs {
				for _, dd := range df.Defs {
					d = max(d, 1+depthOf(dd))
				}
			}
		}
	}
	return d
}

// TestRobustNesting: nesting deeper than MaxDepth keeps every word, is
// set at MaxDepth, and is reported once, on the line of the first block
// too deep.
func TestRobustNesting(t *testing.T) {
	lines := func(marker func(i int) string) string {
		var s strings.Builder
		for i := 0; i < 50; i++ {
			fmt.Fprintf(&s, "%sword%d\n", marker(i), i+1)
		}
		return s.String()
	}
	for name, src := range map[string]string{
		"quotes":       lines(func(i int) string { return strings.Repeat("> ", i+1) }),
		"bullets":      lines(func(i int) string { return strings.Repeat("  ", i) + "- " }),
		"numbers":      lines(func(i int) string { return strings.Repeat("   ", i) + "1. " }),
		"mixed":        lines(func(i int) string { return strings.Repeat("> - ", i/2+1)[:2*(i+1)] }),
		"one line 20k": strings.Repeat(">", 20_000) + " word\n",
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			doc := Parse([]byte(src), Options{FirstLine: 1})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if d := depthOf(doc.Blocks); d != MaxDepth {
				t.Errorf("depth %d, want %d", d, MaxDepth)
			}
			text := BlocksText(doc.Blocks)
			for _, w := range strings.Fields(strings.NewReplacer(">", " ", "-", " ", "1.", " ").Replace(src)) {
				if !strings.Contains(text, w) {
					t.Errorf("%q lost", w)
				}
			}
			if len(doc.Warnings) != 1 || !strings.HasPrefix(doc.Warnings[0].Msg, "quotes and lists nested more than 8 deep") {
				t.Fatalf("warnings %+v", doc.Warnings)
			}
			if want := min(MaxDepth+1, strings.Count(src, "\n")); name != "mixed" && doc.Warnings[0].Line != want {
				t.Errorf("warning on line %d, want %d", doc.Warnings[0].Line, want)
			}
		})
	}
	// Up to MaxDepth, nothing changes and nothing is said.
	var s strings.Builder
	for i := 0; i < MaxDepth; i++ {
		fmt.Fprintf(&s, "%sword\n", strings.Repeat("> ", i+1))
	}
	doc := Parse([]byte(s.String()), Options{})
	if depthOf(doc.Blocks) != MaxDepth || len(doc.Warnings) != 0 {
		t.Errorf("depth %d, warnings %v", depthOf(doc.Blocks), doc.Warnings)
	}
}

// TestRobustLongParagraph: a paragraph's runs used to be joined by
// adding to a string line by line, copying the paragraph once per line;
// a 4 MB paragraph of 100,000 wrapped lines hung. It now takes linear
// time and keeps every character.
func TestRobustLongParagraph(t *testing.T) {
	line := "a line of a long transcribed paragraph, wrapped"
	src := strings.Repeat(line+"\n", 100_000)
	start := time.Now()
	doc := Parse([]byte(src), Options{})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if len(doc.Blocks) != 1 || len(doc.Blocks[0].Inlines) != 1 {
		t.Fatalf("%d blocks", len(doc.Blocks))
	}
	if got, want := doc.Blocks[0].Inlines[0].Text, strings.TrimSpace(strings.ReplaceAll(src, "\n", " ")); got != want {
		t.Errorf("text changed: %d bytes, want %d", len(got), len(want))
	}
}

// TestRobustRawHTML: raw HTML never becomes markup, and no word is lost
// (issue 17): the few safe elements (<sup>, <sub>, <u>, <s>, <small>,
// <abbr>, <b>, <i>, <br>) become styles; every other tag, scripts
// included, is printed as the text it is, reported on its line; comments
// are left out, reported.
func TestRobustRawHTML(t *testing.T) {
	cases := []struct {
		src, text string
		lines     []int
	}{
		{"<script>alert(1)</script>\n", "<script>alert(1)</script>\n", []int{1}},
		{"Before.\n\n<div onclick=\"x()\">\nInside.\n</div>\n\nAfter.\n", "Before.\n<div onclick=\"x()\"> Inside. </div>\nAfter.\n", []int{3}},
		{"Some <b onclick=\"x()\">bold</b> text.\n", "Some bold text.\n", []int{1}},
		{"One\ntwo <img src=\"https://evil.example/p.gif\" onerror=\"x()\"> three.\n", "One two <img src=\"https://evil.example/p.gif\" onerror=\"x()\"> three.\n", []int{2}},
		{"<!-- a comment -->\n\nText.\n", "Text.\n", []int{1}},
		{"Inline <script>alert(1)</script> and <STYLE>p{}</STYLE> code.\n", "Inline <script>alert(1)</script> and <STYLE>p{}</STYLE> code.\n", []int{1, 1}},
		{"An unclosed <script>alert(1)\n\nNext paragraph.\n", "An unclosed <script>alert(1)\nNext paragraph.\n", []int{1}},
		{"Marked <<TOP SECRET>> in red ink\n", "Marked <<TOP SECRET>> in red ink\n", []int{1}},
		{"If x<y and y>z\n", "If x<y and y>z\n", []int{1}},
		{"<center>CONFIDENTIAL</center>\n", "<center>CONFIDENTIAL</center>\n", []int{1}},
		{"&lt;script&gt; is text.\n", "<script> is text.\n", nil},
		{"`<script>` in code is text.\n", "<script> in code is text.\n", nil},
		{"H<sub>2</sub>O, E=mc<sup>2</sup>, <u>u</u> <abbr title=\"North Atlantic\">NATO</abbr><br>next\n", "H2O, E=mc2, u NATO next\n", nil},
	}
	for _, c := range cases {
		doc := Parse([]byte(c.src), Options{})
		if got := BlocksText(doc.Blocks); got != c.text {
			t.Errorf("%q: text %q, want %q", c.src, got, c.text)
		}
		var lines []int
		for _, w := range doc.Warnings {
			lines = append(lines, w.Line)
			if !strings.Contains(w.Msg, "printed as written") && !strings.Contains(w.Msg, "comment was left out") && !strings.Contains(w.Msg, "attributes") {
				t.Errorf("%q: warning %q", c.src, w.Msg)
			}
		}
		if fmt.Sprint(lines) != fmt.Sprint(c.lines) {
			t.Errorf("%q: warnings on lines %v, want %v", c.src, lines, c.lines)
		}
	}
	// The safe elements' styles.
	doc := Parse([]byte("H<sub>2</sub>O E=mc<sup>3</sup> <u>u</u> <s>s</s> <small>sm</small> <abbr title=\"North Atlantic\">NATO</abbr>\n"), Options{})
	want := map[string]Inline{"2": {Style: Sub}, "3": {Style: Sup}, "u": {Style: Underline}, "s": {Style: Strike}, "sm": {Style: Small}, "NATO": {Title: "North Atlantic"}}
	found := 0
	for _, in := range doc.Blocks[0].Inlines {
		if w, ok := want[in.Text]; ok {
			found++
			if in.Style != w.Style || in.Title != w.Title {
				t.Errorf("%q: style %v title %q, want %v %q", in.Text, in.Style, in.Title, w.Style, w.Title)
			}
		}
	}
	if found != 6 {
		t.Errorf("runs %+v", doc.Blocks[0].Inlines)
	}
}

// TestRobustLinks: only http, https, mailto and in-book links survive,
// however the scheme is disguised.
func TestRobustLinks(t *testing.T) {
	for _, dest := range []string{"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "jav&#x09;ascript:alert(1)",
		"java\\script:alert(1)", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "//evil.example/x", "about:blank"} {
		src := "[x](<" + dest + ">) and [y][r]\n\n[r]: <" + dest + ">\n"
		doc := Parse([]byte(src), Options{})
		for _, in := range doc.Blocks[0].Inlines {
			if in.Link != "" {
				t.Errorf("%q: link %q kept", dest, in.Link)
			}
		}
		if len(doc.Warnings) != 2 {
			t.Errorf("%q: warnings %v", dest, doc.Warnings)
		}
	}
	doc := Parse([]byte("<javascript:alert(1)> <https://example.org/> <a@example.org>\n"), Options{})
	var links []string
	for _, in := range doc.Blocks[0].Inlines {
		if in.Link != "" {
			links = append(links, in.Link)
		}
	}
	if fmt.Sprint(links) != "[https://example.org/ mailto:a@example.org]" {
		t.Errorf("autolinks kept: %v", links)
	}
}

// TestRobustTabIndent: a paragraph indented with a tab is code to
// Markdown; the warning says so. Four spaces, or a tab inside a line, are
// not reported.
func TestRobustTabIndent(t *testing.T) {
	doc := Parse([]byte("Text.\n\n\tIndented.\n\n    Four spaces.\n\nA\ttab inside.\n"), Options{FirstLine: 20})
	if len(doc.Warnings) != 1 || doc.Warnings[0].Line != 22 || !strings.Contains(doc.Warnings[0].Msg, "indented with a tab") {
		t.Errorf("warnings %+v", doc.Warnings)
	}
}
