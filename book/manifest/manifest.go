package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sourcebook/book/diag"
	"sourcebook/book/input"
	"sourcebook/layouts/presets"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Manifest is a reader's description (reader.yaml): what the teacher
// writes to choose documents and add the apparatus around them.
type Manifest struct {
	Title       string `yaml:"title"`
	Subtitle    string `yaml:"subtitle"`
	Editors     Names  `yaml:"editors"`
	Course      string `yaml:"course"`
	Institution string `yaml:"institution"`
	Publisher   string `yaml:"publisher"`
	Language    string `yaml:"language"`
	License     string `yaml:"license"`
	Date        Date   `yaml:"date"`
	Name        string `yaml:"name"`
	Layout      string `yaml:"layout"`
	PageSize    string `yaml:"page_size"`
	TwoSided    bool   `yaml:"two_sided"`
	Labels      string `yaml:"labels"`
	// CitationStyle is chicago, mla or apa for the list of sources.
	CitationStyle string      `yaml:"citation_style"`
	Sources       []string    `yaml:"sources"`
	Introduction  Text        `yaml:"introduction"`
	Parts         []PartSpec  `yaml:"parts"`
	Items         []ItemSpec  `yaml:"items"`
	Glossary      []GlossSpec `yaml:"glossary"`
	Timeline      bool        `yaml:"timeline"`
	// AcceptRights lists sources whose rights the teacher has checked
	// although their status is unknown, or permission without a
	// statement; "all" accepts every source.
	AcceptRights Names `yaml:"accept_rights"`
	// ShowMetrics shows word counts, reading times and grade levels in the
	// student edition too (the teacher edition always has them).
	ShowMetrics bool `yaml:"show_metrics"`
	// ParagraphNumbers: false leaves ¶ numbers out of the print margin
	// (they are printed by default, as in the EPUB).
	ParagraphNumbers *bool `yaml:"paragraph_numbers"`
	// Fonts are font files (.ttf, .otf, .ttc) for scripts Sourcebook has
	// no face for, such as Chinese, Japanese and Korean, relative to the
	// manifest.
	Fonts []string `yaml:"fonts"`

	// File is the manifest's path; Dir its folder, against which relative
	// paths are resolved.
	File string `yaml:"-"`
	Dir  string `yaml:"-"`
	// Digest identifies the manifest's bytes.
	Digest [32]byte `yaml:"-"`
	text   string
	node   *yaml.Node
}

// PartSpec is a group of documents with its own title and introduction.
type PartSpec struct {
	Title        string `yaml:"title"`
	Introduction Text   `yaml:"introduction"`
	// Question is the part's central question (a document-based
	// question): the prompt students answer from the part's documents.
	Question Text `yaml:"question"`
	// Labels restarts document labels in this part: "letters" gives
	// Document A, B, C…
	Labels string     `yaml:"labels"`
	Items  []ItemSpec `yaml:"items"`
	Line   int        `yaml:"-"`
}

// ItemSpec selects one source and carries the apparatus for it.
type ItemSpec struct {
	ID          string           `yaml:"id"`
	Label       string           `yaml:"label"`
	Title       string           `yaml:"title"`
	Headnote    Text             `yaml:"headnote"`
	Vocabulary  []GlossSpec      `yaml:"vocabulary"`
	Annotations []AnnotationSpec `yaml:"annotations"`
	Excerpt     Excerpt          `yaml:"excerpt"`
	Modified    bool             `yaml:"modified"`
	// ModifiedNote says what was changed in a modified text; required
	// when modified is true.
	ModifiedNote string         `yaml:"modified_note"`
	Time         string         `yaml:"time"` // suggested time, teacher edition
	Questions    []QuestionSpec `yaml:"questions"`
	Line, Col    int            `yaml:"-"`
}

// GlossSpec is a glossary or word-bank entry.
type GlossSpec struct {
	Term       string `yaml:"term"`
	Definition string `yaml:"definition"`
	Line       int    `yaml:"-"`
}

