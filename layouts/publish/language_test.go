package publish

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts/internal/testtool"
)

// TestNoEnglishInOtherLanguages builds the every-feature reader in
// French and German, in every edition, and looks for the English of each
// generated word the translation changes: in the EPUB's and the web
// pages' text and attributes (title, aria-label, alt), in the PDF's text
// (pdftotext) and in its bookmarks. Renderers write no words of their
// own, so none may be there.
func TestNoEnglishInOtherLanguages(t *testing.T) {
	for _, lang := range []string{"fr", "de"} {
		manifest := translatedReader(t, everyFeature, lang)
		loc := book.LocaleFor(lang)
		whole, inline := englishPatterns(loc)
		if len(whole) < 40 {
			t.Fatalf("%s: only %d labels differ from English", lang, len(whole))
		}
		for _, ed := range []string{"student", "teacher"} {
			b, files := build(t, manifest, ed, "pdf", "epub", "web")
			// The note on finding a place in the text, in English, as
			// each kind of edition would print it.
			en := *b
			en.Language = "en"
			about := inline
			for _, f := range [][4]bool{{true, true, true, false}, {true, true, false, false}, {true, false, false, false}, {false, true, false, true}} {
				for _, para := range en.AboutEdition(f[0], f[1], f[2], f[3]) {
					for _, sentence := range strings.SplitAfter(para, ". ") {
						about = append(about, regexp.MustCompile(regexp.QuoteMeta(strings.TrimSpace(sentence))))
					}
				}
			}
			// Citations say what the sources say (titles, names, the
			// archive's own words) around words in the reader's language;
			// labels the manifest gives are the editor's. Neither is a
			// renderer's. The words citations add are checked here too.
			var refs []string
			var labels []*regexp.Regexp
			for _, s := range b.Sources {
				ref := s.ReferenceIn(b.CitationStyle, loc).String()
				for _, w := range []string{"Translated by", "Letter to", "Trans.)", "n.d.", "Speech", "Bibliography", "Works Cited", "References"} {
					if strings.Contains(ref, w) || strings.Contains(book.CitationHeading(b.CitationStyle, loc), w) {
						t.Errorf("%s: citation %q keeps the English %q", lang, ref, w)
					}
				}
				refs = append(refs, ref, book.PlainCiteText(s.Citation.Text))
			}
			for _, it := range b.Items {
				if it.Label != loc.T(book.MsgDocument, strconv.Itoa(it.Number)) {
					labels = append(labels, regexp.MustCompile(`(?i)(^|[^\pL])`+regexp.QuoteMeta(it.Label)+`($|[^\pL])`))
				}
			}
			cited := flat(strings.Join(refs, " "))
			quoted := func(s string, at []int) bool {
				from := max(0, at[0]-24)
				return strings.Contains(cited, flat(strings.ToValidUTF8(s[from:at[1]], "")))
			}
			web := filepath.Dir(files[".html"])
			if files[".html"] == "" {
				t.Fatalf("%s: no web edition among %v", lang, files)
			}
			check := func(where, s string, anchored bool) {
				s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
				for _, l := range labels {
					s = strings.TrimSpace(l.ReplaceAllString(s, "$1$2"))
				}
				if s == "" || strings.Contains(cited, flat(s)) {
					return
				}
				if anchored {
					for _, re := range whole {
						if re.MatchString(s) {
							t.Errorf("%s, %s edition, %s: %q is English (%s)", lang, ed, where, s, re)
						}
					}
				}
				for _, re := range about {
					for _, at := range re.FindAllStringIndex(s, -1) {
						if !quoted(s, at) {
							t.Errorf("%s, %s edition, %s: %q is English (%s)", lang, ed, where, s, re)
						}
					}
				}
			}
			n := 0
			for name, doc := range epubMarkup(t, files[".epub"]) {
				n += markupTexts(t, doc, func(s string) { check("EPUB "+name, s, true) })
			}
			pages, _ := filepath.Glob(filepath.Join(web, "*.html"))
			for _, p := range pages {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				n += markupTexts(t, string(data), func(s string) { check("web "+filepath.Base(p), s, true) })
			}
			for _, line := range strings.Split(pdfText(t, files[".pdf"]), "\n") {
				check("PDF", line, true)
				n++
			}
			for _, title := range pdfBookmarks(t, files[".pdf"]) {
				check("PDF bookmark", title, true)
				n++
			}
			t.Logf("%s, %s edition: %d texts, attributes, lines and bookmarks checked against %d English labels", lang, ed, n, len(whole))
		}
	}
}

