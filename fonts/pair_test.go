package fonts

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// PairGlyphs gives the drawer the glyphs Shape would give, without a
// Run: the same glyphs, advances and texts, the same width as Width, and
// a ligature exactly when the Run is not Nominal. Away from ligatures the
// pair model agrees with HarfBuzz shaping the whole word.
func TestPairGlyphsAgreeWithShape(t *testing.T) {
	words := strings.Fields("office flat affluent AVATAR WAVE Tokyo, “quoted” naïve Ελλάδα Москва x 1948. T.V. f fi")
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "speeches", "*.txt"))
	for _, f := range files[:min(len(files), 3)] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		words = append(words, strings.Fields(string(data))...)
	}
	set, lig := 0, 0
	for _, fam := range []*Family{Serif(), Sans(), Mono()} {
		for _, face := range fam.Faces {
			for _, w := range words {
				gs, width, isLig, ok := face.PairGlyphs(w, nil)
				if !ok {
					continue
				}
				set++
				run := face.Shape(w, false)
				if len(gs) != len(run.Glyphs) || isLig == run.Nominal || width != run.Width {
					t.Fatalf("%s %q: %d glyphs, ligature %v, width %v; Shape gives %d, Nominal %v, %v",
						face.Name, w, len(gs), isLig, width, len(run.Glyphs), run.Nominal, run.Width)
				}
				for i, g := range gs {
					rg := run.Glyphs[i]
					if g.ID != rg.ID || g.Advance != rg.Advance || w[g.At:g.At+int32(g.N)] != rg.Text || int(g.PDFWidth) != face.PDFWidth(g.ID) {
						t.Fatalf("%s %q glyph %d: %+v, Shape gives %+v", face.Name, w, i, g, rg)
					}
				}
				if len(w) > 1 && width > 0 && face.Width(w, 10) != float64(width)*10/1000 {
					t.Errorf("%s %q: Width %v, pair width %v", face.Name, w, face.Width(w, 10), width)
				}
				if isLig {
					lig++
					continue
				}
				hb := face.shape(w, false)
				for i, g := range gs {
					if i >= len(hb.Glyphs) || hb.Glyphs[i].ID != g.ID || math.Abs(float64(hb.Glyphs[i].Advance-g.Advance)) > 0.02 {
						t.Fatalf("%s %q: pair glyphs %+v, HarfBuzz %+v", face.Name, w, gs, hb.Glyphs)
					}
				}
			}
		}
	}
	if set < 50 || lig == 0 {
		t.Errorf("%d words set by the pair model, %d with a ligature", set, lig)
	}
}
