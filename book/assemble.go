package book

import (
	"crypto/sha1"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sourcebook/internal/work"
	"sourcebook/layouts/presets"
	"strconv"
	"strings"
	"time"

	"sourcebook/book/diag"
	"sourcebook/book/input"
	"sourcebook/book/manifest"
	"sourcebook/book/markup"
)

// Book is one reader, assembled and edition-neutral: everything both
// renderers need, with all Markdown parsed and every block identified.
type Book struct {
	Title, Subtitle string
	Editors         []string
	Course          string
	Institution     string
	Publisher       string
	Language        string
	License         string
	// Identifier is a stable URN derived from the manifest's identity
	// (title, editors, course, institution), so that e-readers treat
	// rebuilt editions as the same book.
	Identifier string
	// Modified is the build date: SOURCE_DATE_EPOCH, the manifest's date,
	// or the newest input file's modification time, never the clock.
	Modified time.Time
	Layout   string
	PageSize string
	TwoSided bool
	Name     string

	Intro    []markup.Block
	Glossary []*GlossEntry
	// Timeline asks for a chronology of the documents' dates.
	Timeline    bool
	ShowMetrics bool
	// CitationStyle is the style of the list of sources ("" neutral,
	// which is Chicago under the heading "List of Sources").
	CitationStyle string
	// HideParagraphNumbers leaves the ¶ numbers out of the print margin
	// (the manifest's paragraph_numbers: false).
	HideParagraphNumbers bool
	// Fonts are the manifest's font files, as paths to open.
	Fonts    []string
	Parts    []*Part
	Items    []*Item   // every item in reading order
	Sources  []*Source // each source once, in order of first use
	Warnings []*Warning
	// Inputs are the files the book was built from (for --watch).
	Inputs []string
	// Files are the files read to assemble it, each with a digest of
	// the bytes read (the manifest, sources, editor's files, images).
	Files []input.Input
	// Digest identifies everything the book was assembled from except
	// the sources' own files (see Source.Digest): the manifest and the
	// editor's files it names, and the limits.
	Digest [32]byte
	// Limits are the caps the book was assembled under; renderers that
	// check the same things (image pixels) use them too.
	Limits Limits
}

// Part is a titled group of items.
type Part struct {
	ID     string
	Number int
	Title  string
	Intro  []markup.Block
	// Question is the part's central question (document-based question).
	Question []markup.Block
	Items    []*Item
}

// Item is a source placed in the reader with its apparatus.
type Item struct {
	// ID is unique in the book and safe as a file name and XML id.
	ID     string
	Number int    // 1-based position in the book
	Label  string // "Document 1" or "Document A"
	Title  string
	Source *Source
	// full is the whole text before an excerpt, to say where an anchor
	// the excerpt leaves out is.
	full []markup.Block
	// Headnote introduces the document (editor's text).
	Headnote []markup.Block
	// Body is the source text; its paragraphs carry numbers (¶) and IDs.
	Body  []markup.Block
	Notes []*markup.Note
	// Questions for discussion, each parsed as Markdown.
	Questions []Question
	// Vocabulary is the item's word bank.
	Vocabulary []*GlossEntry
	// Glossed lists the glossary terms marked in this document.
	Glossed []*GlossEntry
	// Excerpt is set when only some paragraphs are printed; Modified when
	// the text was simplified, with ModifiedNote saying how.
	Excerpt      bool
	Modified     bool
	ModifiedNote []markup.Block
	Time         string // suggested time, teacher edition only
	// presented maps the source's paragraph numbers to those printed,
	// for an excerpt (nil otherwise).
	presented map[int]int
}

// Question is a question ready to render.
type Question struct {
	Number int
	Stage  string
	Text   []markup.Block
	Answer []markup.Block // answer and teaching note: teacher edition only
	Ref    *Ref           // what the question points at, if anything
	Lines  int            // ruled answer lines on a handout
	Time   string         // suggested time, teacher edition only
}

