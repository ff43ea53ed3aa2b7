package pdf

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"sourcebook/book"
	"sourcebook/fonts"
	"sourcebook/layouts"
	"sourcebook/layouts/internal/testtool"
)

// udhrDoc lays out the test reader of Article 1 of the Universal
// Declaration of Human Rights in fourteen languages, failing on any
// warning.
func udhrDoc(t *testing.T) *Document {
	t.Helper()
	b, err := book.Load("../../testdata/readers/udhr/reader.yaml", book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := layouts.Get("reader", "letter")
	var warns []string
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warns = append(warns, w.Error()) }, keepLayout: true})
	if errors.Is(err, fonts.ErrNoCJKFont) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warns {
		t.Errorf("warning: %s", w)
	}
	return doc
}

// scriptTokens cuts text into words (letters, marks and digits), or into
// characters for Chinese and Japanese, composed (NFC). Arabic vowel marks
// are left out: poppler reverses a mark's order with its base letter in
// right-to-left lines (Chromium's PDFs read the same way).
func scriptTokens(s string, perChar bool) []string {
	s = norm.NFC.String(strings.ReplaceAll(s, "-\n", ""))
	s = strings.Map(func(r rune) rune {
		if r >= 0x064B && r <= 0x065F || r == 0x0670 || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) }
	if perChar {
		var out []string
		for _, r := range s {
			if word(r) {
				out = append(out, string(r))
			}
		}
		return out
	}
	return strings.FieldsFunc(s, func(r rune) bool { return !word(r) })
}

type bboxWord struct {
	x, y, x2, y2 float64
	text         string
}

// bboxWords reads pdftotext -bbox for one page, optionally cropped.
func bboxWords(t *testing.T, pdf string, page int, crop []string) []bboxWord {
	t.Helper()
	args := append([]string{"-bbox", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page)}, crop...)
	out, err := exec.Command(testtool.Need(t, "pdftotext"), append(args, pdf, "-")...).Output()
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	var words []bboxWord
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "word" {
			continue
		}
		var w bboxWord
		for _, a := range se.Attr {
			var v float64
			fmt.Sscan(a.Value, &v)
			switch a.Name.Local {
			case "xMin":
				w.x = v
			case "yMin":
				w.y = v
			case "xMax":
				w.x2 = v
			case "yMax":
				w.y2 = v
			}
		}
		var text string
		if err := dec.DecodeElement(&text, &se); err == nil {
			w.text = text
		}
		words = append(words, w)
	}
	return words
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func isRTLText(s string) bool {
	for _, r := range s {
		if strongDir(r) == 1 {
			return true
		}
	}
	return false
}

