package markup

import (
	"bufio"
	"bytes"
	"fmt"
	stdhtml "html"
	"net/url"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// unescape resolves backslash escapes and character references exactly as
// goldmark's own HTML writer does (\# is "#", &amp; is "&", \&amp; is
// "&amp;"), in one pass: its writer escapes for HTML, which we undo.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	html.DefaultWriter.Write(w, v)
	w.Flush()
	return []byte(stdhtml.UnescapeString(buf.String()))
}

// Options control parsing.
type Options struct {
	// Typographer turns straight quotes and dashes into typographic ones.
	// It is for the editor's apparatus only: a primary source keeps its
	// characters exactly as transcribed.
	Typographer bool
	// FirstLine is the file line on which src starts, for messages.
	FirstLine int
	// NotePrefix makes note IDs unique within a book.
	NotePrefix string
}

// Warning is a problem in the input that did not stop parsing.
type Warning struct {
	Line int
	Msg  string
}

// Doc is a parsed Markdown text.
type Doc struct {
	Blocks   []Block
	Notes    []*Note
	Warnings []Warning
}

var (
	plainMD = newMarkdown(false)
	typoMD  = newMarkdown(true)
)

// Unicode replacements for goldmark's typographer, whose defaults are
// named HTML entities that are fatal in EPUB's XHTML.
var typographic = map[extension.TypographicPunctuation]string{
	extension.LeftSingleQuote:  "‘",
	extension.RightSingleQuote: "’",
	extension.LeftDoubleQuote:  "“",
	extension.RightDoubleQuote: "”",
	extension.EnDash:           "–",
	extension.EmDash:           "—",
	extension.Ellipsis:         "…",
	extension.LeftAngleQuote:   "«",
	extension.RightAngleQuote:  "»",
	extension.Apostrophe:       "’",
}

func newMarkdown(typo bool) goldmark.Markdown {
	exts := []goldmark.Extender{extension.Table, strikeExt{}, extension.TaskList, extension.Footnote, extension.DefinitionList}
	if typo {
		exts = append(exts, extension.NewTypographer(extension.WithTypographicSubstitutions(typographic)))
	}
	return goldmark.New(goldmark.WithExtensions(exts...))
}

// Parse converts Markdown to blocks. It never fails and never drops a
// word: raw HTML other than a few safe elements is kept as the text it is,
// and unsafe links (javascript:) lose the link but keep their text, each
// with a warning.
func Parse(src []byte, opt Options) *Doc { return parse(src, string(src), opt) }

// ParseString is Parse of a string: the runs' texts are, where they can
// be, pieces of src rather than copies, so that a source's text is held
// once however it is parsed.
func ParseString(src string, opt Options) *Doc { return parse([]byte(src), src, opt) }

// parse parses src, whose text is str.
func parse(src []byte, str string, opt Options) *Doc {
	md := plainMD
	if opt.Typographer {
		md = typoMD
	}
	root := md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	c := &converter{src: src, str: str, opt: opt, doc: &Doc{}, notes: map[int]*Note{}}
	if opt.FirstLine == 0 {
		c.opt.FirstLine = 1
	}
	c.lineStarts = append(c.lineStarts, 0)
	for i, b := range src {
		if b == '\n' {
			c.lineStarts = append(c.lineStarts, i+1)
		}
	}
	// Footnote definitions come last in goldmark's tree; convert them
	// first so that references can point at them.
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if fl, ok := n.(*east.FootnoteList); ok {
			for f := fl.FirstChild(); f != nil; f = f.NextSibling() {
				fn := f.(*east.Footnote)
				note := &Note{Number: fn.Index, ID: fmt.Sprintf("%sn%d", opt.NotePrefix, fn.Index)}
				c.notes[fn.Index] = note
			}
		}
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if fl, ok := n.(*east.FootnoteList); ok {
			for f := fl.FirstChild(); f != nil; f = f.NextSibling() {
				fn := f.(*east.Footnote)
				note := c.notes[fn.Index]
				note.Blocks = c.blocks(fn, 0)
				// goldmark leaves a back-link inside the note's text.
				c.doc.Notes = append(c.doc.Notes, note)
			}
			continue
		}
	}
	c.doc.Blocks = c.blocksOf(root, 0)
	sort.Slice(c.doc.Notes, func(i, j int) bool { return c.doc.Notes[i].Number < c.doc.Notes[j].Number })
	return c.doc
}

