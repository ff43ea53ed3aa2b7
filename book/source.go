package book

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sourcebook/book/diag"
	"sourcebook/book/input"
	"sourcebook/book/manifest"
	"sourcebook/internal/work"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"
)

// Source is one primary document in the library: its catalogue record
// (the YAML front matter) and its text, exactly as transcribed.
type Source struct {
	ID               string      `yaml:"id"`
	Title            string      `yaml:"title"`
	ShortTitle       string      `yaml:"short_title,omitempty"`
	Date             Date        `yaml:"date"`
	DateDisplay      string      `yaml:"date_display,omitempty"`
	Place            string      `yaml:"place,omitempty"`
	Type             string      `yaml:"type"`
	Authors          Names       `yaml:"authors,omitempty"`
	Recipients       Names       `yaml:"recipients,omitempty"`
	Language         string      `yaml:"language,omitempty"`
	OriginalLanguage string      `yaml:"original_language,omitempty"`
	Translators      Names       `yaml:"translators,omitempty"`
	Summary          string      `yaml:"summary,omitempty"`
	Subjects         []string    `yaml:"subjects,omitempty"`
	Citation         Citation    `yaml:"source,omitempty"`
	DigitalCopy      DigitalCopy `yaml:"digital_copy,omitempty"`
	Credits          Credits     `yaml:"credits,omitempty"`
	Rights           Rights      `yaml:"rights"`
	// Paragraphs marks paragraphs as counted or not where the usual
	// rules guess wrong (see numberParagraphs).
	Paragraphs ParagraphMarks `yaml:"paragraphs,omitempty"`

	// Body is the document's text in Markdown, byte for byte as in the file
	// (after line endings are normalised to \n).
	Body string `yaml:"-"`
	// File is the path the source was read from; BodyLine the file line on
	// which Body starts, so that problems in the text can be located.
	File string `yaml:"-"`
	// Digest identifies the file's content: renderers that keep work
	// between builds (--watch) use it to see what changed.
	Digest   [32]byte `yaml:"-"`
	BodyLine int      `yaml:"-"`
	idLine   int
	paraLine int
}

// Citation is where the text was published or is held.
type Citation struct {
	Text            string `yaml:"citation,omitempty"`
	PublishedIn     string `yaml:"published_in,omitempty"`
	Archive         string `yaml:"archive,omitempty"`
	ArchiveLocation string `yaml:"archive_location,omitempty"`
	// ArchivePlace is the archive's city (and country), as APA asks.
	ArchivePlace string `yaml:"archive_place,omitempty"`
	Page         string `yaml:"page,omitempty"`
}

// DigitalCopy is the online copy the transcription was taken from.
type DigitalCopy struct {
	Repository string `yaml:"repository,omitempty"`
	URL        string `yaml:"url,omitempty"`
	RecordID   string `yaml:"record_id,omitempty"`
}

// Credits acknowledges those who made the copy available.
type Credits struct {
	Funders []string `yaml:"funders,omitempty"`
}

// Rights says on what terms the text may be reproduced.
type Rights struct {
	Status    string `yaml:"status"`
	Statement string `yaml:"statement,omitempty"`
	Holder    string `yaml:"holder,omitempty"`
}

// RightsStatuses are the values rights.status may take.
var RightsStatuses = []string{"public-domain", "cc-by", "cc-by-sa", "cc-by-nc", "cc0", "educational-use", "permission", "unknown"}

// DocumentTypes are the usual values of type; others are accepted.
var DocumentTypes = []string{"letter", "speech", "memorandum", "treaty", "report", "telegram", "diary", "minutes", "transcript", "article", "law", "petition", "interview", "other"}

var idRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Label is the short name used in running heads and the contents.
func (s *Source) Label() string {
	if s.ShortTitle != "" {
		return s.ShortTitle
	}
	return s.Title
}

// DateText is how the date is shown to readers.
func (s *Source) DateText() string { return s.DateIn(English) }

// splitFrontMatter separates "---" delimited YAML from the body. Written
// here rather than taken from goldmark's frontmatter extension because the
// loader needs the YAML node tree with line numbers and the exact body
// bytes, before and independently of any Markdown parsing.
func splitFrontMatter(data []byte) (front []byte, body []byte, bodyLine int, ok bool) {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, data, 1, false
	}
	rest := data[4:]
	line := 2
	for len(rest) > 0 || line == 2 {
		i := bytes.IndexByte(rest, '\n')
		var l []byte
		if i < 0 {
			l = rest
		} else {
			l = rest[:i]
		}
		if string(bytes.TrimRight(l, " \t")) == "---" || string(bytes.TrimRight(l, " \t")) == "..." {
			front = data[4 : len(data)-len(rest)]
			if i < 0 {
				return front, nil, line + 1, true
			}
			return front, rest[i+1:], line + 1, true
		}
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		line++
	}
	return nil, data, 1, false
}