// TestWorldScripts is the acceptance test for printing the world's
// scripts: every language's text comes back from pdftotext in logical
// order, right-to-left lines read from the right, no .notdef glyph is
// drawn, and every font is embedded and subset.
func TestWorldScripts(t *testing.T) {
	doc := udhrDoc(t)
	if len(doc.b.Items) < 12 {
		t.Fatalf("%d languages, want at least 12", len(doc.b.Items))
	}
	path := writePDF(t, doc)
	// The same file whatever the number of workers (glyph codes are
	// numbered in page order, not as chunks finish).
	one, err := Layout(doc.b, doc.p, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := one.Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := doc.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the PDF differs with one worker")
	}
	if doc.notdef {
		t.Error("a .notdef glyph (glyph 0) was drawn")
	}
	qpdf := testtool.Need(t, "qpdf")
	if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command(testtool.Need(t, "pdffonts"), path).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range strings.Split(strings.TrimSpace(string(out)), "\n")[2:] {
		f := strings.Fields(r)
		if f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" || !strings.Contains(f[0], "+") {
			t.Errorf("font not embedded, subset and mapped to Unicode: %s", r)
		}
	}
	for _, it := range doc.b.Items {
		lang := it.Source.Language
		page := doc.pm.Starts[it.ID] + 1
		perChar := strings.HasPrefix(lang, "zh") || lang == "ja"
		want := scriptTokens(it.Source.Body, perChar)
		t.Run(lang, func(t *testing.T) {
			var got string
			var crop []string
			if rtlLang(lang) {
				// The paragraph alone: pdftotext takes a page's direction
				// from the majority of its characters, and the title and
				// sourcing box are English.
				x1, y1, x2, y2 := math.Inf(1), math.Inf(1), 0.0, 0.0
				for _, w := range bboxWords(t, path, page, nil) {
					if isRTLText(w.text) {
						x1, y1, x2, y2 = min(x1, w.x), min(y1, w.y), max(x2, w.x2), max(y2, w.y2)
					}
				}
				if x2 == 0 {
					t.Fatal("no right-to-left words on the page")
				}
				crop = []string{"-x", fmt.Sprint(int(x1) - 1), "-y", fmt.Sprint(int(y1) - 1),
					"-W", fmt.Sprint(int(x2-x1) + 3), "-H", fmt.Sprint(int(y2-y1) + 3)}
			}
			args := append([]string{"-f", fmt.Sprint(page), "-l", fmt.Sprint(page)}, crop...)
			o, err := exec.Command(testtool.Need(t, "pdftotext"), append(args, path, "-")...).Output()
			if err != nil {
				t.Fatal(err)
			}
			got = string(o)
			if indexWords(scriptTokens(got, perChar), want) < 0 {
				t.Errorf("the text does not come back in logical order:\nwant %q\ngot  %q", strings.Join(want, " "), got)
			}
			if !rtlLang(lang) {
				return
			}
			// In every line, the first word stands right of the second.
			words := bboxWords(t, path, page, crop)
			lines := 0
			for _, ln := range strings.Split(got, "\n") {
				toks := scriptTokens(ln, false)
				if len(toks) < 2 {
					continue
				}
				lines++
				// -bbox gives right-to-left words in drawing order, and
				// splits a word at some marks: a word is the span of the
				// pieces that belong to it on the line.
				span := func(tok string, y float64) (lo, hi, at float64) {
					for _, exact := range []bool{true, false} {
						lo, hi, at = math.Inf(1), math.Inf(-1), -1
						for _, w := range words {
							wt := scriptTokens(w.text, false)
							if len(wt) == 0 || math.Abs(w.y-y) > 3 {
								continue
							}
							if r := reverse(wt[0]); r == tok || (!exact && len([]rune(r)) > 1 && strings.Contains(tok, r)) {
								lo, hi, at = min(lo, w.x), max(hi, w.x2), w.y
							}
						}
						if at >= 0 {
							return lo, hi, at
						}
					}
					return lo, hi, at
				}
				// The line's band: where its longest word stands whole.
				band, longest := -1.0, ""
				for _, tok := range toks {
					if len([]rune(tok)) > len([]rune(longest)) {
						longest = tok
					}
				}
				for _, w := range words {
					if wt := scriptTokens(w.text, false); len(wt) > 0 && reverse(wt[0]) == longest {
						band = w.y
					}
				}
				lo1, hi1, y1 := span(toks[0], band)
				lo2, hi2, y2 := span(toks[1], band)
				if y1 < 0 || y2 < 0 {
					t.Errorf("line %q: words not found in the layout", ln)
					continue
				}
				if (lo1+hi1)/2 <= (lo2+hi2)/2 {
					t.Errorf("line %q: the first word (x %.1f–%.1f) is not right of the second (x %.1f–%.1f)", ln, lo1, hi1, lo2, hi2)
				}
			}
			if lines == 0 {
				t.Error("no lines checked")
			}
		})
	}
}

// TestKerningAndLigatures sets a display title and body text with pairs
// that kern and f-ligatures: the ligature glyphs are drawn, and copying
// gives the letters back.
func TestKerningAndLigatures(t *testing.T) {
	face := fonts.Serif().Face(fonts.Bold)
	if k := face.Width("To", 24) - face.Width("T", 24) - face.Width("o", 24); k >= 0 {
		t.Errorf("\"To\" is not kerned (%.2fpt)", k)
	}
	if k := face.Width("AV", 24) - face.Width("A", 24) - face.Width("V", 24); k >= 0 {
		t.Errorf("\"AV\" is not kerned (%.2fpt)", k)
	}
	run := face.Shape("fine", false)
	if len(run.Glyphs) != 3 || run.Glyphs[0].Text != "fi" {
		t.Fatalf("\"fine\" is not set with the fi ligature: %+v", run.Glyphs)
	}
	src := &book.Source{ID: "lig", Title: "Affine Offices: To AV", Type: "letter", Language: "en",
		Body: "The first fine office file of the affluent fly fisher.\n", File: "lig.md", BodyLine: 1,
		Rights: book.Rights{Status: "public-domain"}}
	m, err := book.ParseManifest("lig.yaml", []byte("title: Ligatures\nitems: [lig]\ndate: 2026-01-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Assemble(m, &book.Library{Sources: map[string]*book.Source{"lig": src}, Order: []string{"lig"}}, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := layoutBook(t, b, "reader")
	path := writePDF(t, doc)
	text := pageText(t, path, doc.pm.Starts[b.Items[0].ID]+1, nil)
	for _, w := range []string{"Affine Offices: To AV", "The first fine office file of the affluent fly fisher."} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), w) {
			t.Errorf("copying does not give %q:\n%s", w, text)
		}
	}
	if strings.ContainsAny(text, "\ufb01\ufb02") {
		t.Error("copying gives ligature characters instead of letters")
	}
}

