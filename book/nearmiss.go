package book

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"sourcebook/book/diag"
	"sourcebook/book/markup"
)

// foldRune maps the characters that look alike in an editor to one form:
// capitals to small letters, curly quotes and apostrophes to straight
// ones, every dash and hyphen to "-", every space to " ". 0 means drop.
func foldRune(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′', '`', '´':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−', '\u00ad':
		return '-'
	}
	if unicode.IsSpace(r) || r == '\u00a0' {
		return ' '
	}
	return unicode.ToLower(r)
}

// folded is a text folded with foldRune, runs of spaces made one, with
// the byte offset in the original of every folded byte.
type folded struct {
	s   string
	off []int
}

func foldText(t string) folded {
	var b strings.Builder
	var off []int
	space := false
	for i, r := range t {
		f := foldRune(r)
		if f == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		n := utf8.RuneLen(f)
		if n < 0 {
			n = 1
		}
		for k := 0; k < n; k++ {
			off = append(off, i)
		}
		b.WriteRune(f)
	}
	off = append(off, len(t))
	return folded{b.String(), off}
}

// nearMiss finds a phrase that differs from the text only in capitals,
// quotation marks, apostrophes, dashes or spacing, and returns the text's
// exact wording and what differs.
func nearMiss(text, phrase string) (exact, why string, ok bool) {
	ft := foldText(text)
	return ft.nearMiss(text, phrase)
}

// maxNearMisses bounds the anchors of one item for which a near miss is
// looked for.
const maxNearMisses = 20

func (ix *itemText) nearMiss(phrase string) (string, string, bool) {
	if ix.fold == nil {
		f := foldText(ix.joined)
		ix.fold = &f
	}
	return ix.fold.nearMiss(ix.joined, phrase)
}

func (ft folded) nearMiss(text, phrase string) (exact, why string, ok bool) {
	fp := foldText(strings.TrimSpace(phrase)).s
	if fp == "" {
		return "", "", false
	}
	i := strings.Index(ft.s, fp)
	if i < 0 {
		return "", "", false
	}
	start, end := ft.off[i], ft.off[i+len(fp)]
	// Extend to the whole last rune.
	if end < len(text) {
		_, size := utf8.DecodeRuneInString(text[ft.off[i+len(fp)-1]:])
		end = ft.off[i+len(fp)-1] + size
	}
	exact = text[start:end]
	return exact, differences(exact, phrase), true
}

// differences names, in a teacher's words, how two near-equal phrases
// differ.
func differences(src, phrase string) string {
	var out []string
	kinds := func(s string, f func(rune) bool) string {
		var b strings.Builder
		for _, r := range s {
			if f(r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	isQuote := func(r rune) bool { return foldRune(r) == '\'' || foldRune(r) == '"' }
	isDash := func(r rune) bool { return foldRune(r) == '-' }
	if kinds(src, unicode.IsUpper) != kinds(phrase, unicode.IsUpper) {
		out = append(out, "capital letters")
	}
	if q1, q2 := kinds(src, isQuote), kinds(phrase, isQuote); q1 != q2 {
		out = append(out, fmt.Sprintf("quotation marks or apostrophes (the source has %s, the manifest %s)", describeRunes(q1), describeRunes(q2)))
	}
	if d1, d2 := kinds(src, isDash), kinds(phrase, isDash); d1 != d2 {
		out = append(out, fmt.Sprintf("dashes (the source has %s, the manifest %s)", describeRunes(d1), describeRunes(d2)))
	}
	if kinds(src, unicode.IsSpace) != kinds(phrase, unicode.IsSpace) {
		out = append(out, "spacing")
	}
	if len(out) == 0 {
		return "characters that look alike"
	}
	return strings.Join(out, " and ")
}

var runeNames = map[rune]string{
	'\'': "' (straight apostrophe)", '"': `" (straight quotation mark)`, '’': "’ (curly apostrophe)", '‘': "‘ (curly opening quote)",
	'“': "“ (curly opening quotation mark)", '”': "” (curly closing quotation mark)", '-': "- (hyphen)", '–': "– (en dash)", '—': "— (em dash)",
}

func describeRunes(s string) string {
	if s == "" {
		return "none"
	}
	var parts []string
	seen := map[rune]bool{}
	for _, r := range s {
		if seen[r] {
			continue
		}
		seen[r] = true
		if n, ok := runeNames[r]; ok {
			parts = append(parts, n)
		} else {
			parts = append(parts, fmt.Sprintf("%c (U+%04X)", r, r))
		}
	}
	return strings.Join(parts, ", ")
}

// paragraphOf finds the numbered paragraph of a source's full text that
// holds a phrase exactly (or nearly), for an anchor the excerpt leaves out.
func paragraphOf(full []markup.Block, phrase string) int {
	ix := newItemText(full)
	if sp, _, _, ok := ix.find(phrase, 1); ok {
		return sp.top.Number
	}
	for _, sp := range ix.spots {
		if _, _, ok := nearMiss(markup.PlainText(*sp.runs), phrase); ok {
			return sp.top.Number
		}
	}
	return 0
}

// closestIDs are the n ids nearest a far-off typo: ids sharing a word
// with it first (so "truman" finds "truman-doctrine-1947"), then by edit
// distance.
func closestIDs(id string, ids []string, n int) []string {
	type cand struct {
		id    string
		score int
	}
	words := strings.FieldsFunc(strings.ToLower(id), func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	var cs []cand
	for _, c := range ids {
		score := diag.Levenshtein(strings.ToLower(id), c)
		for _, w := range words {
			if len(w) >= 3 && strings.Contains(c, w) {
				score -= 100
			}
		}
		cs = append(cs, cand{c, score})
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].score < cs[j].score })
	var out []string
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].id)
	}
	return out
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
