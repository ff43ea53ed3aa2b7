package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"sourcebook/book"
)

// FuzzMarkdownToXHTML: any source text gives an EPUB whose every XHTML
// file is well-formed XML, or an error; never a panic.
func FuzzMarkdownToXHTML(f *testing.F) {
	f.Add("# Head\n\n> quote\n\n- a\n  - b\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\nTerm\n: def\n\nNote[^1] <b onclick=x>raw</b> [l](javascript:x)\n\n[^1]: The note.\n")
	f.Add("emoji 🙂 \u200b\u202e & < > \" ' \x01 \ufffe")
	f.Add("```\n<script>alert(1)</script>\n```\n")
	f.Fuzz(func(t *testing.T, body string) {
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
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed: %v", zf.Name, err)
				}
			}
			if bytes.Contains(bytes.ToLower(data), []byte("<script")) || bytes.Contains(bytes.ToLower(data), []byte("javascript:")) {
				t.Fatalf("%s carries script", zf.Name)
			}
		}
	})
}