// Options control assembly.
type Options struct {
	// Now is used when SOURCE_DATE_EPOCH and the manifest give no date.
	// Leave zero to use the newest input file's time.
	Now time.Time
	// Env looks up environment variables (os.Getenv when nil).
	Env func(string) string
	// Limits caps file sizes, image pixels, items and tables; zero fields
	// take DefaultLimits.
	Limits Limits
	// Cache, when set, keeps sources between builds (see Cache).
	Cache *Cache
	// Workers bounds how many sources are read and parsed at once
	// (GOMAXPROCS when 0; 1 is serial).
	Workers int
}

// Load reads the manifest at path and the library it names, and assembles
// the book. All input errors are returned together as Errors.
func Load(path string, opt Options) (*Book, error) {
	lim := opt.Limits.OrDefault()
	m, merr := opt.Cache.readManifest(path, lim)
	if m == nil {
		return nil, merr
	}
	// Go on after errors in the manifest, so that problems with the
	// sources it names are reported in the same run.
	var errs Errors
	errs.AddErr(merr)
	dirs, err := m.LibraryDirs()
	if err != nil {
		errs.AddErr(err)
		return nil, errs.Err()
	}
	lib, err := loadLibrary(lim, opt.Cache, opt.Workers, dirs...)
	if err != nil {
		errs.AddErr(err)
		return nil, errs.Err()
	}
	b, err := Assemble(m, lib, opt)
	errs.AddErr(err)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return b, nil
}

