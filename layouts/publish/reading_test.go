package publish

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed XML element, enough to check the EPUB's markup.
type node struct {
	name     string // local name
	attrs    map[string]string
	children []*node
	text     string // character data directly inside, for text nodes
	parent   *node
}

func (n *node) attr(k string) string { return n.attrs[k] }

// all returns the descendants matching f, in document order.
func (n *node) all(f func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, c := range m.children {
			if c.name != "" && f(c) {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n *node) textContent() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(m *node) {
		b.WriteString(m.text)
		for _, c := range m.children {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func hasClass(n *node, c string) bool {
	for _, f := range strings.Fields(n.attr("class")) {
		if f == c {
			return true
		}
	}
	return false
}

func parseXML(t *testing.T, name, data string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	root := &node{attrs: map[string]string{}}
	cur := root
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			n := &node{name: x.Name.Local, attrs: map[string]string{}, parent: cur}
			for _, a := range x.Attr {
				k := a.Name.Local
				if a.Name.Space == "http://www.idpf.org/2007/ops" {
					k = "epub:" + k
				}
				n.attrs[k] = a.Value
			}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			cur.children = append(cur.children, &node{text: string(x), parent: cur})
		}
	}
	return root
}

func readEPUB(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		io.Copy(&b, rc)
		rc.Close()
		files[strings.TrimPrefix(f.Name, "EPUB/")] = b.String()
	}
	return files
}

// TestEPUBPlaceReferences: the EPUB cites places as the print does. Its
// paragraph numbers are visible ("¶ 3"), consecutive as printed (also in
// an excerpt) and carry no visually hidden text; questions cite "(¶ N)"
// linked to paragraph N; each print page shows a small "p. N" marker
// named for assistive technology; and the edition note says what this
// edition has.
func TestEPUBPlaceReferences(t *testing.T) {
	for _, r := range []struct{ name, manifest string }{{"example", exampleReader}, {"every-feature", everyFeature}} {
		t.Run(r.name, func(t *testing.T) {
			b, out := build(t, r.manifest, "student")
			files := readEPUB(t, out[".epub"])
			if css := files["css/style.css"]; strings.Contains(css, "clip:") || strings.Contains(css, ".vh") {
				t.Errorf("the stylesheet still hides text with clip")
			}
			markers := 0
			for _, it := range b.Items {
				var file string
				for name, data := range files {
					if strings.HasSuffix(name, ".xhtml") && strings.Contains(data, `id="`+it.ID+`"`) {
						file = name
					}
				}
				doc := parseXML(t, file, files[file])
				if v := doc.all(func(n *node) bool { return hasClass(n, "vh") }); len(v) > 0 {
					t.Errorf("%s: %d visually hidden elements", file, len(v))
				}
				// Paragraph numbers, in order, as the book numbers them.
				byNum := map[int]*node{}
				var nums []int
				for _, pn := range doc.all(func(n *node) bool { return hasClass(n, "pnum") }) {
					m := regexp.MustCompile(`^¶\x{a0}(\d+)$`).FindStringSubmatch(pn.textContent())
					if m == nil {
						t.Fatalf("%s: paragraph number %q", file, pn.textContent())
					}
					k, _ := strconv.Atoi(m[1])
					nums = append(nums, k)
					byNum[k] = pn.parent
				}
				for i, k := range nums {
					if k != i+1 {
						t.Errorf("%s: paragraph numbers %v are not 1, 2, 3 … as printed", file, nums)
						break
					}
				}
				want := 0
				for _, bl := range it.Body {
					if bl.Number > 0 {
						want++
					}
				}
				if len(nums) != want {
					t.Errorf("%s: %d paragraph numbers shown, the book has %d", file, len(nums), want)
				}
				// Questions cite "(¶ N)" and link to paragraph N.
				for _, a := range doc.all(func(n *node) bool { return n.name == "a" && strings.HasPrefix(n.textContent(), "¶\u00a0") }) {
					k, _ := strconv.Atoi(strings.TrimPrefix(a.textContent(), "¶\u00a0"))
					target := strings.TrimPrefix(a.attr("href"), "#")
					p := byNum[k]
					if p == nil || (p.attr("id") != target && len(p.all(func(n *node) bool { return n.attr("id") == target })) == 0) {
						t.Errorf("%s: the question's ¶ %d links to #%s, not to paragraph %d", file, k, target, k)
					}
				}
			}
			for name, data := range files {
				if !strings.HasSuffix(name, ".xhtml") {
					continue
				}
				doc := parseXML(t, name, data)
				for _, m := range doc.all(func(n *node) bool { return n.attr("epub:type") == "pagebreak" }) {
					markers++
					label := m.attr("aria-label")
					if label == "" || m.attr("role") != "doc-pagebreak" || m.attr("title") != "Page "+label || m.textContent() != "p.\u00a0"+label || !hasClass(m, "pagenum") {
						t.Errorf("%s: page marker %v %q", name, m.attrs, m.textContent())
					}
				}
			}
			if markers == 0 {
				t.Errorf("no page markers")
			}
			about := strings.Join(strings.Fields(parseXML(t, "intro.xhtml", files["intro.xhtml"]).textContent()), " ")
			for _, want := range []string{"About this edition", "numbered beside the text (¶ 1, ¶ 2 …), as in the printed edition", "“(¶ 4)”", "its questions read “(¶ 4, lines 12–15)”", "like “p. 12”"} {
				if !strings.Contains(about, want) {
					t.Errorf("the EPUB's edition note lacks %q:\n%s", want, about)
				}
			}
			if excerpt := strings.Contains(about, "In an excerpt the paragraphs are counted as printed"); excerpt != (r.name == "every-feature") {
				t.Errorf("the note on excerpts is there: %v", excerpt)
			}
		})
	}
}

// TestEPUBNotesSurviveReadingSystems: notes are endnotes (not footnote
// asides that Foliate and Apple Books hide, leaving their heading), each
// reached by a real link and linking back; every notes heading shares a
// break-inside: avoid container with the first note.
func TestEPUBNotesSurviveReadingSystems(t *testing.T) {
	_, out := build(t, exampleReader, "teacher")
	files := readEPUB(t, out[".epub"])
	notes := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".xhtml") {
			continue
		}
		doc := parseXML(t, name, data)
		if a := doc.all(func(n *node) bool { return n.name == "aside" }); len(a) > 0 {
			t.Errorf("%s: %d asides", name, len(a))
		}
		ids := map[string]*node{}
		for _, n := range doc.all(func(n *node) bool { return n.attr("id") != "" }) {
			ids[n.attr("id")] = n
		}
		for _, sec := range doc.all(func(n *node) bool { return hasClass(n, "notes") }) {
			if sec.name != "section" || sec.attr("epub:type") != "endnotes" || sec.attr("role") != "doc-endnotes" {
				t.Errorf("%s: notes section %v", name, sec.attrs)
			}
			keep := sec.all(func(n *node) bool { return hasClass(n, "keep") })
			if len(keep) == 0 || len(keep[0].all(func(n *node) bool { return n.name == "h2" })) != 1 || len(keep[0].all(func(n *node) bool { return n.attr("epub:type") == "endnote" })) != 1 {
				t.Errorf("%s: the notes heading is not kept with the first note", name)
			}
		}
		for _, ref := range doc.all(func(n *node) bool { return n.attr("role") == "doc-noteref" }) {
			notes++
			note := ids[strings.TrimPrefix(ref.attr("href"), "#")]
			if ref.name != "a" || note == nil || note.attr("epub:type") != "endnote" {
				t.Errorf("%s: note reference %v has no endnote", name, ref.attrs)
				continue
			}
			if !hasClass(ref, "noteref") {
				t.Errorf("%s: note reference without the noteref class (tap target)", name)
			}
			back := note.all(func(n *node) bool { return n.attr("role") == "doc-backlink" })
			if len(back) == 0 || ids[strings.TrimPrefix(back[0].attr("href"), "#")] == nil {
				t.Errorf("%s: note %s does not link back", name, note.attr("id"))
			}
		}
	}
	if notes < 3 {
		t.Errorf("%d note references checked", notes)
	}
	css := files["css/style.css"]
	for _, want := range []string{"line-height: 0;", "a.noteref {", "padding: 0.3em 0.25em;"} {
		if !strings.Contains(css, want) {
			t.Errorf("the stylesheet lacks %q (note markers that keep the line and are easy to tap)", want)
		}
	}
}

