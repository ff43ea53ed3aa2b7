// Package xhtml writes the book's blocks and styled runs as XHTML: the
// one writer of every HTML-based edition (the EPUB's content documents
// and the web edition's pages). It maps roles to elements and classes
// and never composes words of its own; labels come from the book's
// locale. Where print-page markers stand is the edition's business,
// supplied through the Marks hook.
package xhtml

import (
	"bytes"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"sourcebook/book"
	"sourcebook/book/markup"
)

// Target is where a book ID was rendered: a file and the XML id in it.
type Target struct{ File, ID string }

// Mark is the marker of one printed page.
type Mark struct{ ID, Label string }

// Group is a set of page markers that stand at one point of a file: at a
// rune offset into an element's text (0 = before the element).
type Group struct {
	File    string
	Offset  int
	Marks   []Mark
	Emitted bool
}

// Marks is the hook through which an edition places print-page markers.
type Marks interface {
	// Place is told that a marker can stand before the element with
	// the book ID id in file (and, if inline, at offsets into its text);
	// it returns the groups planned there that are not yet written.
	Place(file, id string, inline bool) []*Group
	// Marker is the markup of one page's marker.
	Marker(m Mark) string
}

// Shared is what the documents of one edition share.
type Shared struct {
	Loc *book.Locale
	// Targets maps every rendered book ID (blocks, notes, anchors,
	// sections) to where it was rendered.
	Targets map[string]Target
	// Reserved ids are taken by no element (the page markers' ids).
	Reserved map[string]bool
	// Href is the name a file is linked by.
	Href func(file string) string
	// Image adds an image, found in srcDir, and returns its href.
	Image func(srcDir, src string) (string, error)
	// Marks places page markers; nil writes none.
	Marks Marks
	// Seen, when set, is told of every book ID registered, in order,
	// whether or not Targets already had it (an edition's cache records
	// what a document registers, to replay it).
	Seen func(orig string, t Target)
	// spare are finished writers' tables (Writer.Done).
	spare []spareMaps
}

// Writer renders one document.
type Writer struct {
	sh    *Shared
	file  string
	Buf   *bytes.Buffer
	ids   map[string]bool
	notes []*markup.Note
	noted map[*markup.Note]noteIDs
	// written holds the notes already written out.
	written map[*markup.Note]bool
	// SrcDir is the folder of the source file being rendered, where
	// images are also looked for.
	SrcDir string
	// Err is the first error met.
	Err error
	// RTL says the text being written runs right to left.
	RTL  bool
	segs []seg // Inlines' buffer
	// Discard drops the markup (an edition's first pass, which only
	// learns what the document registers and where markers can stand):
	// everything else happens as when writing.
	Discard bool
	tables  int // tables written, for their labels
}

type noteIDs struct{ id, ref string }

// New starts the document file.
func New(sh *Shared, file string) *Writer {
	w := &Writer{sh: sh, file: file, Buf: &bytes.Buffer{}}
	if n := len(sh.spare); n > 0 {
		w.ids, w.noted = sh.spare[n-1].ids, sh.spare[n-1].noted
		sh.spare = sh.spare[:n-1]
	} else {
		w.ids, w.noted = map[string]bool{}, map[*markup.Note]noteIDs{}
	}
	return w
}

// Done gives the writer's tables to the next writer of the edition
// (documents are written one at a time): they keep their room. The
// writer is not to be used after.
func (w *Writer) Done() {
	clear(w.ids)
	clear(w.noted)
	w.sh.spare = append(w.sh.spare, spareMaps{w.ids, w.noted})
	w.ids, w.noted = nil, nil
}

type spareMaps struct {
	ids   map[string]bool
	noted map[*markup.Note]noteIDs
}

// File is the document's file name.
func (w *Writer) File() string { return w.file }

// Fail records err unless an error is already recorded.
func (w *Writer) Fail(err error) {
	if w.Err == nil {
		w.Err = err
	}
}

// S writes markup as is.
func (w *Writer) S(parts ...string) {
	if w.Discard {
		return
	}
	for _, s := range parts {
		w.Buf.WriteString(s)
	}
}

// Text writes escaped character data.
func (w *Writer) Text(s string) {
	if !w.Discard {
		escapeTo(w.Buf, s, false)
	}
}

