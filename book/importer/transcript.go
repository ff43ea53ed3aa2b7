package importer

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"sourcebook/book"
)

// A plain-text transcript is a header of "Key: value" lines, a blank
// line, then the text. The file name may carry the date and a slug for the
// title: 1987-06-12-address-brandenburg-gate-berlin-wall.txt.

const publicDomainUS = "Works of the United States government are in the public domain (17 U.S.C. § 105)."

var (
	headerRE   = regexp.MustCompile(`^([A-Za-z][A-Za-z'’ -]{0,30}):[ \t]+(\S.*)$`)
	fileDateRE = regexp.MustCompile(`^([0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)(?:[-_ ]+(.*))?$`)
)

// headerKeys are the header keys the importer understands.
var headerKeys = setOf("president", "speaker", "author", "authors", "by", "title", "short title", "date",
	"place", "location", "type", "language", "source", "citation", "url", "link", "repository", "archive",
	"to", "recipient", "recipients", "translator", "translators", "translated by", "summary", "subjects",
	"keywords", "rights")

func importTranscript(path, text string) (*Result, error) {
	lines := strings.Split(text, "\n")
	s := &book.Source{}
	r := &Result{Source: s}

	// The header counts only if every line of the first block is "Key:
	// value", one key at least is known and a blank line follows, so that
	// a first paragraph such as "Note: …" is never taken for one.
	start := 0
	for start < len(lines) && blank(lines[start]) {
		start++
	}
	var hdr [][2]string
	j := start
	for ; j < len(lines) && !blank(lines[j]); j++ {
		m := headerRE.FindStringSubmatch(strings.TrimRight(lines[j], " \t"))
		if m == nil || strings.Count(m[1], " ") > 3 {
			hdr = nil
			break
		}
		hdr = append(hdr, [2]string{strings.ToLower(strings.TrimSpace(m[1])), strings.TrimSpace(m[2])})
	}
	known := false
	for _, kv := range hdr {
		known = known || headerKeys[kv[0]]
	}
	bodyStart := start
	if known && j < len(lines) {
		bodyStart = j
		for _, kv := range hdr {
			header(s, r, kv[0], kv[1])
		}
	}

	// The file name gives what the header did not.
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if m := fileDateRE.FindStringSubmatch(base); m != nil {
		if d, err := book.ParseDate(m[1]); err == nil && s.Date.IsZero() {
			s.Date = d
		}
		if s.Title == "" && strings.TrimSpace(m[2]) != "" {
			s.Title = titleFromSlug(m[2])
			r.Notes = append(r.Notes, "the title was made from the file name; check its wording and capitals")
		}
	} else if s.Title == "" && base != "" {
		s.Title = titleFromSlug(base)
		r.Notes = append(r.Notes, "the title was made from the file name; check its wording and capitals")
	}
	if strings.Contains(text, "Miller Center") && s.DigitalCopy.Repository == "" {
		s.DigitalCopy.Repository = "Miller Center, University of Virginia"
	}

	// Paragraphs end at blank lines and after lines ending in two spaces,
	// which these transcripts (exported from Markdown) use to end one.
	var md []string
	var plain strings.Builder
	var para []string
	flush := func() {
		if len(para) > 0 {
			md = append(md, mdParagraph(para, false))
			plain.WriteString(strings.Join(para, "\n"))
			plain.WriteString("\n")
			para = nil
		}
	}
	for _, l := range lines[bodyStart:] {
		if blank(l) {
			flush()
			continue
		}
		para = append(para, unescapeMarkdown(strings.TrimRight(l, " \t")))
		if strings.HasSuffix(l, "  ") {
			flush()
		}
	}
	flush()
	s.Body = strings.Join(md, "\n\n") + "\n"
	if !sameWords(s.Body, plain.String()) {
		r.Notes = append(r.Notes, "the Markdown text may not read exactly as the transcript; compare them")
	}
	return r, nil
}

// header applies one "Key: value" header line.
func header(s *book.Source, r *Result, key, val string) {
	switch key {
	case "president":
		s.Authors = append(s.Authors, val)
		if s.Type == "" {
			s.Type = "speech"
		}
		if s.Language == "" {
			s.Language = "en"
		}
		// A president's official speeches are works of the U.S. government.
		if s.Rights.Status == "" {
			s.Rights = book.Rights{Status: "public-domain", Statement: publicDomainUS}
		}
	case "speaker", "author", "authors", "by":
		s.Authors = append(s.Authors, splitList(val)...)
		if key == "speaker" && s.Type == "" {
			s.Type = "speech"
		}
	case "to", "recipient", "recipients":
		s.Recipients = append(s.Recipients, splitList(val)...)
	case "translator", "translators", "translated by":
		s.Translators = append(s.Translators, splitList(val)...)
	case "title":
		s.Title = val
	case "short title":
		s.ShortTitle = val
	case "date":
		d, ok := parseHumanDate(val)
		if !ok {
			r.Notes = append(r.Notes, fmt.Sprintf("the date %q could not be read; write it as YYYY-MM-DD", val))
			return
		}
		s.Date = d
		if val != d.Raw {
			s.DateDisplay = val
		}
	case "place", "location":
		s.Place = val
	case "type":
		s.Type = strings.ToLower(val)
	case "language":
		if code := languageCode(val); code != "" {
			s.Language = code
		} else if validLang(val) {
			s.Language = val
		} else {
			r.Notes = append(r.Notes, fmt.Sprintf("the language %q is not known; give its code (en, ru …)", val))
		}
	case "source", "citation":
		s.Citation.Text = val
	case "archive":
		s.Citation.Archive = val
	case "repository":
		s.DigitalCopy.Repository = val
	case "url", "link":
		if u, err := url.Parse(val); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			s.DigitalCopy.URL = val
		} else {
			r.Notes = append(r.Notes, fmt.Sprintf("the link %q is not a web address and was left out", val))
		}
	case "summary":
		s.Summary = val
	case "subjects", "keywords":
		s.Subjects = append(s.Subjects, splitList(strings.ReplaceAll(val, ",", ";"))...)
	case "rights":
		for _, st := range book.RightsStatuses {
			if strings.EqualFold(val, st) {
				s.Rights.Status = st
				return
			}
		}
		s.Rights.Statement = val
	default:
		r.Notes = append(r.Notes, fmt.Sprintf("the header line %q was not imported", key+": "+val))
	}
}

// validLang accepts the BCP 47 tags book accepts (it checks them with
// x/text/language too), so that an import never writes a file book rejects.
func validLang(tag string) bool {
	if !langCodeRE.MatchString(tag) {
		return false
	}
	_, err := language.Parse(tag)
	return err == nil
}

var langCodeRE = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// splitList splits "A; B and C" into trimmed, non-empty names. Commas are
// left alone: "Truman, Harry S." is one name.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(s, " and ", ";"), ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// titleFromSlug title-cases a file-name slug: "address-buildup-arms-cuba"
// → "Address Buildup Arms Cuba", small words lower-case but the first.
// The slug has lost words and capitals, so the result is only a start.
func titleFromSlug(slug string) string {
	ws := strings.FieldsFunc(slug, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' })
	for i, w := range ws {
		lw := strings.ToLower(w)
		if i > 0 && smallWords[lw] {
			ws[i] = lw
			continue
		}
		rs := []rune(lw)
		rs[0] = unicode.ToTitle(rs[0])
		ws[i] = string(rs)
	}
	return strings.Join(ws, " ")
}
