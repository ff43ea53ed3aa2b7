package epub

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	goimage "image"
	"image/png"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"sourcebook/book"
	"sourcebook/book/markup"
)

// forbidden are elements that run code, embed other documents, submit
// data or restyle the page; none may come from a teacher's text.
var forbidden = map[string]bool{"script": true, "iframe": true, "frame": true, "object": true, "embed": true, "applet": true,
	"form": true, "input": true, "button": true, "base": true, "style": true, "audio": true, "video": true,
	"source": true, "track": true, "foreignObject": true, "svg": true}

// urlAttrs carry URLs that a reading system may load or follow.
var urlAttrs = map[string]bool{"href": true, "src": true, "srcset": true, "poster": true, "data": true, "action": true,
	"formaction": true, "background": true, "cite": true, "longdesc": true, "usemap": true, "manifest": true}

// inertProblems lists what in an XHTML document could run code or load
// anything from outside the EPUB. entries are the container's files, for
// local references.
func inertProblems(name string, data []byte, entries map[string][]byte) []string {
	var out []string
	errorf := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			errorf("%s: %v", name, err)
			return out
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if forbidden[e.Name.Local] || e.Name.Local == "meta" && attr(e, "charset") == "" {
			errorf("%s: <%s> element", name, e.Name.Local)
		}
		for _, a := range e.Attr {
			an := strings.ToLower(a.Name.Local)
			if strings.HasPrefix(an, "on") {
				errorf("%s: event handler %s=%q on <%s>", name, a.Name.Local, a.Value, e.Name.Local)
			}
			if an == "style" && strings.Contains(strings.ToLower(a.Value), "url(") {
				errorf("%s: style loads a resource: %q", name, a.Value)
			}
			if !urlAttrs[an] {
				continue
			}
			u, err := url.Parse(strings.TrimSpace(a.Value))
			if err != nil {
				errorf("%s: unparsable %s=%q", name, a.Name.Local, a.Value)
				continue
			}
			switch {
			case e.Name.Local == "a" && an == "href" && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "mailto"):
				// A link the reader may follow; nothing is loaded.
			case u.Scheme != "" || u.Host != "" || strings.HasPrefix(a.Value, "//"):
				errorf("%s: <%s %s=%q> points outside the book", name, e.Name.Local, a.Name.Local, a.Value)
			case u.Path != "":
				target := path.Join(path.Dir(name), u.Path)
				if _, ok := entries[target]; !ok {
					errorf("%s: <%s %s=%q> names no file of the book", name, e.Name.Local, a.Name.Local, a.Value)
				}
			}
		}
	}
}

// TestRobustNoActiveContent builds the hostile reader (raw HTML, scripts,
// event handlers, javascript:, vbscript:, data: and file: links, remote
// images, style sheets and frames, in a source, an introduction file, a
// headnote, a question and an answer) and checks every file of the EPUB:
// nothing can run, nothing is loaded from outside, and the text around
// the markup is kept.
func TestRobustNoActiveContent(t *testing.T) {
	b, err := book.Load("../../testdata/robust/hostile/reader.yaml", book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Warnings) < 20 {
		t.Errorf("only %d warnings for the dropped markup", len(b.Warnings))
	}
	var buf bytes.Buffer
	// The teacher edition has everything: answers too.
	if err := Write(&buf, b, Options{Edition: "teacher"}); err != nil {
		t.Fatal(err)
	}
	files, _ := entries(t, buf.Bytes())
	var all strings.Builder
	for name, data := range files {
		switch {
		case strings.HasSuffix(name, ".xhtml"):
			for _, p := range inertProblems(name, data, files) {
				t.Error(p)
			}
			all.Write(data)
		case strings.HasSuffix(name, ".opf"), strings.HasSuffix(name, ".ncx"):
			if bytes.Contains(data, []byte("remote-resources")) || bytes.Contains(data, []byte("scripted")) {
				t.Errorf("%s declares remote resources or scripts", name)
			}
			all.Write(data)
		case strings.HasSuffix(name, ".css"):
			css := strings.ToLower(string(data))
			if strings.Contains(css, "@import") || strings.Contains(css, "url(") {
				t.Errorf("%s loads a resource", name)
			}
		case name == "mimetype", strings.HasPrefix(name, "META-INF/"), strings.HasSuffix(name, ".png"):
		default:
			t.Errorf("unexpected file %s", name)
		}
	}
	text := all.String()
	// Raw HTML is printed as the text it is (issue 17: no word is lost),
	// escaped: none of it may reach the markup, only the character data.
	tags := strings.Join(regexp.MustCompile(`<[^>]*>`).FindAllString(text, -1), "\n")
	for _, gone := range []string{"A div with a handler", "steal()", "alert(", "evil.example", "javascript:",
		"vbscript:", "file:///", "base64,PHNj", "background:"} {
		if strings.Contains(tags, gone) {
			t.Errorf("%q reached the EPUB's markup", gone)
		}
	}
	for _, printed := range []string{"&lt;div onclick=&quot;steal()&quot;&gt;A div with a handler.&lt;/div&gt;", "&lt;script&gt;alert('block')&lt;/script&gt;"} {
		if !strings.Contains(text, printed) && !strings.Contains(text, strings.ReplaceAll(printed, "&quot;", `"`)) {
			t.Errorf("%q is not printed as text", printed)
		}
	}
	for _, kept := range []string{"Text before the script.", "Text after the script.", "a tracking pixel",
		"javascript link", "&lt;script&gt;alert(&#39;escaped&#39;)&lt;/script&gt; stays visible as text", `href="https://example.org/ok"`,
		"an event handler", "a style sheet and", "Does", "this show?"} {
		if !strings.Contains(text, kept) && !strings.Contains(text, strings.ReplaceAll(kept, "&#39;", "'")) {
			t.Errorf("%q is missing", kept)
		}
	}
}

