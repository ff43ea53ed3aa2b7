package book

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"sourcebook/book/diag"
	"sourcebook/book/manifest"
	"sourcebook/book/markup"
)

// GlossEntry is a glossary or word-bank term with its definition.
type GlossEntry struct {
	ID         string // XML-safe, unique in the book
	Term       string
	Definition []markup.Block
}

// Ref is what a question points at in the source text: a phrase (between
// two anchors) or a whole paragraph. The PDF turns it into "lines 12–15",
// the EPUB into "¶ 4".
type Ref struct {
	Start, End string // anchor names around the phrase ("" for a paragraph)
	Paragraph  int    // the paragraph number (¶) of the phrase or paragraph
	BlockID    string // the top-level block that holds it
	Phrase     string
}

// excerpt keeps the selected paragraphs and puts a bracketed ellipsis
// where text was left out. The paragraphs kept are numbered again as
// printed, like the print's line numbers, so that a class never meets
// "¶ 4" followed by "¶ 12"; the manifest's numbers (excerpt ranges,
// questions' paragraph) stay those of the whole source (Item.presented).
func excerpt(it *Item, sel manifest.Excerpt, file string, errs *Errors) {
	maxN := 0
	for _, b := range it.Body {
		maxN = max(maxN, b.Number)
	}
	for _, r := range sel.Ranges {
		if r[1] > maxN {
			errs.Add(file, sel.Line, sel.Col, "excerpt", "the source has %d paragraphs; the excerpt asks for paragraph %d", maxN, r[1])
			return
		}
	}
	var out []markup.Block
	omitted := false
	gap := func() {
		if omitted {
			out = append(out, markup.Block{Kind: markup.Paragraph, Omission: true, ID: fmt.Sprintf("%s-omit%d", it.ID, len(out)+1),
				Inlines: []markup.Inline{{Text: "[…]"}}})
			omitted = false
		}
	}
	// Which paragraphs are selected, from the ranges in one pass (a
	// difference array), and for each block the next and the previous
	// numbered one: all linear, however many ranges and headings there
	// are.
	diff := make([]int, maxN+2)
	for _, r := range sel.Ranges {
		diff[r[0]]++
		diff[r[1]+1]--
	}
	selected := make([]bool, maxN+1)
	for n, run := 1, 0; n <= maxN; n++ {
		run += diff[n]
		selected[n] = run > 0
	}
	next := make([]int, len(it.Body)+1)
	for i := len(it.Body) - 1; i >= 0; i-- {
		next[i] = next[i+1]
		if it.Body[i].Number > 0 {
			next[i] = it.Body[i].Number
		}
	}
	prev := 0
	for i, b := range it.Body {
		// A heading or rule stays when the next numbered block does;
		// a closing or date line at the end, when the last one did.
		keep := false
		switch {
		case next[i] > 0:
			keep = selected[next[i]]
		case prev > 0:
			keep = selected[prev]
		}
		if b.Number > 0 {
			prev = b.Number
		}
		if !keep {
			omitted = true
			continue
		}
		gap()
		out = append(out, b)
	}
	gap()
	it.presented = map[int]int{}
	k := 0
	for i := range out {
		if out[i].Number > 0 {
			k++
			it.presented[out[i].Number] = k
			out[i].Number = k
		}
	}
	// The book holds the excerpt for the whole build: no spare room.
	it.Body = append(make([]markup.Block, 0, len(out)), out...)
	it.Excerpt = true
}