// translatedReader copies a test reader into a temporary folder, with its
// language set to lang and its library paths made absolute.
func translatedReader(t *testing.T, manifest, lang string) string {
	t.Helper()
	src := filepath.Dir(manifest)
	dir := t.TempDir()
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^language: .*$`).ReplaceAllString(string(data), "language: "+lang)
	m = regexp.MustCompile(`(?m)^sources: .*$`).ReplaceAllStringFunc(m, func(line string) string {
		var abs []string
		for _, d := range strings.Split(strings.Trim(strings.TrimPrefix(line, "sources:"), " []"), ",") {
			d = strings.TrimSpace(d)
			if d == "sources" {
				abs = append(abs, d)
				continue
			}
			a, err := filepath.Abs(filepath.Join(src, d))
			if err != nil {
				t.Fatal(err)
			}
			abs = append(abs, a)
		}
		return "sources: [" + strings.Join(abs, ", ") + "]"
	})
	if !strings.Contains(m, "language: "+lang) {
		t.Fatalf("%s names no language", manifest)
	}
	if err := os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "sources"), os.DirFS(filepath.Join(src, "sources"))); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "reader.yaml")
}

// englishPatterns are the English texts of every label loc translates
// differently, as patterns: whole ones, for a text node, attribute, line
// or bookmark that is exactly such a label ("Text", "Page 4", "Cover: …"),
// and inline ones for the references set within a line ("lines 3–5",
// "pp. 2–4", "glossary p. 7") and the labels long enough not to occur
// by chance in a source's English.
func englishPatterns(loc *book.Locale) (whole, inline []*regexp.Regexp) {
	placeholder := regexp.MustCompile(`%[sd]`)
	pattern := func(m string) string {
		p := regexp.QuoteMeta(m)
		p = strings.ReplaceAll(p, "%d", `\d+`)
		return strings.ReplaceAll(p, "%s", `\S.*?`)
	}
	labels := append([]book.Msg{}, book.Msgs...)
	inlineOnly := map[book.Msg]bool{book.MsgLine: true, book.MsgLineRange: true, book.MsgPageRef: true, book.MsgPageRange: true, book.MsgGlossaryPage: true}
	for _, m := range labels {
		if loc.T(m) == book.English.T(m) {
			continue
		}
		p := pattern(string(m))
		whole = append(whole, regexp.MustCompile(`(?i)^`+p+`$`))
		if inlineOnly[m] || len(placeholder.ReplaceAllString(string(m), "")) >= 12 {
			inline = append(inline, regexp.MustCompile(`(^|[^\pL])`+p))
		}
	}
	for _, status := range book.RightsStatuses {
		if en := book.English.RightsStatus(status); loc.RightsStatus(status) != en {
			whole = append(whole, regexp.MustCompile(`^`+regexp.QuoteMeta(en)+`$`))
			inline = append(inline, regexp.MustCompile(regexp.QuoteMeta(en)))
		}
	}
	return whole, inline
}

// epubMarkup is every XML file of an EPUB: the package document, the
// navigation documents and the content documents.
func epubMarkup(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, data := range epubEntries(t, path) {
		switch filepath.Ext(name) {
		case ".xhtml", ".opf", ".ncx":
			out[name] = data
		}
	}
	if len(out) < 3 {
		t.Fatalf("%s: only %d XML files", path, len(out))
	}
	return out
}

// markupTexts parses a document and calls f with each text node and
// each value a reader or assistive technology is given (title,
// aria-label, alt), returning how many.
func markupTexts(t *testing.T, doc string, f func(string)) int {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict, d.Entity = false, xml.HTMLEntity
	n := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "title", "aria-label", "alt", "content":
					f(a.Value)
					n++
				}
			}
		case xml.CharData:
			f(string(tok))
			n++
		}
	}
}

// pdfBookmarks are the titles of the PDF's pdfOutline, as qpdf reads them.
func pdfBookmarks(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, "qpdf"), "--json", "--json-key=outlines", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Outlines []pdfOutline `json:"outlines"`
	}
	if err := json.Unmarshal(out, &j); err != nil {
		t.Fatal(err)
	}
	var titles []string
	var walk func([]pdfOutline)
	walk = func(os []pdfOutline) {
		for _, o := range os {
			titles = append(titles, o.Title)
			walk(o.Kids)
		}
	}
	walk(j.Outlines)
	if len(titles) == 0 {
		t.Fatalf("%s has no bookmarks", path)
	}
	return titles
}

type pdfOutline struct {
	Title string       `json:"title"`
	Kids  []pdfOutline `json:"kids"`
}
