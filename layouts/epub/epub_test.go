package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	goimage "image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/layouts"
)

func loadExample(t *testing.T) *book.Book {
	t.Helper()
	b, err := book.Load("../../examples/masoud-letter/reader.yaml", book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// write renders b and saves it in the test's temporary folder (or in
// $EPUB_TEST_OUT, to look at).
func write(t *testing.T, b *book.Book, opt Options, name string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b, opt); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("EPUB_TEST_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, buf.Bytes()
}

// entries returns the container's files by name, and their order.
func entries(t *testing.T, data []byte) (map[string][]byte, []*zip.File) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out, zr.File
}

func TestExampleEPUBCheck(t *testing.T) {
	b := loadExample(t)
	for _, ed := range []string{"student", "teacher"} {
		t.Run(ed, func(t *testing.T) {
			path, _ := write(t, b, Options{Edition: ed}, "masoud-"+ed+".epub")
			epubcheck(t, path)
		})
	}
}

// testBook writes a reader that uses every Markdown construct, in two
// parts (one untitled), with a French source in an English book, a
// figure, notes in the introduction and the source, and staged questions
// with answers.
func testBook(t *testing.T) *book.Book {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "sources")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	img := goimage.NewNRGBA(goimage.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 0xc0
	}
	img.Set(2, 2, color.NRGBA{200, 0, 0, 255})
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, img); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"sources/square.png": pngBuf.String(),
		"reader.yaml": `title: Tests & Trials <of> "Every" Construct
subtitle: A reader for the renderer's tests
editors: [Ada Editor, Bo Reviewer]
course: History 101 — Sources
institution: Example School
language: en
license: CC BY 4.0
date: 2026-01-15
name: construct-test
introduction: |
  This reader tests *every* construct.[^a]

  The second paragraph of the introduction is long enough to be broken across two printed pages by the print renderer.

  [^a]: A note in the introduction.
parts:
  - title: The First Part
    introduction: |
      The first part has an introduction.
    items:
      - id: every-construct
        headnote: |
          An editor's headnote with **bold** text.[^h]

          [^h]: HEADNOTE-NOTE-TEXT.
        questions:
          - text: What does the document show?
            stage: before
          - text: Which construct is in the table?
            stage: after
            answer: The table holds FIRST-ANSWER-TEXT & more.
          - text: An unstaged question?
  - items:
      - id: plain-letter
        label: Document B
        questions:
          - text: Who wrote it?
            answer: SECOND-ANSWER-TEXT wrote it.
`,
		"sources/every-construct.md": `---
id: every-construct
title: "A Source with Every Construct: <tags> & \"quotes\""
date: 1900-05-01
type: memorandum
place: Paris
authors: [Jeanne Auteur]
recipients: [Paul Destinataire, Marie Autre]
language: fr
translators: [T. Traductrice]
original_language: de
subjects: [Testing, Archives]
source:
  citation: "Archives nationales, AB/123, fol. 4."
  archive: Archives nationales
  archive_location: AB/123
digital_copy:
  repository: Example Digital Archive
  url: https://example.org/record?id=1&view=full
  record_id: "42"
credits:
  funders: [A Foundation, Another Trust]
rights:
  status: public-domain
  statement: |-
    First paragraph of the rights statement.

    Second paragraph with an e-mail address, rights@example.org.
  holder: Archives nationales
---
# Premier titre

Un paragraphe avec *italique*, **gras**, ` + "`code`" + `, ~~barré~~, un [lien](https://example.org/?a=1&b=2) et un courriel <mailto:qui@example.org>.[^1] Il continue assez longtemps pour qu'une page imprimée commence au milieu de ce paragraphe, avec des caractères spéciaux: & < > " '.

### Sous-titre profond

Une ligne  
puis une autre après un saut de ligne.

> Une citation.
>
> Avec deux paragraphes.

3. troisième élément
4. quatrième élément
   - imbriqué un
   - imbriqué deux
5. cinquième

` + "```" + `
code <brut> & "cité"
deuxième ligne
` + "```" + `

| Gauche | Centre | Droite | Rien |
|:-------|:------:|-------:|------|
| a      | b      | c      | d    |
| e      | f      | g      | h    |

---

![Un carré gris avec un point rouge](square.png "Figure 1 : un carré")

Terme
: Sa définition.

Autre terme
: Une définition.
: Une seconde définition.

[^1]: Une note de bas de page, avec *style*.
`,
		"sources/plain-letter.md": `---
id: plain-letter
title: A Plain Letter
date: 1901
type: letter
authors: [Sam Writer]
rights:
  status: cc0
---
Dear friend, this letter is plain.

It has two paragraphs and ends here.
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	// Styles the Markdown has no syntax for.
	it := b.Items[0]
	it.Body = append(it.Body, markup.Block{Kind: markup.Paragraph, ID: it.ID + "-extra", Number: 99, Inlines: []markup.Inline{
		{Text: "Ceci est "}, {Text: "2", Style: markup.Sup}, {Text: " et "}, {Text: "petites capitales", Style: markup.SmallCaps},
		{Text: " et un "}, {Text: "terme", Style: markup.Term}, {Text: " et "}, {Text: "Guten Tag", Lang: "de", Style: markup.Italic},
		{Text: " avec une ancre", Anchor: "anchor-one"}, {Text: ". Voir "}, {Text: "l'ancre", Link: "#anchor-one"},
		{Text: " et "}, {Text: "l'autre lettre", Link: "#" + b.Items[1].Body[0].ID}, {Text: "."},
	}})
	// The teaching apparatus.
	c := b.Items[1]
	c.Modified, c.Time = true, "10 min"
	c.ModifiedNote = []markup.Block{{Kind: markup.Paragraph, Inlines: []markup.Inline{{Text: "Spelling modernised."}}}}
	c.Excerpt = true
	gl := &book.GlossEntry{ID: "gloss-terme", Term: "terme", Definition: []markup.Block{{Kind: markup.Paragraph, Inlines: []markup.Inline{{Text: "A word with a meaning."}}}}}
	b.Glossary = []*book.GlossEntry{gl}
	it.Vocabulary = []*book.GlossEntry{{ID: "vocab-1", Term: "mot", Definition: []markup.Block{{Kind: markup.Paragraph, Inlines: []markup.Inline{{Text: "word"}}}}}}
	last := &it.Body[len(it.Body)-1]
	for i := range last.Inlines {
		if last.Inlines[i].Style == markup.Term {
			last.Inlines[i].Link = "#" + gl.ID
		}
	}
	it.Questions[1].Ref = &book.Ref{Paragraph: 6, BlockID: block(t, it, markup.Table, 0).ID}
	it.Questions[1].Time = "5 min"
	// An annotation: an editor's note lettered in the source text.
	ann := &markup.Note{Number: 2, ID: it.ID + "-ann1", Annotation: true, Label: "a",
		Blocks: []markup.Block{{Kind: markup.Paragraph, Inlines: []markup.Inline{{Text: "ANNOTATION-TEXT."}}}}}
	it.Notes = append(it.Notes, ann)
	last.Inlines = append(last.Inlines, markup.Inline{Text: "a", Style: markup.Sup, Note: ann})
	b.Timeline = true
	b.Parts[0].Question = []markup.Block{{Kind: markup.Paragraph, Inlines: []markup.Inline{{Text: "CENTRAL-QUESTION?"}}}}
	return b
}

// block finds a top-level block by kind in an item's body.
func block(t *testing.T, it *book.Item, k markup.Kind, n int) *markup.Block {
	t.Helper()
	for i := range it.Body {
		if it.Body[i].Kind == k {
			if n == 0 {
				return &it.Body[i]
			}
			n--
		}
	}
	t.Fatalf("%s has no block of kind %d", it.ID, k)
	return nil
}

type testPage struct {
	label, id string
	offset    int
	// where: "before" (the element with id), "text" (mid-text) or
	// "after" (right after the previous page's marker).
	where string
}

func testPages(t *testing.T, b *book.Book) []testPage {
	a, c := b.Items[0], b.Items[1]
	return []testPage{
		{"", "titlepage", 0, ""},
		{"ii", "credits", 0, "before"},
		{"", "", 0, ""}, // a blank page
		{"iii", "contents", 0, "before"},
		{"iv", "introduction", 0, "before"},
		{"v", b.Intro[1].ID, 30, "text"},
		{"1", b.Parts[0].ID, 0, "before"},
		{"2", a.ID, 0, "before"},
		{"3", block(t, a, markup.Paragraph, 0).ID, 60, "text"},
		{"4", "no-such-block", 0, "after"},
		{"5", block(t, a, markup.List, 0).ID, 0, "before"},
		{"6", block(t, a, markup.CodeBlock, 0).ID, 10, "text"},
		{"7", block(t, a, markup.Table, 0).ID, 5, "before"},
		{"8", a.ID + "-extra", 9, "text"},
		{"", "", 0, ""},
		{"3", c.ID, 0, "before"}, // the same label again
		{"A 1", c.Body[1].ID, 7, "text"},
	}
}

func pageMap(ps []testPage) *layouts.PageMap {
	m := layouts.NewPageMap()
	for _, p := range ps {
		m.Pages = append(m.Pages, layouts.Page{Label: p.label, Start: layouts.Mark{ID: p.id, Offset: p.offset}})
	}
	return m
}

func TestEveryConstruct(t *testing.T) {
	b := testBook(t)
	ps := testPages(t, b)
	opt := Options{Edition: "teacher", Pages: pageMap(ps)}
	path, data := write(t, b, opt, "constructs-teacher.epub")
	epubcheck(t, path)
	files, _ := entries(t, data)

	for name, body := range files {
		if !strings.HasSuffix(name, ".xhtml") && !strings.HasSuffix(name, ".opf") {
			continue
		}
		checkXML(t, name, body)
	}
	item := string(files["EPUB/doc-every-construct.xhtml"])
	for _, want := range []string{
		`<div class="source-text" id="doc-every-construct-text" lang="fr" xml:lang="fr">`,
		`<th scope="col" class="al-center">Centre</th>`,
		`<td class="al-right">c</td>`,
		`<ol start="3">`,
		`<pre><code>code &lt;brut`,
		`<a epub:type="noteref" role="doc-noteref" class="noteref" href="#doc-every-construct-n1" id="doc-every-construct-n1-ref">1</a>`,
		`<div epub:type="endnote" class="footnote" id="doc-every-construct-n1">`,
		`<section class="notes" epub:type="endnotes" role="doc-endnotes"`,
		`role="doc-backlink" class="backlink" href="#doc-every-construct-n1-ref"`,
		`<a href="https://example.org/?a=1&amp;b=2">lien</a>`,
		`<a href="mailto:qui@example.org">`,
		`<span lang="de" xml:lang="de"><em>Guten Tag</em></span>`,
		`<span class="smallcaps">petites capitales</span>`,
		`<span class="term">terme</span>`,
		`<a href="#anchor-one">`,
		`<a href="doc-plain-letter.xhtml#doc-plain-letter-p1">`,
		`<figure id="doc-every-construct-b`,
		`alt="Un carré gris avec un point rouge"`,
		`<figcaption>Figure 1 : un carré</figcaption>`,
		`<div class="numbered" id="doc-every-construct-p`, `<dt>Autre terme</dt>`,
		`<hr id=`, `<blockquote>`, `<br/>`, `<s>barré</s>`, `<code>code</code>`,
		`<dt>Translator</dt><dd>T. Traductrice</dd>`, `<dt>Original language</dt><dd>German</dd>`,
		`class="label">Before you read</h2>`, `<h3 class="stage">After you read</h3>`, `<h3 class="stage">Other questions</h3>`,
		`FIRST-ANSWER-TEXT &amp; more`,
		`HEADNOTE-NOTE-TEXT.`,
		`class="label">Editor’s notes</h2>`,
		`<a href="glossary.xhtml#gloss-terme"><span class="term">terme</span></a>`,
		"<a href=\"#doc-every-construct-p6\"><em>¶\u00a06</em></a>",
		`(5 min)`,
		`class="label">Word bank</h2>`, `<dt>mot</dt>`,
		`<p class="metrics">`,
		`href="#doc-every-construct-ann1" id="doc-every-construct-ann1-ref">a</a>`,
		`<span class="note-num">a.</span> ANNOTATION-TEXT.`,
	} {
		if !strings.Contains(item, want) {
			t.Errorf("the item's XHTML lacks %s", want)
		}
	}
	if strings.Index(item, "Before you read") > strings.Index(item, `class="source-text"`) {
		t.Errorf("the before-reading questions do not come before the text")
	}
	if strings.Contains(item, "align=") {
		t.Errorf("table alignment uses the align attribute")
	}
	// Headings: the document is h1, its sections h2, source headings below
	// without skipping a level.
	if !regexp.MustCompile(`<h3 id="[^"]+">Premier titre</h3>`).MatchString(item) || !regexp.MustCompile(`<h4 id="[^"]+">Sous-titre profond</h4>`).MatchString(item) {
		t.Errorf("source headings are not h3 and h4")
	}
	if !strings.Contains(string(files["EPUB/images/fig-1.png"]), "PNG") {
		t.Errorf("the figure's image is not in the EPUB")
	}
	opf := string(files["EPUB/package.opf"])
	for _, want := range []string{
		`<dc:title id="title-main">Tests &amp; Trials &lt;of&gt; "Every" Construct — Teacher Edition</dc:title>`,
		`<meta refines="#editor-2" property="role" scheme="marc:relators">edt</meta>`,
		`<dc:contributor id="contributor-2">T. Traductrice</dc:contributor>`,
		`<meta refines="#contributor-2" property="role" scheme="marc:relators">trl</meta>`,
		`<dc:publisher>Example School</dc:publisher>`,
		`<dc:subject>Archives</dc:subject>`,
		`<meta property="dcterms:modified">2026-01-15T00:00:00Z</meta>`,
		`<meta property="schema:accessibilityFeature">printPageNumbers</meta>`,
		`<meta property="schema:accessibilityFeature">pageNavigation</meta>`,
		`<meta refines="#print-source" property="source-of">pagination</meta>`,
		`media-type="image/png"/>`,
	} {
		if !strings.Contains(opf, want) {
			t.Errorf("the package document lacks %s", want)
		}
	}
	for file, wants := range map[string][]string{
		"EPUB/doc-plain-letter.xhtml": {"Document B (excerpt, modified)", "<strong>Modified:</strong> Spelling modernised.", "<strong>Excerpt:</strong>", "suggested time: 10 min"},
		"EPUB/glossary.xhtml":         {`<section epub:type="glossary" role="doc-glossary" id="glossary"`, `<dt id="gloss-terme">terme</dt>`},
		"EPUB/bibliography.xhtml":     {`<section epub:type="bibliography" role="doc-bibliography" id="bibliography"`, "Writer, Sam."},
		"EPUB/timeline.xhtml":         {`<dt>1 May 1900</dt>`, `<a href="doc-every-construct.xhtml">Document 1:`},
		"EPUB/part1.xhtml":            {"CENTRAL-QUESTION?", `id="part1-dbq"`},
	} {
		for _, want := range wants {
			if !strings.Contains(string(files[file]), want) {
				t.Errorf("%s lacks %s", file, want)
			}
		}
	}
	credits := string(files["EPUB/credits.xhtml"])
	for _, want := range []string{"Archives nationales, AB/123, fol. 4.", "T. Traductrice", "A Foundation and Another Trust",
		"First paragraph of the rights statement.", "Second paragraph with an e-mail address, rights@example.org.",
		"Rights holder: Archives nationales", "Public domain", "CC BY 4.0", `href="https://example.org/record?id=1&amp;view=full"`} {
		if !strings.Contains(credits, want) {
			t.Errorf("the credits page lacks %q", want)
		}
	}
	nav := string(files["EPUB/nav.xhtml"])
	// The untitled part's item sits at the top level of the contents.
	if !regexp.MustCompile(`</ol>\n</li>\n<li><a href="doc-plain-letter.xhtml">Document B: A Plain Letter</a></li>\n<li><a href="glossary.xhtml">`).MatchString(nav) {
		t.Errorf("the untitled part's item is not at the top level of the contents:\n%s", nav)
	}
	if strings.Contains(nav, `"></a>`) {
		t.Errorf("the navigation has an empty entry")
	}

	checkWords(t, b, files)
	checkPageList(t, b, ps, files)

	// The student edition without pages is valid too and has no page list.
	path, data = write(t, b, Options{}, "constructs-student.epub")
	epubcheck(t, path)
	files, _ = entries(t, data)
	if strings.Contains(string(files["EPUB/nav.xhtml"]), "page-list") || strings.Contains(string(files["EPUB/doc-every-construct.xhtml"]), "pagebreak") {
		t.Errorf("page list or page breaks without a page map")
	}
}

