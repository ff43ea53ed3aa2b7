package pdf

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sourcebook/book/markup"
	"sourcebook/fonts"
	"sourcebook/layouts"
	"sourcebook/layouts/typeset"
)

// The glyphs a frag keeps from setting (frag.glyphs) are drawn instead
// of setting its text again: they must be what the pair model gives for
// the frag's text and face as printed, on every line of the speeches.
func TestKeptGlyphsAreTheFragsText(t *testing.T) {
	b := speechesBook(t)
	p, _ := layouts.Get("reader", "letter")
	doc, err := Layout(b, p, Options{keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	kept, merged := 0, 0
	for pi, pg := range doc.pages {
		for _, bx := range pg.boxes {
			if bx.line == nil {
				continue
			}
			for _, pf := range bx.line.frags {
				if pf.glyphs == nil {
					if _, _, _, ok := pf.face.PairGlyphs(pf.text, nil); ok && strings.TrimSpace(pf.text) != "" && pf.text != "-" {
						merged++ // syllables drawn as one word, set again
					}
					continue
				}
				kept++
				want, _, lig, ok := pf.face.PairGlyphs(pf.text, nil)
				if !ok || lig != pf.lig || !slices.Equal(want, pf.glyphs) {
					t.Fatalf("page %d: %q keeps glyphs %v (ligature %v), the pair model gives %v (%v, ok %v)",
						pi+1, pf.text, pf.glyphs, pf.lig, want, lig, ok)
				}
			}
		}
	}
	if kept < 10_000 || merged == 0 {
		t.Errorf("%d frags kept their glyphs and %d were set again; want thousands and some", kept, merged)
	}
}

// A paragraph that does not break well at its spaces is set again with
// its words' hyphenation points; addPoints splits the words of the first
// setting instead. The items and frags must be those that setting the
// runs with hyphenation gives.
func TestPointsAddedAsSettingAgain(t *testing.T) {
	b := speechesBook(t)
	s := newSetter(nil, nil)
	s.hyph = typeset.ForLanguage("en")
	split := 0
	for _, measure := range []float64{160, 330} {
		ps := paraSpec{fam: fonts.Serif(), size: 11, measure: measure, firstIndent: 12, align: alignJustify, hyphenate: true}
		whole := ps
		whole.hyphenate = false
		for _, it := range b.Items {
			for _, bl := range it.Body {
				runs := bl.Inlines
				if len(runs) == 0 {
					continue
				}
				s.items, s.frags = s.items[:0], s.frags[:0]
				s.addRuns(runs, ps)
				wantItems := slices.Clone(s.items)
				var want []fragFields
				for _, f := range s.frags {
					want = append(want, fragValue(f))
				}
				s.items, s.frags = s.items[:0], s.frags[:0]
				s.cands, s.collect = s.cands[:0], true
				s.addRuns(runs, whole)
				s.collect = false
				before := len(s.items)
				s.addPoints()
				split += len(s.items) - before
				if !slices.Equal(s.items, wantItems) {
					t.Fatalf("%s: items differ from setting with hyphenation (%d against %d)", bl.ID, len(s.items), len(wantItems))
				}
				for i, f := range s.frags {
					if got := fragValue(f); got != want[i] {
						t.Fatalf("%s: frag %d is %+v, setting with hyphenation gives %+v", bl.ID, i, got, want[i])
					}
				}
			}
		}
	}
	if split == 0 {
		t.Error("no word was split into syllables")
	}
}

// fragFields are a frag's fields but the glyphs it kept (which only
// spare the drawer work), comparable.
type fragFields struct {
	text, link, anchor string
	face               *fonts.Face
	size, width, rise  float64
	note               *markup.Note
	style              markup.Style
	offset             int
	rtl                bool
	dir                int8
}

func fragValue(f *frag) fragFields {
	if f == nil {
		return fragFields{}
	}
	return fragFields{f.text, f.link, f.anchor, f.face, f.size, f.width, f.rise, f.note, f.style, f.offset, f.rtl, f.dir}
}

// splitFaces takes a word that plain accepts whole, without looking at
// each character: cutting it character by character must give the same
// one piece. Words of every script of the world-scripts reader, and
// characters that are cut, dropped or replaced.
func TestPlainWordsNeedNoCutting(t *testing.T) {
	words := strings.Fields("office flat naïve Ελλάδα Москва “quoted” don’t — – … ½ € ¶ " +
		"مرحبا שלום नमस्ते 世界 안녕 e\u0301 a\u00adb a\u200db a\u200cb ☺\ufe0f x\u0007y \ufffd \x80bad tab\there")
	doc := udhrDoc(t)
	for _, it := range doc.b.Items {
		for _, bl := range it.Body {
			words = append(words, strings.Fields(markup.PlainText(bl.Inlines))...)
		}
	}
	fb := fonts.Fallback().Face(fonts.Regular)
	accepted := 0
	for _, pref := range []*fonts.Face{fonts.Serif().Face(fonts.Regular), fonts.Sans().Face(fonts.Bold), fonts.Mono().Face(fonts.Regular)} {
		for _, w := range words {
			if !plain(w, pref) {
				continue
			}
			accepted++
			got := cutFaces(nil, w, pref, fb, fontCtx{})
			if len(got) != 1 || got[0].text != w || got[0].face != pref {
				t.Errorf("%s: %q is plain, but cutting it gives %v", pref.Name, w, got)
			}
		}
	}
	if accepted < 100 {
		t.Errorf("only %d words were plain", accepted)
	}
}

// appendNum writes what strconv.AppendFloat(b, v, 'f', 2, 64) does, for
// coordinates, sizes, ties, signed zeros and what it leaves to strconv.
func TestAppendNumAsStrconv(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), -0.001, 0.005, 0.015, 0.125, -0.125, 2.675, 1.005, 612, 791.995,
		-1e-9, 999999.995, 1e6, 1e300, math.Inf(1), math.Inf(-1), math.NaN(), 0.5, 99.995, 4.35, -72.345}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		vals = append(vals, (rng.Float64()-0.3)*1000, float64(rng.IntN(2_000_000)-1_000_000)/1000, float64(rng.IntN(100_000))/200)
	}
	for _, v := range vals {
		if got, want := string(appendNum(nil, v)), strconv.FormatFloat(v, 'f', 2, 64); got != want {
			t.Fatalf("appendNum(%v) = %s, strconv gives %s", v, got, want)
		}
	}
}

// BenchmarkSpeechesSetting sets every paragraph of the speeches (widths,
// hyphenation, line breaking, placing), without pages or drawing: the
// cost of setting per word.
func BenchmarkSpeechesSetting(b *testing.B) {
	bk := speechesBook(b)
	s := newSetter(nil, nil)
	ps := paraSpec{fam: fonts.Serif(), size: 11, measure: 330, firstIndent: 12, align: alignJustify, hyphenate: true, lang: "en"}
	words := 0
	for _, it := range bk.Items {
		for _, bl := range it.Body {
			words += len(strings.Fields(markup.PlainText(bl.Inlines)))
		}
	}
	for b.Loop() {
		for _, it := range bk.Items {
			for _, bl := range it.Body {
				if len(bl.Inlines) > 0 {
					s.set(bl.Inlines, ps)
				}
			}
			s.reuse()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(words*b.N), "ns/word")
}