// UnmarshalYAML records the entry's line.
func (g *GlossSpec) UnmarshalYAML(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		return &diag.Error{Line: v.Line, Col: v.Column, Msg: "expected a term and its definition ({term: …, definition: …}), found " + diag.DescribeNode(v)}
	}
	if err := checkMapKeys(v, []string{"term", "definition"}); err != nil {
		return err
	}
	type plain GlossSpec
	var p plain
	err := v.Decode(&p)
	*g = GlossSpec(p)
	g.Line = v.Line
	if err == nil && (strings.TrimSpace(g.Term) == "" || strings.TrimSpace(g.Definition) == "") {
		return &diag.Error{Line: v.Line, Col: v.Column, Msg: "a glossary entry needs both a term and a definition"}
	}
	return err
}

// AnnotationSpec is a note anchored to a phrase of the source text,
// without editing the source file.
type AnnotationSpec struct {
	Anchor     string `yaml:"anchor"`
	Occurrence int    `yaml:"occurrence"`
	Note       string `yaml:"note"`
	Line, Col  int    `yaml:"-"`
	// NoteLine is the line the note's text starts on.
	NoteLine int `yaml:"-"`
}

// KeyChecked: an annotation's mapping keys are checked too.
func (*AnnotationSpec) KeyChecked() {}

// UnmarshalYAML records the annotation's position.
func (a *AnnotationSpec) UnmarshalYAML(v *yaml.Node) error {
	type plain AnnotationSpec
	var p plain
	err := v.Decode(&p)
	*a = AnnotationSpec(p)
	a.Line, a.Col = v.Line, v.Column
	a.NoteLine = a.Line
	for i := 0; i+1 < len(v.Content); i += 2 {
		if v.Content[i].Value == "note" {
			n := v.Content[i+1]
			a.NoteLine = n.Line
			if n.Style == yaml.LiteralStyle || n.Style == yaml.FoldedStyle {
				a.NoteLine++
			}
		}
	}
	if err == nil && (a.Anchor == "" || strings.TrimSpace(a.Note) == "") {
		return &diag.Error{Line: v.Line, Col: v.Column, Msg: "an annotation needs an anchor (a phrase of the text) and a note"}
	}
	if err == nil {
		err = positive(v, "occurrence", a.Occurrence, "counts from 1 (the first occurrence of the phrase)")
	}
	return err
}

// Excerpt selects paragraphs by number: [1-3, 5].
type Excerpt struct {
	Ranges    [][2]int
	Line, Col int
}

// UnmarshalYAML reads a list of paragraph numbers and ranges.
func (e *Excerpt) UnmarshalYAML(v *yaml.Node) error {
	*e = Excerpt{Line: v.Line, Col: v.Column}
	items := v.Content
	if v.Kind == yaml.ScalarNode {
		items = []*yaml.Node{v}
	}
	bad := &diag.Error{Line: v.Line, Col: v.Column, Msg: "an excerpt lists paragraph numbers and ranges, e.g. [1-3, 5]"}
	for _, it := range items {
		if it.Kind != yaml.ScalarNode {
			return bad
		}
		for _, part := range strings.Split(it.Value, ",") {
			part = strings.TrimSpace(part)
			a, b, isRange := strings.Cut(part, "-")
			if !isRange {
				b = a
			}
			lo, err1 := strconv.Atoi(strings.TrimSpace(a))
			hi, err2 := strconv.Atoi(strings.TrimSpace(b))
			if err1 != nil || err2 != nil || lo < 1 || hi < lo {
				bad.Line, bad.Col = it.Line, it.Column
				bad.Msg = fmt.Sprintf("%q is not a paragraph number or range; write e.g. [1-3, 5]", part)
				return bad
			}
			e.Ranges = append(e.Ranges, [2]int{lo, hi})
		}
	}
	return nil
}

// Has reports whether paragraph n is selected.
func (e Excerpt) Has(n int) bool {
	for _, r := range e.Ranges {
		if n >= r[0] && n <= r[1] {
			return true
		}
	}
	return false
}