var namedEntity = regexp.MustCompile(`&([A-Za-z][A-Za-z0-9]*);`)

// checkXML parses a document strictly and rejects named entities other
// than XML's five.
func checkXML(t *testing.T, name string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
			return
		}
	}
	for _, m := range namedEntity.FindAllStringSubmatch(string(data), -1) {
		switch m[1] {
		case "amp", "lt", "gt", "quot", "apos":
		default:
			t.Errorf("%s uses the named entity %s", name, m[0])
		}
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func isPageBreak(e xml.StartElement) bool {
	return e.Name.Local == "span" && attr(e, "type") == "pagebreak"
}

var blockElems = map[string]bool{"p": true, "li": true, "td": true, "th": true, "dt": true, "dd": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "pre": true, "figcaption": true, "br": true, "div": true, "blockquote": true, "tr": true}

// sourceText returns the words of an item's source text as a reader sees
// them: without paragraph numbers, page markers and note references.
func sourceText(t *testing.T, data []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var sb strings.Builder
	depth, skip := 0, 0 // depth inside the source text; skip depth inside ignored elements
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if e.Name.Local == "div" && attr(e, "class") == "source-text" {
					depth = 1
				}
				continue
			}
			depth++
			if skip > 0 {
				skip++
			} else if attr(e, "class") == "pnum" || isPageBreak(e) || attr(e, "type") == "noteref" {
				skip = 1
			}
			if blockElems[e.Name.Local] {
				sb.WriteByte(' ')
			}
		case xml.EndElement:
			if depth == 0 {
				continue
			}
			depth--
			if skip > 0 {
				skip--
			}
			if blockElems[e.Name.Local] {
				sb.WriteByte(' ')
			}
		case xml.CharData:
			if depth > 0 && skip == 0 {
				sb.Write(e)
			}
		}
	}
	return strings.Fields(sb.String())
}