// ID registers a book ID in this document and returns the XML id to use:
// a valid XML name, unique within the document.
func (w *Writer) ID(orig string) string {
	out := w.NewID(orig)
	if w.sh.Seen != nil {
		w.sh.Seen(orig, Target{w.file, out})
	}
	if _, ok := w.sh.Targets[orig]; !ok {
		w.sh.Targets[orig] = Target{w.file, out}
	}
	return out
}

// NewID returns a unique XML id derived from base.
func (w *Writer) NewID(base string) string {
	s := XMLName(base)
	out := s
	for k := 2; w.ids[out] || w.sh.Reserved[out]; k++ {
		out = s + "-" + strconv.Itoa(k)
	}
	w.ids[out] = true
	return out
}

// Place says that a page marker can stand before the element with the
// book ID orig, and writes the markers planned there. inline says the
// element's own text can take markers at offsets (paragraphs, headings,
// code); those are returned for the caller to place.
func (w *Writer) Place(orig string, inline bool) []*Group {
	if orig == "" || w.sh.Marks == nil {
		return nil
	}
	var rest []*Group
	for _, g := range w.sh.Marks.Place(w.file, orig, inline) {
		if inline && g.Offset > 0 {
			rest = append(rest, g)
			continue
		}
		w.marker(g)
	}
	return rest
}

// marker writes a page-break marker group through the edition's hook.
func (w *Writer) marker(g *Group) {
	g.Emitted = true
	for _, m := range g.Marks {
		w.S(w.sh.Marks.Marker(m))
	}
}

