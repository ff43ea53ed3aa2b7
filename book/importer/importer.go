// Package importer turns documents in the forms teachers find them (web
// captures from the Wilson Center Digital Archive, plain-text transcripts,
// Markdown, saved HTML pages) into Sourcebook source files: a catalogue
// record filled in as far as the input allows, the text in Markdown that
// reads exactly as the original, and a list of what is still to be filled.
package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"sourcebook/book"
)

// Result is one imported document.
type Result struct {
	Source *book.Source // front matter filled in; Source.Body = Markdown text
	// Missing lists the front-matter fields the importer could not fill
	// (e.g. "rights.status", "place"), by their YAML names, for the report.
	Missing []string
	// Notes are things the teacher should check: guesses the importer
	// made and input it left out.
	Notes []string
	From  string // input path
}

// Formats Detect may return.
const (
	FormatWilson     = "wilson"
	FormatTranscript = "transcript"
	FormatMarkdown   = "markdown"
	FormatHTML       = "html"
)

// Detect picks the format of a file: "wilson", "transcript", "markdown" or
// "html". The extension decides for Markdown and HTML; text files are
// sniffed, since a Wilson Center capture is saved as .txt like a transcript.
func Detect(path string, data []byte) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		return FormatMarkdown
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	}
	if isWilson(data) {
		return FormatWilson
	}
	head := bytes.TrimLeft(data, "\ufeff \t\r\n")
	if len(head) > 1024 {
		head = head[:1024]
	}
	lower := bytes.ToLower(head)
	if bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) || bytes.Contains(lower, []byte("<body")) {
		return FormatHTML
	}
	if bytes.HasPrefix(head, []byte("---\n")) || bytes.HasPrefix(head, []byte("---\r\n")) {
		return FormatMarkdown
	}
	return FormatTranscript
}

// Import parses one file (any supported format). It returns an error,
// naming the file, for input that is not text or has no text.
func Import(path string, data []byte) ([]Result, error) {
	text, err := normalize(path, data)
	if err != nil {
		return nil, err
	}
	var r *Result
	switch Detect(path, []byte(text)) {
	case FormatWilson:
		r, err = importWilson(path, text)
	case FormatMarkdown:
		r, err = importMarkdown(path, text)
	case FormatHTML:
		r, err = importHTML(path, text)
	default:
		r, err = importTranscript(path, text)
	}
	if err != nil {
		return nil, err
	}
	r.From = path
	s := r.Source
	if strings.TrimSpace(s.Body) == "" {
		return nil, fail(path, "no text was found to import")
	}
	if s.ID == "" {
		s.ID = ID(s)
	}
	r.Missing = missing(s, r.Missing)
	if n := cloudflareEmails(s.Body); n > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("the web page hid %s behind Cloudflare's e-mail protection, so the text says “[email protected]” where the address was; restore the address from the page as a browser shows it, or from the original document", plural(n, "an e-mail address", "e-mail addresses")))
	}
	return []Result{*r}, nil
}

// ImportPaths imports files and the supported files in folders (walked
// recursively: *.txt, *.md, *.markdown, *.html, *.htm), in sorted order so
// that repeated runs give the same ids. Ids used twice in the batch get a
// numeric suffix. Files that fail are reported in the errors and skipped.
func ImportPaths(paths []string) ([]Result, []error) {
	rs, _, errs := ImportPathsReport(paths)
	return rs, errs
}

// Skip is a file or folder a folder import passed over, and why.
type Skip struct {
	Path, Why string
}