// annotate attaches the item's annotations to their phrases: a lettered
// note reference right after the phrase, without touching the source file.
// parse turns a note's Markdown into blocks the way every other editor's
// text is (confined images, warnings naming the manifest).
func annotate(it *Item, ix *itemText, specs []manifest.AnnotationSpec, file string, lim Limits, parse func(md string, line int, prefix string) []markup.Block, errs *Errors) {
	for k, a := range specs {
		field := fmt.Sprintf("%s annotations[%d]", it.Source.ID, k+1)
		sp, _, end, ok := ix.find(a.Anchor, a.Occurrence)
		if !ok {
			errs.Add(file, a.Line, a.Col, field+".anchor", "%s", anchorMiss(it, ix, a.Anchor, a.Occurrence))
			continue
		}
		if !ix.place(sp, lim.NotesPerParagraph) {
			errs.Add(file, a.Line, a.Col, field, "more than %s notes, annotations and questions point into one paragraph (Limits.NotesPerParagraph); annotate fewer phrases or raise the limit", diag.Thousands(int64(lim.NotesPerParagraph)))
			return
		}
		label := letterLabel(k + 1)
		prefix := fmt.Sprintf("%s-ann%d-", it.ID, k+1)
		note := &markup.Note{Number: len(it.Notes) + 1, ID: fmt.Sprintf("%s-ann%d", it.ID, k+1), Annotation: true, Label: strings.ToLower(label),
			Blocks: parse(a.Note, a.NoteLine, prefix)}
		assignIDs(note.Blocks, prefix)
		*sp.runs = insertRun(*sp.runs, end, markup.Inline{Text: note.Label, Style: markup.Sup, Note: note})
	}
	// Letter the annotations in reading order, whatever the order in the
	// manifest, and list them after the source's own notes.
	k := 0
	for _, sp := range textSpots(it.Body) {
		for i := range *sp.runs {
			r := &(*sp.runs)[i]
			if r.Note != nil && r.Note.Annotation {
				k++
				r.Note.Label = strings.ToLower(letterLabel(k))
				r.Note.Number = len(it.Notes) + 1
				r.Text = r.Note.Label
				it.Notes = append(it.Notes, r.Note)
			}
		}
	}
}

// stageOrder puts questions in the order a class meets them.
var stageOrder = map[string]int{"before": 0, "during": 1, "": 2, "after": 2}

func anchorMiss(it *Item, ix *itemText, phrase string, nth int) string {
	n := ix.count(phrase)
	where := "the text of " + it.Source.ID
	if it.Excerpt {
		where = "the excerpt of " + it.Source.ID
	}
	if n == 0 {
		// Looking for a near miss reads the whole text: for the first
		// few misses of an item only, so that Thousands stay fast.
		ix.misses++
		if ix.misses > maxNearMisses {
			return fmt.Sprintf("the phrase %q is not in %s; copy it exactly as it appears in the source (same capitals and punctuation)", phrase, where)
		}
		if exact, why, ok := ix.nearMiss(phrase); ok {
			return fmt.Sprintf("the phrase %q is not in %s, but %q is: they differ in %s. Did you mean %q? Copy the source's text into the manifest", phrase, where, exact, why, exact)
		}
		if it.Excerpt && it.full != nil {
			if p := paragraphOf(it.full, phrase); p > 0 {
				return fmt.Sprintf("the phrase %q is in paragraph %d of %s, which the excerpt leaves out; widen the excerpt to include paragraph %d, or anchor the question in a paragraph the excerpt keeps", phrase, p, it.Source.ID, p)
			}
		}
		return fmt.Sprintf("the phrase %q is not in %s; copy it exactly as it appears in the source (same capitals and punctuation)", phrase, where)
	}
	return fmt.Sprintf("the phrase %q occurs %d times in %s, so occurrence %d does not exist", phrase, n, where, nth)
}

