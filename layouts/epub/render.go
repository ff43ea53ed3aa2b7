package epub

import (
	_ "embed"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"sourcebook/book"
	"sourcebook/book/markup"
	"sourcebook/layouts"
)

//go:embed style.css
var styleCSS []byte

// pub is one Write call's state.
type pub struct {
	b       *book.Book
	teacher bool
	pages   *layouts.PageMap
	lang    string
	loc     *book.Locale // the reader's generated words
	images  *imageSet
	// web writes the pages of the web edition (see Site) rather than
	// an EPUB's content documents.
	web   bool
	cache *Cache

	// targets maps every rendered book ID (blocks, notes, anchors,
	// sections) to where it was rendered; places holds the subset at which
	// a page marker can stand. Both are filled in pass 1.
	targets map[string]target
	places  map[string]place
	nplaces int
	// pageIDs are the page markers' ids, by page index, reserved so that
	// no other id takes them.
	pageIDs  map[int]string
	reserved map[string]bool
	// The page plan: marker groups by the book ID they stand at.
	plan     map[string][]*pageGroup
	groups   []*pageGroup
	pageList []pageRef
	// bodyStart is the file where the documents begin (landmarks).
	bodyStart string
	// toc is the table of contents, also written as the NCX.
	toc []tocEntry
	// docs are the content documents in reading order.
	docs []*doc
}

type target struct{ file, id string }

// place is where a page marker can stand: in file, the seq-th place
// found, and whether the element's text can take markers at offsets.
type place struct {
	file   string
	seq    int
	inline bool
}

// doc is one rendered XHTML content document.
type doc struct {
	file, id string // file name in EPUB/ and manifest id
	data     []byte
	props    string // manifest properties
}

// writer renders one content document.
type writer struct {
	p     *pub
	file  string
	sb    *strings.Builder
	ids   map[string]bool
	notes []*markup.Note
	noted map[*markup.Note]noteIDs
	// written holds the notes already written out.
	written map[*markup.Note]bool
	// srcDir is the folder of the source file being rendered, where
	// images are also looked for.
	srcDir string
	err    error
	rtl    bool // the text being written runs right to left
	tables int  // tables written, for their labels
}

type noteIDs struct{ id, ref string }

func (p *pub) newWriter(file string) *writer {
	return &writer{p: p, file: file, sb: &strings.Builder{}, ids: map[string]bool{}, noted: map[*markup.Note]noteIDs{}, rtl: rtlLang(p.lang)}
}

func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *writer) s(parts ...string) {
	for _, s := range parts {
		w.sb.WriteString(s)
	}
}

// text writes escaped character data.
func (w *writer) text(s string) { w.sb.WriteString(esc(s)) }

// id registers a book ID in this document and returns the XML id to use:
// a valid XML name, unique within the document.
func (w *writer) id(orig string) string {
	out := w.newID(orig)
	if _, ok := w.p.targets[orig]; !ok {
		w.p.targets[orig] = target{w.file, out}
	}
	return out
}

// newID returns a unique XML id derived from base.
func (w *writer) newID(base string) string {
	s := xmlName(base)
	out := s
	for k := 2; w.ids[out] || w.p.reserved[out]; k++ {
		out = s + "-" + strconv.Itoa(k)
	}
	w.ids[out] = true
	return out
}

// place records that a page marker can stand before the element with the
// book ID orig, and writes the markers planned there (pass 2). inline
// says the element's own text can take markers at offsets (paragraphs,
// headings, code); those are returned for the caller to place.
func (w *writer) place(orig string, inline bool) []*pageGroup {
	if orig == "" {
		return nil
	}
	if _, ok := w.p.places[orig]; !ok {
		w.p.nplaces++
		w.p.places[orig] = place{file: w.file, seq: w.p.nplaces, inline: inline}
	}
	var rest []*pageGroup
	for _, g := range w.p.plan[orig] {
		if g.emitted || g.file != w.file {
			continue
		}
		if inline && g.offset > 0 {
			rest = append(rest, g)
			continue
		}
		w.marker(g)
	}
	return rest
}