func checkWords(t *testing.T, b *book.Book, files map[string][]byte) {
	t.Helper()
	for _, it := range b.Items {
		got := sourceText(t, files["EPUB/"+it.ID+".xhtml"])
		want := strings.Fields(markup.BlocksText(it.Body))
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: the source text's words differ from the source:\n got: %q\nwant: %q", it.ID, got, want)
		}
	}
}

// marker is a page-break marker as found in a document.
type marker struct {
	file, id, label string
	nextID          string // id of the next element (other than markers)
	text            string // text that follows, up to 60 characters
	prev            string // id of the marker just before this one, if adjacent
}

func findMarkers(t *testing.T, file string, data []byte) []*marker {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var out, open []*marker // open: markers still collecting what follows
	var lastMarker *marker
	skip := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if isPageBreak(e) {
				m := &marker{file: file, id: attr(e, "id"), label: attr(e, "aria-label")}
				if lastMarker != nil {
					m.prev = lastMarker.id
				}
				out = append(out, m)
				open = append(open, m)
				lastMarker = m
				skip++
				continue
			}
			lastMarker = nil
			if skip > 0 {
				skip++
				continue
			}
			if attr(e, "class") == "pnum" {
				skip = 1
				continue
			}
			for _, m := range open {
				if m.nextID == "" && m.text == "" {
					m.nextID = attr(e, "id")
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				if skip == 0 && lastMarker != nil {
					continue // the end of a marker keeps it adjacent
				}
				continue
			}
		case xml.CharData:
			if skip > 0 {
				continue
			}
			s := strings.Join(strings.Fields(string(e)), " ")
			if s == "" {
				continue
			}
			lastMarker = nil
			for _, m := range open {
				if len(m.text) < 60 {
					m.text = strings.TrimSpace(m.text + " " + s)
				}
			}
		}
	}
	return out
}

