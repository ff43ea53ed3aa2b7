package input

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // register decoders for the image checks
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"os"
	"sourcebook/book/diag"
	"strings"
)

// Limits caps what one build may read, so that a mistaken or hostile
// input (a whole archive pasted into one file, a decompression bomb, a
// generated manifest gone wrong) fails early with a message naming the
// cap instead of exhausting memory or time. A zero field means the
// default.
type Limits struct {
	// SourceBytes caps each Markdown file read: sources, and
	// introductions and other texts given as {file: …}. The manifest
	// itself is held to the same cap.
	SourceBytes int64
	// ImageBytes caps the size of each image file.
	ImageBytes int64
	// ImagePixels caps an image's width × height, checked from its header
	// before it is decoded (a small PNG can decode to gigabytes).
	ImagePixels int64
	// Items caps the number of items (documents) in a reader.
	Items int
	// TableColumns caps the columns of a table: beyond it no page can
	// print the table, and a short row padded to the header's width makes
	// a small file expand enormously.
	TableColumns int
	// TableCells caps a table's columns × rows.
	TableCells int
	// TextBytes caps the text of the whole reader: every item's source
	// (counted once per use) and the editor's texts. It keeps a small
	// source listed hundreds of times from making a book too big to lay
	// out.
	TextBytes int64
	// TitleChars caps a title (the reader's, a part's, an item's, a
	// source's) and a label: a title is set on one page, in large type.
	TitleChars int
	// WordChars caps the characters of one word (a run without spaces).
	// Print breaks such a word anywhere, at a cost that grows with it.
	WordChars int
	// NotesPerParagraph caps the note references (footnotes and
	// annotations) in one paragraph, and LinksPerParagraph the links
	// begun ("](") in one: both cost more than their share to lay out or
	// parse.
	NotesPerParagraph int
	LinksPerParagraph int
	// QuestionLines caps a question's ruled answer lines (lines:); the
	// reader's questions together may have 50 times as many.
	QuestionLines int
	// GlossaryTerms caps the glossary's and each word bank's entries:
	// every term is looked for in every document.
	GlossaryTerms int
	// Apparatus caps the questions, annotations and word-bank entries of
	// the whole reader: each is parsed and set on its own, and a 10 MB
	// manifest could hold most of a million.
	Apparatus int
}

// DefaultLimits are generous for any real reader: a 10 MB source is a
// book of some 1,500 pages.
func DefaultLimits() Limits {
	return Limits{
		SourceBytes:  10 << 20,
		ImageBytes:   25 << 20,
		ImagePixels:  50_000_000,
		Items:        5000,
		TableColumns: 50,
		TableCells:   250_000,
		// Measured: 16 MB of text in two items builds in under 10 s
		// and 1 GB (docs/robustness.md).
		TextBytes:  16 << 20,
		TitleChars: 1000,
		WordChars:  100_000,
		// A paragraph of a real source has a handful of notes and links.
		NotesPerParagraph: 1000,
		LinksPerParagraph: 1000,
		// A page holds some forty ruled lines.
		QuestionLines: 200,
		GlossaryTerms: 2000,
		Apparatus:     20_000,
	}
}

// OrDefault fills zero fields with the defaults.
func (l Limits) OrDefault() Limits {
	d := DefaultLimits()
	if l.SourceBytes <= 0 {
		l.SourceBytes = d.SourceBytes
	}
	if l.ImageBytes <= 0 {
		l.ImageBytes = d.ImageBytes
	}
	if l.ImagePixels <= 0 {
		l.ImagePixels = d.ImagePixels
	}
	if l.Items <= 0 {
		l.Items = d.Items
	}
	if l.TableColumns <= 0 {
		l.TableColumns = d.TableColumns
	}
	if l.TableCells <= 0 {
		l.TableCells = d.TableCells
	}
	if l.TextBytes <= 0 {
		l.TextBytes = d.TextBytes
	}
	if l.TitleChars <= 0 {
		l.TitleChars = d.TitleChars
	}
	if l.WordChars <= 0 {
		l.WordChars = d.WordChars
	}
	if l.NotesPerParagraph <= 0 {
		l.NotesPerParagraph = d.NotesPerParagraph
	}
	if l.LinksPerParagraph <= 0 {
		l.LinksPerParagraph = d.LinksPerParagraph
	}
	if l.QuestionLines <= 0 {
		l.QuestionLines = d.QuestionLines
	}
	if l.GlossaryTerms <= 0 {
		l.GlossaryTerms = d.GlossaryTerms
	}
	if l.Apparatus <= 0 {
		l.Apparatus = d.Apparatus
	}
	return l
}