// marker writes a page-break marker group. Each marker shows the print
// page number ("p. 12") in the margin, for reading systems that ignore
// the page list; assistive technology reads it as a page break named by
// its label (the role's content is presentational).
func (w *writer) marker(g *pageGroup) {
	g.emitted = true
	for _, m := range g.marks {
		w.s(`<span epub:type="pagebreak" role="doc-pagebreak" class="pagenum" id="`, m.id, `" aria-label="`, escAttr(m.label), `" title="Page `, escAttr(m.label), `">p.&#160;`, esc(m.label), `</span>`)
	}
}

// headings maps source heading levels below a given document level, so
// that headings are nested without skipped levels whatever the source
// used.
type headings struct {
	base, prev int
	rank       map[int]int
}

func newHeadings(base int, bs []markup.Block) *headings {
	h := &headings{base: base, prev: base, rank: map[int]int{}}
	var levels []int
	seen := map[int]bool{}
	var walk func([]markup.Block)
	walk = func(bs []markup.Block) {
		for _, b := range bs {
			switch b.Kind {
			case markup.Heading:
				if !seen[b.Level] {
					seen[b.Level] = true
					levels = append(levels, b.Level)
				}
			case markup.Quote:
				walk(b.Blocks)
			case markup.List:
				for _, it := range b.Items {
					walk(it)
				}
			case markup.Definitions:
				for _, d := range b.Defs {
					for _, dd := range d.Defs {
						walk(dd)
					}
				}
			}
		}
	}
	walk(bs)
	sort.Ints(levels)
	for i, l := range levels {
		h.rank[l] = base + 1 + i
	}
	return h
}

func (h *headings) level(l int) int {
	n := h.rank[l]
	if n == 0 {
		n = h.base + 1
	}
	// HTML has six heading elements; deeper levels (a source's level 5
	// under a document's h2) stay distinct as ARIA headings of level 7
	// and more, rather than all collapsing into h6.
	n = min(n, h.prev+1, 9)
	h.prev = n
	return n
}

// blocks renders a sequence of blocks.
func (w *writer) blocks(bs []markup.Block, h *headings) {
	for i := 0; i < len(bs); i = w.unit(bs, i, h) {
	}
}

// unit renders the block at i and returns the index of the next. (A
// heading is held with what follows by the stylesheet, not by a wrapper:
// a wrapper taller than the page is sliced through a line by WebKit.)
func (w *writer) unit(bs []markup.Block, i int, h *headings) int {
	w.block(&bs[i], h)
	return i + 1
}

