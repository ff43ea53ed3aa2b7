package publish

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"gopkg.in/yaml.v3"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sourcebook/book"
	"sourcebook/internal/fuzzcheck"
	"sourcebook/layouts"
	"sourcebook/layouts/epub"
	"sourcebook/layouts/pdf"
)

// FuzzManifestToOutput drives the whole path from a manifest with its
// apparatus (annotations whose notes hold images, a glossary, excerpts,
// questions) to both editions: any values give either errors that each
// name a file, or a book that reads no file outside the reader's folder
// and library and whose EPUB is well-formed and inert and whose PDF is
// written; never a panic or a hang.
func FuzzManifestToOutput(f *testing.F) {
	f.Add("Intro with ![A map](map.png)", "Text", "A note ![map](map.png)", "text", "A word.", "1-2", "Why?", "Text of the letter.\n\nA second paragraph with a [link](https://x.org).\n")
	f.Add("![x](../secret.png)", "second", "![x](/etc/passwd)\n\n<script>x</script>", "https", "![y](secret.svg)", "2", "[a](", "See <https://example.org/text>.\n\nSecond text[^1].\n\n[^1]: A note.\n")
	f.Add("", "x", "", "", "", "", "", "\x7f\u0085\ufffe 😀 \u202e text\n")
	root := f.TempDir()
	outside := filepath.Join(root, "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "secret.png"), tinyPNG(f), 0o644)
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, intro, anchor, note, term, def, excerpt, question, body string) {
		fuzzcheck.Count("FuzzManifestToOutput")
		if len(intro)+len(note)+len(def)+len(question)+len(body) > 20000 {
			return
		}
		defer fuzzcheck.WatchdogAfter(20*time.Second, fmt.Sprintf("%q %q %q %q %q %q %q %q", intro, anchor, note, term, def, excerpt, question, body))()
		dir := filepath.Join(root, fmt.Sprint("r", n.Add(1)))
		defer os.RemoveAll(dir)
		os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
		os.WriteFile(filepath.Join(dir, "map.png"), tinyPNG(t), 0o644)
		os.WriteFile(filepath.Join(dir, "secret.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>`), 0o644)
		os.WriteFile(filepath.Join(dir, "sources", "s.md"), []byte("---\nid: s\ntitle: S\ndate: 1989-09-02\ntype: letter\nrights: {status: public-domain}\n---\n"+body), 0o644)
		item := map[string]any{"id": "s", "annotations": []map[string]any{{"anchor": anchor, "note": note}},
			"vocabulary": []map[string]any{{"term": term, "definition": def}}, "questions": []any{question}}
		if excerpt != "" {
			item["excerpt"] = excerpt
		}
		m := map[string]any{"title": "T", "date": "2026-01-01", "introduction": intro,
			"glossary": []map[string]any{{"term": term, "definition": def}}, "items": []any{item}}
		data, err := yaml.Marshal(m)
		if err != nil {
			return
		}
		manifest := filepath.Join(dir, "reader.yaml")
		os.WriteFile(manifest, data, 0o644)
		b, err := book.Load(manifest, book.Options{})
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, dir) {
					t.Fatalf("an error names no file of the reader: %q", line)
				}
			}
			return
		}
		for _, in := range b.Files {
			if !strings.HasPrefix(in.Path, dir+string(filepath.Separator)) {
				t.Fatalf("read %s, outside the reader", in.Path)
			}
		}
		for _, w := range b.Warnings {
			if w.File == "" {
				t.Fatalf("a warning names no file: %v", w)
			}
		}
		preset, _ := layouts.Get("reader", "letter")
		doc, err := pdf.Layout(b, preset, pdf.Options{Warn: func(w *book.Warning) {
			if w.File == "" {
				t.Errorf("a print warning names no file: %v", w)
			}
		}})
		if err != nil {
			t.Fatalf("print layout: %v", err)
		}
		if err := doc.Write(io.Discard); err != nil {
			t.Fatalf("PDF: %v", err)
		}
		var buf bytes.Buffer
		if err := epub.Write(&buf, b, epub.Options{Pages: doc.PageMap()}); err != nil {
			t.Fatalf("EPUB: %v", err)
		}
		if why := activeContent(buf.Bytes()); why != "" {
			t.Fatalf("EPUB: %s", why)
		}
	})
}

// activeContent parses every XHTML and SVG file of an EPUB and says what
// could run or load anything, or returns "".
func activeContent(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err.Error()
	}
	for _, zf := range zr.File {
		if !strings.HasSuffix(zf.Name, ".xhtml") && !strings.HasSuffix(zf.Name, ".svg") {
			continue
		}
		rc, _ := zf.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		d := xml.NewDecoder(bytes.NewReader(body))
		d.Entity = xml.HTMLEntity
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Sprintf("%s is not well-formed: %v", zf.Name, err)
			}
			el, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			switch strings.ToLower(el.Name.Local) {
			case "script", "iframe", "object", "embed", "foreignobject", "form":
				return fmt.Sprintf("%s has <%s>", zf.Name, el.Name.Local)
			}
			for _, a := range el.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") && a.Name.Space != "xmlns" {
					return fmt.Sprintf("%s has an event handler %s", zf.Name, a.Name.Local)
				}
				if (a.Name.Local == "href" || a.Name.Local == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:text") || strings.HasPrefix(v, "file:")) {
					return fmt.Sprintf("%s links to %s", zf.Name, a.Value)
				}
				if a.Name.Local == "attributeName" {
					return fmt.Sprintf("%s animates %s", zf.Name, a.Value)
				}
			}
		}
	}
	return ""
}

func tinyPNG(tb testing.TB) []byte {
	const b64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
	data, err := decodeB64(b64)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