func checkPageList(t *testing.T, b *book.Book, ps []testPage, files map[string][]byte) {
	t.Helper()
	nav := files["EPUB/nav.xhtml"]
	i := bytes.Index(nav, []byte(`epub:type="page-list"`))
	if i < 0 {
		t.Fatal("no page-list")
	}
	links := regexp.MustCompile(`<li><a href="([^"#]+)#([^"]+)">([^<]*)</a></li>`).FindAllSubmatch(nav[i:], -1)
	var labels []string
	for _, p := range ps {
		if p.label != "" {
			labels = append(labels, p.label)
		}
	}
	if len(links) != len(labels) {
		t.Fatalf("the page list has %d entries, want %d", len(links), len(labels))
	}
	markers := map[string]*marker{}
	for name, data := range files {
		if strings.HasSuffix(name, ".xhtml") {
			for _, m := range findMarkers(t, strings.TrimPrefix(name, "EPUB/"), data) {
				if markers[m.id] != nil {
					t.Errorf("the page marker id %s is used twice", m.id)
				}
				markers[m.id] = m
			}
		}
	}
	if len(markers) != len(labels) {
		t.Errorf("%d page markers, want %d", len(markers), len(labels))
	}
	texts := map[string]string{}
	collect := func(bs []markup.Block) {
		for _, bl := range bs {
			if bl.Kind == markup.CodeBlock {
				texts[bl.ID] = bl.Code
			} else {
				texts[bl.ID] = markup.PlainText(bl.Inlines)
			}
		}
	}
	collect(b.Intro)
	for _, it := range b.Items {
		collect(it.Body)
	}
	k := 0
	var prevID string
	for _, p := range ps {
		if p.label == "" {
			continue
		}
		l := links[k]
		k++
		file, id, label := string(l[1]), string(l[2]), string(l[3])
		if label != p.label {
			t.Errorf("page-list entry %d is %q, want %q", k, label, p.label)
		}
		m := markers[id]
		if m == nil || m.file != file {
			t.Errorf("page %s: the page list points to %s#%s, where there is no marker", p.label, file, id)
			continue
		}
		if m.label != p.label {
			t.Errorf("page %s: the marker's label is %q", p.label, m.label)
		}
		switch p.where {
		case "before":
			if m.nextID != xmlName(p.id) {
				t.Errorf("page %s: the marker stands before %q, want %q", p.label, m.nextID, p.id)
			}
		case "text":
			want := strings.Join(strings.Fields(string([]rune(texts[p.id])[p.offset:])), " ")
			want = want[:min(len(want), 20)]
			if !strings.HasPrefix(m.text, want) {
				t.Errorf("page %s: the marker is followed by %q, want the text at offset %d: %q", p.label, m.text, p.offset, want)
			}
		case "after":
			if m.prev != prevID {
				t.Errorf("page %s: the unplaced page's marker follows %q, want %q", p.label, m.prev, prevID)
			}
		}
		prevID = id
	}
}

