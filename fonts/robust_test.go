package fonts

import (
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationserifregular"
)

// Sourcebook only uses the faces embedded in this package: a manifest
// cannot name a font file. Still, a Face made from data that is not a
// TrueType font must say so through Err, and its other methods must
// answer "no glyph" rather than panic.
func TestRobustNotTrueType(t *testing.T) {
	ttf := liberationserifregular.TTF
	for name, data := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("this is not a font"),
		"PNG":       []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"WOFF":      append([]byte("wOFF"), make([]byte, 60)...),
		"Type 1":    []byte("%!PS-AdobeFont-1.0: Times-Roman 001.007\n"),
		"truncated": ttf[:len(ttf)/50],
		"no tables": ttf[:12],
	} {
		t.Run(name, func(t *testing.T) {
			f := &Face{Name: "Broken-" + name, Data: data}
			err := f.Err()
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "font Broken-"+name+": ") {
				t.Errorf("error %q does not name the face", err)
			}
			if f.Has('a') || f.Advance('a') != 0 {
				t.Errorf("a broken face claims a glyph")
			}
		})
	}
}

// TestRobustBrokenFaceWidth: Width, like Has and Advance, must measure a
// face that failed to load as empty.
func TestRobustBrokenFaceWidth(t *testing.T) {
	f := &Face{Name: "Broken", Data: []byte("not a font")}
	if f.Err() == nil {
		t.Fatal("no error")
	}
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Face.Width panics on a face that failed to load: %v", r)
		}
	}()
	if w := f.Width("abc", 10); w != 0 {
		t.Errorf("width %v", w)
	}
}