// TestRTLWordOrderInLTR checks a left-to-right paragraph quoting Hebrew:
// the Hebrew words run right to left inside the English line.
func TestRTLWordOrderInLTR(t *testing.T) {
	l := simpleLine("He wrote כל בני אדם today", fonts.Serif().Face(fonts.Regular), 10, nil)
	pos := map[string]float64{}
	for _, f := range l.frags {
		pos[strings.TrimSpace(f.text)] = f.x
	}
	if !(pos["He"] < pos["wrote"] && pos["wrote"] < pos["אדם"] && pos["אדם"] < pos["בני"] && pos["בני"] < pos["כל"] && pos["כל"] < pos["today"]) {
		t.Errorf("visual order wrong: %v", pos)
	}
}

// TestEmojiAndOutline prints a pictograph from the symbol face, with no
// warning, and keeps it (outside the Basic Multilingual Plane) in the
// bookmark titles, encoded as UTF-16 surrogate pairs.
func TestEmojiAndOutline(t *testing.T) {
	src := &book.Source{ID: "dove", Title: "Peace 🕊 Now", Type: "letter", Language: "en",
		Body: "A dove 🕊 flies.\n", File: "dove.md", BodyLine: 1, Rights: book.Rights{Status: "public-domain"}}
	m, err := book.ParseManifest("dove.yaml", []byte("title: Doves\nitems: [dove]\ndate: 2026-01-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Assemble(m, &book.Library{Sources: map[string]*book.Source{"dove": src}, Order: []string{"dove"}}, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := layouts.Get("reader", "letter")
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { t.Errorf("warning: %s", w) }})
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, doc)
	if text := pageText(t, path, doc.pm.Starts[b.Items[0].ID]+1, nil); !strings.Contains(text, "A dove 🕊 flies.") {
		t.Errorf("the dove does not come back from the page:\n%s", text)
	}
	out, err := exec.Command(testtool.Need(t, "qpdf"), "--json", "--json-key=outlines", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "Peace 🕊 Now") {
		t.Errorf("bookmark title lost the dove:\n%s", out)
	}
}