func (w *writer) block(b *markup.Block, h *headings) {
	inline := b.Kind == markup.Paragraph || b.Kind == markup.Heading || b.Kind == markup.CodeBlock
	if b.Kind == markup.Heading && strings.TrimSpace(markup.PlainText(b.Inlines)) == "" {
		return // an empty heading is not rendered, so not a place either
	}
	marks := w.place(b.ID, inline)
	idAttr := func() string {
		if b.ID == "" {
			return ""
		}
		return ` id="` + w.id(b.ID) + `"`
	}
	// Numbered blocks other than paragraphs are wrapped, so that the
	// number can stand in the margin beside them.
	wrapped := b.Number > 0 && b.Kind != markup.Paragraph
	if wrapped {
		w.s(`<div class="numbered"`, idAttr(), `>`)
		w.pnum(b.Number)
		idAttr = func() string { return "" }
	}
	switch b.Kind {
	case markup.Paragraph:
		w.s(`<p`, idAttr())
		if b.Number > 0 {
			w.s(` class="numbered">`)
			w.pnum(b.Number)
		} else {
			w.s(`>`)
		}
		w.inlines(b.Inlines, marks)
		w.s("</p>\n")
	case markup.Heading:
		lv := h.level(b.Level)
		n := strconv.Itoa(lv)
		if lv > 6 {
			w.s(`<p role="heading" aria-level="`, n, `" class="h`, n, `"`, idAttr(), `>`)
			w.inlines(b.Inlines, marks)
			w.s("</p>\n")
			break
		}
		w.s(`<h`, n, idAttr(), `>`)
		w.inlines(b.Inlines, marks)
		w.s(`</h`, n, ">\n")
	case markup.Quote:
		w.s(`<blockquote`, idAttr(), ">\n")
		w.blocks(b.Blocks, h)
		w.s("</blockquote>\n")
	case markup.List:
		tag := "ul"
		if b.Ordered {
			tag = "ol"
		}
		w.s(`<`, tag, idAttr())
		if b.Ordered && b.Start != 1 {
			w.s(` start="`, strconv.Itoa(b.Start), `"`)
		}
		w.s(">\n")
		for _, it := range b.Items {
			w.s("<li>")
			w.flow(it, h)
			w.s("</li>\n")
		}
		w.s(`</`, tag, ">\n")
	case markup.CodeBlock:
		w.s(`<pre`, idAttr(), `><code>`)
		w.code(b.Code, marks)
		w.s("</code></pre>\n")
	case markup.Table:
		w.table(b, idAttr())
	case markup.Rule:
		w.s(`<hr`, idAttr(), "/>\n")
	case markup.Figure:
		w.figure(b, idAttr())
	case markup.Definitions:
		w.s(`<dl`, idAttr(), ">\n")
		for _, d := range b.Defs {
			if len(d.Term) > 0 {
				w.s("<dt>")
				w.inlines(d.Term, nil)
				w.s("</dt>\n")
			}
			for _, dd := range d.Defs {
				w.s("<dd>")
				w.flow(dd, h)
				w.s("</dd>\n")
			}
		}
		w.s("</dl>\n")
	}
	if wrapped {
		w.s("</div>\n")
	}
}

// flow renders the contents of a list item or definition: a lone plain
// paragraph is written inline, as a tight list would be.
func (w *writer) flow(bs []markup.Block, h *headings) {
	if len(bs) == 1 && bs[0].Kind == markup.Paragraph && bs[0].ID == "" && bs[0].Number == 0 {
		w.inlines(bs[0].Inlines, nil)
		return
	}
	w.s("\n")
	w.blocks(bs, h)
}

// pnum writes a paragraph number in the margin as "¶ 3", the form the
// questions cite in every edition. No visually hidden text: Kindle and
// some reading systems show such text (position and clip are not
// honoured there).
func (w *writer) pnum(n int) {
	w.s(`<span class="pnum">¶&#160;`, strconv.Itoa(n), `</span> `)
}

func (w *writer) code(s string, marks []*pageGroup) {
	rs := []rune(s)
	start := 0
	for _, g := range sortGroups(marks) {
		k := min(g.offset, len(rs))
		w.text(string(rs[start:k]))
		start = k
		w.marker(g)
	}
	w.text(string(rs[start:]))
}

var alignClass = map[markup.Align]string{markup.AlignLeft: "al-left", markup.AlignCenter: "al-center", markup.AlignRight: "al-right"}

func (w *writer) table(b *markup.Block, idAttr string) {
	t := b.Table
	if t == nil {
		return
	}
	cls := func(i int) string {
		if i < len(t.Align) && alignClass[t.Align[i]] != "" {
			return ` class="` + alignClass[t.Align[i]] + `"`
		}
		return ""
	}
	// Wide tables scroll sideways on a phone: a focusable, labelled
	// region, so that keyboard and screen-reader users can scroll it too.
	w.tables++
	w.s(`<div class="table-wrap" role="region" tabindex="0" aria-label="`, escAttr(w.p.loc.T(book.MsgTable, w.tables)), `">`)
	w.s(`<table`, idAttr, ">\n")
	hasHead := false
	for _, c := range t.Header {
		if strings.TrimSpace(markup.PlainText(c)) != "" {
			hasHead = true
		}
	}
	if hasHead {
		w.s("<thead><tr>")
		for i, c := range t.Header {
			// An empty header cell is a td: an empty th names nothing.
			if strings.TrimSpace(markup.PlainText(c)) == "" {
				w.s(`<td`, cls(i), `></td>`)
				continue
			}
			w.s(`<th scope="col"`, cls(i), `>`)
			w.inlines(c, nil)
			w.s(`</th>`)
		}
		w.s("</tr></thead>\n")
	}
	w.s("<tbody>\n")
	for _, r := range t.Rows {
		w.s("<tr>")
		for i, c := range r {
			w.s(`<td`, cls(i), `>`)
			w.inlines(c, nil)
			w.s(`</td>`)
		}
		w.s("</tr>\n")
	}
	w.s("</tbody>\n</table></div>\n")
}

