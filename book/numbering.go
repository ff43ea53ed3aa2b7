package book

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sourcebook/book/markup"
)

// ParagraphMarks lets a source say which paragraphs are counted, where
// the rules below guess wrong: each entry is the start of a paragraph,
// copied from the text.
type ParagraphMarks struct {
	Numbered   []string `yaml:"numbered,omitempty"`
	Unnumbered []string `yaml:"unnumbered,omitempty"`
}

// numberParagraphs gives each top-level block of the source an ID and,
// for text blocks, a paragraph number: the reference both editions print
// (the PDF beside its line numbers), and the unit of the page map.
// Headings, rules, pictures, section numerals ("II."), date lines and a
// letter's closing and signature are not counted unless the source marks
// them with paragraphs.numbered; paragraphs.unnumbered leaves any out.
func numberParagraphs(it *Item, errs *Errors) {
	src := it.Source
	var marks ParagraphMarks
	if src != nil {
		marks = src.Paragraphs
	}
	forced := map[int]bool{}
	match := func(list []string, key string, want bool) {
		for i, phrase := range list {
			p := strings.Join(strings.Fields(phrase), " ")
			found := false
			for bi := range it.Body {
				if p != "" && strings.HasPrefix(blockStart(&it.Body[bi]), p) {
					forced[bi] = want
					found = true
				}
			}
			if !found && errs != nil && src != nil {
				errs.Add(src.File, src.paraLine, 0, fmt.Sprintf("paragraphs.%s[%d]", key, i+1),
					"no paragraph of the text starts with %q; copy the first words of the paragraph exactly as they appear in the text", phrase)
			}
		}
	}
	match(marks.Numbered, "numbered", true)
	match(marks.Unnumbered, "unnumbered", false)
	closing := false
	k := 0
	for i := range it.Body {
		bl := &it.Body[i]
		trimParagraph(bl)
		counted := bl.Kind != markup.Heading && bl.Kind != markup.Rule && bl.Kind != markup.Figure
		// Every rule below is for a line of at most 14 words: a longer
		// paragraph is counted without reading it again.
		if counted && bl.Kind == markup.Paragraph && atMostWords(markup.PlainText(bl.Inlines), 14) {
			text := blockStart(bl)
			switch {
			case closingRE.MatchString(text) && wordCount(text) <= 14:
				closing, counted = true, false
			case closing && signatureLike(text):
				counted = false // a signature or title under the closing
			case sectionRE.MatchString(text), dateLine(text):
				counted = false
			}
		}
		if f, ok := forced[i]; ok {
			counted = f
		}
		if !counted {
			bl.ID = it.ID + "-b" + strconv.Itoa(i+1)
			continue
		}
		k++
		bl.Number = k
		bl.ID = it.ID + "-p" + strconv.Itoa(k)
	}
}

// blockStart is a block's reading text, spaces collapsed.
func blockStart(b *markup.Block) string {
	var t string
	switch b.Kind {
	case markup.Paragraph, markup.Heading:
		t = markup.PlainText(b.Inlines)
	default:
		t = markup.BlocksText([]markup.Block{*b})
	}
	return collapseSpaces(t)
}

// collapseSpaces is strings.Join(strings.Fields(t), " ") without the
// copies when t is already so (most paragraphs are).
func collapseSpaces(t string) string {
	prevSpace := true // a leading space is to go
	for _, r := range t {
		sp := isSpace(r)
		if sp && (prevSpace || r != ' ') {
			return strings.Join(strings.Fields(t), " ")
		}
		prevSpace = sp
	}
	if prevSpace && t != "" {
		return strings.Join(strings.Fields(t), " ") // a trailing space
	}
	return t
}

// trimParagraph drops the spaces a transcription left at the start of a
// paragraph (" 2 September 1989"): they are layout, not words, and would
// indent the line in one edition and not the other.
func trimParagraph(b *markup.Block) {
	if b.Kind != markup.Paragraph {
		return
	}
	for i := range b.Inlines {
		in := &b.Inlines[i]
		if in.Note != nil || in.Anchor != "" {
			continue
		}
		if in.Break {
			return
		}
		in.Text = strings.TrimLeftFunc(in.Text, unicode.IsSpace)
		if in.Text != "" {
			return
		}
	}
}