// KeyChecked: an item's mapping keys are checked too.
func (*ItemSpec) KeyChecked() {}

// UnmarshalYAML records where the item is, for messages.
func (it *ItemSpec) UnmarshalYAML(v *yaml.Node) error {
	if v.Kind == yaml.ScalarNode {
		// "- masoud-vorontsov-1989" is short for "- id: masoud-vorontsov-1989".
		*it = ItemSpec{ID: v.Value, Line: v.Line, Col: v.Column}
		return nil
	}
	type plain ItemSpec
	var p plain
	err := v.Decode(&p)
	*it = ItemSpec(p)
	it.Line, it.Col = v.Line, v.Column
	for i := 0; i+1 < len(v.Content); i += 2 {
		if v.Content[i].Value == "id" {
			// Keep the id even when another field is wrong, so that the
			// rest of the reader can still be checked.
			it.ID = v.Content[i+1].Value
			it.Line, it.Col = v.Content[i+1].Line, v.Content[i+1].Column
		}
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		if v.Content[i].Value != "questions" {
			continue
		}
		// YAML drops a null list element (- ~) before any check of
		// the question's own could see it.
		for _, q := range v.Content[i+1].Content {
			if q.Kind == yaml.ScalarNode && (q.Tag == "!!null" || strings.TrimSpace(q.Value) == "") && err == nil {
				err = &diag.Error{Line: q.Line, Col: q.Column, Field: "questions", Msg: "the question is empty; write its text or remove the line"}
			}
		}
	}
	return err
}

// Text is Markdown given inline or in a file: `headnote: "…"` or
// `headnote: {file: headnote.md}`.
type Text struct {
	Markdown  string
	File      string
	Line, Col int
}

// IsZero reports whether no text was given.
func (t Text) IsZero() bool { return t.Markdown == "" && t.File == "" }

// UnmarshalYAML accepts a string or a mapping with a file key.
func (t *Text) UnmarshalYAML(v *yaml.Node) error {
	*t = Text{Line: v.Line, Col: v.Column}
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag != "!!null" {
			t.Markdown = v.Value
			// A block scalar's text starts on the next line.
			if v.Style == yaml.LiteralStyle || v.Style == yaml.FoldedStyle {
				t.Line++
			}
		}
		return nil
	case yaml.MappingNode:
		if err := checkMapKeys(v, []string{"file"}); err != nil {
			return err
		}
		for i := 0; i+1 < len(v.Content); i += 2 {
			t.File = v.Content[i+1].Value
		}
		if t.File == "" {
			return &diag.Error{Line: v.Line, Col: v.Column, Msg: "give the text inline or as {file: name.md}"}
		}
		return nil
	}
	return &diag.Error{Line: v.Line, Col: v.Column, Msg: "expected Markdown text or {file: name.md}, found " + diag.DescribeNode(v)}
}

// QuestionSpec is a discussion question, optionally with an answer or
// teaching note for the teacher edition.
type QuestionSpec struct {
	Text   string `yaml:"text"`
	Answer string `yaml:"answer"`
	Note   string `yaml:"note"`
	Stage  string `yaml:"stage"`
	// A during-reading question may point at a phrase (anchor, with
	// occurrence) or a paragraph of the source.
	Anchor     string `yaml:"anchor"`
	Occurrence int    `yaml:"occurrence"`
	Paragraph  int    `yaml:"paragraph"`
	// Lines is the number of ruled answer lines on a handout.
	Lines int    `yaml:"lines"`
	Time  string `yaml:"time"`
	Line  int    `yaml:"-"`
	// Col is the question's column; AnchorLine and AnchorCol where its
	// anchor is written, so that an anchor error points at the phrase.
	Col, AnchorLine, AnchorCol int `yaml:"-"`
}

// QuestionStages are the values of a question's stage.
var QuestionStages = []string{"before", "during", "after"}