// ReadSource reads and validates one source file, within the default
// limits.
func ReadSource(path string) (*Source, error) { return readSource(path, DefaultLimits()) }

func readSource(path string, lim Limits) (*Source, error) {
	data, err := input.ReadText(path, lim.SourceBytes, "the source")
	if err != nil {
		return nil, err
	}
	return ParseSource(path, data)
}

// bidiControls are the invisible characters that reorder the text after
// them (embeddings, overrides and isolates). Marks (U+200E, U+200F) are
// left alone: they only nudge neutral characters.
var bidiControls = map[rune]string{
	0x202A: "LEFT-TO-RIGHT EMBEDDING", 0x202B: "RIGHT-TO-LEFT EMBEDDING", 0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE", 0x202E: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
}

// checkChars warns, once per kind and file, about characters that the
// editions drop or show differently: control characters (neither edition
// can show them, so they are left out) and bidirectional controls
// (e-readers reorder the text after them; the print edition cannot).
// Text is after NormalizeText: no NUL, no CR.
func checkChars(file string, firstLine int, text string) []*Warning {
	var out []*Warning
	var ctl, bidi, priv, unas rune
	var ctlLine, bidiLine, nctl, nbidi int
	var replLine, nrepl, privLine, npriv, unasLine, nunas int
	line := firstLine
	for _, r := range text {
		switch {
		case r >= 0x20 && r < 0x7f:
			// Plain ASCII, most of any text: no map lookup.
		case r == '\n':
			line++
		case r == '\t':
		case r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0xFFFE || r == 0xFFFF:
			if nctl == 0 {
				ctl, ctlLine = r, line
			}
			nctl++
		case r >= 0x202A && r <= 0x2069 && bidiControls[r] != "":
			if nbidi == 0 {
				bidi, bidiLine = r, line
			}
			nbidi++
		case r == 0xFFFD:
			if nrepl == 0 {
				replLine = line
			}
			nrepl++
		case r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000: // private use
			if npriv == 0 {
				priv, privLine = r, line
			}
			npriv++
		case r >= 0x378 && !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs):
			if nunas == 0 {
				unas, unasLine = r, line
			}
			nunas++
		}
	}
	more := func(n int) string {
		if n > 1 {
			return fmt.Sprintf(" (%d such characters in this file)", n)
		}
		return ""
	}
	if nctl > 0 {
		out = append(out, &Warning{File: file, Line: ctlLine, Msg: fmt.Sprintf("the control character %U is not text and is left out of both editions%s; delete it", ctl, more(nctl))})
	}
	if nrepl > 0 {
		out = append(out, &Warning{File: file, Line: replLine, Msg: fmt.Sprintf("the replacement character U+FFFD (\uFFFD) stands for a character lost when the text was converted or copied%s; compare with the original and write the character it had", more(nrepl))})
	}
	if npriv > 0 {
		out = append(out, &Warning{File: file, Line: privLine, Msg: fmt.Sprintf("the private-use character %U means something only to the font or program that wrote it%s; e-readers and print show it as a box or not at all, so write the character it stands for", priv, more(npriv))})
	}
	if nunas > 0 {
		out = append(out, &Warning{File: file, Line: unasLine, Msg: fmt.Sprintf("the character %U is not assigned in Unicode%s; no font has it, so it prints as a box; check the transcription", unas, more(nunas))})
	}
	if nbidi > 0 {
		out = append(out, &Warning{File: file, Line: bidiLine, Msg: fmt.Sprintf("the invisible character %U (%s) makes e-readers reorder the text after it, which print cannot do, so the editions differ%s; delete it unless the transcription needs it", bidi, bidiControls[bidi], more(nbidi))})
	}
	return out
}