func (w *writer) figure(b *markup.Block, idAttr string) {
	im := b.Image
	if im == nil {
		return
	}
	alt := strings.TrimSpace(im.Alt)
	if alt == "" && !im.Decorative {
		w.fail(fmt.Errorf("the image %q has no alternative text; describe it in the brackets, ![description](%s), or mark it decorative with the title \"decorative\"", im.Src, im.Src))
		return
	}
	src, err := w.p.images.add(w.p.b, w.srcDir, im.Src)
	if err != nil {
		w.fail(err)
		return
	}
	w.s(`<figure`, idAttr, `><img src="`, escAttr(src), `" alt="`)
	if im.Decorative {
		w.s(`" role="presentation"/>`)
	} else {
		w.s(escAttr(alt), `"/>`)
	}
	if c := strings.TrimSpace(im.Caption); c != "" {
		w.s(`<figcaption>`)
		w.text(c)
		w.s(`</figcaption>`)
	}
	w.s("</figure>\n")
}

// seg is a piece of a paragraph: a run of text or a page marker group.
type seg struct {
	in   markup.Inline
	mark *pageGroup
}

// inlines renders runs, placing page markers at rune offsets of the
// runs' plain text (markup.PlainText: notes count zero, breaks one).
func (w *writer) inlines(ins []markup.Inline, marks []*pageGroup) {
	marks = sortGroups(marks)
	var segs []seg
	pos, mi := 0, 0
	for _, in := range ins {
		switch {
		case in.Note != nil:
			// A note marker belongs to the word before it.
			segs = append(segs, seg{in: in})
			continue
		case in.Break:
			for mi < len(marks) && marks[mi].offset <= pos {
				segs = append(segs, seg{mark: marks[mi]})
				mi++
			}
			segs = append(segs, seg{in: in})
			pos++
			continue
		}
		// Offsets count runes; the text is cut at byte offsets.
		text := in.Text
		nr := utf8.RuneCountInString(text)
		start, startByte := 0, 0
		for mi < len(marks) && marks[mi].offset < pos+nr {
			if k := max(marks[mi].offset-pos, 0); k > start {
				kb := startByte
				for r := start; r < k; r++ {
					_, n := utf8.DecodeRuneInString(text[kb:])
					kb += n
				}
				piece := in
				piece.Text = text[startByte:kb]
				segs = append(segs, seg{in: piece})
				in.Anchor = ""
				start, startByte = k, kb
			}
			segs = append(segs, seg{mark: marks[mi]})
			mi++
		}
		if start < nr || nr == 0 {
			piece := in
			piece.Text = text[startByte:]
			segs = append(segs, seg{in: piece})
		}
		pos += nr
	}
	for ; mi < len(marks); mi++ {
		segs = append(segs, seg{mark: marks[mi]})
	}
	// Consecutive runs with the same link and language share one element.
	for i := 0; i < len(segs); {
		if segs[i].mark != nil {
			w.marker(segs[i].mark)
			i++
			continue
		}
		link, lang := w.linkOf(segs[i].in), segs[i].in.Lang
		j := i + 1
		for j < len(segs) && segs[j].mark == nil && w.linkOf(segs[j].in) == link && segs[j].in.Lang == lang {
			j++
		}
		if lang != "" {
			if _, err := language.Parse(lang); err != nil {
				w.fail(fmt.Errorf("%q is not a BCP 47 language tag", lang))
				lang = ""
			} else {
				w.s(`<span lang="`, escAttr(lang), `" xml:lang="`, escAttr(lang), `"`)
				if rtlLang(lang) != w.rtl {
					w.s(` dir="`, map[bool]string{true: "rtl", false: "ltr"}[rtlLang(lang)], `"`)
				}
				w.s(`>`)
			}
		}
		if link != "" {
			w.s(`<a href="`, escAttr(link), `">`)
		}
		for _, s := range segs[i:j] {
			w.run(s.in)
		}
		if link != "" {
			w.s(`</a>`)
		}
		if lang != "" {
			w.s(`</span>`)
		}
		i = j
	}
}

