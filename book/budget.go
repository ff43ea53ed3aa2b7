package book

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"sourcebook/book/diag"
	"sourcebook/book/input"
	"sourcebook/book/markup"
)

// checkMarkdown checks Markdown text against the caps that must hold
// before it is parsed: tables (CheckTables), the longest word, and the
// notes and links begun in one paragraph. Each costs the parser or the
// print layout more than its share, so a hostile or broken file could
// otherwise take minutes; no real text comes near the caps. firstLine is
// the file line text starts on.
func checkMarkdown(text, file string, firstLine int, lim Limits) *Error {
	if e := input.CheckTables(text, file, firstLine, lim); e != nil {
		return e
	}
	line, paraLine := firstLine, firstLine
	word, notes, links := 0, 0, 0
	wordLine := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				// A blank line ends a paragraph.
				if blankAt(text, i+1) {
					notes, links = 0, 0
					paraLine = line + 1
				}
				line++
				word = 0
			case c == ' ' || c == '\t':
				word = 0
			default:
				if word == 0 {
					wordLine = line
				}
				word++
				if c == '[' && i+1 < len(text) && text[i+1] == '^' && !noteDefinition(text, i) {
					notes++
					if notes > lim.NotesPerParagraph {
						return &Error{File: file, Line: paraLine, Msg: fmt.Sprintf("the paragraph has more than %s note references, the limit (Limits.NotesPerParagraph); split it or raise the limit", diag.Thousands(int64(lim.NotesPerParagraph)))}
					}
				}
				if c == ']' && i+1 < len(text) && text[i+1] == '(' {
					links++
					if links > lim.LinksPerParagraph {
						return &Error{File: file, Line: paraLine, Msg: fmt.Sprintf("the paragraph has more than %s links (\"](\"), the limit (Limits.LinksPerParagraph); split it, escape the brackets (\\\\]) or raise the limit", diag.Thousands(int64(lim.LinksPerParagraph)))}
					}
				}
				// The rest of a plain ASCII word at once: most of a text.
				j := i + 1
				for j < len(text) && plainByte[text[j]] {
					j++
				}
				word += j - i - 1
				i = j - 1
			}
			i++
		} else {
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				word = 0
			} else {
				if word == 0 {
					wordLine = line
				}
				word++
			}
			i += n
		}
		if word > lim.WordChars {
			return &Error{File: file, Line: wordLine, Msg: fmt.Sprintf("a word here is longer than %s characters without a space, the limit (Limits.WordChars); no page can set it, so check the text (a pasted file or an image's data?) or raise the limit", diag.Thousands(int64(lim.WordChars)))}
		}
	}
	return nil
}

// plainByte marks the printable ASCII characters other than the
// brackets checkMarkdown looks at.
var plainByte = func() (t [256]bool) {
	for c := '!'; c <= '~'; c++ {
		t[c] = c != '[' && c != ']'
	}
	return t
}()

