package importer

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"sourcebook/book"
)

// An HTML page's text is its <main>, else its <article>, else its <body>,
// without the page's furniture. Paragraph structure, emphasis and web
// links are kept; scripts, styles and forms never reach the source.

// skipTags hold no document text.
var skipTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Script: true,
	atom.Style: true, atom.Noscript: true, atom.Form: true, atom.Template: true, atom.Iframe: true,
	atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Button: true, atom.Input: true, atom.Select: true,
	atom.Textarea: true, atom.Object: true, atom.Embed: true, atom.Head: true, atom.Title: true,
	atom.Meta: true, atom.Link: true, atom.Audio: true, atom.Video: true, atom.Map: true, atom.Dialog: true,
	atom.Img: true, atom.Picture: true,
}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Blockquote: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Pre: true, atom.Hr: true,
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Caption: true, atom.Figure: true, atom.Figcaption: true, atom.Address: true,
	atom.Center: true, atom.Details: true, atom.Summary: true, atom.Fieldset: true, atom.Body: true,
	atom.Html: true, atom.Hgroup: true,
}

// maxNesting bounds quote and list nesting (and style nesting) on hostile
// input; deeper levels keep their text without the markup.
const maxNesting = 16

func importHTML(path, text string) (*Result, error) {
	doc, err := html.Parse(strings.NewReader(dropDTDSubset(text)))
	if err != nil {
		return nil, fail(path, fmt.Sprintf("cannot read the HTML: %v", err))
	}
	s := &book.Source{}
	r := &Result{Source: s}
	h1 := find(doc, atom.H1)
	if h1 != nil {
		s.Title = collapse(textOf(h1))
	}
	if s.Title == "" {
		h1 = nil
		if t := find(doc, atom.Title); t != nil {
			s.Title = collapse(textOf(t))
			if s.Title != "" {
				r.Notes = append(r.Notes, "the title is the page's <title>; it may include the site's name")
			}
		}
	}
	if h := find(doc, atom.Html); h != nil {
		if l := attr(h, "lang"); validLang(l) {
			s.Language = l
		}
	}
	for _, l := range findAll(doc, atom.Link) {
		if strings.EqualFold(attr(l, "rel"), "canonical") && webURL(attr(l, "href")) != "" {
			s.DigitalCopy.URL = webURL(attr(l, "href"))
			break
		}
	}
	root := find(doc, atom.Main)
	if root == nil {
		root = find(doc, atom.Article)
	}
	if root == nil {
		root = find(doc, atom.Body)
	}
	if root == nil {
		root = doc
	}
	c := &htmlConv{title: h1}
	s.Body = strings.Join(c.container(root, 0), "\n\n") + "\n"
	if c.tables {
		r.Notes = append(r.Notes, "tables were turned into one paragraph per row")
	}
	if c.fallback {
		r.Notes = append(r.Notes, "emphasis or links were dropped from some paragraphs, where Markdown would have changed their text")
	}
	return r, nil
}

type htmlConv struct {
	title    *html.Node // the <h1> used as the title, left out of the text
	tables   bool
	fallback bool
}

// container converts n's children to Markdown blocks: runs of inline
// content become paragraphs, block elements their own blocks.
func (c *htmlConv) container(n *html.Node, depth int) []string {
	var blocks []string
	in := &inlineBuf{}
	flush := func() {
		if md := c.finish(in); md != "" {
			blocks = append(blocks, md)
		}
		in = &inlineBuf{}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch {
		case ch.Type == html.TextNode:
			in.text(ch.Data)
		case ch.Type != html.ElementNode || skipTags[ch.DataAtom] || ch == c.title:
		case blockTags[ch.DataAtom]:
			flush()
			blocks = append(blocks, c.block(ch, depth)...)
		default:
			c.inline(in, ch, depth)
		}
	}
	flush()
	return blocks
}

func (c *htmlConv) block(n *html.Node, depth int) []string {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		t := collapse(textOf(n))
		if t == "" {
			return nil
		}
		level := int(n.Data[1] - '0')
		esc := escapeText(t, true)
		// A closing run of # would end the heading: escape it.
		if i := len(strings.TrimRight(esc, "#")); i < len(esc) && i > 0 && (esc[i-1] == ' ' || esc[i-1] == '\t') {
			esc = esc[:i] + "\\" + esc[i:]
		}
		return []string{strings.Repeat("#", level) + " " + esc}
	case atom.Pre:
		code := strings.TrimSuffix(textOf(n), "\n")
		if strings.TrimSpace(code) == "" {
			return nil
		}
		fence := "```"
		for strings.Contains(code, fence) {
			fence += "`"
		}
		return []string{fence + "\n" + code + "\n" + fence}
	case atom.Hr:
		return []string{"---"}
	case atom.Blockquote:
		inner := c.container(n, depth+1)
		if depth >= maxNesting || len(inner) == 0 {
			return inner
		}
		return []string{prefixLines(strings.Join(inner, "\n\n"), "> ", ">")}
	case atom.Ul, atom.Ol:
		if depth >= maxNesting {
			return c.container(n, depth+1)
		}
		var items []string
		num := 1
		for li := n.FirstChild; li != nil; li = li.NextSibling {
			if li.Type != html.ElementNode || li.DataAtom != atom.Li {
				continue
			}
			inner := c.container(li, depth+1)
			if len(inner) == 0 {
				continue
			}
			marker := "- "
			if n.DataAtom == atom.Ol {
				marker = fmt.Sprintf("%d. ", num)
				num++
			}
			body := prefixLines(strings.Join(inner, "\n\n"), strings.Repeat(" ", len(marker)), "")
			items = append(items, marker+body[len(marker):])
		}
		if len(items) == 0 {
			return nil
		}
		return []string{strings.Join(items, "\n")}
	case atom.Tr:
		c.tables = true
		in := &inlineBuf{}
		for cell := n.FirstChild; cell != nil; cell = cell.NextSibling {
			if cell.Type == html.ElementNode && !skipTags[cell.DataAtom] {
				in.text(" ")
				c.inline(in, cell, depth)
				in.text(" ")
			}
		}
		if md := c.finish(in); md != "" {
			return []string{md}
		}
		return nil
	}
	return c.container(n, depth)
}