type converter struct {
	src        []byte
	str        string // src, as the runs' texts share it
	opt        Options
	doc        *Doc
	notes      map[int]*Note
	lineStarts []int
	blockLine  int // line of the block being converted, for inline warnings
	// lines caches the line of container nodes, whose line is their first
	// descendant's: without it, deeply nested input costs quadratic time.
	lines map[gast.Node]int
	// flattened is set once nesting deeper than MaxDepth was reported.
	flattened bool
	// open are the safe HTML elements open in the current block.
	open []htmlOpen
	// tagWarned holds the tags already reported, by line.
	tagWarned map[string]bool
}

// MaxDepth bounds the nesting of quotes, lists and definitions. Deeper
// levels keep their text but are set at the deepest level, with one
// warning: each level indents the printed text, and beyond eight even a
// large-print page has no room left for the words.
const MaxDepth = 8

// flatten reports, once per text, that nesting was flattened at n.
func (c *converter) flatten(n gast.Node) {
	if !c.flattened {
		c.flattened = true
		c.warn(n, "quotes and lists nested more than %d deep are set at the %dth level (the printed page has no room for more indentation); the text is kept", MaxDepth, MaxDepth)
	}
}

func (c *converter) warn(n gast.Node, format string, args ...any) {
	line := c.line(n)
	if n.Type() == gast.TypeInline {
		line = c.blockLine
		if l, ok := c.inlineLine(n); ok {
			line = l
		}
	}
	c.doc.Warnings = append(c.doc.Warnings, Warning{Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (c *converter) line(n gast.Node) int {
	var path []gast.Node // containers whose line is found below them
	line := c.opt.FirstLine
	for ; n != nil; n = n.FirstChild() {
		if l, ok := c.lines[n]; ok {
			line = l
			break
		}
		if n.Type() == gast.TypeBlock {
			if l := n.Lines(); l != nil && l.Len() > 0 {
				line = c.lineAt(l.At(0).Start)
				break
			}
		}
		if t, ok := n.(*gast.Text); ok {
			line = c.lineAt(t.Segment.Start)
			break
		}
		path = append(path, n)
	}
	if c.lines == nil {
		c.lines = map[gast.Node]int{}
	}
	for _, p := range path {
		c.lines[p] = line
	}
	return line
}

// inlineLine finds the line of an inline node from its own text, when
// it has any: raw HTML's segments, or the first text inside it.
func (c *converter) inlineLine(n gast.Node) (int, bool) {
	if h, ok := n.(*gast.RawHTML); ok && h.Segments.Len() > 0 {
		return c.lineAt(h.Segments.At(0).Start), true
	}
	for ; n != nil; n = n.FirstChild() {
		if t, ok := n.(*gast.Text); ok {
			return c.lineAt(t.Segment.Start), true
		}
	}
	return 0, false
}

// lineAt returns the file line of a byte offset in the source.
func (c *converter) lineAt(off int) int {
	return c.opt.FirstLine + sort.SearchInts(c.lineStarts, off+1) - 1
}

func (c *converter) blocksOf(parent gast.Node, depth int) []Block {
	out := make([]Block, 0, parent.ChildCount()) // mostly a block a child
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if _, ok := n.(*east.FootnoteList); ok {
			continue
		}
		c.block(&out, n, depth)
	}
	if len(out) == 0 {
		return nil
	}
	return exact(out)
}

// exact is s in an array of its length: the book keeps every block and
// run for the whole build, and append leaves up to half an array spare.
func exact[T any](s []T) []T {
	if cap(s)-len(s) <= len(s)/8 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

func (c *converter) blocks(parent gast.Node, depth int) []Block { return c.blocksOf(parent, depth) }

// block appends what n is to out: usually one block, none for a
// paragraph without text, several for nesting flattened.
func (c *converter) block(out *[]Block, n gast.Node, depth int) {
	line := c.line(n)
	c.blockLine = line
	switch n := n.(type) {
	case *gast.Paragraph, *gast.TextBlock:
		if img := soleImage(n, c.src); img != nil {
			*out = append(*out, c.figure(img, line))
			return
		}
		ins := c.inlines(n, 0, "")
		if len(ins) == 0 {
			return
		}
		*out = append(*out, Block{Kind: Paragraph, Line: line, Inlines: ins})
		return
	case *gast.Heading:
		*out = append(*out, Block{Kind: Heading, Line: line, Level: n.Level, Inlines: c.inlines(n, 0, "")})
		return
	case *gast.Blockquote:
		if depth >= MaxDepth {
			c.flatten(n)
			*out = append(*out, c.blocksOf(n, depth)...)
			return
		}
		*out = append(*out, Block{Kind: Quote, Line: line, Blocks: c.blocksOf(n, depth+1)})
		return
	case *gast.List:
		if depth >= MaxDepth {
			c.flatten(n)
		}
		b := Block{Kind: List, Line: line, Ordered: n.IsOrdered(), Start: n.Start}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			if depth >= MaxDepth {
				b.Items = append(b.Items, c.blocksOf(it, depth))
			} else {
				b.Items = append(b.Items, c.blocksOf(it, depth+1))
			}
		}
		if depth >= MaxDepth {
			for _, it := range b.Items {
				*out = append(*out, it...)
			}
			return
		}
		*out = append(*out, b)
		return
	case *gast.FencedCodeBlock, *gast.CodeBlock:
		var buf bytes.Buffer
		lines := n.Lines()
		if _, indented := n.(*gast.CodeBlock); indented && lines.Len() > 0 {
			// A paragraph indented with a tab (as word processors do) is a
			// code block to Markdown: say so, or the text is set as code.
			if st := c.lineStarts[c.lineAt(lines.At(0).Start)-c.opt.FirstLine]; st < len(c.src) && bytes.HasPrefix(bytes.TrimLeft(c.src[st:], " "), []byte("\t")) {
				c.warn(n, "this text is indented with a tab, so Markdown sets it as code (monospaced, lines as typed); delete the tab if it is an ordinary paragraph, or fence real code with ```")
			}
		}
		for i := 0; i < lines.Len(); i++ {
			s := lines.At(i)
			buf.Write(s.Value(c.src))
		}
		*out = append(*out, Block{Kind: CodeBlock, Line: line, Code: strings.TrimRight(buf.String(), "\n")})
		return
	case *gast.ThematicBreak:
		*out = append(*out, Block{Kind: Rule, Line: line})
		return
	case *gast.HTMLBlock:
		var raw strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			raw.Write(seg.Value(c.src))
		}
		if n.HasClosure() {
			raw.Write(n.ClosureLine.Value(c.src))
		}
		ins, comments, literal := c.htmlBlock(strings.TrimRight(raw.String(), "\n"))
		if comments > 0 {
			c.warn(n, "an HTML comment was left out (browsers do not show it either)")
		}
		if len(literal) > 0 {
			c.warn(n, "HTML such as %s is not something a book can set, so it is printed as written; write the text in Markdown instead, or use <sup>, <sub>, <u>, <s>, <small>, <abbr> or <br>, which both editions render", literal[0])
		}
		if len(ins) == 0 {
			return
		}
		*out = append(*out, Block{Kind: Paragraph, Line: line, Inlines: ins})
		return
	case *east.Table:
		*out = append(*out, c.table(n, line))
		return
	case *east.DefinitionList:
		b := Block{Kind: Definitions, Line: line}
		for d := n.FirstChild(); d != nil; d = d.NextSibling() {
			switch d := d.(type) {
			case *east.DefinitionTerm:
				b.Defs = append(b.Defs, Definition{Term: c.inlines(d, 0, "")})
			case *east.DefinitionDescription:
				if len(b.Defs) == 0 {
					b.Defs = append(b.Defs, Definition{})
				}
				last := &b.Defs[len(b.Defs)-1]
				last.Defs = append(last.Defs, c.blocksOf(d, depth+1))
			}
		}
		*out = append(*out, b)
		return
	case *east.Footnote, *east.FootnoteList:
		return
	}
	// Anything else: keep its children's text rather than lose it.
	if n.HasChildren() {
		*out = append(*out, c.blocksOf(n, depth)...)
	}
}

func soleImage(p gast.Node, src []byte) *gast.Image {
	var img *gast.Image
	for n := p.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *gast.Image:
			if img != nil {
				return nil
			}
			img = n
		case *gast.Text:
			if len(bytes.TrimSpace(n.Segment.Value(src))) != 0 {
				return nil
			}
		default:
			return nil
		}
	}
	return img
}