// ImportPathsReport is ImportPaths that also says which files in the
// folders were passed over and why, so that nothing is left out silently.
func ImportPathsReport(paths []string) ([]Result, []Skip, []error) {
	var files []string
	var errs []error
	var skipped []Skip
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fail(p, fmt.Sprintf("cannot read: %v", unwrapPathError(err))))
			continue
		}
		if !fi.IsDir() {
			add(filepath.Clean(p))
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fail(q, fmt.Sprintf("cannot read: %v", unwrapPathError(err))))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if q != p && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					skipped = append(skipped, Skip{q, "a hidden folder (its name starts with a dot)"})
					return fs.SkipDir
				}
				skipped = append(skipped, Skip{q, "a hidden file (its name starts with a dot)"})
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !d.Type().IsRegular() {
				skipped = append(skipped, Skip{q, "not a regular file (a link, device or pipe)"})
				return nil
			}
			switch strings.ToLower(filepath.Ext(name)) {
			case ".txt", ".md", ".markdown", ".html", ".htm":
				// A folder's README describes it; it is not a document.
				if strings.EqualFold(name, "README.md") {
					skipped = append(skipped, Skip{q, "a README describes the folder and is not a document"})
					return nil
				}
				found = append(found, q)
			default:
				skipped = append(skipped, Skip{q, "only .txt, .md, .markdown, .html and .htm files are imported from a folder; rename it if it is a document, or import it by name"})
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fail(p, err.Error()))
		}
		sort.Strings(found)
		for _, q := range found {
			add(q)
		}
	}
	var out []Result
	ids := map[string]bool{}
	limit := book.DefaultLimits().SourceBytes
	for _, f := range files {
		// A device or pipe is refused without being opened (a pipe
		// blocks, /dev/zero never ends); a saved page may carry markup
		// around its text, so it may be twice the size a source may be.
		data, err := book.ReadFile(f, 2*limit, "twice Limits.SourceBytes", "the file")
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rs, err := Import(f, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, r := range rs {
			if n := int64(len(r.Source.Body)); n > limit {
				errs = append(errs, fail(f, fmt.Sprintf("the document's text is %.1f MB, more than the %d MB a build reads from one source (Limits.SourceBytes); split the file into several documents and import those", float64(n)/(1<<20), limit>>20)))
				continue
			}
			if id := r.Source.ID; ids[id] {
				r.Source.ID = uniqueID(id, ids)
				r.Notes = append(r.Notes, fmt.Sprintf("the id %s was already taken by another file in this import; this one is %s", id, r.Source.ID))
			}
			ids[r.Source.ID] = true
			out = append(out, r)
		}
	}
	return out, skipped, errs
}

// uniqueID appends -2, -3, … to id, keeping within the id length limit.
func uniqueID(id string, taken map[string]bool) string {
	for n := 2; ; n++ {
		suf := fmt.Sprintf("-%d", n)
		base := id
		if len(base)+len(suf) > maxIDLen {
			base = cutAtHyphen(base, maxIDLen-len(suf))
		}
		if c := base + suf; !taken[c] {
			return c
		}
	}
}

// normalize checks that data is text and makes line endings uniform, as
// book.ParseSource does, so that imported text round-trips.
func normalize(path string, data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	lineOf := func(off int) int { return 1 + bytes.Count(data[:off], []byte("\n")) }
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return "", &book.Error{File: path, Line: lineOf(off), Msg: "the file is not valid UTF-8 text; save it as UTF-8 and import it again"}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", &book.Error{File: path, Line: lineOf(i), Msg: "the file contains a NUL byte; it is probably not a text file"}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", fail(path, "the file is empty")
	}
	s := string(data)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, nil
}

func fail(path, msg string) error { return &book.Error{File: path, Msg: msg} }

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// missing lists the empty fields a finished source should have, after
// those the format's importer already reported (kept, without repeats).
func missing(s *book.Source, already []string) []string {
	out := append([]string(nil), already...)
	add := func(field string, empty bool) {
		if !empty {
			return
		}
		for _, f := range out {
			if f == field {
				return
			}
		}
		out = append(out, field)
	}
	add("id", s.ID == "")
	add("title", strings.TrimSpace(s.Title) == "")
	add("date", s.Date.IsZero())
	add("type", s.Type == "")
	add("authors", len(s.Authors) == 0)
	add("place", s.Place == "")
	add("language", s.Language == "")
	add("original_language", len(s.Translators) > 0 && s.OriginalLanguage == "")
	add("source.citation", s.Citation.Text == "")
	add("digital_copy.repository", s.DigitalCopy.Repository == "")
	add("rights.status", s.Rights.Status == "")
	return out
}