// inline renders an inline element into in.
func (c *htmlConv) inline(in *inlineBuf, n *html.Node, depth int) {
	if n.Type == html.TextNode {
		in.text(n.Data)
		return
	}
	if n.Type != html.ElementNode || skipTags[n.DataAtom] || n == c.title {
		return
	}
	delim := ""
	switch n.DataAtom {
	case atom.Br:
		in.lineBreak()
		return
	case atom.Em, atom.I, atom.Cite:
		delim = "*"
	case atom.Strong, atom.B:
		delim = "**"
	case atom.A:
		if u := webURL(attr(n, "href")); u != "" && depth < maxNesting {
			sub := &inlineBuf{}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				c.inline(sub, ch, depth+1)
			}
			in.wrap(sub, "[", "]("+u+")")
			return
		}
	}
	if delim == "" || depth >= maxNesting {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			c.inline(in, ch, depth+1)
		}
		return
	}
	sub := &inlineBuf{}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.inline(sub, ch, depth+1)
	}
	in.wrap(sub, delim, delim)
}

// finish returns a paragraph's Markdown, or its plain text escaped when
// the markup would not read as the page does (emphasis delimiters that
// Markdown cannot close, for one).
func (c *htmlConv) finish(in *inlineBuf) string {
	md := strings.TrimSuffix(strings.TrimSuffix(in.md.String(), "\\\n"), "  \n")
	plain := strings.TrimSpace(in.plain.String())
	if plain == "" {
		return ""
	}
	if in.marked && !sameWords(md, plain) {
		c.fallback = true
		return mdParagraph(strings.Split(plain, "\n"), true)
	}
	return md
}

// inlineBuf accumulates a paragraph as Markdown and as plain text. HTML
// white space collapses to single spaces; none is kept at line starts.
type inlineBuf struct {
	md, plain strings.Builder
	space     bool // a space is pending
	lead      bool // the content began with a space
	started   bool // the current line has text
	any       bool // anything was written
	marked    bool // markup was written
	broke     bool // a line break was written
}

func (b *inlineBuf) text(t string) {
	for len(t) > 0 {
		i := strings.IndexAny(t, " \t\n\r\f")
		if i == 0 {
			b.space = true
			t = t[1:]
			continue
		}
		word := t
		if i > 0 {
			word = t[:i]
		}
		t = t[len(word):]
		b.put(escape(word, true, !b.started), word)
	}
}

// put writes Markdown md standing for plain text p.
func (b *inlineBuf) put(md, p string) {
	if !b.any {
		b.lead = b.space
	}
	if b.space && b.started {
		b.md.WriteByte(' ')
		b.plain.WriteByte(' ')
	}
	b.space = false
	b.started, b.any = true, true
	b.md.WriteString(md)
	b.plain.WriteString(p)
}

func (b *inlineBuf) lineBreak() {
	if !b.started {
		return
	}
	b.md.WriteString(hardBreak(b.md.String()))
	b.plain.WriteString("\n")
	b.space, b.started, b.broke = false, false, true
}

// wrap writes sub's content between open and close, with the white space
// at its edges moved outside (Markdown's delimiters must touch the text).
func (b *inlineBuf) wrap(sub *inlineBuf, open, close string) {
	md, p := sub.md.String(), sub.plain.String()
	if strings.TrimSpace(p) == "" {
		b.space = b.space || sub.space || sub.lead
		return
	}
	b.space = b.space || sub.lead
	if sub.broke {
		// A line break inside emphasis: keep the text, drop the markup.
		for i, l := range strings.Split(p, "\n") {
			if i > 0 {
				b.lineBreak()
			}
			b.text(l)
		}
		b.space = sub.space
		return
	}
	b.put(open+md+close, p)
	b.marked = true
	b.space = sub.space
}

func prefixLines(s, prefix, blankPrefix string) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		if l == "" {
			ls[i] = blankPrefix
		} else {
			ls[i] = prefix + l
		}
	}
	return strings.Join(ls, "\n")
}

func webURL(href string) string {
	href = strings.TrimSpace(href)
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\\", "%5C", "\n", "", "\t", "")
	return r.Replace(u.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Template) {
		return nil
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if f := find(ch, a); f != nil {
			return f
		}
	}
	return nil
}

func findAll(n *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == a {
			out = append(out, n)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return out
}

// textOf is the text of n without scripts and styles.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Template):
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}

// collapse joins the words of s with single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// dropDTDSubset removes the internal subset of a DOCTYPE
// (<!DOCTYPE html [ <!ENTITY …> ]>), which HTML parsers do not read: the
// doctype would end at the first ">" inside it and leave "]>" as text of
// the document.
func dropDTDSubset(text string) string {
	head := strings.TrimLeft(text, "\ufeff \t\r\n")
	if len(head) < 9 || !strings.EqualFold(head[:9], "<!doctype") {
		return text
	}
	open := strings.IndexAny(head, "[>")
	if open < 0 || head[open] != '[' {
		return text
	}
	end := strings.Index(head[open:], "]")
	if end < 0 {
		return text
	}
	rest := head[open+end+1:]
	gt := strings.IndexByte(rest, '>')
	if gt < 0 || strings.TrimSpace(rest[:gt]) != "" {
		return text
	}
	return head[:open] + ">" + rest[gt+1:]
}
