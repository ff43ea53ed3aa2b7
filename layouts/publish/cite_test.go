package publish

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/book"
)

// The EPUB's list of sources takes its heading from citation_style and
// sets a collection's title in italics, inside the entry.
func TestEPUBBibliographyStyled(t *testing.T) {
	// The letter's source file, with the book's title marked for italics
	// as docs/readers.md says.
	src, err := os.ReadFile("../../sources/masoud-vorontsov-1989.md")
	if err != nil {
		t.Fatal(err)
	}
	marked := strings.Replace(string(src), "Lyakhovskiy, Plamya Afgana (Flame of the Afghanistan Veteran) (Moscow", "Lyakhovskiy, *Plamya Afgana (Flame of the Afghanistan Veteran)* (Moscow", 2)
	dir := t.TempDir()
	lib := filepath.Join(dir, "sources")
	os.MkdirAll(lib, 0o755)
	os.WriteFile(filepath.Join(lib, "masoud.md"), []byte(marked), 0o644)
	m := "title: R\ndate: 2026-01-01\nname: r\ncitation_style: mla\nsources: [sources]\nitems: [masoud-vorontsov-1989]\n"
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(m), 0o644)
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Build(b, Options{OutDir: out, Formats: []Format{"epub"}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "r.epub"))
	if err != nil {
		t.Fatal(err)
	}
	doc := epubFiles(t, data)["bibliography"]
	dec := xml.NewDecoder(strings.NewReader(string(doc)))
	var stack []string
	var h1, italic, entry strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case xml.StartElement:
			stack = append(stack, v.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			path := strings.Join(stack, "/")
			switch {
			case strings.HasSuffix(path, "/h1"):
				h1.Write(v)
			case strings.HasSuffix(path, "/li/i"):
				italic.Write(v)
				entry.Write(v)
			case strings.HasSuffix(path, "/li"):
				entry.Write(v)
			}
		}
	}
	if h1.String() != "Works Cited" {
		t.Errorf("heading %q, want Works Cited", h1.String())
	}
	if italic.String() != "Plamya Afgana (Flame of the Afghanistan Veteran)" {
		t.Errorf("italic %q, want the book's title", italic.String())
	}
	if !strings.HasPrefix(entry.String(), "Masoud, Ahmad Shah. Letter to Yuli Vorontsov. 2 Sept. 1989.") || strings.Contains(entry.String(), "*") {
		t.Errorf("entry %q", entry.String())
	}
}