func (c *converter) figure(img *gast.Image, line int) Block {
	alt := PlainText(c.inlines(img, 0, ""))
	im := &Image{Src: string(img.Destination), Alt: alt, Caption: string(img.Title)}
	if strings.EqualFold(im.Caption, "decorative") {
		im.Caption, im.Decorative = "", true
	}
	return Block{Kind: Figure, Line: line, Image: im}
}

func (c *converter) table(t *east.Table, line int) Block {
	td := &TableData{}
	for _, a := range t.Alignments {
		switch a {
		case east.AlignLeft:
			td.Align = append(td.Align, AlignLeft)
		case east.AlignCenter:
			td.Align = append(td.Align, AlignCenter)
		case east.AlignRight:
			td.Align = append(td.Align, AlignRight)
		default:
			td.Align = append(td.Align, AlignNone)
		}
	}
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var cells [][]Inline
		for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
			cells = append(cells, c.inlines(cell, 0, ""))
		}
		if _, ok := r.(*east.TableHeader); ok {
			td.Header = cells
		} else {
			td.Rows = append(td.Rows, cells)
		}
	}
	return Block{Kind: Table, Line: line, Table: td}
}

// inlines flattens n's inline children into runs.
func (c *converter) inlines(n gast.Node, style Style, link string) []Inline {
	var out []Inline
	c.open = nil
	c.appendInlines(&out, n, style, link)
	c.open = nil
	return exact(trimRuns(mergeRuns(out)))
}