// Assemble builds the edition-neutral book from a manifest and a library.
func Assemble(m *Manifest, lib *Library, opt Options) (*Book, error) {
	getenv := opt.Env
	if getenv == nil {
		getenv = os.Getenv
	}
	lim := opt.Limits.OrDefault()
	loc := LocaleFor(m.Language) // the generated labels' language
	if err := checkItemCount(m, lim); err != nil {
		return nil, err
	}
	textTotal, err := checkTextTotal(m, lib, lim)
	if err != nil {
		return nil, err
	}
	if err := checkCounts(m, lim); err != nil {
		return nil, err
	}
	b := &Book{
		Title: m.Title, Subtitle: m.Subtitle, Editors: m.Editors, Course: m.Course,
		Institution: m.Institution, Publisher: m.Publisher, Language: m.Language,
		License: m.License, Layout: m.Layout, PageSize: m.PageSize, TwoSided: m.TwoSided,
		Name: m.OutputName(), Limits: lim,
	}
	if b.Layout == "" {
		b.Layout = string(presets.DefaultLayout)
	}
	if b.PageSize == "" {
		b.PageSize = string(presets.DefaultPageSize)
	}
	b.Identifier = identifier(m)
	b.Inputs = append(b.Inputs, m.File)
	var errs Errors
	warn := func(file string, w markup.Warning) {
		b.Warnings = append(b.Warnings, &Warning{File: file, Line: w.Line, Msg: w.Msg})
	}
	log := &input.Log{}
	log.Record(m.File, m.Digest)
	// Inline texts are Markdown in the manifest: its control characters
	// are reported like a source's.
	b.Warnings = append(b.Warnings, checkChars(m.File, 1, m.Raw())...)
	images := &imageChecker{lim: lim, seen: map[string]error{}, log: log}
	if err := checkTitles(m, lib, lim); err != nil {
		return nil, err
	}
	textOver := false
	apparatus := func(t manifest.Text, field, prefix string) []markup.Block {
		if t.IsZero() {
			return nil
		}
		src, file, line := t.Markdown, m.File, t.Line
		if t.File != "" {
			p, err := input.Resolve(m.Dir, t.File, lib.Dirs...)
			if err != nil {
				errs.Add(m.File, t.Line, t.Col, field, "%v", err)
				return nil
			}
			data, err := input.ReadText(p, lim.SourceBytes, "the file")
			if err == nil {
				data, err = input.NormalizeText(p, data)
			}
			if err != nil {
				errs.AddErr(err)
				return nil
			}
			src, file, line = string(data), p, 1
			b.Inputs = append(b.Inputs, p)
			log.Record(p, input.Digest(data))
			b.Warnings = append(b.Warnings, checkChars(p, 1, src)...)
		}
		// The editor's texts count towards the reader's text too: a
		// 10 MB headnote file named by every item would otherwise be read
		// and set Thousands of times.
		if textTotal += int64(len(src)); textTotal > lim.TextBytes {
			if !textOver {
				textOver = true
				errs.Add(m.File, t.Line, t.Col, field, "the reader's sources and texts come to more than %s (each counted once per use), the limit (Limits.TextBytes); shorten them, split the reader or raise the limit", input.Megabytes(lim.TextBytes))
			}
			return nil
		}
		if e := checkMarkdown(src, file, line, lim); e != nil {
			errs = append(errs, e)
			return nil
		}
		doc := markup.ParseString(src, markup.Options{Typographer: true, FirstLine: line, NotePrefix: prefix})
		for _, w := range doc.Warnings {
			warn(file, w)
		}
		resolveImages(doc.Blocks, file, m.Dir, lib.Dirs, images, &errs)
		return doc.Blocks
	}
	b.Intro = apparatus(m.Introduction, "introduction", "intro-")
	b.Timeline, b.ShowMetrics = m.Timeline, m.ShowMetrics
	for _, f := range m.Fonts {
		if p, err := input.Resolve(m.Dir, f); err == nil { // checked by validate
			b.Fonts = append(b.Fonts, p)
			// A font is an input like an image: --watch watches it and
			// its bytes key the caches (hashed once per build, not held:
			// about 20 ms for a 26 MB CJK collection).
			d, err := input.HashFile(p, "the font file")
			if err != nil {
				errs.AddErr(err)
				continue
			}
			log.Record(p, d)
		}
	}
	b.CitationStyle = m.CitationStyle
	b.HideParagraphNumbers = m.ParagraphNumbers != nil && !*m.ParagraphNumbers
	glossSeen := map[string]int{}
	for _, g := range m.Glossary {
		e := &GlossEntry{ID: glossID(g.Term, glossSeen), Term: g.Term,
			Definition: apparatus(manifest.Text{Markdown: g.Definition, Line: g.Line}, "glossary", "gloss-")}
		assignIDs(e.Definition, e.ID+"-")
		b.Glossary = append(b.Glossary, e)
	}
	// Items kept from the last build are reused when nothing they were
	// assembled from has changed (a --watch rebuild after an edit).
	var rk [32]byte
	if opt.Cache != nil {
		rk = readerKey(m, lib, lim, b.Glossary)
	}
	keyOf := func(mi manifest.ItemSpec, id string, src *Source) itemKey {
		if opt.Cache == nil {
			return itemKey{}
		}
		return itemKey{reader: rk, spec: specKey(mi), id: id, file: src.File, digest: src.Digest}
	}
	kept := map[itemKey]*cachedItem{}
	pre := preparse(m, lib, lim, opt.Workers, func(mi manifest.ItemSpec, id string, src *Source) bool {
		return opt.Cache.item(keyOf(mi, id, src)) == nil
	})
	used := map[string]bool{}
	needProblems := false
	suggested := 0
	seenItem := map[string]int{}
	checked := map[*Source]bool{}
	// place adds an assembled item to its part and the book.
	place := func(p *Part, it *Item) {
		if src := it.Source; !used[src.ID] {
			used[src.ID] = true
			b.Sources = append(b.Sources, src)
			b.Inputs = append(b.Inputs, src.File)
		}
		p.Items = append(p.Items, it)
		b.Items = append(b.Items, it)
	}
	n := 0
	for pi, mp := range m.Parts {
		p := &Part{ID: fmt.Sprintf("part%d", pi+1), Number: pi + 1, Title: mp.Title}
		p.Intro = apparatus(mp.Introduction, fmt.Sprintf("parts[%d].introduction", pi+1), p.ID+"-")
		p.Question = apparatus(mp.Question, fmt.Sprintf("parts[%d].question", pi+1), p.ID+"-dbq")
		assignIDs(p.Question, p.ID+"-dbq")
		if mp.Labels != "" && !contains(manifest.LabelStyles, mp.Labels) {
			l, c := m.PartKeyPos(pi, "labels")
			errs.Add(m.File, l, c, fmt.Sprintf("parts[%d].labels", pi+1), "%q is not one of %s", mp.Labels, strings.Join(manifest.LabelStyles, ", "))
		}
		inPart := 0
		for ii, mi := range mp.Items {
			field := fmt.Sprintf("parts[%d].items[%d].id", pi+1, ii+1)
			if len(m.Parts) == 1 && pi == 0 && mp.Title == "" {
				field = fmt.Sprintf("items[%d].id", ii+1)
			}
			if mi.ID == "" {
				errs.Add(m.File, mi.Line, mi.Col, field, "the item names no source; add `id: SOURCE-ID`")
				continue
			}
			src, ok := lib.Sources[mi.ID]
			if files := lib.dupIDs[mi.ID]; len(files) > 0 {
				errs.Add(m.File, mi.Line, mi.Col, field, "more than one source in the library has the id %q (%s); give each a unique id", mi.ID, strings.Join(files, ", "))
			}
			if !ok {
				if problems, found := lib.broken[mi.ID]; found {
					// The source is there but has errors: report those.
					errs = append(errs, problems...)
					continue
				}
				needProblems = true
				msg := fmt.Sprintf("no source with id %q in the library (%s)", mi.ID, strings.Join(lib.Dirs, ", "))
				// Suggestions compare the id with every id in the library:
				// a hundred are plenty.
				suggested++
				if s := suggestUpTo(mi.ID, lib.Order, suggested <= 100); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else if c := closestIDs(mi.ID, lib.Order, 3); suggested <= 100 && len(c) > 0 {
					msg += map[bool]string{true: "; the closest id is ", false: "; the closest ids are "}[len(c) == 1] + quoteList(c) + "; `sourcebook list` shows them all"
				} else {
					msg += "; `sourcebook list` shows the ids available"
				}
				errs.Add(m.File, mi.Line, mi.Col, field, "%s", msg)
				continue
			}
			n++
			it := &Item{Number: n, Source: src, Title: src.Title}
			if mi.Title != "" {
				it.Title = mi.Title
			}
			seenItem[mi.ID]++
			it.ID = "doc-" + mi.ID
			if k := seenItem[mi.ID]; k > 1 {
				it.ID += "-" + strconv.Itoa(k)
			}
			inPart++
			it.Label = mi.Label
			if it.Label == "" {
				switch {
				case mp.Labels == "letters":
					it.Label = loc.T(MsgDocument, letterLabel(inPart))
				case mp.Labels == "numbers":
					it.Label = loc.T(MsgDocument, strconv.Itoa(inPart))
				case m.Labels == "letters":
					it.Label = loc.T(MsgDocument, letterLabel(n))
				default:
					it.Label = loc.T(MsgDocument, strconv.Itoa(n))
				}
			}
			key := keyOf(mi, it.ID, src)
			if ci := opt.Cache.item(key); ci != nil && textTotal+ci.text <= lim.TextBytes && ci.glossedKnown(b.Glossary) {
				it = ci.reuse(it, b.Glossary, glossSeen)
				checked[src] = true
				log.Record(src.File, src.Digest)
				textTotal += ci.text
				for i := range ci.warnings {
					w := ci.warnings[i]
					b.Warnings = append(b.Warnings, &w)
				}
				kept[key] = ci
				place(p, it)
				continue
			}
			// What the item's assembly does to the book, to tell whether
			// it can be kept and to replay it when it is reused.
			warn0, errs0, inputs0, images0, text0 := len(b.Warnings), len(errs), len(b.Inputs), images.calls, textTotal
			it.Headnote = apparatus(mi.Headnote, field[:len(field)-3]+".headnote", it.ID+"-h")
			if !checked[src] {
				checked[src] = true
				b.Warnings = append(b.Warnings, checkChars(src.File, src.BodyLine, src.Body)...)
			}
			// A source preparse parsed has passed the check already.
			doc := pre[parseJob{src, it.ID + "-"}]
			if doc == nil {
				if e := checkMarkdown(src.Body, src.File, src.BodyLine, lim); e != nil {
					errs = append(errs, e)
					continue
				}
			}
			log.Record(src.File, src.Digest)
			if doc == nil {
				doc = markup.ParseString(src.Body, markup.Options{FirstLine: src.BodyLine, NotePrefix: it.ID + "-"})
			}
			for _, w := range doc.Warnings {
				warn(src.File, w)
			}
			it.Body, it.Notes = doc.Blocks, doc.Notes
			resolveImages(it.Body, src.File, filepath.Dir(src.File), append([]string{m.Dir}, lib.Dirs...), images, &errs)
			numberParagraphs(it, &errs)
			if len(mi.Excerpt.Ranges) > 0 {
				it.full = it.Body
				excerpt(it, mi.Excerpt, m.File, &errs)
			}
			it.Modified, it.Time = mi.Modified, mi.Time
			if mi.Modified {
				if strings.TrimSpace(mi.ModifiedNote) == "" {
					errs.Add(m.File, mi.Line, mi.Col, field[:len(field)-3]+".modified_note", "a modified text needs a note saying what was changed (modified_note: \"Spelling modernised; two sentences shortened.\")")
				}
				it.ModifiedNote = apparatus(manifest.Text{Markdown: mi.ModifiedNote, Line: mi.Line}, "modified_note", it.ID+"-mod")
				assignIDs(it.ModifiedNote, it.ID+"-mod")
			}
			ix := newItemText(it.Body)
			annotate(it, ix, mi.Annotations, m.File, lim, func(md string, line int, prefix string) []markup.Block {
				return apparatus(manifest.Text{Markdown: md, Line: line}, "annotations", prefix)
			}, &errs)
			markGlossary(it, b.Glossary)
			for _, v := range mi.Vocabulary {
				it.Vocabulary = append(it.Vocabulary, &GlossEntry{ID: glossID(it.ID+" "+v.Term, glossSeen), Term: v.Term,
					Definition: apparatus(manifest.Text{Markdown: v.Definition, Line: v.Line}, "vocabulary", it.ID+"-v")})
			}
			rightsGate(m, it, mi, &errs)
			// Questions are numbered in the order a class meets them:
			// before, during, then after reading.
			order := make([]int, len(mi.Questions))
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(a, b int) bool {
				return stageOrder[mi.Questions[order[a]].Stage] < stageOrder[mi.Questions[order[b]].Stage]
			})
			for n, qi := range order {
				q := mi.Questions[qi]
				bq := Question{Number: n + 1, Stage: q.Stage, Lines: q.Lines, Time: q.Time}
				if q.Stage == "" {
					b.Warnings = append(b.Warnings, &Warning{File: m.File, Line: q.Line, Msg: fmt.Sprintf("%s questions[%d] has no stage, so it is printed last, under \"Questions for discussion\"; add stage: before, during or after", mi.ID, qi+1)})
				}
				bq.Ref = questionRef(it, ix, q, qi, m.File, lim, &errs)
				if q.Lines > lim.QuestionLines {
					errs.Add(m.File, q.Line, 0, fmt.Sprintf("%s questions[%d].lines", mi.ID, qi+1), "%d answer lines are more than the limit of %d (Limits.QuestionLines), some five pages; give fewer lines or raise the limit", q.Lines, lim.QuestionLines)
				}
				bq.Text = apparatus(manifest.Text{Markdown: q.Text, Line: q.Line}, "questions", fmt.Sprintf("%s-q%d-", it.ID, qi+1))
				teacher := q.Answer
				if q.Note != "" {
					// The teaching note follows the answer in the same box.
					teacher = strings.TrimSpace(teacher + "\n\n*Teaching note:* " + q.Note)
				}
				if teacher != "" {
					bq.Answer = apparatus(manifest.Text{Markdown: teacher, Line: q.Line}, "questions", fmt.Sprintf("%s-a%d-", it.ID, qi+1))
				}
				assignIDs(bq.Text, fmt.Sprintf("%s-q%d-", it.ID, qi+1))
				assignIDs(bq.Answer, fmt.Sprintf("%s-a%d-", it.ID, qi+1))
				it.Questions = append(it.Questions, bq)
			}
			assignIDs(it.Headnote, it.ID+"-h")
			// The whole text of an excerpt served only to explain a phrase
			// not found: the book need not hold it.
			it.full = nil
			// An item is kept when it read nothing but the manifest and its
			// source: no editor's file, no image, and no error.
			if opt.Cache != nil && len(errs) == errs0 && len(b.Inputs) == inputs0 && images.calls == images0 && !textOver {
				ci := &cachedItem{it: cloneItem(it), text: textTotal - text0}
				for _, w := range b.Warnings[warn0:] {
					ci.warnings = append(ci.warnings, *w)
				}
				kept[key] = ci
			}
			place(p, it)
		}
		assignIDs(p.Intro, p.ID+"-i")
		b.Parts = append(b.Parts, p)
	}
	assignIDs(b.Intro, "intro-")
	for _, id := range m.AcceptRights {
		if id != "all" && !used[id] {
			l, c := diag.KeyPos(m.Node(), "accept_rights")
			errs.Add(m.File, l, c, "accept_rights", "%q is not a source used in this reader; list the ids of the reader's items (or all)", id)
		}
	}
	if needProblems {
		// A missing id may be a source that failed to load: say why.
		for _, p := range lib.Problems {
			if !containsError(errs, p) {
				errs = append(errs, p)
			}
		}
	} else {
		for _, p := range lib.Problems {
			if !containsError(errs, p) {
				b.Warnings = append(b.Warnings, p)
			}
		}
	}
	resolveLinks(b, m.File)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	opt.Cache.keepItems(kept)
	b.Files = log.List()
	// The images read are inputs too: --watch rebuilds when one changes.
	inputs := map[string]bool{}
	for _, in := range b.Inputs {
		inputs[filepath.Clean(in)] = true
	}
	for _, f := range b.Files {
		if !inputs[f.Path] {
			b.Inputs = append(b.Inputs, f.Path)
		}
	}
	dropControls(b)
	b.Digest = digest(b, lim)
	mod, err := modified(m, b.Inputs, opt, getenv)
	if err != nil {
		return nil, err
	}
	b.Modified = mod
	return b, nil
}

