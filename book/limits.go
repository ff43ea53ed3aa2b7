package book

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	_ "image/gif" // register decoders for the image checks
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
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
	}
}

// orDefault fills zero fields with the defaults.
func (l Limits) orDefault() Limits {
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
	return l
}

// megabytes writes a size for messages: "12.3 MB", "10 MB", "900 KB".
func megabytes(n int64) string {
	if n < 1<<20 {
		if n < 1<<10 {
			return fmt.Sprintf("%d bytes", n)
		}
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<10)), ".0") + " KB"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
}

// thousands writes n with thousands separators: 50,000,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// readText reads a text file, refusing anything but a regular file (a
// FIFO or device would block or never end) and files over the cap. what
// names the file in messages ("the source", "the reader manifest").
func readText(path string, limit int64, what string) ([]byte, error) {
	cannot := func(err error) error {
		return &Error{File: path, Msg: fmt.Sprintf("cannot read %s: %v", what, unwrapPathError(err))}
	}
	// Stat before opening: opening a named pipe blocks.
	if st, err := os.Stat(path); err != nil {
		return nil, cannot(err)
	} else if !st.Mode().IsRegular() {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read %s: it is not a regular file (a folder, device or pipe); give the path of a text file", what)}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, cannot(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, cannot(err)
	}
	if st.Size() > limit {
		return nil, sizeError(path, st.Size(), limit)
	}
	// The file may grow while it is read: never read past the cap.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, cannot(err)
	}
	if int64(len(data)) > limit {
		return nil, sizeError(path, int64(len(data)), limit)
	}
	return data, nil
}

func sizeError(path string, size, limit int64) *Error {
	got, max := megabytes(size), megabytes(limit)
	if got == max {
		got, max = thousands(size)+" bytes", thousands(limit)+" bytes"
	}
	return &Error{File: path, Msg: fmt.Sprintf("the file is %s, more than the limit of %s (Limits.SourceBytes); split the document or raise the limit", got, max)}
}

// checkImage reads the image at path far enough to know it can be used:
// a PNG, JPEG or GIF within the size and pixel caps that decodes
// completely (a truncated file is refused here, not half-drawn later), or
// an SVG without scripts or references to other files.
func checkImage(path, src string, lim Limits) error {
	// Stat before opening: opening a named pipe blocks.
	if st, err := os.Stat(path); err != nil {
		return fmt.Errorf("cannot read the image %q: %v", src, unwrapPathError(err))
	} else if !st.Mode().IsRegular() {
		return fmt.Errorf("the image %q is not a regular file", src)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read the image %q: %v", src, unwrapPathError(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("cannot read the image %q: %v", src, unwrapPathError(err))
	}
	if st.Size() > lim.ImageBytes {
		return fmt.Errorf("the image %q is %s, more than the limit of %s (Limits.ImageBytes); save it at a smaller size or raise the limit",
			src, megabytes(st.Size()), megabytes(lim.ImageBytes))
	}
	data, err := io.ReadAll(io.LimitReader(f, lim.ImageBytes+1))
	if err != nil {
		return fmt.Errorf("cannot read the image %q: %v", src, err)
	}
	if len(data) == 0 {
		return fmt.Errorf("the image %q is an empty file", src)
	}
	switch http.DetectContentType(data) {
	case "image/png", "image/jpeg", "image/gif":
	default:
		if bytes.Contains(data[:min(len(data), 1024)], []byte("<svg")) {
			return checkSVG(data, src)
		}
		return fmt.Errorf("the image %q is not a PNG, JPEG, GIF or SVG file (it looks like %s); convert it to PNG or JPEG",
			src, http.DetectContentType(data))
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("the image %q cannot be read (%v); open it in an image editor and save it again", src, err)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); cfg.Width <= 0 || cfg.Height <= 0 || px > lim.ImagePixels {
		return fmt.Errorf("the image %q is %d×%d pixels (%s), more than the limit of %s pixels (Limits.ImagePixels); scale it down or raise the limit",
			src, cfg.Width, cfg.Height, thousands(px), thousands(lim.ImagePixels))
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("the image %q is damaged or truncated (%v); open it in an image editor and save it again", src, err)
	}
	return nil
}