// TestEPUBMetadataForOlderSystems: the teacher edition's title says so,
// the course is a series, and an NCX and the EPUB 2 cover meta are there
// for older devices; the contents label parts "Part 1" and curls quotes.
func TestEPUBMetadataForOlderSystems(t *testing.T) {
	for _, ed := range []string{"student", "teacher"} {
		b, out := build(t, exampleReader, ed)
		files := readEPUB(t, out[".epub"])
		opf := parseXML(t, "package.opf", files["package.opf"])
		var title string
		for _, n := range opf.all(func(n *node) bool { return n.name == "title" && n.attr("id") == "title-main" }) {
			title = n.textContent()
		}
		if want := b.Title; ed == "teacher" {
			want += " — Teacher Edition"
			if title != want {
				t.Errorf("teacher title %q, want %q", title, want)
			}
		} else if title != want {
			t.Errorf("student title %q, want %q", title, want)
		}
		metas := opf.all(func(n *node) bool { return n.name == "meta" })
		has := func(f func(*node) bool) bool {
			for _, m := range metas {
				if f(m) {
					return true
				}
			}
			return false
		}
		if !has(func(m *node) bool {
			return m.attr("property") == "belongs-to-collection" && m.textContent() == b.Course && m.attr("id") == "course"
		}) ||
			!has(func(m *node) bool {
				return m.attr("refines") == "#course" && m.attr("property") == "collection-type" && m.textContent() == "series"
			}) {
			t.Errorf("%s: the course is not a series", ed)
		}
		items := map[string]*node{}
		for _, it := range opf.all(func(n *node) bool { return n.name == "item" }) {
			items[it.attr("id")] = it
		}
		if !has(func(m *node) bool {
			return m.attr("name") == "cover" && items[m.attr("content")] != nil && items[m.attr("content")].attr("properties") == "cover-image"
		}) {
			t.Errorf("%s: no EPUB 2 cover meta naming the cover image", ed)
		}
		spine := opf.all(func(n *node) bool { return n.name == "spine" })
		ncxItem := items[spine[0].attr("toc")]
		if ncxItem == nil || ncxItem.attr("media-type") != "application/x-dtbncx+xml" {
			t.Fatalf("%s: the spine names no NCX", ed)
		}
		ncx := parseXML(t, "toc.ncx", files[ncxItem.attr("href")])
		nav := parseXML(t, "nav.xhtml", files["nav.xhtml"])
		var navEntries, ncxEntries []string
		for _, n := range nav.all(func(n *node) bool { return n.name == "nav" && n.attr("epub:type") == "toc" }) {
			for _, a := range n.all(func(n *node) bool { return n.name == "a" }) {
				navEntries = append(navEntries, a.textContent()+" → "+a.attr("href"))
			}
		}
		for _, p := range ncx.all(func(n *node) bool { return n.name == "navPoint" }) {
			var label, src string
			for _, c := range p.children {
				switch c.name {
				case "navLabel":
					label = c.textContent()
				case "content":
					src = c.attr("src")
				}
			}
			if files[strings.SplitN(src, "#", 2)[0]] == "" {
				t.Errorf("%s: NCX entry %q points at %q, not in the book", ed, label, src)
			}
			ncxEntries = append(ncxEntries, label+" → "+src)
		}
		if strings.Join(navEntries, "\n") != strings.Join(ncxEntries, "\n") {
			t.Errorf("%s: the NCX differs from the contents:\n%s\n---\n%s", ed, strings.Join(ncxEntries, "\n"), strings.Join(navEntries, "\n"))
		}
		if !strings.Contains(strings.Join(navEntries, "\n"), "Part 1: After the Withdrawal → ") {
			t.Errorf("%s: the part has no Part 1 label in the contents:\n%s", ed, strings.Join(navEntries, "\n"))
		}
	}
}

// TestContentsQuotes: titles written with straight quotes are curled in
// the contents and headings, as the typographer curls the headnotes.
func TestContentsQuotes(t *testing.T) {
	lib, err := filepath.Abs("../../sources")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	m := "title: Quotes\nlanguage: en\ndate: 2026-01-01\nname: quotes\nsources: [" + lib + "]\nparts:\n  - title: Masoud's \"Letter\"\n    items:\n      - id: masoud-vorontsov-1989\n        title: 'A \"Defiant\" Reply'\n"
	p := filepath.Join(dir, "reader.yaml")
	if err := os.WriteFile(p, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out := build(t, p, "student", "epub")
	files := readEPUB(t, out[".epub"])
	nav := parseXML(t, "nav.xhtml", files["nav.xhtml"]).textContent()
	for _, want := range []string{"Part 1: Masoud’s “Letter”", "Document 1: A “Defiant” Reply"} {
		if !strings.Contains(nav, want) {
			t.Errorf("the contents lack %q:\n%s", want, nav)
		}
	}
	if strings.ContainsAny(nav, `"'`) {
		t.Errorf("straight quotes in the contents:\n%s", nav)
	}
}