// ParseSource parses a source file's bytes; path is used in messages.
func ParseSource(path string, data []byte) (*Source, error) {
	data, err := input.NormalizeText(path, data)
	if err != nil {
		return nil, err
	}
	front, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		return nil, &Error{File: path, Line: 1, Msg: "a source file starts with YAML front matter between two lines of three dashes (---); see docs/sources.md"}
	}
	var errs Errors
	var node yaml.Node
	if err := yaml.Unmarshal(front, &node); err != nil {
		diag.AddSyntaxError(path, front, err, 1, &errs)
		return nil, errs.Err()
	}
	shiftLines(&node, 1)
	if err := diag.CheckAliases(path, &node); err != nil {
		return nil, err
	}
	s := &Source{File: path, Body: string(body), BodyLine: bodyLine, Digest: sha256.Sum256(data)}
	if node.Kind == 0 {
		errs.Add(path, 1, 0, "", "the front matter is empty; it needs at least id, title, date, type and rights")
		return nil, errs.Err()
	}
	diag.CheckDuplicateKeys(path, &node, &errs)
	diag.CheckBinary(path, &node, &errs)
	diag.DecodeStrict(path, &node, s, &errs)
	for _, e := range errs {
		if e.File == "" {
			e.File = path
		}
	}
	if len(errs) == 0 {
		s.validate(&node, &errs)
	}
	s.idLine, _ = diag.KeyPos(&node, "id")
	s.paraLine, _ = diag.KeyPos(&node, "paragraphs")
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Source) validate(node *yaml.Node, errs *Errors) {
	at := func(key string) (int, int) { return diag.KeyPos(node, key) }
	req := func(key, val, hint string) {
		if strings.TrimSpace(val) == "" {
			l, c := at(key)
			if l == 0 {
				l = 1
				errs.Add(s.File, l, c, key, "missing; %s", hint)
				return
			}
			errs.Add(s.File, l, c, key, "is empty; %s", hint)
		}
	}
	req("id", s.ID, "give the source a short id such as masoud-vorontsov-1989, used by readers to select it")
	if s.ID != "" && !idRE.MatchString(s.ID) {
		l, c := at("id")
		errs.Add(s.File, l, c, "id", "%q is not a valid id; use lower-case letters, digits and single hyphens, starting with a letter (e.g. truman-doctrine-1947)", s.ID)
	}
	req("title", s.Title, "give the document's full title")
	if s.Date.IsZero() {
		l, c := at("date")
		if l == 0 {
			l = 1
		}
		errs.Add(s.File, l, c, "date", "missing; give the document's date as YYYY-MM-DD, YYYY-MM or YYYY (add ? if uncertain)")
	}
	req("type", s.Type, "say what kind of document it is: "+strings.Join(DocumentTypes, ", "))
	if s.Rights.Status == "" {
		l, c := at("rights")
		if l == 0 {
			l = 1
		}
		errs.Add(s.File, l, c, "rights.status", "missing; say on what terms the text may be used: %s", strings.Join(RightsStatuses, ", "))
	} else if !contains(RightsStatuses, s.Rights.Status) {
		l, c := at("rights")
		msg := fmt.Sprintf("%q is not a rights status; use one of %s", s.Rights.Status, strings.Join(RightsStatuses, ", "))
		if sg := diag.Suggest(s.Rights.Status, RightsStatuses); sg != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sg)
		}
		errs.Add(s.File, l, c, "rights.status", "%s", msg)
	}
	for _, f := range []struct{ key, val string }{{"language", s.Language}, {"original_language", s.OriginalLanguage}} {
		if msg := manifest.CheckLanguage(f.val); msg != "" {
			l, c := at(f.key)
			errs.Add(s.File, l, c, f.key, "%s", msg)
		}
	}
	if strings.TrimSpace(s.Body) == "" {
		errs.Add(s.File, s.BodyLine, 0, "", "the source has no text after its front matter")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shiftLines moves node positions by delta lines: front matter starts on
// the file's second line.
func shiftLines(n *yaml.Node, delta int) {
	n.Line += delta
	for _, c := range n.Content {
		shiftLines(c, delta)
	}
}

// Library is the set of sources a reader may draw on.
type Library struct {
	Dirs    []string
	Sources map[string]*Source
	Order   []string // ids in file order, for listings
	// Problems are the files that could not be read as sources, and ids
	// used twice. They stop a build only when the reader needs one of
	// them, so that a stray file in a shared library does not break every
	// reader that uses it.
	Problems Errors
	dupIDs   map[string][]string // id → the files that declare it
	// broken maps the id a failed file seems to declare to its problems.
	broken map[string]Errors
}

var rawIDRE = regexp.MustCompile(`(?m)^id:[ \t]*["']?([^\s"'#]+)`)

// LoadLibrary reads every *.md file in dirs (README.md aside), within
// the default limits. Only an unreadable folder is an error; problems with
// single files are kept in Problems.
func LoadLibrary(dirs ...string) (*Library, error) {
	return loadLibrary(DefaultLimits(), nil, 0, dirs...)
}

// Cache keeps the sources read by one build for the next (sourcebook
// build --watch): a source file whose size and modification time have
// not changed is not read and parsed again, nor a manifest whose bytes
// have not changed. Sources are never changed
// once read, so builds can share them. A Cache is safe for one build at a
// time.
type Cache struct {
	mu      sync.Mutex
	sources map[string]cachedSource
	// The manifest last parsed without errors, and its bytes.
	manifest     *Manifest
	manifestPath string
	manifestData []byte
	// The items of the last build, each as assembled (see itemKey).
	items map[itemKey]*cachedItem
	// Each item's specKey, by its place in the manifest specsOf.
	specsOf *Manifest
	specs   map[specPos][32]byte
}

// readManifest reads the manifest, reusing the last one parsed when the
// file has not changed and had no errors (manifests are never changed
// once parsed).
func (c *Cache) readManifest(path string, lim Limits) (*Manifest, error) {
	if c == nil {
		return manifest.Read(path, lim)
	}
	data, err := input.ReadText(path, lim.SourceBytes, "the reader manifest")
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.manifest != nil && c.manifestPath == path && bytes.Equal(c.manifestData, data) {
		m := c.manifest
		c.mu.Unlock()
		return m, nil
	}
	c.mu.Unlock()
	m, err := ParseManifest(path, data)
	c.mu.Lock()
	c.manifest, c.manifestPath, c.manifestData = nil, "", nil
	if err == nil {
		c.manifest, c.manifestPath, c.manifestData = m, path, data
	}
	c.mu.Unlock()
	return m, err
}

type cachedSource struct {
	size  int64
	mtime time.Time
	s     *Source
}

func (c *Cache) get(path string, st os.FileInfo) *Source {
	if c == nil || st == nil {
		return nil
	}
	path, _ = filepath.Abs(path)
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.sources[path]
	if !ok || e.size != st.Size() || !e.mtime.Equal(st.ModTime()) {
		return nil
	}
	return e.s
}

func (c *Cache) put(path string, st os.FileInfo, s *Source) {
	if c == nil || st == nil {
		return
	}
	path, _ = filepath.Abs(path)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sources == nil {
		c.sources = map[string]cachedSource{}
	}
	c.sources[path] = cachedSource{st.Size(), st.ModTime(), s}
}

// Forget drops what is kept of the file at path: the watcher calls it for
// each file it sees change, in case an edit kept its size and time.
func (c *Cache) Forget(path string) {
	path, _ = filepath.Abs(path)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.sources, path)
}

