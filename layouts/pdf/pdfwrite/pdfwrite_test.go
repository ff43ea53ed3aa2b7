package pdfwrite

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-fonts/liberation/liberationserifregular"

	"sourcebook/internal/pdfua"
	"sourcebook/layouts/internal/testtool"
)

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"Plain (text)": `(Plain \(text\))`,
		"Señor":        "<FEFF0053006500F1006F0072>",
		"🕊":            "<FEFFD83DDD4A>",
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestDocument writes a two-page file with a subset font, a link, an
// outline and metadata, and has qpdf check it and read it back.
func TestDocument(t *testing.T) {
	d := NewDocument()
	d.Info = Info{Title: "Doves 🕊", Author: "A, B", Date: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Lang: "en", Producer: "test"}
	f, err := d.AddFont(liberationserifregular.TTF, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Glyph ids of "Hi" in Liberation Serif, and a glyph drawn as an
	// alias standing for "fi" (as the fi ligature is).
	f.Use(43, "H")
	f.Use(76, "i")
	lig := f.Alias(1097, "fi")
	if int(lig) < f.NumGlyphs {
		t.Fatalf("alias code %d is not above the glyph count %d", lig, f.NumGlyphs)
	}
	content := func(w io.Writer) {
		io.WriteString(w, "BT /"+f.Name+" 12 Tf 72 720 Td <002B004C> Tj <"+strings.ToUpper(hex4(lig))+"> Tj ET\n")
	}
	d.Pages = []*Page{{Width: 612, Height: 792, Content: content, Links: []Link{{X: 72, Y: 700, W: 50, H: 12, Page: 1, DestY: 792}}},
		{Width: 612, Height: 792, Content: func(w io.Writer) {}}}
	d.Outline = []Bookmark{{Title: "One 🕊", Level: 0, Page: 0, Y: 792}, {Title: "Two", Level: 1, Page: 1, Y: 792}}
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(testtool.Need(t, "qpdf"), "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command(testtool.Need(t, "pdftotext"), path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "Hifi") {
		t.Errorf("text %q, want Hifi (the ligature mapped back to its letters)", out)
	}
	js, err := exec.Command(testtool.Need(t, "qpdf"), "--json", "--json-key=outlines", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), "One 🕊") || !strings.Contains(string(js), "Two") {
		t.Errorf("outline: %s", js)
	}
	info, err := exec.Command(testtool.Need(t, "pdfinfo"), path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "Doves 🕊") || !strings.Contains(string(info), "Pages:           2") {
		t.Errorf("pdfinfo: %s", info)
	}
	if !bytes.Contains(buf.Bytes(), []byte("<x:xmpmeta")) {
		t.Error("no XMP metadata")
	}
}

func hex4(c uint16) string {
	const h = "0123456789abcdef"
	return string([]byte{h[c>>12], h[c>>8&15], h[c>>4&15], h[c&15]})
}

// TestStreamedStructure: pages added one by one and structure elements
// written as soon as they are finished (a paragraph carried over a page
// break, a link on the second page) make a tagged file that passes the
// PDF/UA checker, reads in tree order, and keeps nothing of an element
// once written but its number.
func TestStreamedStructure(t *testing.T) {
	testtool.Need(t, "qpdf")
	d := NewDocument()
	d.Info = Info{Title: "Streamed", Lang: "en"}
	root := &StructElem{Type: "Document"}
	d.Struct = root
	sect := &StructElem{Type: "Sect", Parent: root}
	h := &StructElem{Type: "H1", Parent: sect, Kids: []StructKid{{Page: 0, MCID: 0}}}
	p := &StructElem{Type: "P", Parent: sect, Kids: []StructKid{{Page: 0, MCID: 1}}}
	root.Kids = []StructKid{{Elem: sect}}
	sect.Kids = []StructKid{{Elem: h}, {Elem: p}}
	line := func(tag string, mcid int) string {
		return "/" + tag + " <</MCID " + string(rune('0'+mcid)) + ">> BDC 0 0 m 10 10 l S EMC\n"
	}
	var buf bytes.Buffer
	d.Begin(&buf, 2)
	if err := d.AddPage(&Page{Width: 200, Height: 200, Content: func(w io.Writer) { io.WriteString(w, line("H1", 0)+line("P", 1)) },
		MCParents: []*StructElem{h, p}}); err != nil {
		t.Fatal(err)
	}
	d.WriteElem(h)
	if h.Kids != nil || h.Type != "" {
		t.Errorf("a written element keeps %+v", h)
	}
	// The paragraph goes on, with a link, on the next page.
	link := &StructElem{Type: "Link", Parent: p, Kids: []StructKid{{Page: 1, Annot: 1}}}
	p.Kids = append(p.Kids, StructKid{Page: 1, MCID: 0}, StructKid{Elem: link})
	if err := d.AddPage(&Page{Width: 200, Height: 200, Content: func(w io.Writer) { io.WriteString(w, line("P", 0)) },
		MCParents: []*StructElem{p}, Links: []Link{{X: 10, Y: 10, W: 10, H: 10, URI: "https://example.org/", Contents: "example.org", Parent: link}}}); err != nil {
		t.Fatal(err)
	}
	d.WriteElem(link)
	d.WriteElem(p)
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	r, err := pdfua.Check(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Failures {
		t.Error(f)
	}
	var order []string
	for _, it := range r.Order {
		pg := slices.Index(r.Pages, it.Page)
		order = append(order, fmt.Sprintf("%s p%d m%d", it.Path, pg, it.MCID))
	}
	want := []string{"Document/Sect/H1 p0 m0", "Document/Sect/P p0 m1", "Document/Sect/P p1 m0"}
	if !slices.Equal(order, want) {
		t.Errorf("read in order %q, want %q", order, want)
	}
	if r.Types["Link"] != 1 {
		t.Errorf("%d Link elements, want 1", r.Types["Link"])
	}
}
