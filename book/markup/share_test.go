package markup

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// within reports whether s lies inside src's bytes.
func within(s, src string) bool {
	if s == "" {
		return true
	}
	p, b := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(src)))
	return p >= b && p+uintptr(len(s)) <= b+uintptr(len(src))
}

// ParseString gives the model Parse gives; a paragraph of one line of
// plain text is a piece of the source, not a copy (the book holds a
// source's text once); and blocks and runs are in arrays of their length.
func TestParseStringSharesTheSource(t *testing.T) {
	paths, _ := filepath.Glob("../../../shared/corpus/speeches/*.txt")
	if len(paths) == 0 {
		t.Skip("no speeches in ../shared/corpus/speeches")
	}
	texts := []string{
		"A *short* line.\n\nTwo\nlines, one paragraph.\n\nAn escape \\* and &amp; an entity.\n\n\tcode with a tab\n\n> quoted\n",
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	shared, copied := 0, 0
	for i, src := range texts {
		a, b := Parse([]byte(src), Options{}), ParseString(src, Options{})
		if !reflect.DeepEqual(a.Blocks, b.Blocks) || !reflect.DeepEqual(a.Warnings, b.Warnings) {
			t.Errorf("text %d: ParseString's model differs from Parse's", i)
		}
		// The book keeps every array for the whole build: little spare.
		if spare := cap(b.Blocks) - len(b.Blocks); spare > len(b.Blocks)/8 {
			t.Errorf("text %d: %d blocks in an array of %d", i, len(b.Blocks), cap(b.Blocks))
		}
		for _, bl := range b.Blocks {
			if spare := cap(bl.Inlines) - len(bl.Inlines); spare > len(bl.Inlines)/8 {
				t.Errorf("text %d: %d runs in an array of %d", i, len(bl.Inlines), cap(bl.Inlines))
			}
			if bl.Kind != Paragraph || len(bl.Inlines) != 1 {
				continue
			}
			txt := bl.Inlines[0].Text
			// Escapes, entities and soft line breaks make the text differ
			// from the source; the parser splits text at the characters
			// of inline Markdown, and the pieces are joined in a copy.
			if strings.ContainsAny(txt, "\\&*_[]!<`~") || !strings.Contains(src, txt) {
				continue
			}
			if within(txt, src) {
				shared++
			} else {
				copied++
				t.Errorf("text %d: %q is a copy of the source's text", i, txt)
			}
		}
	}
	if shared == 0 || copied > 0 {
		t.Errorf("%d paragraphs share the source, %d are copies", shared, copied)
	}
}
