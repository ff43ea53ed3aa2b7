package pdf

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/layouts"
)

// figureBook is a one-document book whose only block is a figure of the
// image at path, put there after assembly: book.Assemble would refuse a
// bad image, and the renderer must cope on its own with books built in
// code.
func figureBook(t *testing.T, path string) *book.Book {
	t.Helper()
	b := oneSource(t, "Placeholder.\n")
	b.Items[0].Body = []markup.Block{{Kind: markup.Figure, ID: "doc-s-b1", Line: 9, Image: &markup.Image{Src: path, Alt: "A picture"}}}
	return b
}

func pngFile(t *testing.T, w, h int, mutate func([]byte) []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	data := mutate(buf.Bytes())
	p := filepath.Join(t.TempDir(), "pic.png")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRobustImages: a decompression bomb, a truncated image and a file
// that is no image are set as their description in brackets, with a
// warning naming the image and the problem; nothing panics and the PDF
// is written.
func TestRobustImages(t *testing.T) {
	bomb := func(d []byte) []byte {
		copy(d[16:24], []byte{0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0}) // 100,000 × 100,000
		crc := crc32.ChecksumIEEE(d[12:29])
		copy(d[29:33], []byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)})
		return d
	}
	cases := []struct {
		name string
		path string
		want string
	}{
		{"bomb", pngFile(t, 1, 1, bomb), "the image is 100000×100000 pixels, more than the limit of 50000000 pixels (Limits.ImagePixels); scale it down"},
		{"truncated", pngFile(t, 300, 200, func(d []byte) []byte { return d[:len(d)/2] }), "the image is damaged or truncated"},
		{"not an image", pngFile(t, 1, 1, func([]byte) []byte { return []byte("text") }), "the image is not a readable PNG, JPEG or GIF"},
	}
	p, _ := layouts.Get("reader", "letter")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := figureBook(t, c.path)
			var warnings []*book.Warning
			doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w) }, keepLayout: true})
			if err != nil {
				t.Fatal(err)
			}
			// The warning names the image (today as its file; once fixed,
			// on the source's line) and the problem.
			if len(warnings) != 1 || !strings.Contains(warnings[0].Error(), c.path) || !strings.Contains(warnings[0].Msg, c.want) {
				t.Fatalf("warnings %v, want one for %s: %s", warnings, c.path, c.want)
			}
			if err := doc.Write(io.Discard); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestRobustWideTable: a table under book's column cap but wider than the
// page can hold should be reported, naming the source line; today its
// cells are drawn over each other without a word.
func TestRobustWideTable(t *testing.T) {
	var s strings.Builder
	s.WriteString("|")
	for c := 1; c <= 45; c++ {
		fmt.Fprintf(&s, " Column %d |", c)
	}
	s.WriteString("\n|" + strings.Repeat("---|", 45) + "\n|" + strings.Repeat(" 1989 |", 45) + "\n")
	b := oneSource(t, s.String())
	p, _ := layouts.Get("reader", "letter")
	var warnings []*book.Warning
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w) }, keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Write(io.Discard); err != nil {
		t.Fatal(err)
	}
	if len(warnings) == 0 {
		t.Fatal("layouts/pdf/table.go does not warn when a table's columns cannot fit the measure")
	}
	if w := warnings[0]; w.File != "s.md" || w.Line != 8 {
		t.Errorf("warning %v, want it on s.md:8", w)
	}
}

// TestRobustImageLimitFromBook: the PDF should use the pixel cap the book
// was assembled under (book.Limits.ImagePixels), not only its own
// constant, so that raising or lowering the limit means the same in both.
func TestRobustImageLimitFromBook(t *testing.T) {
	b := figureBook(t, pngFile(t, 40, 30, func(d []byte) []byte { return d }))
	b.Limits.ImagePixels = 1000
	p, _ := layouts.Get("reader", "letter")
	var warnings []*book.Warning
	if _, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w) }}); err != nil {
		t.Fatal(err)
	}
	if len(warnings) == 0 {
		t.Fatal("layouts/pdf/images.go caps pixels at MaxImagePixels whatever book.Limits says")
	}
	if !strings.Contains(warnings[0].Msg, "40×30 pixels, more than the limit of 1000 pixels") {
		t.Errorf("warning %v", warnings[0])
	}
}
