package pdfwrite

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-fonts/liberation/liberationserifregular"

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
