package importer

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
)

// The escaping below makes plain text safe as Markdown: the text must read
// exactly as the original once parsed, with the extensions that
// book/markup enables (tables, strikethrough, footnotes, definition lists).
// It escapes only where Markdown would otherwise take a character as
// markup, so that ordinary prose (brackets in "[People’s Democratic
// Party]", a lone asterisk, "a < b") stays as typed.

var (
	entityRE  = regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
	atxRE     = regexp.MustCompile(`^#{1,6}([ \t]|$)`)
	orderedRE = regexp.MustCompile(`^[0-9]{1,9}[.)]([ \t]|$)`)
	setextRE  = regexp.MustCompile(`^=+[ \t]*$`)
	// A line of dashes, colons and bars may underline a setext heading,
	// be a thematic break or a table's delimiter row.
	dashRowRE   = regexp.MustCompile(`^[-:| \t]*-[-:| \t]*$`)
	thematicRE  = regexp.MustCompile(`^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	punctASCIIs = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
)

// mdParagraph renders the lines of one plain-text paragraph as Markdown.
// Surrounding spaces and tabs of each line are dropped (Markdown would
// ignore or misread them: four spaces start a code block, two at the end
// a line break); hard keeps the line breaks as Markdown hard breaks,
// otherwise lines are joined by soft breaks.
func mdParagraph(lines []string, hard bool) string {
	var ls []string
	for _, l := range lines {
		if l = strings.Trim(l, " \t"); l != "" {
			ls = append(ls, l)
		}
	}
	esc := escapeText(strings.Join(ls, "\n"), false)
	if !hard {
		return esc
	}
	out := strings.Split(esc, "\n")
	for i := range out[:len(out)-1] {
		out[i] += hardBreak(out[i])
	}
	return strings.Join(out, "")
}

// hardBreak is the Markdown line break to put after md: a backslash, or
// two spaces after a line ending in an (escaped) backslash, where
// goldmark would misread three backslashes in a row.
func hardBreak(md string) string {
	if strings.HasSuffix(md, "\\") {
		return "  \n"
	}
	return "\\\n"
}

// escapeText escapes a paragraph's text (lines separated by \n, each
// without surrounding spaces). strict escapes every character that could
// take part in markup, for text that will sit beside generated markup
// whose delimiters the paragraph-wide analysis cannot see.
func escapeText(text string, strict bool) string { return escape(text, strict, true) }

// escape is escapeText for text that may continue a line (lineStart
// false): the line-start rules then skip its first line.
func escape(text string, strict, lineStart bool) string {
	at := map[int]bool{}
	// Paragraph-wide: a delimiter needs a partner to make markup.
	pairs := func(c string) bool { return strict || strings.Count(text, c) >= 2 }
	multiLine := strict || strings.Contains(text, "\n")
	start := 0
	for start <= len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := text[start:end]
		if line != "" && (lineStart || start > 0) {
			switch {
			case atxRE.MatchString(line), setextRE.MatchString(line), thematicRE.MatchString(line), dashRowRE.MatchString(line):
				at[start] = true
			case line[0] == '>':
				at[start] = true
			case (line[0] == '-' || line[0] == '+' || line[0] == '*' || line[0] == ':') && (len(line) == 1 || line[1] == ' ' || line[1] == '\t'):
				at[start] = true
			case orderedRE.MatchString(line):
				i := strings.IndexAny(line, ".)")
				at[start+i] = true
			}
		}
		start = end + 1
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '\\':
			if i+1 == len(text) || text[i+1] == '\n' || strings.IndexByte(punctASCIIs, text[i+1]) >= 0 {
				at[i] = true
			}
		case '*', '`', '~':
			if pairs(string(c)) {
				at[i] = true
			}
		case '_':
			if pairs("_") && !(wordRuneBefore(text, i) && wordRuneAfter(text, i+1)) {
				at[i] = true
			}
		case '<':
			if strict || (i+1 < len(text) && (isASCIILetter(text[i+1]) || strings.IndexByte("/!?", text[i+1]) >= 0)) {
				at[i] = true
			}
		case '&':
			if entityRE.MatchString(text[i:]) {
				at[i] = true
			}
		case '|':
			if multiLine {
				at[i] = true
			}
		case '[':
			if strict || !plainBracket(text, i) {
				at[i] = true
			}
		case ']':
			if strict {
				at[i] = true
			}
		}
	}
	if len(at) == 0 {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		switch {
		case at[i] && text[i] == '&':
			// "&amp;" rather than "\&": readers that resolve entities
			// after escapes (as book/markup did) would still turn
			// "\&amp;" into "&".
			b.WriteString("&amp;")
			continue
		case at[i]:
			b.WriteByte('\\')
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// plainBracket reports whether the "[" at i stays text: it opens no link,
// image, reference or footnote, because its "]" is followed by none of
// "(", "[", ":" and it holds no nested "[" (which could hide a link).
func plainBracket(text string, i int) bool {
	if i+1 < len(text) && text[i+1] == '^' {
		return false
	}
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '[':
			return false
		case ']':
			if j+1 < len(text) && strings.IndexByte("([:", text[j+1]) >= 0 {
				return false
			}
			return true
		}
	}
	return true
}

func wordRuneBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func wordRuneAfter(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// unescapeMarkdown removes backslash escapes before ASCII punctuation:
// transcripts exported from Markdown carry them ("1\. The limitation"),
// and the text they stand for is the character itself.
func unescapeMarkdown(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(punctASCIIs, s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// md is goldmark set up as book/markup sets it up, for checking that a
// Markdown text reads as intended.
var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote, extension.DefinitionList))

// renderedWords parses Markdown and returns the words a reader sees. It
// goes through goldmark's HTML output rather than book/markup's model so
// that the check does not depend on the model's handling of escapes.
func renderedWords(src string) []string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return nil
	}
	return strings.Fields(htmlText(buf.String()))
}

// htmlText is the text of an HTML fragment, block and line breaks as
// spaces.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "em", "strong", "a", "code", "del", "s", "sup", "sub", "span", "img":
			default:
				b.WriteByte(' ')
			}
		}
	}
}

// sameWords reports whether Markdown src reads as the plain text.
func sameWords(src, plain string) bool {
	got, want := renderedWords(src), strings.Fields(plain)
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}
