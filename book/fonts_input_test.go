package book

import (
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sourcebook/book/input"
)

// TestFontsAreInputs: a font named under fonts: is an input like an
// image: --watch watches it (Inputs), its digest is recorded (Files) and
// keys the caches (Digest), so replacing it changes the key. A pipe in
// its place is refused, not waited on.
func TestFontsAreInputs(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	os.MkdirAll(filepath.Join(dir, "fonts"), 0o755)
	os.WriteFile(filepath.Join(dir, "sources", "letter.md"), []byte(front+"Text.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte("title: T\ndate: 2026-01-01\nitems: [test-letter]\nfonts: [fonts/cjk.ttf]\n"), 0o644)
	font := filepath.Join(dir, "fonts", "cjk.ttf")
	load := func(data string) *Book {
		t.Helper()
		if err := os.WriteFile(font, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := loadIn(t, dir, Options{})
		if err != "" {
			t.Fatal(err)
		}
		return b
	}
	b1 := load("one face")
	if !slices.Contains(b1.Inputs, font) {
		t.Errorf("%s is not among the inputs %v", font, b1.Inputs)
	}
	i := slices.IndexFunc(b1.Files, func(f input.Input) bool { return f.Path == font })
	if i < 0 || b1.Files[i].Digest != sha256.Sum256([]byte("one face")) {
		t.Errorf("the font's digest is not recorded: %v", b1.Files)
	}
	if b2 := load("another face"); b2.Digest == b1.Digest {
		t.Error("replacing the font file leaves the book's digest (the caches' key) unchanged")
	}
	os.Remove(font)
	if err := exec.Command("mkfifo", font).Run(); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if _, err := loadIn(t, dir, Options{}); !strings.Contains(err, "DIR/fonts/cjk.ttf: cannot read the font file: it is not a regular file") {
		t.Errorf("a pipe as fonts: gives %q", err)
	}
}
