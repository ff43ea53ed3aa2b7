package importer

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"sourcebook/book"
)

// A Wilson Center Digital Archive capture is the text of a document page
// as a browser copies it: site chrome ("Skip to content"), the date, the
// title, a funder line, the document's text, a one-line summary, then
// "Document Information" with the citation, the rights statement and
// labelled fields ("Original Uploaded Date", "Record ID", …), and the
// funder's name again at the foot.

const (
	funderPrefix = "This document was made possible with support from "
	docInfo      = "Document Information"
	repoWilson   = "Wilson Center Digital Archive"
	rightsPrefix = "The History and Public Policy Program welcomes"
)

// isWilson sniffs a capture: the "Document Information" heading on a line
// of its own together with either the page's first line or the archive's
// own wording, so that a transcript merely mentioning the phrase is not
// taken for one.
func isWilson(data []byte) bool {
	if len(data) > 1<<22 {
		data = data[:1<<22]
	}
	hasInfo := false
	for _, l := range bytes.Split(data, []byte("\n")) {
		if string(bytes.TrimSpace(l)) == docInfo {
			hasInfo = true
			break
		}
	}
	if !hasInfo {
		return false
	}
	first := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = bytes.TrimSpace(first[:i])
	}
	return bytes.EqualFold(first, []byte("Skip to content")) || bytes.EqualFold(first, []byte("Skip to main content")) ||
		bytes.Contains(data, []byte("History and Public Policy Program")) ||
		bytes.Contains(data, []byte(funderPrefix))
}

// wilsonLabels are the labelled fields after the rights statement.
var wilsonLabels = setOf("original uploaded date", "record id", "type", "language", "original language",
	"subjects", "subject", "theme", "themes", "original archive", "source", "associated places",
	"associated people & organizations", "associated topics", "document type", "original classification",
	"collection", "collections", "program", "contributed by", "tags", "keywords", "publication date")

type span struct{ from, to int } // lines [from, to)

func importWilson(path, text string) (*Result, error) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	info := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == docInfo {
			info = i
			break
		}
	}
	if info < 0 {
		return nil, fail(path, "not a Wilson Center capture: there is no \"Document Information\" line")
	}
	s := &book.Source{Language: "en", DigitalCopy: book.DigitalCopy{Repository: repoWilson}}
	r := &Result{Source: s}

	// Header: chrome, date and title (either order), funder lines.
	i := 0
	next := func() {
		for i < info && blank(lines[i]) {
			i++
		}
	}
	next()
	for i < info && isChrome(lines[i]) {
		i++
		next()
	}
	dateLine := ""
	tryDate := func() {
		if i < info && dateLine == "" {
			if d, ok := parseHumanDate(lines[i]); ok {
				s.Date, dateLine = d, strings.TrimSpace(lines[i])
				i++
				next()
			}
		}
	}
	tryDate()
	// A rule (---, ***, ===) under the page's chrome is not a title.
	for i < info && isRule(lines[i]) {
		i++
		next()
	}
	tryDate()
	if i < info && !strings.HasPrefix(strings.TrimSpace(lines[i]), funderPrefix) {
		s.Title = strings.TrimSpace(lines[i])
		i++
		next()
	}
	tryDate()
	for i < info && strings.HasPrefix(strings.TrimSpace(lines[i]), funderPrefix) {
		if f := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lines[i]), funderPrefix)); f != "" {
			s.Credits.Funders = append(s.Credits.Funders, strings.TrimSuffix(f, "."))
		}
		i++
		next()
	}
	s.DateDisplay = dateLine
	if dateLine == "" {
		r.Notes = append(r.Notes, "no date line was found before the title")
	}

	// Body, then the summary: the paragraph just before Document Information.
	body := paragraphs(lines, i, info)
	if len(body) > 1 {
		last := body[len(body)-1]
		s.Summary = strings.TrimSpace(strings.Join(lines[last.from:last.to], " "))
		body = body[:len(body)-1]
	} else {
		r.Notes = append(r.Notes, "no summary: the text before \"Document Information\" is a single paragraph, kept as the text")
	}
	var md []string
	var plain strings.Builder
	for _, p := range body {
		md = append(md, mdParagraph(lines[p.from:p.to], true))
		plain.WriteString(strings.Join(lines[p.from:p.to], "\n"))
		plain.WriteString("\n")
	}
	s.Body = strings.Join(md, "\n\n") + "\n"
	if !sameWords(s.Body, plain.String()) {
		r.Notes = append(r.Notes, "the Markdown text may not read exactly as the capture; compare them")
	}

	// After Document Information: citation, rights, labelled fields.
	end := len(lines)
	for j := info + 1; j < len(lines); j++ {
		if wilsonLabels[strings.ToLower(strings.TrimSpace(lines[j]))] {
			end = j
			break
		}
	}
	var citation, rights []string
	for _, p := range paragraphs(lines, info+1, end) {
		t := strings.Join(lines[p.from:p.to], "\n")
		t = strings.TrimSpace(t)
		switch {
		case len(rights) > 0, strings.HasPrefix(t, rightsPrefix), len(citation) > 0 && isRightsText(t):
			rights = append(rights, t)
		default:
			citation = append(citation, t)
		}
	}
	s.Citation.Text = strings.Join(citation, "\n\n")
	s.Rights.Statement = strings.Join(rights, "\n\n")
	if strings.Contains(s.Rights.Statement, "welcomes reuse") || strings.Contains(s.Rights.Statement, "research and educational purposes") {
		s.Rights.Status = "educational-use"
	} else if s.Rights.Statement != "" {
		r.Notes = append(r.Notes, "the rights statement is not the archive's usual one; read it and set rights.status")
	}
	parseCitation(s)
	wilsonFields(s, r, lines[end:])

	s.Type = typeFromTitle(s.Title)
	if a, b, ok := fromTo(s.Title); ok {
		s.Authors, s.Recipients = a, b
		if len(a) == 1 && len(b) == 1 {
			s.ShortTitle = surname(a[0]) + " to " + surname(b[0])
		}
	}
	return r, nil
}