// blankAt reports whether the line starting at byte i holds only spaces.
func blankAt(text string, i int) bool {
	for ; i < len(text); i++ {
		switch text[i] {
		case ' ', '\t':
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

// checkTitles refuses titles and labels over Limits.TitleChars: a title is
// set in large type on one page, and a whole text pasted into one would
// never fit.
func checkTitles(m *Manifest, lib *Library, lim Limits) error {
	var errs Errors
	over := func(file string, line, col int, field, s string) {
		if n := utf8.RuneCountInString(s); n > lim.TitleChars {
			errs.Add(file, line, col, field, "%s characters are more than the limit of %s for a title (Limits.TitleChars); shorten it or raise the limit", diag.Thousands(int64(n)), diag.Thousands(int64(lim.TitleChars)))
		}
	}
	for _, k := range []struct{ key, val string }{{"title", m.Title}, {"subtitle", m.Subtitle}, {"course", m.Course}, {"institution", m.Institution}, {"publisher", m.Publisher}, {"name", m.Name}} {
		l, c := diag.KeyPos(m.Node(), k.key)
		over(m.File, l, c, k.key, k.val)
	}
	seen := map[*Source]bool{}
	for pi, p := range m.Parts {
		over(m.File, m.PartLine(pi), 0, fmt.Sprintf("parts[%d].title", pi+1), p.Title)
		for ii, it := range p.Items {
			over(m.File, it.Line, it.Col, fmt.Sprintf("parts[%d].items[%d].title", pi+1, ii+1), it.Title)
			over(m.File, it.Line, it.Col, fmt.Sprintf("parts[%d].items[%d].label", pi+1, ii+1), it.Label)
			if s, ok := lib.Sources[it.ID]; ok && !seen[s] {
				seen[s] = true
				l, c := 1, 0
				over(s.File, l, c, "title", s.Title)
				over(s.File, l, c, "short_title", s.ShortTitle)
			}
		}
	}
	for _, g := range m.Glossary {
		over(m.File, g.Line, 0, "glossary.term", g.Term)
	}
	return errs.Err()
}

// checkTextTotal refuses a reader whose text, every source counted once
// per use, is over Limits.TextBytes, before anything is parsed.
func checkTextTotal(m *Manifest, lib *Library, lim Limits) (int64, error) {
	var total int64
	k := 0
	for _, p := range m.Parts {
		for _, it := range p.Items {
			if s, ok := lib.Sources[it.ID]; ok {
				total += int64(len(s.Body))
			}
			if total > lim.TextBytes {
				return total, itemOver(m, k, fmt.Sprintf("the reader's sources come to more than %s of text (each counted once per use), the limit (Limits.TextBytes); split it into several readers or raise the limit", input.Megabytes(lim.TextBytes)))
			}
			k++
		}
	}
	return total, nil
}

// isControl reports the characters that are not text and that both
// editions leave out (checkChars warns about them): C0 controls but tab
// and newline, DEL and the C1 controls, and the non-characters U+FFFE
// and U+FFFF.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r < 0xa0 || r == 0xFFFE || r == 0xFFFF
}

func dropControlsIn(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

// dropControls leaves the control characters out of every text of the
// book, as the warning checkChars gives says, so that both editions
// agree whatever their renderers do with them.
func dropControls(b *Book) {
	b.Title, b.Subtitle = dropControlsIn(b.Title), dropControlsIn(b.Subtitle)
	dropBlockControls(b.Intro)
	for _, g := range b.Glossary {
		g.Term = dropControlsIn(g.Term)
		dropBlockControls(g.Definition)
	}
	for _, p := range b.Parts {
		p.Title = dropControlsIn(p.Title)
		dropBlockControls(p.Intro)
		dropBlockControls(p.Question)
	}
	for _, it := range b.Items {
		it.Title, it.Label = dropControlsIn(it.Title), dropControlsIn(it.Label)
		for _, bs := range [][]markup.Block{it.Headnote, it.Body, it.ModifiedNote} {
			dropBlockControls(bs)
		}
		for _, n := range it.Notes {
			dropBlockControls(n.Blocks)
		}
		for _, v := range it.Vocabulary {
			dropBlockControls(v.Definition)
		}
		for _, q := range it.Questions {
			dropBlockControls(q.Text)
			dropBlockControls(q.Answer)
		}
	}
}

func dropBlockControls(bs []markup.Block) {
	runs := func(ins []markup.Inline) {
		for i := range ins {
			ins[i].Text = dropControlsIn(ins[i].Text)
		}
	}
	for i := range bs {
		b := &bs[i]
		runs(b.Inlines)
		b.Code = dropControlsIn(b.Code)
		dropBlockControls(b.Blocks)
		for _, it := range b.Items {
			dropBlockControls(it)
		}
		if b.Table != nil {
			for _, c := range b.Table.Header {
				runs(c)
			}
			for _, r := range b.Table.Rows {
				for _, c := range r {
					runs(c)
				}
			}
		}
		if b.Image != nil {
			b.Image.Alt, b.Image.Caption = dropControlsIn(b.Image.Alt), dropControlsIn(b.Image.Caption)
		}
		for _, d := range b.Defs {
			runs(d.Term)
			for _, dd := range d.Defs {
				dropBlockControls(dd)
			}
		}
	}
}

// checkCounts refuses a glossary over Limits.GlossaryTerms and answer
// lines over 50 times Limits.QuestionLines in all, before anything is
// assembled.
func checkCounts(m *Manifest, lim Limits) error {
	if n := len(m.Glossary); n > lim.GlossaryTerms {
		g := m.Glossary[lim.GlossaryTerms]
		return &Error{File: m.File, Line: g.Line, Field: "glossary", Msg: fmt.Sprintf("the glossary has %s terms, more than the limit of %s (Limits.GlossaryTerms); keep the terms students need or raise the limit", diag.Thousands(int64(n)), diag.Thousands(int64(lim.GlossaryTerms)))}
	}
	total, entries := 0, 0
	for _, p := range m.Parts {
		for _, it := range p.Items {
			entries += len(it.Questions) + len(it.Annotations) + len(it.Vocabulary)
			if entries > lim.Apparatus {
				return &Error{File: m.File, Line: it.Line, Col: it.Col, Field: "questions", Msg: fmt.Sprintf("the reader has more than %s questions, annotations and word-bank entries, the limit (Limits.Apparatus); split it into several readers or raise the limit", diag.Thousands(int64(lim.Apparatus)))}
			}
			if n := len(it.Vocabulary); n > lim.GlossaryTerms {
				return &Error{File: m.File, Line: it.Line, Col: it.Col, Field: "vocabulary", Msg: fmt.Sprintf("the word bank has %s terms, more than the limit of %s (Limits.GlossaryTerms)", diag.Thousands(int64(n)), diag.Thousands(int64(lim.GlossaryTerms)))}
			}
			for _, q := range it.Questions {
				total += max(q.Lines, 0)
				if total > 50*lim.QuestionLines {
					return &Error{File: m.File, Line: q.Line, Field: "lines", Msg: fmt.Sprintf("the questions ask for more than %s ruled answer lines in all, 50 times the limit of %d for one question (Limits.QuestionLines); give fewer lines or raise the limit", diag.Thousands(int64(50*lim.QuestionLines)), lim.QuestionLines)}
				}
			}
		}
	}
	return nil
}

// noteDefinition reports whether the "[^" at i starts a note's definition
// ("[^12]: text" at the start of a line), not a reference.
func noteDefinition(text string, i int) bool {
	start := strings.LastIndexByte(text[:i], '\n') + 1
	if strings.TrimLeft(text[start:i], " \t>") != "" {
		return false
	}
	end := strings.IndexByte(text[i:min(len(text), i+200)], ']')
	return end > 0 && i+end+1 < len(text) && text[i+end+1] == ':'
}