// Megabytes writes a size for messages: "12.3 MB", "10 MB", "900 KB".
func Megabytes(n int64) string {
	if n < 1<<20 {
		if n < 1<<10 {
			return fmt.Sprintf("%d bytes", n)
		}
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<10)), ".0") + " KB"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
}

// ReadText reads a text file through ReadFile, capped at limit
// (Limits.SourceBytes). what names the file in messages ("the source",
// "the reader manifest").
func ReadText(path string, limit int64, what string) ([]byte, error) {
	return ReadFile(path, limit, "Limits.SourceBytes", what)
}

func sizeError(path string, size, limit int64, capName string) *diag.Error {
	got, max := Megabytes(size), Megabytes(limit)
	if got == max {
		got, max = diag.Thousands(size)+" bytes", diag.Thousands(limit)+" bytes"
	}
	return &diag.Error{File: path, Msg: fmt.Sprintf("the file is %s, more than the limit of %s (%s); split the document or raise the limit", got, max, capName)}
}

// ReadImage reads the image at path (through ReadFile) far enough to
// know it can be used, and returns its bytes.
func ReadImage(path, src string, lim Limits) ([]byte, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cannot read the image %q: %v", src, UnwrapPathError(err))
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("the image %q is not a regular file", src)
	} else if st.Size() > lim.ImageBytes {
		return nil, fmt.Errorf("the image %q is %s, more than the limit of %s (Limits.ImageBytes); save it at a smaller size or raise the limit",
			src, Megabytes(st.Size()), Megabytes(lim.ImageBytes))
	}
	data, err := ReadFile(path, lim.ImageBytes, "Limits.ImageBytes", "the image")
	if err != nil {
		if e, ok := err.(*diag.Error); ok {
			return nil, fmt.Errorf("the image %q: %s", src, e.Msg)
		}
		return nil, err
	}
	return data, CheckImage(data, src, lim)
}

// CheckImage checks an image's bytes: a PNG, JPEG or GIF within the
// pixel cap that decodes completely (a truncated file is refused here,
// not half-drawn later), or an SVG that passes CheckSVG. src names the
// image in messages. Renderers that are given a book built in code call
// it too.
func CheckImage(data []byte, src string, lim Limits) error {
	lim = lim.OrDefault()
	if int64(len(data)) > lim.ImageBytes {
		return fmt.Errorf("the image %q is %s, more than the limit of %s (Limits.ImageBytes); save it at a smaller size or raise the limit",
			src, Megabytes(int64(len(data))), Megabytes(lim.ImageBytes))
	}
	if len(data) == 0 {
		return fmt.Errorf("the image %q is an empty file", src)
	}
	switch http.DetectContentType(data) {
	case "image/png", "image/jpeg", "image/gif":
	default:
		if bytes.Contains(data[:min(len(data), 1024)], []byte("<svg")) {
			return CheckSVG(data, src, lim)
		}
		return fmt.Errorf("the image %q is not a PNG, JPEG, GIF or SVG file (it looks like %s); convert it to PNG or JPEG",
			src, http.DetectContentType(data))
	}
	return checkRaster(data, src, lim)
}

