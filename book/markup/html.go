package markup

import (
	"regexp"
	"strconv"
	"strings"
)

// Raw HTML in a source is either one of a few safe inline elements, which
// both editions render, or text: in a transcription, "Marked <<TOP
// SECRET>>" or "if x<y and y>z" are words, and a browser-only element such
// as <center> must not swallow them. Nothing is dropped but comments,
// which are not shown in a browser either.

// safeTags are the HTML elements both editions render, by the style they
// give their content (br is a line break, abbr keeps its title).
var safeTags = map[string]Style{
	"sup": Sup, "sub": Sub, "u": Underline, "ins": Underline,
	"s": Strike, "del": Strike, "strike": Strike, "small": Small,
	"b": Bold, "strong": Bold, "i": Italic, "em": Italic,
	"abbr": 0, "br": 0,
}

// htmlToken matches, in an HTML block, the pieces treated specially:
// comments and the safe elements' tags. Everything else is text.
var htmlToken = regexp.MustCompile(`(?s)<!--.*?-->|<!-{1,2}>|</?(?i:sup|sub|u|ins|s|del|strike|small|b|strong|i|em|abbr|br)(?:\s[^<>]*)?/?>`)

// tagRe splits one tag: closing slash, name, attributes.
var tagRe = regexp.MustCompile(`(?s)^<(/?)([A-Za-z][A-Za-z0-9-]*)(.*?)/?>$`)

// titleRe finds an abbreviation's title attribute.
var titleRe = regexp.MustCompile(`(?is)\btitle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+))`)

// htmlOpen is a safe element opened and not yet closed in the current
// block.
type htmlOpen struct {
	name  string
	style Style
	title string
}

// htmlTag is one tag as it concerns the text model.
type htmlTag struct {
	comment bool
	safe    bool
	closing bool
	name    string
	style   Style
	title   string
	attrs   bool // attributes other than an abbreviation's title
}

func parseTag(raw string) htmlTag {
	if strings.HasPrefix(raw, "<!--") || raw == "<!->" {
		return htmlTag{comment: true}
	}
	m := tagRe.FindStringSubmatch(raw)
	if m == nil {
		return htmlTag{}
	}
	name := strings.ToLower(m[2])
	st, ok := safeTags[name]
	if !ok {
		return htmlTag{name: name}
	}
	t := htmlTag{safe: true, closing: m[1] == "/", name: name, style: st}
	attrs := strings.TrimSpace(m[3])
	if name == "abbr" && !t.closing {
		if a := titleRe.FindStringSubmatch(attrs); a != nil {
			t.title = unescapeAttr(a[1] + a[2] + a[3])
			attrs = strings.TrimSpace(strings.Replace(attrs, a[0], "", 1))
		}
	}
	t.attrs = attrs != "" && attrs != "/"
	return t
}

func unescapeAttr(s string) string { return string(unescape([]byte(s))) }

// htmlStyle is the style and abbreviation title that the safe elements
// open at this point give to text.
func (c *converter) htmlStyle() (Style, string) {
	var st Style
	title := ""
	for _, o := range c.open {
		st |= o.style
		if o.title != "" {
			title = o.title
		}
	}
	return st, title
}

// run makes a run of text in style, with the safe HTML elements' styles
// added.
func (c *converter) run(text string, style Style, link string) Inline {
	st, title := c.htmlStyle()
	return Inline{Text: text, Style: style | st, Link: link, Title: title}
}

// applyTag opens or closes a safe element, or adds a line break.
func (c *converter) applyTag(t htmlTag, out *[]Inline) {
	switch {
	case t.name == "br":
		if !t.closing {
			*out = append(*out, Inline{Break: true})
		}
	case t.closing:
		for i := len(c.open) - 1; i >= 0; i-- {
			if c.open[i].name == t.name {
				c.open = append(c.open[:i], c.open[i+1:]...)
				break
			}
		}
	default:
		c.open = append(c.open, htmlOpen{name: t.name, style: t.style, title: t.title})
	}
}

// warnedTag says whether a tag on a line was already reported.
func (c *converter) warnedTag(line int, name string) bool {
	if c.tagWarned == nil {
		c.tagWarned = map[string]bool{}
	}
	k := name + "\x00" + strconv.Itoa(line)
	if c.tagWarned[k] {
		return true
	}
	c.tagWarned[k] = true
	return false
}

// htmlBlock turns an HTML block into a paragraph of the text it is, its
// lines kept as lines; the safe elements are rendered and comments left
// out. It also returns how many comments were left out and the other
// tags, printed as written, for the warning.
func (c *converter) htmlBlock(raw string) (ins []Inline, comments int, literal []string) {
	c.open = nil
	var out []Inline
	text := func(s string) {
		for i, ln := range strings.Split(s, "\n") {
			if i > 0 {
				out = append(out, Inline{Break: true})
			}
			if ln != "" {
				out = append(out, c.run(ln, 0, ""))
			}
		}
	}
	last := 0
	for _, m := range htmlToken.FindAllStringIndex(raw, -1) {
		t := parseTag(raw[m[0]:m[1]])
		if !t.comment && !t.safe {
			continue
		}
		text(raw[last:m[0]])
		last = m[1]
		if t.comment {
			comments++
			continue
		}
		c.applyTag(t, &out)
	}
	text(raw[last:])
	for _, m := range anyTag.FindAllString(raw, -1) {
		if t := parseTag(m); !t.comment && !t.safe {
			literal = append(literal, m)
		}
	}
	c.open = nil
	return trimRuns(mergeRuns(out)), comments, literal
}

// anyTag finds tags in an HTML block, for the warning.
var anyTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*[^<>]*>`)