// UnmarshalYAML accepts a plain string or a mapping.
func (q *QuestionSpec) UnmarshalYAML(v *yaml.Node) error {
	*q = QuestionSpec{Line: v.Line, Col: v.Column, AnchorLine: v.Line, AnchorCol: v.Column}
	if v.Kind == yaml.ScalarNode {
		if v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
			return &diag.Error{Line: v.Line, Col: v.Column, Msg: "the question is empty; write its text or remove the line"}
		}
		q.Text = v.Value
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return &diag.Error{Line: v.Line, Col: v.Column, Msg: "expected a question (text, or a mapping with text and answer), found " + diag.DescribeNode(v)}
	}
	if err := checkMapKeys(v, []string{"text", "answer", "note", "stage", "anchor", "occurrence", "paragraph", "lines", "time"}); err != nil {
		return err
	}
	type plain QuestionSpec
	var p plain
	if err := v.Decode(&p); err != nil {
		return err
	}
	*q = QuestionSpec(p)
	q.Line, q.Col = v.Line, v.Column
	q.AnchorLine, q.AnchorCol = v.Line, v.Column
	if q.Anchor != "" {
		q.AnchorLine, q.AnchorCol = diag.ValuePos(v, "anchor")
	}
	if q.Stage != "" && !slices.Contains(QuestionStages, q.Stage) {
		l, c := diag.KeyPos(v, "stage")
		return &diag.Error{Line: l, Col: c, Field: "stage", Msg: fmt.Sprintf("%q is not a stage; use before, during or after", q.Stage)}
	}
	if strings.TrimSpace(q.Text) == "" {
		return &diag.Error{Line: v.Line, Col: v.Column, Field: "text", Msg: "the question has no text"}
	}
	if err := positive(v, "occurrence", q.Occurrence, "counts from 1 (the first occurrence of the phrase)"); err != nil {
		return err
	}
	if err := positive(v, "paragraph", q.Paragraph, "counts from 1 (¶ 1 is the first paragraph)"); err != nil {
		return err
	}
	return positive(v, "lines", q.Lines, "is the number of ruled answer lines; leave it out for none")
}

// positive refuses a number key given as zero or less: a count from 1
// that would otherwise be quietly taken as its default.
func positive(v *yaml.Node, key string, n int, hint string) error {
	if l, c := diag.KeyPos(v, key); l > 0 && n <= 0 {
		return &diag.Error{Line: l, Col: c, Field: key, Msg: fmt.Sprintf("%d is not allowed: %s %s", n, key, hint)}
	}
	return nil
}

func checkMapKeys(v *yaml.Node, known []string) error {
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := v.Content[i]
		if !slices.Contains(known, k.Value) {
			msg := fmt.Sprintf("unknown key %q", k.Value)
			if s := diag.Suggest(k.Value, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; known keys are " + strings.Join(known, ", ")
			}
			return &diag.Error{Line: k.Line, Col: k.Column, Field: k.Value, Msg: msg}
		}
	}
	return nil
}

// LabelStyles are the ways a manifest may number documents. Layouts and
// page sizes are the presets' own (package presets).
var LabelStyles = []string{"numbers", "letters"}

