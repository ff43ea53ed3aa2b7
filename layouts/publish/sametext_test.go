package publish

import (
	"bytes"
	"encoding/xml"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"sourcebook/book"
	"sourcebook/layouts/internal/testtool"
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

var (
	tagRE    = regexp.MustCompile(`<[^>]+>`)
	italicRE = regexp.MustCompile(`(?s)<i>(.*?)</i>`)
)

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
		book.MsgPrevious: true, book.MsgNext: true, book.MsgBackToText: true, book.MsgEditorsNotes: true, book.MsgNotes: true,
		book.MsgText: true, book.MsgLandmarks: true, book.MsgPageList: true,
		// and the print teacher edition's notes at the end, which the
		// screen editions give beside each question instead.
		book.MsgTeacherNotes: true, book.MsgAnswerKey: true, book.MsgTeacherNotesIntro: true}
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
					want = append(want, book.PlainCiteText(c))
				}
				if it.Excerpt {
					want = append(want, loc.ExcerptNote(it.Modified))
				}
			}
			for _, s := range b.Sources {
				want = append(want, s.ReferenceIn(b.CitationStyle, loc).String())
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

			// Titles the model marks for italics are set in italics in
			// each edition: <i>, <em> or <cite> in the EPUB and the web
			// pages, the italic face in the PDF (pdftohtml names each
			// run's font).
			italic := map[string]string{
				"PDF":  flat(pdfItalic(t, files[".pdf"])),
				"EPUB": flat(htmlItalic(t, epubDocs(t, files[".epub"]))),
				"web":  flat(htmlItalic(t, webPageTexts(t, filepath.Dir(idx)))),
			}
			titles := modelTitles(b)
			for _, title := range titles {
				for name, it := range italic {
					if !strings.Contains(it, flat(title)) {
						t.Errorf("%s, %s edition: the title %q is not in italics in the %s", r.name, ed, title, name)
					}
					if strings.Contains(texts[name], flat("*"+title)) {
						t.Errorf("%s, %s edition: the %s prints the italic marker of %q", r.name, ed, name, title)
					}
				}
			}
			t.Logf("%s, %s edition: %d italic titles checked in all three", r.name, ed, len(titles))
			if r.name == "every-feature" && len(titles) == 0 {
				t.Errorf("every-feature: no citation marks a title for italics")
			}
		}
	}
}

// modelTitles are the texts the model marks as titles (CiteTitle) in
// citations, credits, sourcing boxes, source notes and the list of
// sources.
func modelTitles(b *book.Book) []string {
	seen := map[string]bool{}
	var out []string
	add := func(c book.Cite) {
		for _, p := range c {
			if p.Role == book.CiteTitle && !seen[p.Text] {
				seen[p.Text] = true
				out = append(out, p.Text)
			}
		}
	}
	for _, s := range b.Sources {
		add(s.ReferenceIn(b.CitationStyle, b.Locale()))
		for _, f := range s.FactsIn(b.Locale()) {
			add(f.Pieces)
		}
	}
	for _, sc := range b.Credits("student").Sources {
		for _, f := range sc.Fields {
			add(f.Value)
		}
	}
	for _, it := range b.Items {
		for _, n := range it.SourceNotes(b.Locale()) {
			add(n.Value)
		}
	}
	return out
}

// htmlItalic is the text inside <i>, <em> and <cite> elements, in order.
func htmlItalic(t *testing.T, docs []string) string {
	var b strings.Builder
	for _, d := range docs {
		dec := xml.NewDecoder(strings.NewReader(d))
		dec.Strict, dec.AutoClose, dec.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
		depth := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			switch v := tok.(type) {
			case xml.StartElement:
				if n := v.Name.Local; n == "i" || n == "em" || n == "cite" {
					depth++
				}
			case xml.EndElement:
				if n := v.Name.Local; (n == "i" || n == "em" || n == "cite") && depth > 0 {
					depth--
				}
			case xml.CharData:
				if depth > 0 {
					b.Write(v)
				}
			}
		}
	}
	return b.String()
}

func webPageTexts(t *testing.T, dir string) []string {
	pages, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	var out []string
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(data))
	}
	return out
}

// pdfItalic is the PDF's text drawn in an italic face, in order, as
// pdftohtml reports each run with its font.
func pdfItalic(t *testing.T, path string) string {
	bin := testtool.Need(t, "pdftohtml")
	out, err := exec.Command(bin, "-xml", "-i", "-stdout", "-q", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pages []struct {
			Fonts []struct {
				ID     string `xml:"id,attr"`
				Family string `xml:"family,attr"`
			} `xml:"fontspec"`
			Texts []struct {
				Font  string `xml:"font,attr"`
				Inner string `xml:",innerxml"`
			} `xml:"text"`
		} `xml:"page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	italicFont := map[string]bool{}
	var b strings.Builder
	for _, pg := range doc.Pages {
		for _, f := range pg.Fonts {
			fam := strings.ToLower(f.Family)
			italicFont[f.ID] = strings.Contains(fam, "italic") || strings.Contains(fam, "oblique")
		}
		for _, tx := range pg.Texts {
			if italicFont[tx.Font] {
				b.WriteString(html.UnescapeString(tagRE.ReplaceAllString(tx.Inner, "")))
				continue
			}
			// pdftohtml marks runs in <i> from the font's own italic
			// flag and angle when its name does not say so.
			for _, m := range italicRE.FindAllStringSubmatch(tx.Inner, -1) {
				b.WriteString(html.UnescapeString(tagRE.ReplaceAllString(m[1], "")))
			}
		}
	}
	return b.String()
}