func isChrome(l string) bool {
	switch strings.ToLower(strings.TrimSpace(l)) {
	case "skip to content", "skip to main content", "menu", "search":
		return true
	}
	return false
}

func isRightsText(t string) bool {
	return strings.HasPrefix(t, rightsPrefix) || strings.Contains(t, "rights holders") || strings.Contains(t, "copyright")
}

// paragraphs splits lines [from, to) at blank lines.
func paragraphs(lines []string, from, to int) []span {
	var out []span
	start := -1
	for j := from; j <= to; j++ {
		if j == to || blank(lines[j]) {
			if start >= 0 {
				out = append(out, span{start, j})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = j
		}
	}
	return out
}

// wilsonFields reads the labelled fields: a label line, then its value
// lines. The funder's name printed again at the foot is not a value.
func wilsonFields(s *book.Source, r *Result, lines []string) {
	var vals []string
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" {
			vals = append(vals, t)
		}
	}
	for len(vals) > 0 && len(s.Credits.Funders) > 0 && vals[len(vals)-1] == s.Credits.Funders[len(s.Credits.Funders)-1] {
		vals = vals[:len(vals)-1]
	}
	for j := 0; j < len(vals); {
		labelText := vals[j]
		label := strings.ToLower(labelText)
		j++
		var v []string
		for j < len(vals) && !wilsonLabels[strings.ToLower(vals[j])] {
			v = append(v, vals[j])
			j++
		}
		if len(v) == 0 {
			continue
		}
		switch label {
		case "record id":
			if len(v) == 1 && recordIDRE.MatchString(v[0]) {
				s.DigitalCopy.RecordID = v[0]
				continue
			}
		case "original archive":
			s.Citation.Archive = strings.Join(v, "; ")
			continue
		case "subjects", "subject", "associated topics", "theme", "themes":
			s.Subjects = append(s.Subjects, v...)
			continue
		case "language", "original language":
			// The archive's text is an English translation: another
			// language is the original's.
			switch code := languageCode(v[0]); code {
			case "":
			case "en":
				continue
			default:
				s.OriginalLanguage = code
				continue
			}
		case "original uploaded date":
			// When the page was put online, not when the document was written.
			continue
		}
		r.Notes = append(r.Notes, fmt.Sprintf("the field %q (%s) was not imported", labelText, strings.Join(v, "; ")))
	}
}

var recordIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$`)

var languageCodes = map[string]string{
	"english": "en", "russian": "ru", "chinese": "zh", "german": "de", "french": "fr", "polish": "pl",
	"hungarian": "hu", "czech": "cs", "slovak": "sk", "romanian": "ro", "bulgarian": "bg", "serbian": "sr",
	"croatian": "hr", "serbo-croatian": "sh", "albanian": "sq", "korean": "ko", "japanese": "ja",
	"vietnamese": "vi", "mongolian": "mn", "persian": "fa", "farsi": "fa", "dari": "prs", "pashto": "ps",
	"arabic": "ar", "hebrew": "he", "spanish": "es", "portuguese": "pt", "italian": "it", "ukrainian": "uk",
	"estonian": "et", "latvian": "lv", "lithuanian": "lt", "georgian": "ka", "armenian": "hy",
	"hindi": "hi", "urdu": "ur", "turkish": "tr", "greek": "el", "finnish": "fi", "swedish": "sv",
	"norwegian": "no", "danish": "da", "dutch": "nl", "indonesian": "id", "khmer": "km", "lao": "lo", "thai": "th",
}

func languageCode(name string) string { return languageCodes[strings.ToLower(strings.TrimSpace(name))] }

var (
	pageRE       = regexp.MustCompile(`^(.*\S), pp?\. ?([0-9]+(?:[-–][0-9]+)?)\.?(?:\s|$)`)
	bookishRE    = regexp.MustCompile(`\([^()]*\b[12][0-9]{3}\)`)
	translatedRE = regexp.MustCompile(`(?i)\btranslated(?: and [a-z]+)?(?: for [^.,;]+?)? by `)
)

// parseCitation fills published_in, page and translators from the
// citation when it follows the usual patterns.
func parseCitation(s *book.Source) {
	c := s.Citation.Text
	if m := pageRE.FindStringSubmatch(c); m != nil && bookishRE.MatchString(m[1]) {
		s.Citation.PublishedIn, s.Citation.Page = m[1], m[2]
	}
	if loc := translatedRE.FindStringIndex(c); loc != nil {
		s.Translators = splitNames(sentence(c[loc[1]:]))
	}
}

// sentence returns s up to the full stop that ends its sentence, passing
// over the stops of initials ("A. A. Lyakhovskiy").
func sentence(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ';', '\n', '(':
			return s[:i]
		case '.':
			w := s[:i]
			if j := strings.LastIndexByte(w, ' '); j >= 0 {
				w = w[j+1:]
			}
			if utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
				continue
			}
			return s[:i]
		}
	}
	return s
}

// splitNames splits "A, B and C" and keeps only what looks like names.
func splitNames(s string) book.Names {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, " for "); i >= 0 {
		s = s[:i]
	}
	var out book.Names
	for _, part := range strings.Split(strings.ReplaceAll(s, " and ", ", "), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !looksLikeName(part) {
			return nil
		}
		out = append(out, part)
	}
	return out
}

func looksLikeName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 5 {
		return false
	}
	caps := 0
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
			caps++
		case particles[w]:
		default:
			return false
		}
	}
	return caps > 0
}

// typeFromTitle reads the document type from the title's first words.
func typeFromTitle(title string) string {
	t := strings.ToLower(title)
	first, _, _ := strings.Cut(t, " ")
	switch {
	case strings.HasPrefix(t, "record of conversation"), strings.HasPrefix(t, "record of a conversation"):
		return "transcript"
	}
	switch first {
	case "letter":
		return "letter"
	case "memorandum", "memo":
		return "memorandum"
	case "telegram", "cable", "ciphered":
		return "telegram"
	case "report":
		return "report"
	case "minutes":
		return "minutes"
	case "transcript":
		return "transcript"
	case "speech":
		return "speech"
	case "treaty", "agreement":
		return "treaty"
	case "diary":
		return "diary"
	case "interview":
		return "interview"
	}
	return "other"
}

// fromTo finds the writer and addressee in titles such as "Letter from
// A to B". The heuristic is conservative: a name is the last two or three
// capitalised words of its phrase, after any office or title ("Soviet
// First Deputy Foreign Minister and Special Afghanistan Envoy Yuli
// Vorontsov" gives Yuli Vorontsov); when either side yields nothing
// that looks like a person, neither is used.
func fromTo(title string) (from, to book.Names, ok bool) {
	i := strings.Index(title, " from ")
	if i < 0 {
		return nil, nil, false
	}
	rest := title[i+len(" from "):]
	a, b, found := strings.Cut(rest, " to ")
	if !found || strings.Contains(b, " to ") {
		return nil, nil, false
	}
	for _, stop := range []string{",", ";", ":", " (", " on ", " regarding ", " concerning ", " about ", " re ", " with ", " in reply", " in response"} {
		if j := strings.Index(b, stop); j >= 0 {
			b = b[:j]
		}
	}
	from, to = personNames(a), personNames(b)
	if len(from) == 0 || len(to) == 0 {
		return nil, nil, false
	}
	return from, to, true
}

// personNames reads "A and B", each part a name possibly after titles.
func personNames(phrase string) book.Names {
	var out book.Names
	for _, part := range strings.Split(phrase, " and ") {
		if n := trailingName(strings.Fields(part)); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// trailingName is the run of name words ending the phrase, if it is two
// or three words long (one after an office, "Ambassador Dobrynin") and
// starts the phrase or follows an office, not a preposition ("Embassy
// in Kabul Office").
func trailingName(ws []string) string {
	j := len(ws)
	for j > 0 && isNameWord(ws[j-1]) {
		j--
	}
	// Particles may sit inside a name, not at its edges.
	for j < len(ws) && particles[ws[j]] {
		j++
	}
	n := len(ws) - j
	afterOffice := j > 0 && officeWords[strings.Trim(ws[j-1], ".,")]
	switch {
	case n == 0 || n > 3:
		return ""
	case j > 0 && !afterOffice:
		return ""
	case n == 1 && !afterOffice:
		return ""
	}
	return strings.Join(ws[j:], " ")
}

func isNameWord(w string) bool {
	if particles[w] {
		return true
	}
	if officeWords[strings.Trim(w, ".,")] || notNames[w] {
		return false
	}
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	rest := w[size:]
	if rest == "." { // an initial
		return true
	}
	hasLower := false
	for _, c := range rest {
		switch {
		case unicode.IsLower(c):
			hasLower = true
		case c == '-' || c == '\'' || c == '’' || c == '.' || unicode.IsUpper(c):
		default:
			return false
		}
	}
	return hasLower
}

var particles = setOf("de", "van", "von", "der", "den", "bin", "ibn", "al", "da", "di", "du", "la", "le", "ter", "y")

// officeWords are titles and offices that come before a name.
var officeWords = setOf("Minister", "Ministers", "Deputy", "First", "Second", "Third", "Foreign", "Special", "Envoy",
	"Ambassador", "Secretary", "General", "President", "Vice", "Prime", "Premier", "Chairman", "Chairwoman",
	"Chair", "Director", "Head", "Chief", "Commander", "Marshal", "Consul", "Counselor", "Counsellor", "Adviser",
	"Advisor", "Assistant", "Representative", "Leader", "King", "Queen", "Prince", "Emperor", "Comrade",
	"Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Colonel", "Gen", "Admiral", "Captain", "Lieutenant", "Major",
	"Senator", "Governor", "Mayor", "Chancellor", "Attaché", "Attache", "Chargé", "d'Affaires", "Affairs",
	"Defense", "Defence", "State", "Executive", "Acting", "Former", "Senior", "Permanent", "Plenipotentiary",
	"Extraordinary", "Opposition", "Official", "Officer", "Member", "Delegate", "Journalist", "Correspondent")

// notNames are words that start with a capital but name no person.
var notNames = setOf("Soviet", "Chinese", "American", "British", "French", "German", "Polish", "Hungarian",
	"Czechoslovak", "Romanian", "Bulgarian", "Yugoslav", "Albanian", "Cuban", "Vietnamese", "Korean",
	"Japanese", "Indian", "Pakistani", "Afghan", "Iranian", "Iraqi", "Israeli", "Egyptian", "Syrian",
	"Mongolian", "East", "West", "North", "South", "Central", "Communist", "Socialist", "Democratic",
	"Republic", "Union", "Party", "Government", "Embassy", "Ministry", "Committee", "Council", "Leadership",
	"Delegation", "Office", "Department", "Bureau", "Politburo", "Presidium", "Headquarters", "Army",
	"Intelligence", "Service", "Security", "The", "A", "An")

// isRule reports a line of only -, *, _ or = (three or more): a
// separator, never a title.
func isRule(l string) bool {
	t := strings.ReplaceAll(strings.TrimSpace(l), " ", "")
	if len(t) < 3 {
		return false
	}
	for _, c := range []string{"-", "*", "_", "="} {
		if strings.Trim(t, c) == "" {
			return true
		}
	}
	return false
}
