package fonts

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func resetSystemFonts(dirs ...string) {
	SystemDirs = func() []string { return dirs }
	sysOnce = sync.Once{}
	sysFonts = nil
	sysFaces = map[string]*Face{}
	sysByRun = map[[2]rune]*Face{}
}

// TestSystemFace finds a character in an installed font, prefers the bold
// file for bold text, and skips italics and files that are not fonts.
func TestSystemFace(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"NotoSerifHebrew-Regular.ttf": hebrewRegular,
		"NotoSerifHebrew-Bold.ttf":    hebrewBold,
		"NotoSerifHebrew-Italic.ttf":  hebrewRegular,
		"Broken-Regular.ttf":          []byte("not a font"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	resetSystemFonts(dir)
	defer resetSystemFonts(systemDirs()...)

	alef := rune(0x05D0)
	reg := SystemFace(alef, false)
	if reg == nil || reg.Bold || !reg.HasGlyph(alef) {
		t.Fatalf("regular face for U+05D0: %+v", reg)
	}
	if b := SystemFace(alef, true); b == nil || !b.Bold {
		t.Fatalf("bold face for U+05D0: %+v", b)
	}
	if f := SystemFace(0x0D06, false); f != nil {
		t.Fatalf("U+0D06 (Malayalam) found in %s, which has no Malayalam", f.Name)
	}
	for _, f := range sysFonts {
		if filepath.Base(f.path) == "NotoSerifHebrew-Italic.ttf" || filepath.Base(f.path) == "Broken-Regular.ttf" {
			t.Errorf("%s indexed", f.path)
		}
	}
}