// segText is a text node's text: a piece of the source, unless escapes
// or character references make it differ.
func (c *converter) segText(n *gast.Text) string {
	seg := n.Segment
	v := seg.Value(c.src)
	if !n.IsRaw() {
		if u := unescape(v); len(u) != len(v) || len(u) > 0 && &u[0] != &v[0] {
			return string(u)
		}
	}
	if seg.Padding != 0 { // v has spaces that stand for a tab
		return string(v)
	}
	return c.str[seg.Start:seg.Stop]
}

// trimRuns drops the spaces that soft line breaks leave at either end.
func trimRuns(rs []Inline) []Inline {
	for len(rs) > 0 && !rs[0].Break && rs[0].Note == nil {
		rs[0].Text = strings.TrimLeft(rs[0].Text, " \t\n")
		if rs[0].Text != "" {
			break
		}
		rs = rs[1:]
	}
	for len(rs) > 0 {
		l := &rs[len(rs)-1]
		if l.Break {
			rs = rs[:len(rs)-1]
			continue
		}
		if l.Note != nil {
			break
		}
		l.Text = strings.TrimRight(l.Text, " \t\n")
		if l.Text != "" {
			break
		}
		rs = rs[:len(rs)-1]
	}
	return rs
}

func (c *converter) appendInlines(out *[]Inline, parent gast.Node, style Style, link string) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *gast.Text:
			*out = append(*out, c.run(c.segText(n), style, link))
			if n.HardLineBreak() {
				*out = append(*out, Inline{Break: true})
			} else if n.SoftLineBreak() {
				*out = append(*out, c.run(" ", style, link))
			}
		case *gast.String:
			*out = append(*out, c.run(string(n.Value), style, link))
		case *gast.CodeSpan:
			var b strings.Builder
			for t := n.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*gast.Text); ok {
					b.Write(tx.Segment.Value(c.src))
				} else if s, ok := t.(*gast.String); ok {
					b.Write(s.Value)
				}
			}
			*out = append(*out, c.run(b.String(), style|Code, link))
		case *gast.Emphasis:
			s := Italic
			if n.Level >= 2 {
				s = Bold
			}
			c.appendInlines(out, n, style|s, link)
		case *east.Strikethrough:
			c.appendInlines(out, n, style|Strike, link)
		case *gast.Link:
			c.appendInlines(out, n, style, c.safeLink(n, string(n.Destination)))
		case *gast.AutoLink:
			u := string(n.URL(c.src))
			dest := u
			if n.AutoLinkType == gast.AutoLinkEmail && !strings.HasPrefix(dest, "mailto:") {
				dest = "mailto:" + dest
			}
			*out = append(*out, c.run(u, style, c.safeLink(n, dest)))
		case *gast.Image:
			// An image inside running text cannot be set in a line; keep
			// its description so that nothing is silently lost.
			c.warn(n, "an image inside a paragraph is shown as its description; put the image in a paragraph of its own")
			c.appendInlines(out, n, style|Italic, link)
		case *gast.RawHTML:
			var raw strings.Builder
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				raw.Write(seg.Value(c.src))
			}
			t := parseTag(raw.String())
			switch {
			case t.comment:
				c.warn(n, "an HTML comment was left out (browsers do not show it either)")
			case t.safe:
				c.applyTag(t, out)
				if t.attrs {
					c.warn(n, "the attributes of the HTML element %s were left out; the element itself is set", raw.String())
				}
			default:
				*out = append(*out, c.run(raw.String(), style, link))
				if l, _ := c.inlineLine(n); !c.warnedTag(l, t.name) {
					c.warn(n, "%s is not an HTML element a book can set, so it is printed as written; use <sup>, <sub>, <u>, <s>, <small>, <abbr> or <br> for those, or escape the bracket (\\<) to say it is text", raw.String())
				}
			}
		case *east.FootnoteLink:
			if note := c.notes[n.Index]; note != nil {
				*out = append(*out, Inline{Text: fmt.Sprint(note.Number), Style: Sup, Note: note})
			}
		case *east.TaskCheckBox:
			// GFM task lists: the box as a character both editions print.
			box := "☐ "
			if n.IsChecked {
				box = "☑ "
			}
			*out = append(*out, c.run(box, style, link))
		case *east.FootnoteBacklink:
		default:
			c.appendInlines(out, n, style, link)
		}
	}
}

