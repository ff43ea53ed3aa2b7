package publish

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/layouts"
	"sourcebook/layouts/epub"
	"sourcebook/layouts/internal/testtool"
	"sourcebook/layouts/pdf"
)

// The Markdown conformance test (issue 17): every example of the
// CommonMark specification and of the GFM extension tests, each as a
// source of one reader, must reach both editions with every word of its
// expected output in order, and its list numbers. The examples are set
// in one reader (one build for all, fast enough for CI), each on its own
// pages in print and in its own file in the EPUB.

const conformanceDir = "../../testdata/conformance"

// mdExample is one example of a specification file.
type mdExample struct {
	name     string // "commonmark 12", "gfm 3"
	section  string
	markdown string
	html     string
}

// readExamples parses a spec file's examples (the fenced "example"
// blocks: Markdown, a line with a full stop, the expected HTML); → stands
// for a tab.
func readExamples(t *testing.T, file, prefix string) []mdExample {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(conformanceDir, file))
	if err != nil {
		t.Fatal(err)
	}
	fence := strings.Repeat("`", 32)
	var out []mdExample
	var cur *mdExample
	inHTML := false
	section := ""
	var md, ht strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && line == fence+" example":
			cur = &mdExample{name: fmt.Sprintf("%s %d", prefix, len(out)+1), section: section}
			md.Reset()
			ht.Reset()
			inHTML = false
		case cur == nil:
			if strings.HasPrefix(line, "#") {
				section = strings.TrimSpace(strings.TrimLeft(line, "#"))
			}
		case line == fence:
			cur.markdown = strings.ReplaceAll(md.String(), "→", "\t")
			cur.html = strings.ReplaceAll(ht.String(), "→", "\t")
			out = append(out, *cur)
			cur = nil
		case line == "." && !inHTML:
			inHTML = true
		case inHTML:
			ht.WriteString(line + "\n")
		default:
			md.WriteString(line + "\n")
		}
	}
	return out
}

// expectedWords returns the words of an example's expected HTML in
// reading order, with each ordered list item's number ("3.") and each
// bulleted item's bullet before its words, and the ordered lists' first
// numbers and lengths.
func expectedWords(t *testing.T, src string) (words []string, lists [][2]int) {
	doc, err := html.Parse(strings.NewReader("<body>" + src))
	if err != nil {
		t.Fatal(err)
	}
	inNotes := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			words = append(words, strings.Fields(n.Data)...)
		case html.ElementNode:
			if n.Data == "a" && (attr(n, "class") == "footnote-backref" || hasAttr(n, "data-footnote-backref")) {
				return // a back link (↩) is navigation, not text
			}
			if n.Data == "section" && (attr(n, "class") == "footnotes" || hasAttr(n, "data-footnotes")) {
				// Footnotes are set as notes (numbered markers, at the
				// foot of the page or after the text), not as a list.
				inNotes = true
				defer func() { inNotes = false }()
			}
			if n.Data == "ol" && !inNotes {
				start := 1
				for _, a := range n.Attr {
					if a.Key == "start" {
						start, _ = strconv.Atoi(a.Val)
					}
				}
				k := 0
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "li" {
						words = append(words, strconv.Itoa(start+k)+".")
						walk(c)
						k++
						continue
					}
					walk(c)
				}
				lists = append(lists, [2]int{start, k})
				return
			}
			if n.Data == "ul" && !inNotes {
				// Bullets, whatever their shape at this depth.
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "li" {
						words = append(words, "•")
					}
					walk(c)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return words, lists
}

// squash removes what may differ between the editions' text and the
// expected text without any word being lost: white space, hyphens (print
// hyphenates, and pdftotext joins lines), print's continuation mark in
// preformatted text, and soft hyphens.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '\u00ad', '↪', '\u2010':
			return -1
		case '◦', '▪':
			return '•' // print's bullets by depth
		}
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// missingInOrder returns the first word of want not found, in order, in
// the text have (both squashed), and "" when all are there.
func missingInOrder(have string, want []string) string {
	h := squash(have)
	pos := 0
	for _, w := range want {
		sw := squash(w)
		if sw == "" {
			continue
		}
		i := strings.Index(h[pos:], sw)
		if i < 0 {
			return w
		}
		pos += i + len(sw)
	}
	return ""
}