// linkOf returns the href for a run: web and mail links as given, in-book
// links resolved to the file and id where their target was rendered.
// Anything else, and links to unknown targets, are dropped.
func (w *writer) linkOf(in markup.Inline) string {
	l := strings.TrimSpace(in.Link)
	if in.Note != nil || l == "" {
		return ""
	}
	if frag, ok := strings.CutPrefix(l, "#"); ok {
		t, ok := w.p.targets[frag]
		if !ok {
			return ""
		}
		if t.file == w.file {
			return "#" + t.id
		}
		return w.p.href(t.file) + "#" + t.id
	}
	return webURL(l)
}

// webURL returns l if it is an http, https or mailto URL, else "".
func webURL(l string) string {
	u, err := url.Parse(strings.TrimSpace(l))
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return u.String()
	}
	return ""
}

type styleTag struct {
	s          markup.Style
	open, shut string
}

// Nesting order of style elements, outermost first.
var styleTags = []styleTag{
	{markup.Bold, "<strong>", "</strong>"},
	{markup.Italic, "<em>", "</em>"},
	{markup.Strike, "<s>", "</s>"},
	{markup.SmallCaps, `<span class="smallcaps">`, "</span>"},
	{markup.Term, `<span class="term">`, "</span>"},
	{markup.Code, "<code>", "</code>"},
	{markup.Underline, "<u>", "</u>"},
	{markup.Small, "<small>", "</small>"},
	{markup.Sup, "<sup>", "</sup>"},
	{markup.Sub, "<sub>", "</sub>"},
}

func (w *writer) run(in markup.Inline) {
	if in.Anchor != "" {
		w.s(`<span id="`, w.id(in.Anchor), `"></span>`)
	}
	if in.Break {
		w.s("<br/>")
		return
	}
	if in.Title != "" {
		w.s(`<abbr title="`, escAttr(in.Title), `">`)
		defer w.s("</abbr>")
	}
	for _, t := range styleTags {
		if in.Style&t.s != 0 {
			w.s(t.open)
		}
	}
	if in.Note != nil {
		ids := w.noteRef(in.Note)
		marker := in.Text
		if strings.TrimSpace(marker) == "" {
			marker = in.Note.Marker()
		}
		ref := w.newID(ids.id + "-ref")
		if ids.ref == "" {
			// Back links return to the first reference.
			ids.ref = ref
			w.noted[in.Note] = ids
		}
		w.s(`<a epub:type="noteref" role="doc-noteref" class="noteref" href="#`, ids.id, `" id="`, ref, `">`)
		w.text(marker)
		w.s(`</a>`)
	} else if w.rtl {
		w.text(in.Text)
	} else {
		w.bidiText(in.Text)
	}
	for i := len(styleTags) - 1; i >= 0; i-- {
		if in.Style&styleTags[i].s != 0 {
			w.s(styleTags[i].shut)
		}
	}
}

// noteRef returns the ids of a note referenced in this document,
// collecting the note to be written at the document's end.
func (w *writer) noteRef(n *markup.Note) noteIDs {
	if ids, ok := w.noted[n]; ok {
		return ids
	}
	base := n.ID
	if base == "" {
		base = "note-" + strconv.Itoa(n.Number)
	}
	ids := noteIDs{id: w.id(base)}
	w.noted[n] = ids
	w.notes = append(w.notes, n)
	return ids
}