// checkRaster checks a PNG, JPEG or GIF: its pixel count from the header
// before decoding, then a full decode.
func checkRaster(data []byte, src string, lim Limits) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("the image %q cannot be read (%v); open it in an image editor and save it again", src, err)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); cfg.Width <= 0 || cfg.Height <= 0 || px > lim.ImagePixels {
		return fmt.Errorf("the image %q is %d×%d pixels (%s), more than the limit of %s pixels (Limits.ImagePixels); scale it down or raise the limit",
			src, cfg.Width, cfg.Height, diag.Thousands(px), diag.Thousands(lim.ImagePixels))
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("the image %q is damaged or truncated (%v); open it in an image editor and save it again", src, err)
	}
	return nil
}

// CheckTables finds the tables in Markdown text that exceed the caps,
// before the text is parsed: the parser pads every row to the header's
// width, so a wide header over many short lines would expand a small file
// enormously before any later check could see it. A table is a header row
// followed by a delimiter row (| --- | :-: |) with as many cells; it ends at
// a blank line.
func CheckTables(text, file string, firstLine int, lim Limits) *diag.Error {
	lines := strings.Split(text, "\n")
	fence := ""
	for i := 0; i < len(lines); i++ {
		l := blockText(lines[i])
		if f := fenceOf(l); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(f, fence):
				fence = ""
			}
			continue
		}
		if fence != "" || i == 0 {
			continue
		}
		cols := delimiterCells(l)
		if cols < 2 || pipeCells(blockText(lines[i-1])) != cols {
			continue
		}
		line := firstLine + i - 1
		if cols > lim.TableColumns {
			return &diag.Error{File: file, Line: line, Field: "table", Msg: fmt.Sprintf("the table has %d columns, more than the limit of %d (Limits.TableColumns); no page can print it, so split it into narrower tables or raise the limit", cols, lim.TableColumns)}
		}
		rows := 1
		k := i + 1
		for ; k < len(lines) && strings.TrimSpace(blockText(lines[k])) != ""; k++ {
			rows++
		}
		if cells := int64(cols) * int64(rows); cells > int64(lim.TableCells) {
			return &diag.Error{File: file, Line: line, Field: "table", Msg: fmt.Sprintf("the table has %d columns and %s rows (%s cells), more than the limit of %s cells (Limits.TableCells); split it or raise the limit", cols, diag.Thousands(int64(rows)), diag.Thousands(cells), diag.Thousands(int64(lim.TableCells)))}
		}
		i = k // the rows are the table's, not new tables
	}
	return nil
}

// blockText strips a line's indentation and block-quote markers.
func blockText(l string) string {
	for {
		t := strings.TrimLeft(l, " \t")
		if !strings.HasPrefix(t, ">") {
			return t
		}
		l = t[1:]
	}
}

// fenceOf returns the fence a line opens or closes (``` or ~~~, with its
// full length), or "".
func fenceOf(l string) string {
	for _, c := range []string{"`", "~"} {
		n := len(l) - len(strings.TrimLeft(l, c))
		if n >= 3 {
			return l[:n]
		}
	}
	return ""
}

// delimiterCells counts the cells of a table delimiter row, or returns 0
// if l is not one.
func delimiterCells(l string) int {
	l = strings.TrimSpace(l)
	if !strings.Contains(l, "-") || !strings.Contains(l, "|") {
		return 0
	}
	l = strings.TrimSuffix(strings.TrimPrefix(l, "|"), "|")
	n := 0
	for _, c := range strings.Split(l, "|") {
		c = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(c), ":"), ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return 0
		}
		n++
	}
	return n
}

// pipeCells counts the cells of a table row: its unescaped pipes, less
// a leading and a trailing one.
func pipeCells(l string) int {
	l = strings.TrimSpace(l)
	if l == "" {
		return 0
	}
	n := 1
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++
		case '|':
			if i != 0 && i != len(l)-1 {
				n++
			}
		}
	}
	return n
}