// RelativeLink prefixes a link to a relative path (another document of
// the reader, perhaps): the book resolves it to an in-book link or drops
// it, keeping its text, with a warning.
const RelativeLink = "rel:"

// safeLink keeps web, mail and in-book links and drops anything else
// (javascript:, file:, data:), which must never reach an e-book. Web
// links are percent-encoded so that they are valid URLs in the EPUB.
func (c *converter) safeLink(n gast.Node, dest string) string {
	if strings.HasPrefix(dest, "#") {
		return EncodeURL(dest)
	}
	u, err := url.Parse(strings.TrimSpace(dest))
	if err == nil {
		switch strings.ToLower(u.Scheme) {
		case "http", "https":
			if !validHost(u.Hostname()) {
				c.warn(n, "the link %q names no valid web address, so its text is printed without the link", dest)
				return ""
			}
			return EncodeURL(u.String())
		case "mailto":
			return EncodeURL(u.String())
		case "":
			if t := strings.TrimSpace(dest); t != "" && !strings.HasPrefix(t, "//") && !strings.HasPrefix(t, `\\`) && !strings.Contains(t, ":") {
				return RelativeLink + t
			}
		}
	}
	c.warn(n, "the link %q was removed: only http, https and mailto links are allowed", dest)
	return ""
}

// validHost reports whether h can be a web server's name or address:
// labels that are not empty ("https://../" is not a link).
func validHost(h string) bool {
	if h == "" {
		return false
	}
	if strings.Contains(h, ":") { // an IPv6 address, brackets removed
		return true
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" {
			return false
		}
	}
	return true
}

// EncodeURL percent-encodes the bytes a URL may not contain as they are
// (spaces, backslashes, quotes, angle brackets, non-ASCII characters),
// leaving existing escapes and the URL's structure alone.
func EncodeURL(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0
		if c == '%' && !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			ok = false
		}
		if ok {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// mergeRuns joins neighbouring runs of the same style, which keeps both
// renderers' output small.
func mergeRuns(in []Inline) []Inline {
	out := in[:0]
	// The run being extended is built in buf: adding to a string one
	// line at a time would copy a long paragraph once per line.
	var buf strings.Builder
	merging := false
	flush := func() {
		if merging {
			out[len(out)-1].Text = buf.String()
			buf.Reset()
			merging = false
		}
	}
	for _, r := range in {
		if r.Text == "" && !r.Break && r.Note == nil {
			continue
		}
		if n := len(out); n > 0 {
			p := &out[n-1]
			if !p.Break && !r.Break && p.Note == nil && r.Note == nil && p.Style == r.Style && p.Link == r.Link && p.Lang == r.Lang && p.Title == r.Title && p.Anchor == "" && r.Anchor == "" {
				if !merging {
					buf.WriteString(p.Text)
					merging = true
				}
				buf.WriteString(r.Text)
				continue
			}
		}
		flush()
		out = append(out, r)
	}
	flush()
	return out
}
