package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/internal/fuzzcheck"
)

// FuzzMarkdownToXHTML: any source text gives an EPUB whose every XHTML
// file is well-formed XML, or an error; never a panic.
func FuzzMarkdownToXHTML(f *testing.F) {
	// The cover does not depend on the text; a tiny fixed one keeps the
	// fuzzer on the text's path.
	saved := coverImage
	coverImage = func(*book.Book, bool) ([]byte, error) { return tinyPNG, nil }
	f.Cleanup(func() { coverImage = saved })
	f.Add("# Head\n\n> quote\n\n- a\n  - b\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\nTerm\n: def\n\nNote[^1] <b onclick=x>raw</b> [l](javascript:x)\n\n[^1]: The note.\n")
	f.Add("emoji 🙂 \u200b\u202e & < > \" ' \x01 \ufffe")
	f.Add("```\n<script>alert(1)</script>\n```\n")
	f.Fuzz(func(t *testing.T, body string) {
		fuzzcheck.Count("FuzzMarkdownToXHTML")
		if len(body) > 20000 {
			return
		}
		src := &book.Source{ID: "s", Title: "T", Type: "other", Body: body, File: "s.md", BodyLine: 8,
			Rights: book.Rights{Status: "public-domain"}}
		src.Date, _ = book.ParseDate("2000")
		m, err := book.ParseManifest("r.yaml", []byte("title: T\nitems: [s]\ndate: 2026-01-01\n"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := book.Assemble(m, &book.Library{Sources: map[string]*book.Source{"s": src}, Order: []string{"s"}}, book.Options{})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, b, Options{}); err != nil {
			return
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !strings.HasSuffix(zf.Name, ".xhtml") {
				continue
			}
			rc, _ := zf.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			// Well-formed, and nothing active: no script elements, no event
			// handlers, no javascript: URLs (text that merely mentions one
			// is harmless, escaped character data).
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed: %v", zf.Name, err)
				}
				el, ok := tok.(xml.StartElement)
				if !ok {
					continue
				}
				if strings.EqualFold(el.Name.Local, "script") {
					t.Fatalf("%s has a script element", zf.Name)
				}
				for _, a := range el.Attr {
					v := strings.ToLower(strings.TrimSpace(a.Value))
					if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
						t.Fatalf("%s has an event handler %s", zf.Name, a.Name.Local)
					}
					if (a.Name.Local == "href" || a.Name.Local == "src") && strings.HasPrefix(v, "javascript:") {
						t.Fatalf("%s links to %q", zf.Name, a.Value)
					}
				}
			}
		}
	})
}

// tinyPNG is a 1×1 grey PNG.
var tinyPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
	0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00,
	0x82, 0x00, 0x81, 0x4c, 0x17, 0xd7, 0xdf, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
	0x42, 0x60, 0x82}
