package epub

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/layouts/internal/testtool"
	"sourcebook/layouts/xhtml"
)

// elements parses XHTML and returns its start elements with the text
// directly inside each (for <bdi>).
func elements(t *testing.T, data []byte) (els []xml.StartElement, texts map[int]string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	texts = map[int]string{}
	var stack []int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return els, texts
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			els = append(els, v.Copy())
			stack = append(stack, len(els)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				texts[stack[len(stack)-1]] += string(v)
			}
		}
	}
}

// TestDirections checks the markup of right-to-left text: the source
// text of an Arabic document inside an English reader carries lang and
// dir, Hebrew words quoted in English are isolated in <bdi>, and a reader
// in Persian reads right to left, page progression included.
func TestDirections(t *testing.T) {
	b, err := book.Load("../../testdata/readers/udhr/reader.yaml", book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path, data := write(t, b, Options{}, "udhr.epub")
	testtool.EPUBCheck(t, path)
	files, _ := entries(t, data)
	found := false
	for name, f := range files {
		if !strings.Contains(name, "article-1-ar") {
			continue
		}
		els, _ := elements(t, f)
		for _, e := range els {
			if attr(e, "class") == "source-text" {
				found = true
				if attr(e, "lang") != "ar" || attr(e, "dir") != "rtl" {
					t.Errorf("%s: source text has lang %q dir %q, want ar and rtl", name, attr(e, "lang"), attr(e, "dir"))
				}
			}
		}
	}
	if !found {
		t.Fatal("no Arabic source text found")
	}

	// An English sentence quoting Hebrew.
	w := xhtml.New(&xhtml.Shared{Loc: book.English, Targets: map[string]xhtml.Target{}}, "t.xhtml")
	w.Inlines([]markup.Inline{{Text: "He wrote כל בני אדם, then left."}}, nil)
	els, texts := elements(t, []byte("<p>"+w.Buf.String()+"</p>"))
	var bdi []string
	for i, e := range els {
		if e.Name.Local == "bdi" {
			bdi = append(bdi, texts[i])
		}
	}
	if len(bdi) != 1 || bdi[0] != "כל בני אדם," {
		t.Errorf("Hebrew words isolated as %q, want one <bdi> around them", bdi)
	}

	b.Language = "fa"
	_, data = write(t, b, Options{}, "fa.epub")
	files, _ = entries(t, data)
	for name, f := range files {
		switch {
		case strings.HasSuffix(name, ".opf"):
			els, _ := elements(t, f)
			for _, e := range els {
				if e.Name.Local == "spine" && attr(e, "page-progression-direction") != "rtl" {
					t.Errorf("spine: page-progression-direction %q, want rtl", attr(e, "page-progression-direction"))
				}
			}
		case strings.HasSuffix(name, ".xhtml"):
			els, _ := elements(t, f)
			if len(els) > 0 && attr(els[0], "dir") != "rtl" {
				t.Errorf("%s: <html dir=%q>, want rtl", name, attr(els[0], "dir"))
			}
		}
	}
}