// Required reports whether a Missing entry is a field book.ParseSource
// insists on, so that callers can tell a file that will not load yet from
// one that merely lacks detail.
func Required(field string) bool {
	switch field {
	case "id", "title", "date", "type", "rights.status":
		return true
	}
	return false
}

// Lines and paragraphs ------------------------------------------------------

// blank reports whether a line has no visible text (NBSP counts as space).
func blank(line string) bool { return strings.TrimSpace(line) == "" }

var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var (
	mdyRE = regexp.MustCompile(`^([A-Za-z]+)\.? +(\d{1,2}),? +(\d{4})$`)
	dmyRE = regexp.MustCompile(`^(\d{1,2}) +([A-Za-z]+)\.?,? +(\d{4})$`)
	myRE  = regexp.MustCompile(`^([A-Za-z]+)\.?,? +(\d{4})$`)
	yRE   = regexp.MustCompile(`^(\d{4})$`)
	isoRE = regexp.MustCompile(`^\d{4}(-\d{2}){0,2}$`)
)

// parseHumanDate reads the dates archives print ("September 2, 1989",
// "2 September 1989", "September 1989", "1989", "c. 1989", "1989?", and
// ranges "A – B") into an EDTF date.
func parseHumanDate(s string) (book.Date, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, sep := range []string{" - ", " – ", " — ", "–"} {
		if a, b, ok := strings.Cut(s, sep); ok {
			da, oka := parseHumanDate(a)
			db, okb := parseHumanDate(b)
			if !oka || !okb || da.End != nil || db.End != nil {
				return book.Date{}, false
			}
			d, err := book.ParseDate(da.Raw + "/" + db.Raw)
			return d, err == nil
		}
	}
	suffix := ""
	for _, p := range []string{"circa ", "ca. ", "c. ", "c.", "ca "} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s, suffix = strings.TrimSpace(s[len(p):]), "~"
			break
		}
	}
	if strings.HasSuffix(s, "?") {
		s = strings.TrimSpace(strings.TrimSuffix(s, "?"))
		if suffix == "~" {
			suffix = "%"
		} else {
			suffix = "?"
		}
	}
	var edtf string
	month := func(name string) int { return monthNames[strings.ToLower(name)] }
	switch {
	case isoRE.MatchString(s):
		edtf = s
	case mdyRE.MatchString(s):
		m := mdyRE.FindStringSubmatch(s)
		if month(m[1]) == 0 {
			return book.Date{}, false
		}
		edtf = fmt.Sprintf("%s-%02d-%02d", m[3], month(m[1]), atoi(m[2]))
	case dmyRE.MatchString(s):
		m := dmyRE.FindStringSubmatch(s)
		if month(m[2]) == 0 {
			return book.Date{}, false
		}
		edtf = fmt.Sprintf("%s-%02d-%02d", m[3], month(m[2]), atoi(m[1]))
	case myRE.MatchString(s):
		m := myRE.FindStringSubmatch(s)
		if month(m[1]) == 0 {
			return book.Date{}, false
		}
		edtf = fmt.Sprintf("%s-%02d", m[2], month(m[1]))
	case yRE.MatchString(s):
		edtf = s
	default:
		return book.Date{}, false
	}
	d, err := book.ParseDate(edtf + suffix)
	return d, err == nil
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// cloudflareEmails counts the placeholders Cloudflare's e-mail
// obfuscation leaves in a saved page's text ("[email protected]", with an
// ordinary or a no-break space).
func cloudflareEmails(text string) int {
	return strings.Count(text, "[email protected]") + strings.Count(text, "[email\u00a0protected]") + strings.Count(text, "[email&#160;protected]") +
		strings.Count(text, "[email\\ protected]")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf("%d %s", n, many)
}