// Read reads and validates reader.yaml, held to lim.SourceBytes. Every
// problem is reported.
func Read(path string, lim input.Limits) (*Manifest, error) {
	data, err := input.ReadText(path, lim.SourceBytes, "the reader manifest")
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses manifest bytes; path names the file in messages
// and anchors relative paths. When the YAML itself could be read, the
// manifest is returned even if it has errors (as far as it could be
// decoded), together with those errors.
func Parse(path string, data []byte) (*Manifest, error) {
	data, err := input.NormalizeText(path, data)
	if err != nil {
		return nil, err
	}
	var errs diag.Errors
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		diag.AddSyntaxError(path, data, err, 0, &errs)
		return nil, errs.Err()
	}
	m := &Manifest{File: path, Dir: filepath.Dir(path), node: &node, Digest: input.Digest(data), text: string(data)}
	if node.Kind == 0 {
		return nil, &diag.Error{File: path, Line: 1, Msg: "the manifest is empty; start from `sourcebook new` or docs/readers.md"}
	}
	if err := diag.CheckAliases(path, &node); err != nil {
		return nil, err
	}
	diag.CheckDuplicateKeys(path, &node, &errs)
	diag.CheckBinary(path, &node, &errs)
	diag.DecodeStrict(path, &node, m, &errs)
	for _, e := range errs {
		if e.File == "" {
			e.File = path
		}
	}
	m.validate(&errs, len(errs) > 0)
	if m.Language == "" {
		m.Language = "en"
	}
	if len(m.Items) > 0 {
		// Items without parts form one untitled part.
		m.Parts = append([]PartSpec{{Items: m.Items}}, m.Parts...)
		m.Items = nil
	}
	// The manifest is returned with its errors, so that a caller can go
	// on to check the sources and report every problem at once.
	return m, errs.Err()
}

