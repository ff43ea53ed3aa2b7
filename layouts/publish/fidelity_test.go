package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"sourcebook/book"
	"sourcebook/layouts/internal/testtool"
)

const fidelityReader = "../../testdata/readers/fidelity/reader.yaml"

// TestTranscriptionFidelity builds the reader of issue 17's cases in both
// editions and checks each: raw HTML and angle brackets print as written
// (safe elements rendered), list numbers survive whatever an item starts
// with (0 included), task lists print ☐ and ☑, U+FFFD prints and is
// reported, a link to another document of the reader is followed inside
// the book, a link to a missing file keeps its text and is reported, a
// URL with a backslash is percent-encoded (EPUBCheck clean), a wide
// table scrolls in a labelled region, and source headings keep distinct
// levels in the EPUB.
func TestTranscriptionFidelity(t *testing.T) {
	b, err := book.Load(fidelityReader, book.Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	for _, w := range b.Warnings {
		warnings = append(warnings, w.Error())
	}
	dir := t.TempDir()
	res, err := Build(b, Options{OutDir: dir, Warn: func(w *book.Warning) { warnings = append(warnings, w.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	var pdfPath, epubPath string
	for _, f := range res.Files {
		switch filepath.Ext(f) {
		case ".pdf":
			pdfPath = f
		case ".epub":
			epubPath = f
		}
	}
	letter := filepath.Join(filepath.Dir(fidelityReader), "sources", "letter.md")
	for _, want := range []string{
		letter + ":9: <TOP SECRET> is not an HTML element a book can set, so it is printed as written",
		letter + ":11: HTML such as <center> is not something a book can set, so it is printed as written",
		letter + ":40: the replacement character U+FFFD",
		letter + `:42: the link to "missing.md" names no document of this reader, so its text is printed without the link`,
		letter + `:42: the link to "#nowhere" names nothing in this reader, so its text is printed without the link`,
	} {
		found := false
		for _, w := range warnings {
			found = found || strings.HasPrefix(w, want)
		}
		if !found {
			t.Errorf("no warning %q in\n%s", want, strings.Join(warnings, "\n"))
		}
	}

	for _, w := range warnings {
		// ☐, ☑ and U+FFFD have glyphs in the embedded fonts.
		if strings.Contains(w, "no font has the character") {
			t.Errorf("print lacks a glyph: %s", w)
		}
	}

	words := strings.Fields(`Marked <<TOP SECRET>> in red ink. If x<y and y>z the order holds.
		<center>CONFIDENTIAL</center> H2O, E=mc2, underlined and NATO.
		1. foo 2. 3. bar Between lists. 1. 2. nested foo Between lists. 0. zero 1. one Between lists.
		1. code in an item 2. quoted in an item 3. heading in an item 4.
		☐ open task ☑ done task A lost character: � here.
		See the other letter, a missing file and a backslash. Also by its id and to nowhere. Region Population Kabul 7,209,666
		Level one Level two Level three Level four Level five Level six The end.`)
	if w := missingInOrder(pdfRawText(t, pdfPath), words); w != "" {
		t.Errorf("print lost %q", w)
	}

	raw := epubFiles(t, mustRead(t, epubPath))
	var letterDoc *html.Node
	var letterFile, otherFile string
	for name, data := range raw {
		doc, err := html.Parse(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		text := nodeText(doc)
		if strings.Contains(text, "Marked <<TOP SECRET>>") {
			letterDoc, letterFile = doc, name
		}
		if strings.Contains(text, "The other letter's text.") {
			otherFile = name
		}
	}
	if letterDoc == nil || otherFile == "" {
		t.Fatal("the documents are not in the EPUB")
	}
	var epubWords []string
	for _, w := range words {
		if !isListNumber(w) {
			epubWords = append(epubWords, w)
		}
	}
	if w := missingInOrder(nodeText(letterDoc), epubWords); w != "" {
		t.Errorf("the EPUB lost %q", w)
	}
	// Ordered lists as (start, items), inner lists first.
	if _, lists := xhtmlText(t, raw[letterFile]); fmt.Sprint(lists) != "[[1 3] [2 1] [1 1] [0 2] [1 4]]" {
		t.Errorf("the EPUB's ordered lists are %v", lists)
	}
	// The safe HTML elements are rendered as themselves.
	for el, want := range map[string]string{"sub": "2", "sup": "2", "u": "underlined", "abbr": "NATO"} {
		es := elements(letterDoc, el)
		if len(es) != 1 || strings.TrimSpace(nodeText(es[0])) != want {
			t.Errorf("<%s>: %d elements, want one of %q", el, len(es), want)
		}
	}
	if es := elements(letterDoc, "abbr"); len(es) == 1 && attr(es[0], "title") != "North Atlantic Treaty Organization" {
		t.Errorf("abbr title %q", attr(es[0], "title"))
	}
	// Links: to the other document, inside the book; to a missing file,
	// none; to a URL with a backslash, percent-encoded.
	links := map[string]string{}
	for _, a := range elements(letterDoc, "a") {
		links[strings.TrimSpace(nodeText(a))] = attr(a, "href")
	}
	if h := links["the other letter"]; !strings.HasPrefix(h, otherFile+".xhtml#") {
		t.Errorf("the link to the other letter is %q, want one into %s.xhtml", h, otherFile)
	}
	if h := links["by its id"]; !strings.HasPrefix(h, otherFile+".xhtml#") {
		t.Errorf("the link to the other letter by its id is %q, want one into %s.xhtml", h, otherFile)
	}
	for _, gone := range []string{"a missing file", "to nowhere"} {
		if h, ok := links[gone]; ok {
			t.Errorf("the link %q was kept: %q", gone, h)
		}
	}
	if h := links["a backslash"]; h != "https://example.org/a%5Cb?q=c%5Cd" {
		t.Errorf("the backslash link is %q", h)
	}
	// A table scrolls sideways in a focusable, labelled region.
	wraps := 0
	for _, d := range elements(letterDoc, "div") {
		if attr(d, "class") == "table-wrap" {
			wraps++
			if attr(d, "role") != "region" || attr(d, "tabindex") != "0" || attr(d, "aria-label") == "" || len(elements(d, "table")) != 1 {
				t.Errorf("table wrapper %v", d.Attr)
			}
		}
	}
	if wraps != 1 {
		t.Errorf("%d table wrappers, want 1", wraps)
	}
	// Six source heading levels stay six levels, one below the other.
	var levels []int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && strings.HasPrefix(strings.TrimSpace(nodeText(n)), "Level ") {
			switch {
			case len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6':
				levels = append(levels, int(n.Data[1]-'0'))
				return
			case attr(n, "role") == "heading":
				var l int
				fmt.Sscan(attr(n, "aria-level"), &l)
				levels = append(levels, l)
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(letterDoc)
	if len(levels) != 6 {
		t.Fatalf("heading levels %v", levels)
	}
	for i := 1; i < len(levels); i++ {
		if levels[i] != levels[i-1]+1 {
			t.Errorf("heading levels %v are not six distinct levels", levels)
			break
		}
	}
	testtool.EPUBCheck(t, epubPath)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// nodeText is the character data under n, words separated.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// elements returns the elements under n with the given name.
func elements(n *html.Node, name string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == name {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}