// TestRobustInertChecker: the checker itself finds what it looks for.
func TestRobustInertChecker(t *testing.T) {
	doc := `<html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/><meta http-equiv="refresh" content="0;url=https://x.example/"/>` +
		`<link rel="stylesheet" href="css/style.css"/><link rel="stylesheet" href="https://x.example/x.css"/></head><body>` +
		`<p onclick="x()">a</p><script>x()</script><img src="images/a.png" alt=""/><img src="//x.example/p.gif" alt=""/>` +
		`<a href="javascript:x()">b</a><a href="https://example.org/">ok</a><a href="missing.xhtml#x">c</a><iframe src="data:text/html,x"/>` +
		`<p style="background:url(https://x.example/b.png)">d</p></body></html>`
	got := inertProblems("EPUB/t.xhtml", []byte(doc), map[string][]byte{"EPUB/css/style.css": nil, "EPUB/images/a.png": nil})
	want := []string{"<meta>", "x.css", "onclick", "<script>", "//x.example/p.gif", "javascript:x()", "missing.xhtml", "<iframe>", "data:text/html", "style loads"}
	if len(got) != len(want) {
		t.Errorf("found %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(got, "\n"), w) {
			t.Errorf("not found: %s", w)
		}
	}
}

// TestRobustImageBomb: book.Assemble refuses images over
// Limits.ImagePixels, but epub.Write is also called with books built in
// code; it should refuse a decompression bomb itself, as the PDF does.
func TestRobustImageBomb(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	png.Encode(&buf, goimage.NewGray(goimage.Rect(0, 0, 1, 1)))
	data := buf.Bytes()
	// Claim 100,000 × 100,000 pixels in the header (and fix its CRC).
	copy(data[16:24], []byte{0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0})
	crc := crc32.ChecksumIEEE(data[12:29])
	copy(data[29:33], []byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)})
	p := filepath.Join(dir, "bomb.png")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	it := &book.Item{ID: "doc-a", Number: 1, Title: "A", Source: &book.Source{ID: "a", Title: "A", Type: "letter", Rights: book.Rights{Status: "public-domain"}},
		Body: []markup.Block{{Kind: markup.Figure, ID: "doc-a-b1", Image: &markup.Image{Src: p, Alt: "A bomb"}}}}
	b := &book.Book{Title: "T", Language: "en", Modified: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Identifier: "urn:uuid:00000000-0000-5000-8000-000000000000",
		Parts: []*book.Part{{ID: "part1", Number: 1, Items: []*book.Item{it}}}, Items: []*book.Item{it}, Sources: []*book.Source{it.Source}}
	err := Write(io.Discard, b, Options{})
	if err == nil {
		t.Fatal("layouts/epub/images.go copies an image without checking its pixel count")
	}
	if !strings.Contains(err.Error(), "pixels") {
		t.Errorf("error does not name the pixel limit: %v", err)
	}
}