type readResult struct {
	s   *Source
	err error
}

// readSources reads and parses source files on every core; results are
// in the order of paths.
func readSources(paths []string, lim Limits, cache *Cache, workers int) []readResult {
	out := make([]readResult, len(paths))
	work.Do(workers, len(paths), func(i int) {
		st, err := os.Stat(paths[i])
		if err != nil || !st.Mode().IsRegular() {
			st = nil
		}
		if s := cache.get(paths[i], st); s != nil {
			out[i].s = s
			return
		}
		out[i].s, out[i].err = readSource(paths[i], lim)
		if out[i].err == nil {
			cache.put(paths[i], st, out[i].s)
		}
	})
	return out
}

// head returns the start of a regular file, where the front matter is.
func head(path string) []byte {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return nil // opening a named pipe would block
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(f, 64<<10))
	return b
}

func loadLibrary(lim Limits, cache *Cache, workers int, dirs ...string) (*Library, error) {
	lib := &Library{Dirs: dirs, Sources: map[string]*Source{}, dupIDs: map[string][]string{}, broken: map[string]Errors{}}
	var errs Errors
	same := map[string]bool{}
	for _, dir := range dirs {
		if abs, err := filepath.Abs(dir); err == nil {
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				abs = real
			}
			if same[abs] {
				continue // one folder named twice is one library
			}
			same[abs] = true
		}
		if st, err := os.Stat(dir); err != nil {
			errs.Add(dir, 0, 0, "", "the source library folder cannot be read: %v", input.UnwrapPathError(err))
			continue
		} else if !st.IsDir() {
			errs.Add(dir, 0, 0, "", "the source library is not a folder; name the folder that holds the source files")
			continue
		}
		if _, err := os.ReadDir(dir); err != nil {
			errs.Add(dir, 0, 0, "", "the source library folder cannot be read: %v", input.UnwrapPathError(err))
			continue
		}
		paths, err := filepath.Glob(filepath.Join(dir, "*.md"))
		if err != nil {
			errs.Add(dir, 0, 0, "", "cannot list sources: %v", err)
			continue
		}
		paths = slices.DeleteFunc(paths, func(p string) bool { return strings.EqualFold(filepath.Base(p), "README.md") })
		read := readSources(paths, lim, cache, workers)
		for i, p := range paths {
			s, err := read[i].s, read[i].err
			if err != nil {
				var es Errors
				es.AddErr(err)
				lib.Problems = append(lib.Problems, es...)
				if m := rawIDRE.FindSubmatch(head(p)); m != nil {
					lib.broken[string(m[1])] = append(lib.broken[string(m[1])], es...)
				}
				continue
			}
			if prev, dup := lib.Sources[s.ID]; dup {
				if len(lib.dupIDs[s.ID]) == 0 {
					lib.dupIDs[s.ID] = []string{prev.File}
				}
				lib.dupIDs[s.ID] = append(lib.dupIDs[s.ID], p)
				lib.Problems.Add(p, max(s.idLine, 1), 0, "id", "the id %q is already used by %s; ids must be unique in the library", s.ID, prev.File)
				continue
			}
			lib.Sources[s.ID] = s
			lib.Order = append(lib.Order, s.ID)
		}
	}
	return lib, errs.Err()
}