// questionRef resolves where a question points.
func questionRef(it *Item, ix *itemText, q manifest.QuestionSpec, qi int, file string, lim Limits, errs *Errors) *Ref {
	field := fmt.Sprintf("%s questions[%d]", it.Source.ID, qi+1)
	switch {
	case q.Anchor != "":
		sp, start, end, ok := ix.find(q.Anchor, q.Occurrence)
		if !ok {
			errs.Add(file, q.AnchorLine, q.AnchorCol, field+".anchor", "%s", anchorMiss(it, ix, q.Anchor, q.Occurrence))
			return nil
		}
		if !ix.place(sp, lim.NotesPerParagraph) {
			errs.Add(file, q.AnchorLine, q.AnchorCol, field+".anchor", "more than %s notes, annotations and questions point into one paragraph (Limits.NotesPerParagraph); point some at other paragraphs or raise the limit", diag.Thousands(int64(lim.NotesPerParagraph)))
			return nil
		}
		r := &Ref{Start: fmt.Sprintf("%s-q%d-from", it.ID, qi+1), End: fmt.Sprintf("%s-q%d-to", it.ID, qi+1),
			Paragraph: sp.top.Number, BlockID: sp.top.ID, Phrase: q.Anchor}
		// End first, so that the start offset is not moved by it.
		*sp.runs = insertRun(*sp.runs, end, markup.Inline{Anchor: r.End})
		*sp.runs = insertRun(*sp.runs, start, markup.Inline{Anchor: r.Start})
		return r
	case q.Paragraph > 0:
		n, ok := q.Paragraph, true
		if it.presented != nil {
			n, ok = it.presented[q.Paragraph]
		}
		for _, b := range it.Body {
			if ok && b.Number == n {
				return &Ref{Paragraph: b.Number, BlockID: b.ID}
			}
		}
		errs.Add(file, q.Line, q.Col, field+".paragraph", "the text of %s has no paragraph %d%s", it.Source.ID, q.Paragraph, map[bool]string{true: " in the excerpt", false: ""}[it.Excerpt])
	}
	return nil
}

// lowerASCII is strings.ToLower(w) in buf, for an ASCII word that fits.
func lowerASCII(buf []byte, w string) ([]byte, bool) {
	if len(w) > len(buf) {
		return nil, false
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[k] = c
	}
	return buf[:len(w)], true
}

// markGlossary marks the first occurrence in each document of each
// glossary term: linked to its entry in the EPUB, set in a distinct style
// in print.
func markGlossary(it *Item, gloss []*GlossEntry) {
	type hit struct {
		sp         textSpot
		start, end int
		g          *GlossEntry
	}
	var hits []hit
	spots := textSpots(it.Body)
	texts := make([]string, len(spots))
	urls := make([][][2]int, len(spots))
	for i, sp := range spots {
		texts[i] = markup.PlainText(*sp.runs)
		urls[i] = urlRuns(*sp.runs)
	}
	// Each term is looked for where its first word starts a word of the
	// text, found in one pass over the text, rather than by scanning the
	// whole text once per term.
	firsts := map[string]bool{}
	// Only an ASCII word as long as some first word at most, starting
	// with some first word's first character, is looked up.
	longest := 0
	var heads [256]bool
	for _, g := range gloss {
		if w := firstWord(g.Term); w != "" {
			firsts[w] = true
			longest = max(longest, len(w))
			heads[w[0]] = true
		}
	}
	type at struct{ spot, pos int }
	starts := map[string][]at{}
	var buf [64]byte // an ASCII word lowered without a copy on the heap
	for si, text := range texts {
		for i := 0; i < len(text); {
			j, ascii := wordAt(text, i)
			if j == i {
				_, n := decodeRune(text, i)
				i += n
				continue
			}
			w := text[i:j]
			if ascii && (len(w) > longest || !heads[w[0]|0x20]) { // |0x20: lower case
				i = j
				continue
			}
			if lw, ok := lowerASCII(buf[:], w); ok {
				if firsts[string(lw)] {
					starts[string(lw)] = append(starts[string(lw)], at{si, i})
				}
			} else if lw := strings.ToLower(w); firsts[lw] {
				starts[lw] = append(starts[lw], at{si, i})
			}
			i = j
		}
	}
	for _, g := range gloss {
		found := func(si, b, e int) {
			text := texts[si]
			start := utf8.RuneCountInString(text[:b])
			hits = append(hits, hit{spots[si], start, start + utf8.RuneCountInString(text[b:e]), g})
			it.Glossed = append(it.Glossed, g)
		}
		w := firstWord(g.Term)
		if w == "" {
			// A term that does not start with a letter or digit.
			re, err := regexp.Compile(`(?i)(^|[^\pL\pN])(` + regexp.QuoteMeta(g.Term) + `)($|[^\pL\pN])`)
			if err != nil {
				continue // not text (the manifest refuses such terms)
			}
		spots:
			for si, text := range texts {
				for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
					if !inURL(urls[si], m[4], m[5]) {
						found(si, m[4], m[5])
						break spots
					}
				}
			}
			continue
		}
		for _, c := range starts[w] {
			text := texts[c.spot]
			e := c.pos + len(g.Term)
			if e > len(text) || !strings.EqualFold(text[c.pos:e], g.Term) || inURL(urls[c.spot], c.pos, e) {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && isWordRune(r) {
				continue
			}
			found(c.spot, c.pos, e)
			break
		}
	}
	// Restyle from the end of each run list so offsets stay valid.
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].start > hits[j].start })
	for _, h := range hits {
		*h.sp.runs = restyle(*h.sp.runs, h.start, h.end, markup.Term, "#"+h.g.ID)
	}
}