func TestDeterministic(t *testing.T) {
	b := testBook(t)
	opt := Options{Edition: "teacher", Pages: pageMap(testPages(t, b))}
	var one, two bytes.Buffer
	if err := Write(&one, b, opt); err != nil {
		t.Fatal(err)
	}
	if err := Write(&two, b, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		t.Fatal("two writes of the same book differ")
	}
}

// xmlText returns the character data of a document with whitespace
// normalised, so that answers can be found whatever the markup.
func xmlText(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	var sb strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.CharData:
			sb.Write(e)
		case xml.StartElement, xml.EndElement:
			sb.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(sb.String()), " ")
}

func TestAnswersOnlyInTeacherEdition(t *testing.T) {
	for _, b := range []*book.Book{loadExample(t), testBook(t)} {
		var answers []string
		for _, it := range b.Items {
			for _, q := range it.Questions {
				if a := strings.Join(strings.Fields(markup.BlocksText(q.Answer)), " "); a != "" {
					answers = append(answers, a)
				}
			}
		}
		if len(answers) == 0 {
			t.Fatalf("%s: no answers to look for", b.Title)
		}
		for _, ed := range []string{"student", "teacher"} {
			var buf bytes.Buffer
			if err := Write(&buf, b, Options{Edition: ed}); err != nil {
				t.Fatal(err)
			}
			files, _ := entries(t, buf.Bytes())
			var all strings.Builder
			for _, data := range files {
				all.WriteString(xmlText(data))
				all.Write(data)
			}
			text := all.String()
			for _, a := range answers {
				// Each answer's first words, which are distinctive enough.
				probe := a[:min(len(a), 40)]
				found := strings.Contains(text, probe)
				if ed == "student" && found {
					t.Errorf("%s: the student edition contains the answer %q", b.Title, probe)
				}
				if ed == "teacher" && !found {
					t.Errorf("%s: the teacher edition lacks the answer %q", b.Title, probe)
				}
			}
			if title := string(files["EPUB/title.xhtml"]); (ed == "teacher") != strings.Contains(title, "Teacher Edition") {
				t.Errorf("%s edition: title page mentions Teacher Edition: %v", ed, strings.Contains(title, "Teacher Edition"))
			}
		}
	}
}