// SortGroups orders marker groups by offset, keeping page order for
// equal offsets.
func SortGroups(gs []*Group) []*Group {
	out := append([]*Group(nil), gs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

type Headings struct {
	base, prev int
	rank       map[int]int
}

func NewHeadings(base int, bs []markup.Block) *Headings {
	h := &Headings{base: base, prev: base, rank: map[int]int{}}
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

func (h *Headings) level(l int) int {
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

// Blocks renders a sequence of blocks.
func (w *Writer) Blocks(bs []markup.Block, h *Headings) {
	for i := 0; i < len(bs); i = w.unit(bs, i, h) {
	}
}

// unit renders the block at i and returns the index of the next. (A
// heading is held with what follows by the stylesheet, not by a wrapper:
// a wrapper taller than the page is sliced through a line by WebKit.)
func (w *Writer) unit(bs []markup.Block, i int, h *Headings) int {
	w.block(&bs[i], h)
	return i + 1
}

func (w *Writer) block(b *markup.Block, h *Headings) {
	inline := b.Kind == markup.Paragraph || b.Kind == markup.Heading || b.Kind == markup.CodeBlock
	if b.Kind == markup.Heading && strings.TrimSpace(markup.PlainText(b.Inlines)) == "" {
		return // an empty heading is not rendered, so not a place either
	}
	marks := w.Place(b.ID, inline)
	idAttr := func() string {
		if b.ID == "" {
			return ""
		}
		return ` id="` + w.ID(b.ID) + `"`
	}
	// Numbered blocks other than paragraphs are wrapped, so that the
	// number can stand in the margin beside them.
	wrapped := b.Number > 0 && b.Kind != markup.Paragraph
	if wrapped {
		w.S(`<div class="numbered"`, idAttr(), `>`)
		w.pnum(b.Number)
		idAttr = func() string { return "" }
	}
	switch b.Kind {
	case markup.Paragraph:
		w.S(`<p`, idAttr())
		if b.Number > 0 {
			w.S(` class="numbered">`)
			w.pnum(b.Number)
		} else {
			w.S(`>`)
		}
		w.Inlines(b.Inlines, marks)
		w.S("</p>\n")
	case markup.Heading:
		lv := h.level(b.Level)
		n := strconv.Itoa(lv)
		if lv > 6 {
			w.S(`<p role="heading" aria-level="`, n, `" class="h`, n, `"`, idAttr(), `>`)
			w.Inlines(b.Inlines, marks)
			w.S("</p>\n")
			break
		}
		w.S(`<h`, n, idAttr(), `>`)
		w.Inlines(b.Inlines, marks)
		w.S(`</h`, n, ">\n")
	case markup.Quote:
		w.S(`<blockquote`, idAttr(), ">\n")
		w.Blocks(b.Blocks, h)
		w.S("</blockquote>\n")
	case markup.List:
		tag := "ul"
		if b.Ordered {
			tag = "ol"
		}
		w.S(`<`, tag, idAttr())
		if b.Ordered && b.Start != 1 {
			w.S(` start="`, strconv.Itoa(b.Start), `"`)
		}
		w.S(">\n")
		for _, it := range b.Items {
			w.S("<li>")
			w.Flow(it, h)
			w.S("</li>\n")
		}
		w.S(`</`, tag, ">\n")
	case markup.CodeBlock:
		w.S(`<pre`, idAttr(), `><code>`)
		w.code(b.Code, marks)
		w.S("</code></pre>\n")
	case markup.Table:
		w.table(b, idAttr())
	case markup.Rule:
		w.S(`<hr`, idAttr(), "/>\n")
	case markup.Figure:
		w.figure(b, idAttr())
	case markup.Definitions:
		w.S(`<dl`, idAttr(), ">\n")
		for _, d := range b.Defs {
			if len(d.Term) > 0 {
				w.S("<dt>")
				w.Inlines(d.Term, nil)
				w.S("</dt>\n")
			}
			for _, dd := range d.Defs {
				w.S("<dd>")
				w.Flow(dd, h)
				w.S("</dd>\n")
			}
		}
		w.S("</dl>\n")
	}
	if wrapped {
		w.S("</div>\n")
	}
}

// Flow renders the contents of a list item or definition: a lone plain
// paragraph is written inline, as a tight list would be.
func (w *Writer) Flow(bs []markup.Block, h *Headings) {
	if len(bs) == 1 && bs[0].Kind == markup.Paragraph && bs[0].ID == "" && bs[0].Number == 0 {
		w.Inlines(bs[0].Inlines, nil)
		return
	}
	w.S("\n")
	w.Blocks(bs, h)
}

// pnum writes a paragraph number in the margin as "¶ 3", the form the
// questions cite in every edition. No visually hidden text: Kindle and
// some reading systems show such text (position and clip are not
// honoured there).
func (w *Writer) pnum(n int) {
	w.S(`<span class="pnum">¶&#160;`, strconv.Itoa(n), `</span> `)
}

func (w *Writer) code(s string, marks []*Group) {
	rs := []rune(s)
	start := 0
	for _, g := range SortGroups(marks) {
		k := min(g.Offset, len(rs))
		w.Text(string(rs[start:k]))
		start = k
		w.marker(g)
	}
	w.Text(string(rs[start:]))
}

var alignClass = map[markup.Align]string{markup.AlignLeft: "al-left", markup.AlignCenter: "al-center", markup.AlignRight: "al-right"}

func (w *Writer) table(b *markup.Block, idAttr string) {
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
	w.S(`<div class="table-wrap" role="region" tabindex="0" aria-label="`, EscAttr(w.sh.Loc.T(book.MsgTable, w.tables)), `">`)
	w.S(`<table`, idAttr, ">\n")
	hasHead := false
	for _, c := range t.Header {
		if strings.TrimSpace(markup.PlainText(c)) != "" {
			hasHead = true
		}
	}
	if hasHead {
		w.S("<thead><tr>")
		for i, c := range t.Header {
			// An empty header cell is a td: an empty th names nothing.
			if strings.TrimSpace(markup.PlainText(c)) == "" {
				w.S(`<td`, cls(i), `></td>`)
				continue
			}
			w.S(`<th scope="col"`, cls(i), `>`)
			w.Inlines(c, nil)
			w.S(`</th>`)
		}
		w.S("</tr></thead>\n")
	}
	w.S("<tbody>\n")
	for _, r := range t.Rows {
		w.S("<tr>")
		for i, c := range r {
			w.S(`<td`, cls(i), `>`)
			w.Inlines(c, nil)
			w.S(`</td>`)
		}
		w.S("</tr>\n")
	}
	w.S("</tbody>\n</table></div>\n")
}

func (w *Writer) figure(b *markup.Block, idAttr string) {
	im := b.Image
	if im == nil {
		return
	}
	alt := strings.TrimSpace(im.Alt)
	if alt == "" && !im.Decorative {
		w.Fail(fmt.Errorf("the image %q has no alternative text; describe it in the brackets, ![description](%s), or mark it decorative with the title \"decorative\"", im.Src, im.Src))
		return
	}
	src, err := w.sh.Image(w.SrcDir, im.Src)
	if err != nil {
		w.Fail(err)
		return
	}
	w.S(`<figure`, idAttr, `><img src="`, EscAttr(src), `" alt="`)
	if im.Decorative {
		w.S(`" role="presentation"/>`)
	} else {
		w.S(EscAttr(alt), `"/>`)
	}
	if c := strings.TrimSpace(im.Caption); c != "" {
		w.S(`<figcaption>`)
		w.Text(c)
		w.S(`</figcaption>`)
	}
	w.S("</figure>\n")
}

// seg is a piece of a paragraph: a run of text or a page marker group.
type seg struct {
	in   markup.Inline
	mark *Group
}

// Inlines renders runs, placing page markers at rune offsets of the
// runs' plain text (markup.PlainText: notes count zero, breaks one).
func (w *Writer) Inlines(ins []markup.Inline, marks []*Group) {
	if len(marks) > 1 {
		marks = SortGroups(marks)
	}
	// The pieces are kept in a buffer of the writer's, used again by the
	// next paragraph (Inlines does not call itself).
	segs := w.segs[:0]
	w.segs = nil
	defer func() { w.segs = segs[:0] }()
	pos, mi := 0, 0
	for _, in := range ins {
		if mi == len(marks) {
			// No marker left to place: the runs as they are.
			segs = append(segs, seg{in: in})
			continue
		}
		switch {
		case in.Note != nil:
			// A note marker belongs to the word before it.
			segs = append(segs, seg{in: in})
			continue
		case in.Break:
			for mi < len(marks) && marks[mi].Offset <= pos {
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
		for mi < len(marks) && marks[mi].Offset < pos+nr {
			if k := max(marks[mi].Offset-pos, 0); k > start {
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
				w.Fail(fmt.Errorf("%q is not a BCP 47 language tag", lang))
				lang = ""
			} else {
				w.S(`<span lang="`, EscAttr(lang), `" xml:lang="`, EscAttr(lang), `"`)
				if RTLLang(lang) != w.RTL {
					w.S(` dir="`, map[bool]string{true: "rtl", false: "ltr"}[RTLLang(lang)], `"`)
				}
				w.S(`>`)
			}
		}
		if link != "" {
			w.S(`<a href="`, EscAttr(link), `">`)
		}
		for _, s := range segs[i:j] {
			w.run(s.in)
		}
		if link != "" {
			w.S(`</a>`)
		}
		if lang != "" {
			w.S(`</span>`)
		}
		i = j
	}
}

// linkOf returns the href for a run: web and mail links as given, in-book
// links resolved to the file and id where their target was rendered.
// Anything else, and links to unknown targets, are dropped.
func (w *Writer) linkOf(in markup.Inline) string {
	l := strings.TrimSpace(in.Link)
	if in.Note != nil || l == "" {
		return ""
	}
	if frag, ok := strings.CutPrefix(l, "#"); ok {
		t, ok := w.sh.Targets[frag]
		if !ok {
			return ""
		}
		if t.File == w.file {
			return "#" + t.ID
		}
		return w.sh.Href(t.File) + "#" + t.ID
	}
	return WebURL(l)
}

// WebURL returns l if it is an http, https or mailto URL, else "".
func WebURL(l string) string {
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

func (w *Writer) run(in markup.Inline) {
	if in.Anchor != "" {
		w.S(`<span id="`, w.ID(in.Anchor), `"></span>`)
	}
	if in.Break {
		w.S("<br/>")
		return
	}
	if in.Title != "" {
		w.S(`<abbr title="`, EscAttr(in.Title), `">`)
		defer w.S("</abbr>")
	}
	for _, t := range styleTags {
		if in.Style&t.s != 0 {
			w.S(t.open)
		}
	}
	if in.Note != nil {
		ids := w.NoteRef(in.Note)
		marker := in.Text
		if strings.TrimSpace(marker) == "" {
			marker = in.Note.Marker()
		}
		ref := w.NewID(ids.id + "-ref")
		if ids.ref == "" {
			// Back links return to the first reference.
			ids.ref = ref
			w.noted[in.Note] = ids
		}
		w.S(`<a epub:type="noteref" role="doc-noteref" class="noteref" href="#`, ids.id, `" id="`, ref, `">`)
		w.Text(marker)
		w.S(`</a>`)
	} else if w.RTL {
		w.Text(in.Text)
	} else {
		w.bidiText(in.Text)
	}
	for i := len(styleTags) - 1; i >= 0; i-- {
		if in.Style&styleTags[i].s != 0 {
			w.S(styleTags[i].shut)
		}
	}
}

// NoteRef returns the ids of a note referenced in this document,
// collecting the note to be written at the document's end.
func (w *Writer) NoteRef(n *markup.Note) noteIDs {
	if ids, ok := w.noted[n]; ok {
		return ids
	}
	base := n.ID
	if base == "" {
		base = "note-" + strconv.Itoa(n.Number)
	}
	ids := noteIDs{id: w.ID(base)}
	w.noted[n] = ids
	w.notes = append(w.notes, n)
	return ids
}

// Footnotes writes, as footnote asides under a heading, the notes
// referenced in this document that pick selects and that are not yet
// written (all of them for a nil pick).
func (w *Writer) Footnotes(level int, title string, pick func(*markup.Note) bool) {
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
	hid := w.NewID("notes-title")
	lv := strconv.Itoa(level)
	w.S(`<section class="notes" epub:type="endnotes" role="doc-endnotes" aria-labelledby="`, hid, `">`, "\n", `<div class="keep">`, `<h`, lv, ` id="`, hid, `" class="label">`, Esc(title), `</h`, lv, ">\n")
	first := true
	// Notes may reference further notes: loop until none is left.
	for ns := todo(); len(ns) > 0; ns = todo() {
		for _, n := range ns {
			w.written[n] = true
			w.footnote(n, level)
			if first {
				w.S("</div>\n")
				first = false
			}
		}
	}
	w.S("</section>\n")
}

func (w *Writer) footnote(n *markup.Note, level int) {
	ids := w.noted[n]
	w.S(`<div epub:type="endnote" class="footnote" id="`, ids.id, `">`, "\n")
	num := `<span class="note-num">` + Esc(n.Marker()) + `.</span> `
	back := ""
	if ids.ref != "" {
		back = ` <a role="doc-backlink" class="backlink" href="#` + ids.ref + `">` + Esc(w.sh.Loc.T(book.MsgBackToText)) + `</a>`
	}
	bs := n.Blocks
	if len(bs) > 0 && bs[0].Kind == markup.Paragraph {
		w.S(`<p>`, num)
		w.Inlines(bs[0].Inlines, nil)
		if len(bs) == 1 {
			w.S(back)
			back = ""
		}
		w.S("</p>\n")
		bs = bs[1:]
	} else {
		w.S(`<p>`, num, "</p>\n")
	}
	w.Blocks(bs, NewHeadings(level, bs))
	if back != "" {
		w.S(`<p>`, back, "</p>\n")
	}
	w.S("</div>\n")
}

// Esc escapes character data; escAttr attribute values. Characters not
// allowed in XML are dropped.
func Esc(s string) string     { return escape(s, false) }
func EscAttr(s string) string { return escape(s, true) }

func escape(s string, attr bool) string {
	clean := cleanPrefix(s)
	if clean == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:clean])
	escapeRest(&b, s[clean:], attr)
	return b.String()
}

// escapeTo writes s escaped to b, without a copy of s when nothing in it
// needs escaping (most text).
func escapeTo(b textBuf, s string, attr bool) {
	clean := cleanPrefix(s)
	b.WriteString(s[:clean])
	if clean < len(s) {
		escapeRest(b, s[clean:], attr)
	}
}

// cleanPrefix is the length of the stretch at the start of s that needs
// nothing escaped or dropped.
func cleanPrefix(s string) int {
	clean := 0
	for clean < len(s) {
		c := s[clean]
		if c < 0x80 {
			if c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
				break
			}
			clean++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[clean:])
		if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
			break
		}
		clean += n
	}
	return clean
}

// textBuf is a strings.Builder or a bytes.Buffer.
type textBuf interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
	WriteRune(rune) (int, error)
}

func escapeRest(b textBuf, s string, attr bool) {
	for i := 0; i < len(s); {
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
}

// XMLName turns s into a valid XML name (and HTML id) of ASCII letters,
// digits, hyphens, underscores and full stops, starting with a letter.
func XMLName(s string) string {
	out := IDChars(s)
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z') {
		out = "id-" + out
	}
	return out
}

// IDChars replaces every character not allowed in xmlName by a hyphen.
func IDChars(s string) string {
	ok := true
	for i := 0; i < len(s) && ok; i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
	}
	if ok {
		return s // most ids are made of these already
	}
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
