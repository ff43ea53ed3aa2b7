package publish

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"sourcebook/book"
)

// flat makes texts from the three editions comparable: line breaks,
// hyphenation at line ends, spacing and letter case (small capitals are
// a style) are the renderers' business; the words are not.
func flat(s string) string {
	s = html.UnescapeString(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '\u00ad' || r == '‐' || r == '\u200b' {
			return -1
		}
		switch r {
		case '’', '‘':
			return '\''
		case '“', '”':
			return '"'
		}
		return unicode.ToLower(r)
	}, s)
}

var tagRE = regexp.MustCompile(`<[^>]+>`)

func webText(t *testing.T, dir string) string {
	pages, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	var b strings.Builder
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(tagRE.ReplaceAllString(string(data), " "))
	}
	return b.String()
}

// TestSameWordsInEveryEdition: every generated heading, label, citation
// and list-of-sources entry of the model is the same text in the PDF
// (pdftotext), the EPUB and the web edition, for the example and the
// every-feature reader, in the student and the teacher edition.
func TestSameWordsInEveryEdition(t *testing.T) {
	// Reading-system apparatus that print has no use for: navigation
	// between screens, links back from notes, and the headings that
	// gather a screen's notes (print sets each at the foot of its page).
	screenOnly := map[book.Msg]bool{book.MsgCover: true, book.MsgTitlePage: true, book.MsgBodyStart: true,
		book.MsgPrevious: true, book.MsgNext: true, book.MsgBackToText: true, book.MsgEditorsNotes: true, book.MsgNotes: true}
	for _, r := range []struct{ name, manifest string }{{"example", exampleReader}, {"every-feature", everyFeature}} {
		for _, ed := range []string{"student", "teacher"} {
			b, files := build(t, r.manifest, ed, "pdf", "epub", "web")
			idx := ""
			for _, f := range files {
				if filepath.Base(f) == "index.html" {
					idx = f
				}
			}
			if idx == "" {
				for ext, f := range files {
					if ext == ".html" {
						idx = f
					}
				}
			}
			texts := map[string]string{
				"PDF":  flat(pdfText(t, files[".pdf"])),
				"EPUB": flat(epubText(t, files[".epub"])),
				"web":  flat(webText(t, filepath.Dir(idx))),
			}
			loc := b.Locale()
			var want []string
			for _, m := range book.Msgs {
				if !screenOnly[m] && !strings.Contains(string(m), "%") {
					want = append(want, loc.T(m))
				}
			}
			for _, it := range b.Items {
				want = append(want, it.Label, it.Title)
				if it.Source == nil {
					continue
				}
				for _, f := range it.Source.FactsIn(loc) {
					want = append(want, f.Label, f.Value)
				}
				if c := strings.TrimSpace(it.Source.Citation.Text); c != "" {
					want = append(want, c)
				}
				if it.Excerpt {
					want = append(want, loc.ExcerptNote(it.Modified))
				}
			}
			for _, s := range b.Sources {
				want = append(want, strings.Join(s.Bibliography(), " "))
			}
			for _, p := range b.Parts {
				want = append(want, loc.T(book.MsgPart, p.Number))
			}
			checked := 0
			for _, w := range want {
				fw := flat(w)
				if fw == "" {
					continue
				}
				var in, out []string
				for _, name := range []string{"PDF", "EPUB", "web"} {
					if strings.Contains(texts[name], fw) {
						in = append(in, name)
					} else {
						out = append(out, name)
					}
				}
				if len(in) > 0 && len(out) > 0 {
					t.Errorf("%s, %s edition: %q is in the %s but not the %s", r.name, ed, w, strings.Join(in, " and "), strings.Join(out, " and "))
				}
				if len(in) == 3 {
					checked++
				}
			}
			if checked < 20 {
				t.Errorf("%s, %s edition: only %d generated texts found in all three editions", r.name, ed, checked)
			}
			t.Logf("%s, %s edition: %d generated texts the same in all three", r.name, ed, checked)
		}
	}
}
