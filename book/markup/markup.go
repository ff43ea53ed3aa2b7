// Package markup turns Markdown into Sourcebook's edition-neutral text
// model: a small tree of blocks holding flat runs of styled text. Both
// renderers (EPUB and PDF) read this model, so a construct means the same
// thing in both editions and neither renderer needs to know Markdown.
package markup

import (
	"strconv"
	"strings"
)

// Style is a set of inline text styles.
type Style uint16

const (
	Italic Style = 1 << iota
	Bold
	Code
	Strike
	Sup
	SmallCaps
	// Term marks the first occurrence of a glossary term.
	Term
	// Sub, Underline and Small come from the few HTML elements a source
	// may use (<sub>, <u>/<ins>, <small>).
	Sub
	Underline
	Small
)

// Inline is a run of text in one style. Runs are flat: nesting such as
// bold inside a link is expressed by the run's Style and Link together.
// (The fields are ordered so that an Inline takes 96 bytes, not 104: a
// book holds hundreds of thousands.)
type Inline struct {
	Text string
	Link string // the link target, "" for none
	Lang string // BCP 47 language of a passage in another language
	// Anchor names a point in the text (an annotation or a question's
	// target); renderers record its position in the page map.
	Anchor string
	// Title is the expansion of an abbreviation (<abbr title="…">).
	Title string
	Note  *Note // when set, the run is a note reference; Text is its marker
	Style Style
	Break bool // a hard line break (Text is empty)
}

// Note is a footnote or an annotation, numbered within its document.
type Note struct {
	Number int
	ID     string // unique within the book, e.g. "masoud-n1"
	Blocks []Block
	// Annotation marks an editor's note anchored to the source text, as
	// opposed to a note that is part of the source. Annotations are
	// lettered (a, b, c) so that the two never share a number.
	Annotation bool
	Label      string // the marker when not the number, e.g. "a"
}

// Marker is the note's printed marker: its label or its number.
func (n *Note) Marker() string {
	if n.Label != "" {
		return n.Label
	}
	return strconv.Itoa(n.Number)
}

// Kind says what a block is.
type Kind uint8

const (
	Paragraph Kind = iota
	Heading
	Quote
	List
	CodeBlock
	Table
	Rule
	Figure
	Definitions
)

// Block is a paragraph-level element. (The small fields are together so
// that a Block takes 184 bytes, not 200.)
type Block struct {
	Kind Kind
	// Omission marks the bracketed ellipsis that stands for paragraphs
	// left out of an excerpt; it is the editor's, not the source's.
	Omission bool
	Ordered  bool // list
	// ID identifies the block within the book (set when the book is
	// assembled); the page map is keyed by it.
	ID string
	// Line is the line of the input file on which the block starts.
	Line    int
	Level   int // heading level, 1–6
	Inlines []Inline
	Blocks  []Block    // a quote's contents
	Items   [][]Block  // list items
	Start   int        // first number of an ordered list
	Code    string     // code block text
	Table   *TableData // table
	Image   *Image     // figure
	Defs    []Definition
	// Number is the paragraph number of primary-source text (0 if none).
	Number int
}

// TableData is a table: header cells, rows and column alignment.
type TableData struct {
	Align  []Align
	Header [][]Inline
	Rows   [][][]Inline
}

// Align is a table column's alignment.
type Align uint8

const (
	AlignNone Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// Image is a figure: a picture with alternative text and a caption.
type Image struct {
	Src     string
	Alt     string
	Caption string
	// Decorative is true for an explicit empty alt text (`![](x.png)` is
	// an error; `![""](x.png)` is not supported by Markdown, so decoration
	// is declared with the title "decorative").
	Decorative bool
}

// Definition is one term of a definition list with its definitions.
type Definition struct {
	Term []Inline
	Defs [][]Block
}

// PlainText returns the text of inlines without styling; note markers
// are left out, so that the result is the reading text.
func PlainText(ins []Inline) string {
	if len(ins) == 1 && ins[0].Note == nil && !ins[0].Break {
		return ins[0].Text // most paragraphs: no copy
	}
	var b strings.Builder
	for _, in := range ins {
		switch {
		case in.Note != nil:
		case in.Break:
			b.WriteByte(' ')
		default:
			b.WriteString(in.Text)
		}
	}
	return b.String()
}

// BlocksText returns the reading text of blocks, paragraphs separated by
// newlines.
func BlocksText(bs []Block) string {
	var b strings.Builder
	var walk func(bs []Block)
	walk = func(bs []Block) {
		for _, bl := range bs {
			switch bl.Kind {
			case Paragraph, Heading:
				b.WriteString(PlainText(bl.Inlines))
				b.WriteByte('\n')
			case Quote:
				walk(bl.Blocks)
			case List:
				for _, it := range bl.Items {
					walk(it)
				}
			case CodeBlock:
				b.WriteString(bl.Code)
				b.WriteByte('\n')
			case Table:
				for _, c := range bl.Table.Header {
					b.WriteString(PlainText(c))
					b.WriteByte(' ')
				}
				for _, r := range bl.Table.Rows {
					for _, c := range r {
						b.WriteString(PlainText(c))
						b.WriteByte(' ')
					}
				}
				b.WriteByte('\n')
			case Figure:
				b.WriteString(bl.Image.Caption)
				b.WriteByte('\n')
			case Definitions:
				for _, d := range bl.Defs {
					b.WriteString(PlainText(d.Term))
					b.WriteByte('\n')
					for _, dd := range d.Defs {
						walk(dd)
					}
				}
			}
		}
	}
	walk(bs)
	return b.String()
}