// checkItemCount refuses a reader with more items than the cap before
// any of them is assembled. The message points at the first item over
// the cap.
func checkItemCount(m *Manifest, lim Limits) error {
	total := 0
	for _, p := range m.Parts {
		total += len(p.Items)
	}
	if total <= lim.Items {
		return nil
	}
	return itemOver(m, lim.Items, fmt.Sprintf("the reader has %s items, more than the limit of %s (Limits.Items); split it into several readers or raise the limit", diag.Thousands(int64(total)), diag.Thousands(int64(lim.Items))))
}

// itemOver is an error on the item after the first k.
func itemOver(m *Manifest, k int, msg string) error {
	for _, p := range m.Parts {
		if k < len(p.Items) {
			it := p.Items[k]
			return &Error{File: m.File, Line: it.Line, Col: it.Col, Field: "items", Msg: msg}
		}
		k -= len(p.Items)
	}
	return nil
}

func assignIDs(bs []markup.Block, prefix string) {
	for i := range bs {
		bs[i].ID = fmt.Sprintf("%s%d", prefix, i+1)
	}
}

func letterLabel(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}

// IdentifierFor is the identifier of one edition: the teacher edition is
// a different book for an e-reader (it must not replace the student one
// in a library), so it has an identifier of its own.
func (b *Book) IdentifierFor(edition string) string {
	if edition != "teacher" {
		return b.Identifier
	}
	return uuid5("sourcebook-teacher\x00" + b.Identifier)
}