func TestZipLayout(t *testing.T) {
	b := loadExample(t)
	var buf bytes.Buffer
	if err := Write(&buf, b, Options{}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data[30:], []byte("mimetypeapplication/epub+zip")) {
		t.Errorf("the container does not start with an uncompressed mimetype entry without extra field")
	}
	_, zf := entries(t, data)
	if zf[0].Name != "mimetype" || zf[0].Method != zip.Store || len(zf[0].Extra) != 0 {
		t.Errorf("first entry: %s, method %d, %d extra bytes", zf[0].Name, zf[0].Method, len(zf[0].Extra))
	}
	if zf[1].Name != "META-INF/container.xml" {
		t.Errorf("second entry is %s", zf[1].Name)
	}
	for _, f := range zf {
		if !f.Modified.Equal(b.Modified) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, b.Modified)
		}
		if f.Name != "mimetype" && f.Method != zip.Deflate {
			t.Errorf("%s is not compressed", f.Name)
		}
		if strings.HasSuffix(f.Name, ".xhtml") && (f.Name[5] >= '0' && f.Name[5] <= '9') {
			t.Errorf("%s starts with a digit", f.Name)
		}
	}
}

func TestErrors(t *testing.T) {
	b := testBook(t)
	fig := block(t, b.Items[0], markup.Figure, 0)
	fig.Image.Alt = ""
	err := Write(io.Discard, b, Options{})
	if err == nil || !strings.Contains(err.Error(), "no alternative text") || !strings.Contains(err.Error(), b.Items[0].ID) {
		t.Errorf("a figure without alternative text gives %v", err)
	}
	fig.Image.Decorative = true
	if err := Write(io.Discard, b, Options{}); err != nil {
		t.Errorf("a decorative figure: %v", err)
	}
	fig.Image.Src = "missing.png"
	if err := Write(io.Discard, b, Options{}); err == nil || !strings.Contains(err.Error(), "missing.png") {
		t.Errorf("a missing image gives %v", err)
	}
	if err := Write(io.Discard, loadExample(t), Options{Edition: "draft"}); err == nil {
		t.Errorf("an unknown edition is accepted")
	}
	nb := loadExample(t)
	nb.Modified = time.Time{}
	if err := Write(io.Discard, nb, Options{}); err == nil {
		t.Errorf("a book without a date is accepted")
	}
	nb = loadExample(t)
	nb.Language = "not a language"
	if err := Write(io.Discard, nb, Options{}); err == nil {
		t.Errorf("an invalid language is accepted")
	}
}