// wordAt returns the end of the word (isWordRune) that starts at byte i
// of text, i when none does, and whether the word is ASCII.
func wordAt(text string, i int) (int, bool) {
	j, ascii := i, true
	for j < len(text) {
		if c := text[j]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[j:])
		if !isWordRune(r) {
			break
		}
		ascii = false
		j += n
	}
	return j, ascii
}

// decodeRune is utf8.DecodeRuneInString(s[i:]), without the call for
// ASCII (most of any text).
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// firstWord is the first word of a term in lower case, or "" if the
// term does not start with a letter or digit.
func firstWord(term string) string {
	end := 0
	for i, r := range term {
		if !isWordRune(r) {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	return strings.ToLower(term[:end])
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// asciiWord is isWordRune for ASCII, without the calls.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsNumber(rune(c))
	}
	return t
}()

// urlRuns returns the byte ranges, in the runs' plain text, of link text
// that is itself a web address: a term inside it is not a use of the term.
func urlRuns(runs []markup.Inline) [][2]int {
	var out [][2]int
	pos := 0
	for _, r := range runs {
		switch {
		case r.Note != nil:
			continue
		case r.Break:
			pos++
			continue
		}
		if r.Link != "" && looksLikeURL(r.Text) {
			out = append(out, [2]int{pos, pos + len(r.Text)})
		}
		pos += len(r.Text)
	}
	return out
}

func looksLikeURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Contains(s, "://") || strings.HasPrefix(s, "www.") || strings.HasPrefix(s, "mailto:")
}

func inURL(ranges [][2]int, start, end int) bool {
	for _, r := range ranges {
		if start < r[1] && end > r[0] {
			return true
		}
	}
	return false
}

// rightsGate stops a build that would reproduce a source whose rights are
// unknown, or held under a permission that is not written down, unless the
// teacher has said in the manifest that they checked.
func rightsGate(m *Manifest, it *Item, spec manifest.ItemSpec, errs *Errors) {
	s := it.Source
	accepted := contains(m.AcceptRights, s.ID) || contains(m.AcceptRights, "all")
	switch {
	case accepted:
	case s.Rights.Status == "unknown":
		errs.Add(m.File, spec.Line, spec.Col, "accept_rights", "the rights of %s are unknown (%s); find out whether you may copy it for class, then set rights.status in the source, or add %s to accept_rights in the manifest to take responsibility", s.ID, s.File, s.ID)
	case s.Rights.Status == "permission" && strings.TrimSpace(s.Rights.Statement) == "":
		errs.Add(m.File, spec.Line, spec.Col, "accept_rights", "%s is used by permission but its rights statement is empty (%s); write the terms of the permission in rights.statement, or add %s to accept_rights in the manifest", s.ID, s.File, s.ID)
	}
}

func glossID(term string, seen map[string]int) string {
	var b strings.Builder
	b.WriteString("gloss-")
	for _, r := range strings.ToLower(term) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 6 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	id := strings.TrimSuffix(b.String(), "-")
	seen[id]++
	if seen[id] > 1 {
		id = fmt.Sprintf("%s-%d", id, seen[id])
	}
	return id
}

// Metrics describe a document's reading load, for the teacher.
type Metrics struct {
	Words   int
	Minutes int
	Grade   float64
}

// Measure computes the reading metrics of the text printed for an item
// (the excerpt, when there is one).
func Measure(it *Item) Metrics {
	text := markup.BlocksText(it.Body)
	w := WordCount(text)
	return Metrics{Words: w, Minutes: ReadingMinutes(w), Grade: FleschKincaidGrade(text)}
}
