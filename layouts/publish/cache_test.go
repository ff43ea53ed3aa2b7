package publish

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"sourcebook/book"
	"sourcebook/book/gen"
)

// TestCachedRebuildIdentical edits sources between builds that share a
// Cache (as --watch does) and checks that every rebuild gives the same
// bytes as a build from scratch: after a one-word edit, after an edit
// that adds pages (every later page moves), and after an edit to the
// manifest, an editor's file (the introduction) and an image, whose
// dimensions change. Every edition is compared, the web edition's files
// one by one.
func TestCachedRebuildIdentical(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	path, err := gen.Reader{Documents: 12, Seed: 3}.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob(filepath.Join(dir, "sources", "*.md"))
	if len(srcs) < 3 {
		t.Fatalf("%d sources", len(srcs))
	}
	// An editor's file and an image, as a teacher would add them.
	intro := filepath.Join(dir, "intro.md")
	img := filepath.Join(dir, "sources", "map.png")
	if err := os.WriteFile(intro, []byte("An introduction kept in its own file.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	writePNG(t, img, 40, 20)
	manifest, _ := os.ReadFile(path)
	m2 := regexp.MustCompile(`(?m)^introduction: \|\n  .*\n`).ReplaceAll(manifest, []byte("introduction: {file: intro.md}\n"))
	if bytes.Equal(m2, manifest) {
		t.Fatal("the generated manifest has no introduction to replace")
	}
	os.WriteFile(path, m2, 0o644)
	body, _ := os.ReadFile(srcs[2])
	os.WriteFile(srcs[2], append(body, []byte("\n\n![A map of the region](map.png)\n")...), 0o644)
	edit := func(file, old, new string) {
		t.Helper()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		k := bytes.LastIndex(data, []byte(old))
		if k < 0 {
			t.Fatalf("%s has no %q", file, old)
		}
		data = append(data[:k:k], append([]byte(new), data[k+len(old):]...)...)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := NewCache()
	build := func(c *Cache) map[string][]byte {
		t.Helper()
		b := loadWith(t, path, c)
		out := t.TempDir()
		res, err := Build(b, Options{OutDir: out, Cache: c, Edition: "teacher"})
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range res.Files {
			rel, _ := filepath.Rel(out, f)
			files[rel], _ = os.ReadFile(f)
		}
		images := 0
		for name := range files {
			if strings.Contains(filepath.ToSlash(name), "-web/images/") {
				images++
			}
		}
		if images < 2 {
			t.Fatalf("the web edition has %d images; want the cover and the map", images)
		}
		return files
	}
	compare := func(step string) {
		t.Helper()
		cached, fresh := build(cache), build(nil)
		if len(cached) != len(fresh) {
			t.Errorf("%s: %d files rebuilt, %d built from scratch", step, len(cached), len(fresh))
		}
		for name, data := range fresh {
			if !bytes.Equal(data, cached[name]) {
				t.Errorf("%s: the rebuilt %s differs from a build from scratch", step, name)
			}
		}
	}
	compare("first build")
	edit(srcs[1], " the ", " a ")
	cache.Book.Forget(srcs[1])
	compare("one-word edit")
	// A source's title and date: what the back matter (kept after a
	// one-word edit) lists of it.
	edit(srcs[1], "\ntitle: ", "\ntitle: Revised ")
	edit(srcs[1], "\ndate: 1", "\ndate: 0")
	cache.Book.Forget(srcs[1])
	compare("a source's title and date")
	long := "\n\n" + strings.Repeat("An added paragraph of some length to push the pages on. ", 60) + "\n"
	edit(srcs[0], "\n", "\n"+long)
	cache.Book.Forget(srcs[0])
	compare("added paragraphs")
	edit(path, "title: ", "title: Revised ")
	// Without Forget: the watcher only forgets sources; a manifest is
	// compared by its bytes. Let the modification time move on too.
	now := time.Now().Add(time.Second)
	os.Chtimes(srcs[2], now, now)
	compare("manifest edit")
	edit(intro, "own file", "own file, revised")
	cache.Book.Forget(intro)
	compare("editor's file edit")
	// The same image, twice as tall: a cached build must not draw it in
	// the old box.
	writePNG(t, img, 40, 40)
	cache.Book.Forget(img)
	compare("image dimensions")
	// A font named under fonts: for the Chinese in a source, then another
	// face saved under the same name: the rebuild must use the new one.
	faces := cjkFaces()
	if len(faces) < 2 {
		t.Logf("fonts: step skipped: two CJK fonts are needed, found %v (apt-get install fonts-noto-cjk)", faces)
		return
	}
	font := filepath.Join(dir, "fonts", "cjk.ttc")
	os.MkdirAll(filepath.Dir(font), 0o755)
	copyFile(t, faces[0], font)
	m3, _ := os.ReadFile(path)
	os.WriteFile(path, append([]byte("fonts: [fonts/cjk.ttc]\n"), m3...), 0o644)
	edit(srcs[1], "\n", "\n\n人人生而自由，在尊严和权利上一律平等。\n")
	cache.Book.Forget(srcs[1])
	compare("fonts: added")
	if b, err := book.Load(path, book.Options{}); err != nil {
		t.Fatal(err)
	} else if !slices.Contains(b.Inputs, font) {
		t.Errorf("the fonts: file %s is not among the inputs %v", font, b.Inputs)
	}
	before := build(cache)
	copyFile(t, faces[1], font)
	cache.Book.Forget(font)
	compare("fonts: file replaced")
	after := build(cache)
	for name, data := range after {
		if strings.HasSuffix(name, ".pdf") && bytes.Equal(before[name], data) {
			t.Errorf("%s did not change when its CJK font was replaced", name)
		}
	}
}

// cjkFaces lists installed fonts with Chinese glyphs, smallest first: a
// test copies two of them (4 to 26 MB each).
func cjkFaces() []string {
	var out []string
	for _, p := range []string{"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"} {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.NRGBA{uint8(x * 6), uint8(y * 6), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadWith loads the reader, with the book cache of c when c is not nil.
func loadWith(t *testing.T, path string, c *Cache) *book.Book {
	t.Helper()
	var bc *book.Cache
	if c != nil {
		bc = c.Book
	}
	b, err := book.Load(path, book.Options{Cache: bc})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