func TestItemsWithoutParts(t *testing.T) {
	b := testBook(t)
	b.Parts = nil
	var buf bytes.Buffer
	if err := Write(&buf, b, Options{}); err != nil {
		t.Fatal(err)
	}
	files, _ := entries(t, buf.Bytes())
	for _, it := range b.Items {
		if files["EPUB/"+it.ID+".xhtml"] == nil {
			t.Errorf("%s is missing", it.ID)
		}
	}
}

// TestOddInput builds a book in code with what assembly would never
// produce: ids that are not XML names, duplicate ids, control
// characters, unsafe and dangling links, empty headings and header rows.
func TestOddInput(t *testing.T) {
	note := &markup.Note{Number: 1, Blocks: []markup.Block{{Kind: markup.Quote, Blocks: []markup.Block{{Kind: markup.Paragraph, Inlines: []markup.Inline{{Text: "quoted note"}}}}}}}
	para := func(id, text string) markup.Block {
		return markup.Block{Kind: markup.Paragraph, ID: id, Number: 1, Inlines: []markup.Inline{{Text: text}}}
	}
	it := &book.Item{ID: "3 odd:id", Number: 1, Title: "Odd \x01 title", Source: &book.Source{ID: "odd", Title: "Odd", Type: "letter", Rights: book.Rights{Status: "unknown"}},
		Body: []markup.Block{
			{Kind: markup.Heading, Level: 2, ID: "h empty"},
			para("dup", "first <dup> & \x0b text"),
			para("dup", "second dup"),
			{Kind: markup.Paragraph, Inlines: []markup.Inline{
				{Text: "bad link", Link: "javascript:alert(1)"}, {Text: " dangling", Link: "#nowhere"},
				{Text: " note", Style: markup.Sup, Note: note}, {Text: " same note again"}, {Text: "*", Note: note},
			}},
			{Kind: markup.Table, Table: &markup.TableData{Header: [][]markup.Inline{{}, {}}, Rows: [][][]markup.Inline{{{{Text: "x"}}, {{Text: "y"}}}}}},
			{Kind: markup.List, Ordered: true, Start: 0, Items: [][]markup.Block{{para("", "zero start")}}},
		},
		Questions: []book.Question{{Number: 1, Stage: "revision", Text: []markup.Block{para("", "Why?")}, Answer: []markup.Block{para("", "Because.")}}},
	}
	b := &book.Book{Title: "Odd & \x02 book", Language: "en", Modified: time.Date(2020, 2, 3, 4, 5, 6, 0, time.UTC),
		Identifier: "urn:uuid:00000000-0000-5000-8000-000000000000",
		Parts:      []*book.Part{{ID: "part 1", Number: 1, Items: []*book.Item{it}}}, Items: []*book.Item{it}, Sources: []*book.Source{it.Source}}
	pm := pageMap([]testPage{{label: "1", id: "dup"}, {label: "2", id: "h empty"}, {label: "x y", id: "3 odd:id"}})
	path, data := write(t, b, Options{Edition: "teacher", Pages: pm}, "odd.epub")
	epubcheck(t, path)
	files, _ := entries(t, data)
	for name, body := range files {
		if strings.HasSuffix(name, ".xhtml") || strings.HasSuffix(name, ".opf") {
			checkXML(t, name, body)
		}
	}
	doc := string(files["EPUB/id-3-odd-id.xhtml"])
	for _, bad := range []string{"javascript:", "#nowhere", "<th"} {
		if strings.Contains(doc, bad) {
			t.Errorf("the document contains %q", bad)
		}
	}
	if !strings.Contains(doc, `<h3 class="stage">Revision</h3>`) {
		t.Errorf("an unknown stage is not shown")
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		`a & b < c > d "e" 'f'`:    `a &amp; b &lt; c &gt; d "e" 'f'`,
		"bell\x07 and \uFFFE gone": "bell and  gone",
	} {
		if got := esc(in); got != want {
			t.Errorf("esc(%q) = %q, want %q", in, got, want)
		}
	}
	if got := escAttr(`"x" & 'y'`); got != `&quot;x&quot; &amp; &#39;y&#39;` {
		t.Errorf("escAttr: %q", got)
	}
	for in, want := range map[string]string{"doc-a-p3": "doc-a-p3", "3rd": "id-3rd", "a b:c": "a-b-c", "": "id-"} {
		if got := xmlName(in); got != want {
			t.Errorf("xmlName(%q) = %q, want %q", in, got, want)
		}
	}
}