func identifier(m *Manifest) string {
	return uuid5(fmt.Sprintf("sourcebook\x00%s\x00%s\x00%s\x00%s", m.Title, strings.Join(m.Editors, "\x01"), m.Course, m.Institution))
}

// uuid5 makes a name-based UUID URN from s.
func uuid5(s string) string {
	h := sha1.New()
	h.Write([]byte(s))
	sum := h.Sum(nil)
	// A name-based (version 5) UUID.
	sum[6] = (sum[6] & 0x0f) | 0x50
	sum[8] = (sum[8] & 0x3f) | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

func modified(m *Manifest, inputs []string, opt Options, getenv func(string) string) (time.Time, error) {
	if s := getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || sec < 0 {
			return time.Time{}, &Error{File: "SOURCE_DATE_EPOCH", Msg: fmt.Sprintf("%q is not a number of seconds since 1970; unset it or give e.g. 1700000000", s)}
		}
		t := time.Unix(sec, 0).UTC()
		if t.Year() > 9999 {
			return time.Time{}, &Error{File: "SOURCE_DATE_EPOCH", Msg: fmt.Sprintf("%s seconds is in the year %d; e-books and PDFs store years up to 9999, so give a date before then", strings.TrimSpace(s), t.Year())}
		}
		return t, nil
	}
	if !m.Date.IsZero() {
		d := m.Date
		if d.Year < 1900 {
			return time.Time{}, &Error{File: m.File, Line: d.Line, Col: d.Col, Field: "date", Msg: fmt.Sprintf("%q is before 1900; the reader's date is when this edition was made (the documents' dates are in their sources), so give this year's date or leave it out", d.Raw)}
		}
		return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC), nil
	}
	if !opt.Now.IsZero() {
		return opt.Now.UTC().Truncate(time.Second), nil
	}
	var newest time.Time
	newestFile := ""
	for _, p := range inputs {
		if st, err := os.Stat(p); err == nil && st.ModTime().After(newest) {
			newest, newestFile = st.ModTime(), p
		}
	}
	if y := newest.UTC().Year(); newestFile != "" && y > 9999 {
		return time.Time{}, &Error{File: newestFile, Msg: fmt.Sprintf("the file's modification time is in the year %d, which e-books and PDFs cannot store; give the reader a date (date: 2026-01-15) or set SOURCE_DATE_EPOCH", y)}
	}
	return newest.UTC().Truncate(time.Second), nil
}