// TestNoCJKFont: with no font for Chinese installed, the build stops with
// an error naming the source file, the script and how to install a font;
// a font named in the manifest is used instead of the system's.
func TestNoCJKFont(t *testing.T) {
	saved := fonts.CJKSearch
	defer func() { fonts.CJKSearch = saved }()
	found := saved()
	fonts.CJKSearch = func() [][2]string { return nil }
	src := &book.Source{ID: "zh", Title: "Article 1", Type: "declaration", Language: "zh-Hans",
		Body: "人人生而自由，在尊严和权利上一律平等。\n", File: "sources/zh.md", BodyLine: 9, Rights: book.Rights{Status: "public-domain"}}
	m, err := book.ParseManifest("zh.yaml", []byte("title: Chinese\nitems: [zh]\ndate: 2026-01-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Assemble(m, &book.Library{Sources: map[string]*book.Source{"zh": src}, Order: []string{"zh"}}, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := layouts.Get("reader", "letter")
	_, err = Layout(b, p, Options{})
	if err == nil || !errors.Is(err, fonts.ErrNoCJKFont) || !strings.Contains(err.Error(), "sources/zh.md:9") ||
		!strings.Contains(err.Error(), "Chinese, Japanese or Korean") || !strings.Contains(err.Error(), "apt-get install fonts-noto-cjk") {
		t.Fatalf("error %v: want the file and line, the script and how to install a font", err)
	}
	for _, c := range found {
		if _, err := os.Stat(c[0]); err == nil {
			b.Fonts = []string{c[0]}
			if _, err := Layout(b, p, Options{}); err != nil {
				t.Errorf("with fonts: [%s]: %v", c[0], err)
			}
			return
		}
	}
}

// TestRTLLayout sets an Arabic document in an English reader: its lines
// end at the right margin (the last line too), list labels hang right of
// their items, quotations are indented from the right, and its line
// numbers stand on the right, where its lines start; the English
// apparatus stays left to right.
func TestRTLLayout(t *testing.T) {
	ar := "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء."
	body := strings.Repeat(ar+" ", 3) + "\n\n1. " + ar + "\n2. " + ar + "\n\n> " + ar + "\n\n" + strings.Repeat(ar+" ", 4) + "\n"
	b := oneSource(t, body)
	b.Items[0].Source.Language = "ar"
	doc := layoutBook(t, b, "reader")
	measure := doc.p.Measure()
	var body0, quote, item, numbered int
	for _, pg := range doc.pages {
		for _, bx := range pg.boxes {
			if bx.kind != vLine || bx.line == nil || !isRTLText(lineWords(bx.line, 200)) {
				continue
			}
			l := bx.line
			if !l.rtl {
				t.Errorf("line %q is not set right to left", lineWords(l, 40))
			}
			right := bx.x + l.set
			switch {
			case bx.x >= 17 && math.Abs(right-(measure-18)) < 0.6:
				quote++ // indented 18pt from both margins
			case math.Abs(right-measure) < 0.6:
				body0++
			default:
				// List items: indented from the right, the label right
				// of the text.
				for _, f := range l.frags {
					if strings.HasSuffix(f.text, ".") && len(f.text) <= 3 && f.x > l.set {
						item++
					}
				}
			}
			if bx.lineNo > 0 && bx.lineNo%5 == 0 {
				numbered++
			}
		}
		if pg.rec != nil {
			for _, m := range pg.rec.margins() {
				if m.num > 0 && !m.rtl {
					t.Errorf("line number %d of right-to-left text is placed as for left-to-right text", m.num)
				}
			}
		}
	}
	if body0 < 4 || quote < 1 || item < 2 {
		t.Errorf("right-aligned body lines %d, quotation lines %d, list labels on the right %d", body0, quote, item)
	}
	if numbered == 0 {
		t.Error("no numbered line checked")
	}
	// Drawn, the line numbers stand right of the text block.
	path := writePDF(t, doc)
	p := doc.p
	first := doc.pm.Starts[b.Items[0].ID]
	found := 0
	for _, w := range bboxWords(t, path, first+1, nil) {
		if w.text == "5" || w.text == "10" {
			found++
			if w.x < p.Margins.Inner+measure {
				t.Errorf("line number %s at x %.1f, left of the text block's right edge %.1f", w.text, w.x, p.Margins.Inner+measure)
			}
		}
	}
	if found == 0 {
		t.Error("no line number found on the page")
	}
}

// TestNeutralsTakeTheParagraphsDirection: a date with its full stop at the
// end of an Arabic sentence keeps its digits left to right and prints the
// full stop at the sentence's end, on the left; an Arabic word quoted with
// a comma in English has the comma on its right.
func TestNeutralsTakeTheParagraphsDirection(t *testing.T) {
	face := fonts.Serif().Face(fonts.Regular)
	pos := func(l *line) map[string]float64 {
		m := map[string]float64{}
		for _, f := range l.frags {
			m[strings.TrimSpace(f.text)] = f.x
		}
		return m
	}
	ar := pos(simpleLine("في عام 1948.", face, 10, nil))
	if !(ar["."] < ar["1948"] && ar["1948"] < ar["عام"] && ar["عام"] < ar["في"]) {
		t.Errorf("Arabic sentence ending in a date: %v", ar)
	}
	en := pos(simpleLine("The word שלום, he said.", face, 10, nil))
	if !(en["שלום"] < en[","] && en[","] < en["he"]) {
		t.Errorf("Hebrew word with a comma in English: %v", en)
	}
}