// checkSVG refuses an SVG that could run code or load anything when an
// e-reader displays it: scripts, event handlers, embedded HTML, and
// references to anything but its own fragments. encoding/xml expands no
// external entities, so reading it is safe.
func checkSVG(data []byte, src string) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	inStyle := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("the SVG image %q is not well-formed XML (%v)", src, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			inStyle = strings.EqualFold(t.Name.Local, "style")
			switch strings.ToLower(t.Name.Local) {
			case "script", "foreignobject", "iframe", "object", "embed":
				return fmt.Errorf("the SVG image %q contains <%s>, which e-books must not run or embed; remove it or export the image as PNG", src, t.Name.Local)
			}
			for _, a := range t.Attr {
				name := strings.ToLower(a.Name.Local)
				v := strings.TrimSpace(a.Value)
				switch {
				case strings.HasPrefix(name, "on"):
					return fmt.Errorf("the SVG image %q has an event handler (%s=); remove it or export the image as PNG", src, a.Name.Local)
				case (name == "href" || name == "src") && v != "" && !strings.HasPrefix(v, "#") && !embeddedImage(v):
					return fmt.Errorf("the SVG image %q refers to %q; an image must be self-contained, so embed the picture or export the image as PNG", src, v)
				case name == "style" && strings.Contains(strings.ToLower(v), "url(") && !strings.Contains(strings.ToLower(v), "url(#"):
					return fmt.Errorf("the SVG image %q loads a resource from its style; an image must be self-contained", src)
				}
			}
		case xml.CharData:
			if inStyle {
				css := strings.ToLower(string(t))
				if strings.Contains(css, "@import") || strings.Contains(strings.ReplaceAll(css, "url(#", ""), "url(") {
					return fmt.Errorf("the SVG image %q loads a resource from its style sheet; an image must be self-contained", src)
				}
			}
		case xml.EndElement:
			inStyle = false
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				return fmt.Errorf("the SVG image %q declares entities; export it again without a DOCTYPE", src)
			}
		}
	}
}

// embeddedImage reports whether a reference is a picture carried inside
// the SVG itself (a data: URL of a bitmap type).
func embeddedImage(v string) bool {
	v = strings.ToLower(v)
	for _, p := range []string{"data:image/png", "data:image/jpeg", "data:image/gif"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// checkTables finds the tables in Markdown text that exceed the caps,
// before the text is parsed: the parser pads every row to the header's
// width, so a wide header over many short lines would expand a small file
// enormously before any later check could see it. A table is a header row
// followed by a delimiter row (| --- | :-: |) with as many cells; it ends at
// a blank line.
func checkTables(text, file string, firstLine int, lim Limits) *Error {
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
			return &Error{File: file, Line: line, Field: "table", Msg: fmt.Sprintf("the table has %d columns, more than the limit of %d (Limits.TableColumns); no page can print it, so split it into narrower tables or raise the limit", cols, lim.TableColumns)}
		}
		rows := 1
		k := i + 1
		for ; k < len(lines) && strings.TrimSpace(blockText(lines[k])) != ""; k++ {
			rows++
		}
		if cells := int64(cols) * int64(rows); cells > int64(lim.TableCells) {
			return &Error{File: file, Line: line, Field: "table", Msg: fmt.Sprintf("the table has %d columns and %s rows (%s cells), more than the limit of %s cells (Limits.TableCells); split it or raise the limit", cols, thousands(int64(rows)), thousands(cells), thousands(int64(lim.TableCells)))}
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

// maxYAMLValues caps the values a YAML document holds once its aliases
// are expanded. A reader of 5,000 items with questions holds a few
// hundred thousand; a few lines of anchors and aliases can stand for
// billions (the "billion laughs"), which decoding would try to build.
const maxYAMLValues = 1_000_000

// checkAliases refuses a YAML document whose aliases expand it beyond
// maxYAMLValues, before it is decoded, naming the alias that expands
// most. The sizes are computed without expanding anything.
func checkAliases(file string, root *yaml.Node) *Error {
	size := map[*yaml.Node]int64{}
	var count func(n *yaml.Node) int64
	count = func(n *yaml.Node) int64 {
		if n == nil {
			return 0
		}
		if v, ok := size[n]; ok {
			if v < 0 { // an alias inside its own anchor: yaml.v3 reports it
				return 0
			}
			return v
		}
		size[n] = -1
		var total int64 = 1
		if n.Kind == yaml.AliasNode {
			total = count(n.Alias)
		}
		for _, c := range n.Content {
			total = min(total+count(c), maxYAMLValues+1)
		}
		size[n] = total
		return total
	}
	if count(root) <= maxYAMLValues {
		return nil
	}
	// Name the alias that stands for most.
	var worst *yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode {
			if worst == nil || size[n] > size[worst] {
				worst = n
			}
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	e := &Error{File: file, Msg: fmt.Sprintf("the aliases in this file expand it to more than %s values; write the repeated parts out instead", thousands(maxYAMLValues))}
	if worst != nil {
		e.Line, e.Col = worst.Line, worst.Column
		e.Msg = fmt.Sprintf("the alias *%s and the others in this file expand it to more than %s values; write the repeated parts out instead", worst.Value, thousands(maxYAMLValues))
	}
	return e
}
