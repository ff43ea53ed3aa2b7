package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is a problem in a teacher's input, located precisely enough to fix:
// the file, the line and column (1-based; 0 when unknown) and the field.
type Error struct {
	File  string
	Line  int
	Col   int
	Field string
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors collects every problem found, so that a teacher can fix them all
// in one go rather than one per build.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns nil when es is empty, so callers can write `return es.Err()`.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	es.Sort()
	return es
}

// Sort orders the errors by file and position.
func (es Errors) Sort() {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Add appends a problem at file:line:col in field.
func (es *Errors) Add(file string, line, col int, field, format string, args ...any) {
	*es = append(*es, &Error{File: file, Line: line, Col: col, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// AddErr appends err, flattening Errors and *Error values.
func (es *Errors) AddErr(err error) {
	if err == nil {
		return
	}
	var list Errors
	if errors.As(err, &list) {
		*es = append(*es, list...)
		return
	}
	var one *Error
	if errors.As(err, &one) {
		*es = append(*es, one)
		return
	}
	*es = append(*es, &Error{Msg: err.Error()})
}

// Warning is a problem that does not stop the build but that the teacher
// should see (a dropped character, raw HTML removed, a loose line).
type Warning = Error

// Thousands writes n with Thousands separators: 50,000,000.
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + Thousands(-n)
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
