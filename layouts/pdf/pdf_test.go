package pdf

import (
	"bytes"
	"os"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts"
)

func loadExample(t testing.TB) *book.Book {
	t.Helper()
	b, err := book.Load("../../examples/masoud-letter/reader.yaml", book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func buildPDF(t testing.TB, b *book.Book, preset string) (*Document, []byte) {
	t.Helper()
	p, err := layouts.Get(preset, "letter")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { t.Log(w) }})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return doc, buf.Bytes()
}

func TestExampleWrites(t *testing.T) {
	b := loadExample(t)
	_, data := buildPDF(t, b, "reader")
	if out := os.Getenv("SOURCEBOOK_PDF_OUT"); out != "" {
		os.WriteFile(out, data, 0o644)
	}
}
