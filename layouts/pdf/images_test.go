package pdf

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts"
	"sourcebook/layouts/internal/testtool"
)

const imageReader = "../../testdata/readers/images/reader.yaml"

// TestImageVariants: every kind of PNG (8- and 16-bit, with and without
// alpha, grey, grey with alpha, palette, palette with a transparent
// colour, interlaced) and JPEG (baseline, progressive, CMYK) prints: the
// page is rendered with pdftoppm and, inside each image's box, the
// pixels are not blank and their mean colour is the image's own,
// composited on white. An interlaced PNG used to fail the whole build
// ("interlacing not supported in PNG buffer", naming no file) and 16-bit
// PNGs with alpha printed blank.
func TestImageVariants(t *testing.T) {
	pdftoppm := testtool.Need(t, "pdftoppm")
	b, err := book.Load(imageReader, book.Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	p, err := layouts.Get("reader", "letter")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w.Error()) }, keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	path := writePDF(t, doc)
	const dpi = 144
	seen := map[string]bool{}
	for pi, pg := range doc.pages {
		if pg.rec == nil || len(pg.rec.images) == 0 {
			continue
		}
		prefix := filepath.Join(t.TempDir(), "p")
		n := fmt.Sprint(pi + 1)
		if out, err := exec.Command(pdftoppm, "-png", "-r", fmt.Sprint(dpi), "-f", n, "-l", n, "-singlefile", path, prefix).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		page := decodeFile(t, prefix+".png")
		left := p.Margins.Inner
		if p.TwoSided && pi%2 == 1 {
			left = p.Margins.Outer
		}
		for _, im := range pg.rec.images {
			name := filepath.Base(im.name)
			seen[name] = true
			k := float64(dpi) / 72
			// The middle of the box, clear of anti-aliased edges.
			box := image.Rect(int((left+im.x+1)*k), int((im.y+1)*k), int((left+im.x+im.w-1)*k), int((im.y+im.h-1)*k))
			got := meanColour(page, box)
			want := meanColour(onWhite(decodeFile(t, im.name)), image.Rect(-1<<20, -1<<20, 1<<20, 1<<20))
			if nearWhite(got) {
				t.Errorf("%s prints blank (mean colour %v)", name, got)
				continue
			}
			for c := 0; c < 3; c++ {
				if d := got[c] - want[c]; d > 30 || d < -30 {
					t.Errorf("%s prints with mean colour %v, the image's is %v", name, got, want)
					break
				}
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(imageReader), "sources", "images", "*.*g"))
	if len(files) < 13 {
		t.Fatalf("only %d image fixtures", len(files))
	}
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s is not printed", filepath.Base(f))
		}
	}
}

func decodeFile(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// onWhite composites img on a white page, as print shows it.
func onWhite(img image.Image) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(b)
	draw.Draw(out, b, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, b, img, b.Min, draw.Over)
	return out
}

func meanColour(img image.Image, r image.Rectangle) [3]int {
	r = r.Intersect(img.Bounds())
	var sum [3]int
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			sum[0] += int(c.R)
			sum[1] += int(c.G)
			sum[2] += int(c.B)
			n++
		}
	}
	if n == 0 {
		return [3]int{255, 255, 255}
	}
	return [3]int{sum[0] / n, sum[1] / n, sum[2] / n}
}

func nearWhite(c [3]int) bool { return c[0] > 245 && c[1] > 245 && c[2] > 245 }
