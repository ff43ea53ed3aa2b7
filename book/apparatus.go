package book

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

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
func excerpt(it *Item, sel Excerpt, file string, errs *Errors) {
	maxN := 0
	for _, b := range it.Body {
		maxN = max(maxN, b.Number)
	}
	for _, r := range sel.Ranges {
		if r[1] > maxN {
			errs.add(file, sel.Line, sel.Col, "excerpt", "the source has %d paragraphs; the excerpt asks for paragraph %d", maxN, r[1])
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
	for i, b := range it.Body {
		keep := b.Number > 0 && sel.Has(b.Number)
		if b.Number == 0 {
			// A heading or rule stays when the next numbered block does;
			// a closing or date line at the end, when the last one did.
			found := false
			for _, nb := range it.Body[i+1:] {
				if nb.Number > 0 {
					keep, found = sel.Has(nb.Number), true
					break
				}
			}
			for j := i - 1; !found && j >= 0; j-- {
				if pb := it.Body[j]; pb.Number > 0 {
					keep, found = sel.Has(pb.Number), true
				}
			}
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
	it.Body = out
	it.Excerpt = true
}

// annotate attaches the item's annotations to their phrases: a lettered
// note reference right after the phrase, without touching the source file.
func annotate(it *Item, specs []AnnotationSpec, file string, errs *Errors) {
	for k, a := range specs {
		sp, _, end, ok := findPhrase(it.Body, a.Anchor, a.Occurrence)
		if !ok {
			errs.add(file, a.Line, a.Col, fmt.Sprintf("%s annotations[%d].anchor", it.Source.ID, k+1), "%s", anchorMiss(it, a.Anchor, a.Occurrence))
			continue
		}
		label := letterLabel(k + 1)
		note := &markup.Note{Number: len(it.Notes) + 1, ID: fmt.Sprintf("%s-ann%d", it.ID, k+1), Annotation: true, Label: strings.ToLower(label),
			Blocks: markup.Parse([]byte(a.Note), markup.Options{Typographer: true, FirstLine: a.Line}).Blocks}
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

func anchorMiss(it *Item, phrase string, nth int) string {
	n := countPhrase(it.Body, phrase)
	where := "the text of " + it.Source.ID
	if it.Excerpt {
		where = "the excerpt of " + it.Source.ID
	}
	if n == 0 {
		return fmt.Sprintf("the phrase %q is not in %s; copy it exactly as it appears in the source (same capitals and punctuation)", phrase, where)
	}
	return fmt.Sprintf("the phrase %q occurs %d times in %s, so occurrence %d does not exist", phrase, n, where, nth)
}

// questionRef resolves where a question points.
func questionRef(it *Item, q QuestionSpec, qi int, file string, errs *Errors) *Ref {
	field := fmt.Sprintf("%s questions[%d]", it.Source.ID, qi+1)
	switch {
	case q.Anchor != "":
		sp, start, end, ok := findPhrase(it.Body, q.Anchor, q.Occurrence)
		if !ok {
			errs.add(file, q.Line, 0, field+".anchor", "%s", anchorMiss(it, q.Anchor, q.Occurrence))
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
		errs.add(file, q.Line, 0, field+".paragraph", "the text of %s has no paragraph %d%s", it.Source.ID, q.Paragraph, map[bool]string{true: " in the excerpt", false: ""}[it.Excerpt])
	}
	return nil
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
	for _, g := range gloss {
		re := regexp.MustCompile(`(?i)(^|[^\pL\pN])(` + regexp.QuoteMeta(g.Term) + `)($|[^\pL\pN])`)
		for _, sp := range spots {
			text := markup.PlainText(*sp.runs)
			m := re.FindStringSubmatchIndex(text)
			if m == nil {
				continue
			}
			start := utf8.RuneCountInString(text[:m[4]])
			hits = append(hits, hit{sp, start, start + utf8.RuneCountInString(text[m[4]:m[5]]), g})
			it.Glossed = append(it.Glossed, g)
			break
		}
	}
	// Restyle from the end of each run list so offsets stay valid.
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].start > hits[j].start })
	for _, h := range hits {
		*h.sp.runs = restyle(*h.sp.runs, h.start, h.end, markup.Term, "#"+h.g.ID)
	}
}

// rightsGate stops a build that would reproduce a source whose rights are
// unknown, or held under a permission that is not written down, unless the
// teacher has said in the manifest that they checked.
func rightsGate(m *Manifest, it *Item, spec ItemSpec, errs *Errors) {
	s := it.Source
	accepted := contains(m.AcceptRights, s.ID) || contains(m.AcceptRights, "all")
	switch {
	case accepted:
	case s.Rights.Status == "unknown":
		errs.add(m.File, spec.Line, spec.Col, "accept_rights", "the rights of %s are unknown (%s); find out whether you may copy it for class, then set rights.status in the source, or add %s to accept_rights in the manifest to take responsibility", s.ID, s.File, s.ID)
	case s.Rights.Status == "permission" && strings.TrimSpace(s.Rights.Statement) == "":
		errs.add(m.File, spec.Line, spec.Col, "accept_rights", "%s is used by permission but its rights statement is empty (%s); write the terms of the permission in rights.statement, or add %s to accept_rights in the manifest", s.ID, s.File, s.ID)
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