// validate checks values; partial is set when some values failed to
// decode, so that checks that depend on them are left out.
func (m *Manifest) validate(errs *diag.Errors, partial bool) {
	at := func(key string) (int, int) { return diag.KeyPos(m.node, key) }
	if strings.TrimSpace(m.Title) == "" {
		l, c := at("title")
		errs.Add(m.File, max(l, 1), c, "title", "the reader needs a title")
	}
	oneOf := func(key string, val *string, allowed []string) {
		v := strings.ToLower(strings.TrimSpace(*val))
		if slices.Contains(allowed, v) {
			*val = v // names are matched in any case
			return
		}
		if val := *val; val != "" {
			l, c := at(key)
			msg := fmt.Sprintf("%q is not one of %s", val, strings.Join(allowed, ", "))
			if s := diag.Suggest(val, allowed); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			errs.Add(m.File, l, c, key, "%s", msg)
		}
	}
	if msg := CheckLanguage(m.Language); msg != "" {
		l, c := at("language")
		errs.Add(m.File, l, c, "language", "%s", msg)
	}
	for i, f := range m.Fonts {
		// Font files, like every file a manifest names, stay inside the
		// reader's folder.
		path, err := input.Resolve(m.Dir, f)
		if err == nil {
			if st, serr := os.Stat(path); serr != nil || st.IsDir() {
				err = fmt.Errorf("%q is not a file", f)
			}
		}
		if err != nil {
			l, c := at("fonts")
			errs.Add(m.File, l, c, fmt.Sprintf("fonts[%d]", i+1), "%v; give a .ttf, .otf or .ttc file in the reader's folder, e.g. fonts/NotoSerifCJK-Regular.ttc", err)
		}
	}
	oneOf("layout", &m.Layout, presets.Layouts())
	oneOf("page_size", &m.PageSize, presets.PageSizes())
	oneOf("labels", &m.Labels, LabelStyles)
	oneOf("citation_style", &m.CitationStyle, CitationStyles)
	if m.Name != "" && (strings.ContainsAny(m.Name, `/\`) || m.Name == "." || m.Name == ".." || strings.TrimSpace(m.Name) != m.Name || strings.IndexFunc(m.Name, unsafeNameRune) >= 0) {
		l, c := at("name")
		errs.Add(m.File, l, c, "name", "%q is not a file name; give a plain name such as cold-war-reader", m.Name)
	}
	n := len(m.Items)
	for _, p := range m.Parts {
		n += len(p.Items)
	}
	if n == 0 && !partial {
		l, c := at("parts")
		if l == 0 {
			l, c = at("items")
		}
		errs.Add(m.File, max(l, 1), c, "parts", "the reader has no items; add a part with items, each naming a source by id (see docs/readers.md)")
	}
	for pi, p := range m.Parts {
		if len(p.Items) == 0 && !partial {
			errs.Add(m.File, m.PartLine(pi), 0, fmt.Sprintf("parts[%d].items", pi+1), "the part %q has no items", p.Title)
		}
	}
}

// PartLine is the line part i starts on.
func (m *Manifest) PartLine(i int) int {
	l, _ := m.PartKeyPos(i, "")
	return l
}

// PartKeyPos is where a part's value for key is written (the part's own
// line when key is "" or absent).
func (m *Manifest) PartKeyPos(i int, key string) (int, int) {
	root := m.node
	if root == nil {
		return 1, 0
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	for k := 0; k+1 < len(root.Content); k += 2 {
		if root.Content[k].Value == "parts" && i < len(root.Content[k+1].Content) {
			n := root.Content[k+1].Content[i]
			if key != "" {
				return diag.ValuePos(n, key)
			}
			return n.Line, n.Column
		}
	}
	return 1, 0
}

// OutputName is the base name of the built files: the manifest's name,
// else its file's or folder's name with anything that would be unsafe in
// a file name shown on a terminal (control and bidirectional characters)
// Node is the manifest's YAML document, for locating a key in a message.
func (m *Manifest) Node() *yaml.Node { return m.node }

// Raw is the manifest's text as read, for checks on its characters.
func (m *Manifest) Raw() string { return m.text }

// replaced by hyphens.
func (m *Manifest) OutputName() string {
	if m.Name != "" {
		return m.Name
	}
	base := strings.TrimSuffix(filepath.Base(m.File), filepath.Ext(m.File))
	if base == "reader" {
		if abs, err := filepath.Abs(m.Dir); err == nil {
			base = filepath.Base(abs)
		}
	}
	base = strings.Map(func(r rune) rune {
		if unsafeNameRune(r) {
			return '-'
		}
		return r
	}, base)
	if strings.Trim(base, ".- ") == "" {
		return "reader"
	}
	return base
}

// unsafeNameRune reports the characters refused in an output name:
// controls (a newline, ESC), bidirectional controls that make a name
// read differently from what it is, and characters some systems refuse.
func unsafeNameRune(r rune) bool {
	return r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0xFFFE || r == 0xFFFF ||
		r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C ||
		strings.ContainsRune(`<>:"|?*`, r)
}

// LibraryDirs resolves the manifest's source folders: `sources:` if given,
// else a sources folder beside the manifest.
func (m *Manifest) LibraryDirs() ([]string, error) {
	if len(m.Sources) == 0 {
		d := filepath.Join(m.Dir, "sources")
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return []string{d}, nil
		}
		l, c := diag.KeyPos(m.node, "title")
		return nil, &diag.Error{File: m.File, Line: max(l, 1), Col: c, Field: "sources", Msg: "no source library: add `sources: [path/to/sources]` or put the source files in a sources folder beside the manifest"}
	}
	var dirs []string
	var errs diag.Errors
	same := map[string]bool{}
	for _, s := range m.Sources {
		d := s
		if !filepath.IsAbs(d) {
			d = filepath.Join(m.Dir, filepath.FromSlash(s))
		}
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			l, c := diag.KeyPos(m.node, "sources")
			errs.Add(m.File, l, c, "sources", "the source folder %q does not exist (looked for %s)", s, d)
			continue
		}
		// Images and texts may be taken from the library, so a library
		// at the root of the disk would let a shared manifest read any
		// file.
		if real, err := filepath.EvalSymlinks(d); err == nil {
			if abs, err := filepath.Abs(real); err == nil && filepath.Dir(abs) == abs {
				l, c := diag.KeyPos(m.node, "sources")
				errs.Add(m.File, l, c, "sources", "the source folder %q is the root of the file system; name the folder that holds the source files", s)
				continue
			}
		}
		// The same folder named twice (sources, ./sources) is one
		// library, not two copies of every source.
		key := filepath.Clean(d)
		if real, err := filepath.EvalSymlinks(d); err == nil {
			if abs, err := filepath.Abs(real); err == nil {
				key = abs
			}
		}
		if same[key] {
			continue
		}
		same[key] = true
		dirs = append(dirs, d)
	}
	return dirs, errs.Err()
}