// Fact is one line of a document's sourcing box.
type Fact struct {
	Label, Value string
	// Pieces, when set, is Value with its titles marked for italics.
	Pieces Cite
}

// Styled is the fact's value in pieces: Pieces, or Value as plain text.
func (f Fact) Styled() Cite {
	if len(f.Pieces) > 0 {
		return f.Pieces
	}
	return Cite{{Text: f.Value}}
}

// Facts lists what is known of a document's origin, for the sourcing box
// both editions print: who wrote it, to whom, when, where, what kind of
// document, its original language, its translator and where it is held.
func (s *Source) Facts() []Fact { return s.FactsIn(English) }

// FactsIn is Facts in a locale's labels and dates.
func (s *Source) FactsIn(l *Locale) []Fact {
	var out []Fact
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			out = append(out, Fact{Label: label, Value: value})
		}
	}
	joinNames := l.And
	plural := func(one, many Msg, n int) string {
		if n > 1 {
			return l.T(many)
		}
		return l.T(one)
	}
	add(plural(MsgAuthor, MsgAuthors, len(s.Authors)), joinNames(s.Authors))
	add(plural(MsgRecipient, MsgRecipients, len(s.Recipients)), joinNames(s.Recipients))
	add(l.T(MsgDate), s.DateIn(l))
	add(l.T(MsgPlace), s.Place)
	if s.Type != "" {
		add(l.T(MsgType), l.TypeName(s.Type))
	}
	if s.OriginalLanguage != "" && s.OriginalLanguage != s.Language {
		add(l.T(MsgOriginalLanguage), LanguageName(s.OriginalLanguage))
	}
	add(plural(MsgTranslator, MsgTranslators, len(s.Translators)), joinNames(s.Translators))
	if held := s.heldIn(); len(held) > 0 {
		out = append(out, Fact{Label: l.T(MsgHeldIn), Value: held.String(), Pieces: held})
	}
	add(l.T(MsgDigitalCopy), s.DigitalCopy.Repository)
	return out
}

// archive is the archive and the location in it, as written.
func (s *Source) archive() cb {
	var b cb
	for _, f := range []string{s.Citation.Archive, s.Citation.ArchiveLocation} {
		if f = strings.TrimSpace(f); f != "" {
			if len(b.c) > 0 {
				b.add(CitePlain, ", ")
			}
			b.rich(f)
		}
	}
	return b
}

// heldIn is where the document is held: the archive and its location,
// else the published collection and page; titles marked *…* in them are
// set in italics.
func (s *Source) heldIn() Cite {
	b := s.archive()
	if len(b.c) == 0 {
		if in := strings.TrimSpace(s.Citation.PublishedIn); in != "" {
			b.rich(in)
			if pg := strings.TrimSpace(s.Citation.Page); pg != "" {
				b.add(CitePlain, ", "+pg)
			}
		}
	}
	return b.done()
}