var (
	// A section numeral alone: "II.", "IV", "3.", "Part II".
	sectionRE = regexp.MustCompile(`^(?:(?i:part|section|chapter) )?(?:[IVXLC]{1,7}|[0-9]{1,3})\.?$`)
	// A letter's closing: "Respectfully,", "Yours sincerely,", "I have the
	// honour to be, Sir, your obedient servant".
	// The closing word is followed by a comma or ends the line, so that
	// "With respect to …" and "Yours is the task" stay text.
	closingRE = regexp.MustCompile(`^(?i:(?:(?:very |most )?(?:respectfully|sincerely|faithfully|cordially|truly|affectionately)(?: yours)?|yours(?: (?:very )?(?:truly|sincerely|faithfully|respectfully|ever))?|(?:best |kind |warm )?regards|with (?:best |kind |warm |deep )?(?:regards|respect|wishes)|your obedient servant)(?:[,.!]|$)|i (?:have the hono(?:u)?r to be|remain)\b.*)`)
	monthRE   = regexp.MustCompile(`(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\b`)
	yearRE    = regexp.MustCompile(`\b1[0-9]{3}\b|\b20[0-9]{2}\b`)
	isoDateRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}\.?$`)
)

// dateLine reports a short line that is a date, with perhaps a place:
// "2 September 1989", "Washington, D.C., January 4, 1980".
func dateLine(text string) bool {
	if isoDateRE.MatchString(text) {
		return true
	}
	if !atMostWords(text, 6) || !monthRE.MatchString(text) || !yearRE.MatchString(text) {
		return false
	}
	// A sentence that merely mentions a date ends like one.
	return !strings.ContainsAny(strings.TrimSuffix(text, "."), "!?;:")
}

// signatureLike reports a short line without a sentence's end: a name or
// a title under a letter's closing.
func signatureLike(text string) bool {
	return wordCount(text) <= 8 && !strings.HasSuffix(text, "?") && !strings.HasSuffix(text, "!") &&
		(!strings.HasSuffix(text, ".") || wordCount(text) <= 4)
}

// atMostWords reports wordCount(s) <= n, reading no further than it must
// (a paragraph is usually long).
func atMostWords(s string, n int) bool {
	k, in := 0, false
	for _, r := range s {
		sp := isSpace(r)
		if !sp && !in {
			if k++; k > n {
				return false
			}
		}
		in = !sp
	}
	return true
}

// isSpace is unicode.IsSpace, without the call for ASCII.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// wordCount is len(strings.Fields(s)), without making the slice.
func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		sp := isSpace(r)
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// Paragraph is one top-level block of a source's text as an item numbers
// it: Number is what `excerpt` and a question's `paragraph` count (0 for
// a heading, a date line or a closing, which are not counted).
type Paragraph struct {
	Number  int    `json:"number"`
	Text    string `json:"text"`
	Heading bool   `json:"heading,omitempty"`
}

// NumberedBlocks lists the source's blocks, numbered as in a reader, for an
// editor that lets the teacher tick the paragraphs of an excerpt.
func (s *Source) NumberedBlocks() ([]Paragraph, error) {
	if e := checkMarkdown(s.Body, s.File, s.BodyLine, DefaultLimits()); e != nil {
		return nil, e
	}
	doc := markup.ParseString(s.Body, markup.Options{FirstLine: s.BodyLine})
	it := &Item{Source: s, Body: doc.Blocks}
	numberParagraphs(it, nil)
	out := make([]Paragraph, 0, len(it.Body))
	for i := range it.Body {
		b := &it.Body[i]
		out = append(out, Paragraph{Number: b.Number, Text: blockStart(b), Heading: b.Kind == markup.Heading})
	}
	return out, nil
}