func containsError(es Errors, e *Error) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// digest hashes the book's inputs other than its sources' files, from
// the digests of the bytes read (Book.Files): nothing is read again.
func digest(b *Book, lim Limits) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%+v\n", lim)
	sources := map[string]bool{}
	for _, s := range b.Sources {
		sources[filepath.Clean(s.File)] = true
	}
	for _, in := range b.Files {
		if sources[in.Path] {
			continue
		}
		fmt.Fprintf(h, "%s\n%x\n", in.Path, in.Digest)
	}
	var d [32]byte
	h.Sum(d[:0])
	return d
}

type parseJob struct {
	src    *Source
	prefix string // markup.Options.NotePrefix
}

// preparse checks and parses the items' sources on every core before the
// items are assembled in order (parsing is most of assembly's time). It
// names items as Assemble does; an item it misses is checked and parsed
// in place. Items want refuses (kept from the last build) are skipped. Sources over the limits are left alone: Assemble refuses
// them unparsed.
func preparse(m *Manifest, lib *Library, lim Limits, workers int, want func(mi manifest.ItemSpec, id string, src *Source) bool) map[parseJob]*markup.Doc {
	var jobs []parseJob
	seen := map[string]int{}
	for _, mp := range m.Parts {
		for _, mi := range mp.Items {
			src, ok := lib.Sources[mi.ID]
			if mi.ID == "" || !ok {
				continue
			}
			seen[mi.ID]++
			id := "doc-" + mi.ID
			if k := seen[mi.ID]; k > 1 {
				id += "-" + strconv.Itoa(k)
			}
			if !want(mi, id, src) {
				continue
			}
			jobs = append(jobs, parseJob{src, id + "-"})
		}
	}
	docs := make([]*markup.Doc, len(jobs))
	work.Do(workers, len(jobs), func(i int) {
		j := jobs[i]
		if checkMarkdown(j.src.Body, j.src.File, j.src.BodyLine, lim) != nil {
			return // refused in Assemble, before any parsing
		}
		docs[i] = markup.ParseString(j.src.Body, markup.Options{FirstLine: j.src.BodyLine, NotePrefix: j.prefix})
	})
	out := make(map[parseJob]*markup.Doc, len(jobs))
	for i, j := range jobs {
		if docs[i] != nil {
			out[j] = docs[i]
		}
	}
	return out
}

// suggestUpTo is diag.Suggest when ok, else "".
func suggestUpTo(s string, candidates []string, ok bool) string {
	if !ok {
		return ""
	}
	return diag.Suggest(s, candidates)
}