// footnotes writes, as footnote asides under a heading, the notes
// referenced in this document that pick selects and that are not yet
// written (all of them for a nil pick).
func (w *writer) footnotes(level int, title string, pick func(*markup.Note) bool) {
	if w.written == nil {
		w.written = map[*markup.Note]bool{}
	}
	todo := func() []*markup.Note {
		var out []*markup.Note
		for _, n := range w.notes {
			if !w.written[n] && (pick == nil || pick(n)) {
				out = append(out, n)
			}
		}
		return out
	}
	if len(todo()) == 0 {
		return
	}
	// Endnotes, not footnote asides: reading systems that hide footnotes
	// (Foliate, Apple Books) would leave the heading alone on the page.
	// The heading is kept with the first note.
	hid := w.newID("notes-title")
	lv := strconv.Itoa(level)
	w.s(`<section class="notes" epub:type="endnotes" role="doc-endnotes" aria-labelledby="`, hid, `">`, "\n", `<div class="keep">`, `<h`, lv, ` id="`, hid, `" class="label">`, esc(title), `</h`, lv, ">\n")
	first := true
	// Notes may reference further notes: loop until none is left.
	for ns := todo(); len(ns) > 0; ns = todo() {
		for _, n := range ns {
			w.written[n] = true
			w.footnote(n, level)
			if first {
				w.s("</div>\n")
				first = false
			}
		}
	}
	w.s("</section>\n")
}

func (w *writer) footnote(n *markup.Note, level int) {
	ids := w.noted[n]
	w.s(`<div epub:type="endnote" class="footnote" id="`, ids.id, `">`, "\n")
	num := `<span class="note-num">` + esc(n.Marker()) + `.</span> `
	back := ""
	if ids.ref != "" {
		back = ` <a role="doc-backlink" class="backlink" href="#` + ids.ref + `">` + esc(w.p.loc.T(book.MsgBackToText)) + `</a>`
	}
	bs := n.Blocks
	if len(bs) > 0 && bs[0].Kind == markup.Paragraph {
		w.s(`<p>`, num)
		w.inlines(bs[0].Inlines, nil)
		if len(bs) == 1 {
			w.s(back)
			back = ""
		}
		w.s("</p>\n")
		bs = bs[1:]
	} else {
		w.s(`<p>`, num, "</p>\n")
	}
	w.blocks(bs, newHeadings(level, bs))
	if back != "" {
		w.s(`<p>`, back, "</p>\n")
	}
	w.s("</div>\n")
}

// esc escapes character data; escAttr attribute values. Characters not
// allowed in XML are dropped.
func esc(s string) string     { return escape(s, false) }
func escAttr(s string) string { return escape(s, true) }

func escape(s string, attr bool) string {
	// Most text needs nothing escaped: return it as is, and otherwise
	// copy the clean stretch before the first character that does.
	clean := 0
	for clean < len(s) {
		c := s[clean]
		if c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c >= 0x80 && !utf8.FullRuneInString(s[clean:]) {
			break
		}
		if c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s[clean:])
			if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
				break
			}
			clean += n
			continue
		}
		clean++
	}
	if clean == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:clean])
	for i := clean; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case r == '\'' && attr:
			b.WriteString("&#39;")
		case (r == '\n' || r == '\t' || r == '\r') && attr:
			b.WriteByte(' ')
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r < 0x20 && r != '\n' && r != '\t' && r != '\r', r == 0xFFFE, r == 0xFFFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlName turns s into a valid XML name (and HTML id) of ASCII letters,
// digits, hyphens, underscores and full stops, starting with a letter.
func xmlName(s string) string {
	out := idChars(s)
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z') {
		out = "id-" + out
	}
	return out
}

// idChars replaces every character not allowed in xmlName by a hyphen.
func idChars(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