// readExceptions reads the committed exception list: "name: reason".
func readExceptions(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(conformanceDir, "exceptions.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ex := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(reason) == "" {
			t.Errorf("exceptions.txt:%d: %q has no reason", i+1, line)
			continue
		}
		ex[strings.TrimSpace(name)] = strings.TrimSpace(reason)
	}
	return ex
}

func TestMarkdownConformance(t *testing.T) {
	pdftotext := testtool.Need(t, "pdftotext")
	examples := append(readExamples(t, "commonmark-spec.txt", "commonmark"), readExamples(t, "cmark-gfm-extensions.txt", "gfm")...)
	if len(examples) < 680 {
		t.Fatalf("only %d examples", len(examples))
	}
	exceptions := readExceptions(t)
	dir := t.TempDir()
	lib := &book.Library{Sources: map[string]*book.Source{}}
	var manifest strings.Builder
	manifest.WriteString("title: Markdown Conformance\ndate: 2026-01-01\nlanguage: en\nname: conformance\nitems:\n")
	type run struct {
		ex    mdExample
		id    string
		words []string
		lists [][2]int
	}
	var runs []*run
	for i, ex := range examples {
		if strings.TrimSpace(ex.markdown) == "" {
			continue
		}
		// A paragraph that is only an image is a figure; these images'
		// files do not exist, which stops a build (naming the file and
		// line), by design. A figure's expected output is an <img> with no
		// text, so its lines are left out and the rest of the example run.
		if lines := figureLines(markup.Parse([]byte(ex.markdown), markup.Options{FirstLine: 1}).Blocks); len(lines) > 0 {
			md := strings.Split(ex.markdown, "\n")
			for _, l := range lines {
				if l-1 < len(md) {
					md[l-1] = ""
				}
			}
			ex.markdown = strings.Join(md, "\n")
			if strings.TrimSpace(ex.markdown) == "" {
				if w, _ := expectedWords(t, ex.html); len(w) > 0 {
					t.Errorf("%s: only images, yet its expected output has text: %q", ex.name, w)
				}
				continue
			}
		}
		id := fmt.Sprintf("ex-%03d", i+1)
		src := &book.Source{ID: id, Title: "Example " + strconv.Itoa(i+1), Type: "other", Body: ex.markdown,
			File: filepath.Join(dir, id+".md"), BodyLine: 9, Rights: book.Rights{Status: "public-domain"}}
		src.Date, _ = book.ParseDate("2000")
		lib.Sources[id] = src
		lib.Order = append(lib.Order, id)
		fmt.Fprintf(&manifest, "  - %s\n", id)
		r := &run{ex: ex, id: id}
		r.words, r.lists = expectedWords(t, ex.html)
		runs = append(runs, r)
	}
	m, err := book.ParseManifest(filepath.Join(dir, "reader.yaml"), []byte(manifest.String()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Assemble(m, lib, book.Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	p, err := layouts.Get("reader", "letter")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pdf.Layout(b, p, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var pdfBuf, epubBuf bytes.Buffer
	if err := doc.Write(&pdfBuf); err != nil {
		t.Fatal(err)
	}
	pm := doc.PageMap()
	if err := epub.Write(&epubBuf, b, epub.Options{Pages: pm}); err != nil {
		t.Fatal(err)
	}
	// Every link percent-encoded, every raw tag escaped: EPUBCheck finds
	// nothing (a backslash in a URL was an error, RSC-020).
	epubPath := filepath.Join(dir, "conformance.epub")
	if err := os.WriteFile(epubPath, epubBuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.EPUBCheck(t, epubPath)
	pdfPath := filepath.Join(dir, "conformance.pdf")
	if err := os.WriteFile(pdfPath, pdfBuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-raw", pdfPath, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	// Each example's pages: from its item's first page to the next's.
	itemIDs := map[string]string{}
	for _, it := range b.Items {
		itemIDs[it.Source.ID] = it.ID
	}
	xhtml := epubFiles(t, epubBuf.Bytes())
	failed := map[string]string{}
	for k, r := range runs {
		from := pm.Starts[itemIDs[r.id]]
		to := len(pages)
		if k+1 < len(runs) {
			to = pm.Starts[itemIDs[runs[k+1].id]]
		}
		printed := strings.Join(pages[from:to], "\n")
		var problems []string
		if w := missingInOrder(printed, r.words); w != "" {
			problems = append(problems, fmt.Sprintf("print lost %q", w))
		}
		page, ok := xhtml[itemIDs[r.id]]
		if !ok {
			t.Fatalf("no EPUB file for %s (%s)", r.ex.name, itemIDs[r.id])
		}
		text, lists := xhtmlText(t, page)
		var epubWant []string
		for _, w := range r.words {
			if !isListNumber(w) {
				epubWant = append(epubWant, w)
			}
		}
		if w := missingInOrder(text, epubWant); w != "" {
			problems = append(problems, fmt.Sprintf("the EPUB lost %q", w))
		}
		if fmt.Sprint(lists) != fmt.Sprint(r.lists) {
			problems = append(problems, fmt.Sprintf("the EPUB's ordered lists (start, items) are %v, want %v", lists, r.lists))
		}
		if len(problems) > 0 {
			failed[r.ex.name] = strings.Join(problems, "; ")
		}
	}
	for _, r := range runs {
		name := r.ex.name
		why, excepted := exceptions[name]
		switch {
		case failed[name] != "" && !excepted:
			t.Errorf("%s (%s): %s\nMarkdown:\n%s", name, r.ex.section, failed[name], r.ex.markdown)
		case failed[name] == "" && excepted:
			t.Errorf("%s passes; remove it from exceptions.txt (%s)", name, why)
		}
		delete(exceptions, name)
	}
	for name := range exceptions {
		t.Errorf("exceptions.txt lists %s, which is not an example", name)
	}
	t.Logf("%d examples, %d PDF pages, %d excepted", len(runs), len(pages), len(readExceptions(t)))
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func isListNumber(w string) bool {
	if w == "•" {
		return true // a list marker: the EPUB's are drawn by the reading system
	}
	n, ok := strings.CutSuffix(w, ".")
	_, err := strconv.Atoi(n)
	return ok && err == nil
}

// figureLines returns the lines of the figures in bs.
func figureLines(bs []markup.Block) []int {
	var out []int
	for _, b := range bs {
		if b.Kind == markup.Figure {
			out = append(out, b.Line)
		}
		out = append(out, figureLines(b.Blocks)...)
		for _, it := range b.Items {
			out = append(out, figureLines(it)...)
		}
		for _, d := range b.Defs {
			for _, dd := range d.Defs {
				out = append(out, figureLines(dd)...)
			}
		}
	}
	return out
}

// epubFiles returns the EPUB's content documents by name without folder
// and extension (an item's file is named by its ID).
func epubFiles(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(rc)
		rc.Close()
		out[strings.TrimSuffix(filepath.Base(f.Name), ".xhtml")] = buf.Bytes()
	}
	return out
}

// xhtmlText returns the text of a content document's body as a reader
// sees it (character data, parsed), and its ordered lists' first numbers
// and lengths.
func xhtmlText(t *testing.T, data []byte) (string, [][2]int) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var lists [][2]int
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && n.Data == "ol" {
			start := 1
			for _, a := range n.Attr {
				if a.Key == "start" {
					start, _ = strconv.Atoi(a.Val)
				}
			}
			k := 0
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "li" {
					k++
				}
			}
			defer func() { lists = append(lists, [2]int{start, k}) }()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String(), lists
}
