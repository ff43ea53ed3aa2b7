package importer

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"sourcebook/book"
)

var dateType = reflect.TypeOf(book.Date{})

// Marshal renders a Source as a source file: "---", the YAML front matter
// (fields in the struct's order, empty ones omitted, name lists in flow
// style, multi-line strings as literal blocks), "---", then the body
// verbatim. book.ParseSource reads the result back to an equal Source.
// The node tree is built by hand rather than by yaml.Marshal so that the
// date stays unquoted and omission does not depend on omitempty tags.
func Marshal(s *book.Source) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("no source to marshal")
	}
	if !utf8.ValidString(s.Body) || strings.ContainsAny(s.Body, "\r\x00") {
		return nil, fmt.Errorf("source %s: the body must be UTF-8 text with \\n line endings and no NUL bytes", s.ID)
	}
	node, err := mappingNode(reflect.ValueOf(*s))
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", s.ID, err)
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	if node != nil {
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(node); err != nil {
			return nil, fmt.Errorf("source %s: %w", s.ID, err)
		}
		if err := enc.Close(); err != nil {
			return nil, fmt.Errorf("source %s: %w", s.ID, err)
		}
	}
	buf.WriteString("---\n")
	buf.WriteString(s.Body)
	return buf.Bytes(), nil
}

// mappingNode returns the fields of struct v that have a YAML name and a
// value, or nil when none has.
func mappingNode(v reflect.Value) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name, ok := book.YAMLName(t.Field(i))
		if !ok {
			continue
		}
		val, err := valueNode(v.Field(i))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if val == nil {
			continue
		}
		m.Content = append(m.Content, strNode(name), val)
	}
	if len(m.Content) == 0 {
		return nil, nil
	}
	return m, nil
}

func valueNode(v reflect.Value) (*yaml.Node, error) {
	if v.Type() == dateType {
		d := v.Interface().(book.Date)
		if d.IsZero() {
			return nil, nil
		}
		p, err := book.ParseDate(d.Raw)
		if err != nil {
			return nil, err
		}
		// Plain, as people write it: ParseDate admits only digits and
		// -/?~%, none of which needs quoting in a block mapping.
		return &yaml.Node{Kind: yaml.ScalarNode, Value: p.Raw}, nil
	}
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			return nil, nil
		}
		if !utf8.ValidString(v.String()) {
			return nil, fmt.Errorf("not valid UTF-8")
		}
		return strNode(v.String()), nil
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			break
		}
		if v.Len() == 0 {
			return nil, nil
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for i := 0; i < v.Len(); i++ {
			item := v.Index(i).String()
			if !utf8.ValidString(item) {
				return nil, fmt.Errorf("not valid UTF-8")
			}
			if strings.Contains(item, "\n") || len(item) > 60 {
				seq.Style = 0
			}
			seq.Content = append(seq.Content, strNode(item))
		}
		return seq, nil
	case reflect.Struct:
		return mappingNode(v)
	}
	if v.IsZero() {
		return nil, nil
	}
	n := &yaml.Node{}
	if err := n.Encode(v.Interface()); err != nil {
		return nil, err
	}
	return n, nil
}

// strNode is a string scalar; the encoder quotes it when it would
// otherwise read as another type (yes, 1989, null) and uses a literal
// block when it spans lines.
func strNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.DoubleQuotedStyle
		if literalSafe(s) {
			n.Style = yaml.LiteralStyle
		}
	}
	return n
}

// literalSafe reports whether a literal block ("|-") keeps s exactly.
// yaml.v3 emits some strings as literal blocks that it then cannot read
// back (a tab at the start, only a newline), so anything unusual —
// surrounding white space, tabs, trailing spaces, control characters —
// is double-quoted instead.
func literalSafe(s string) bool {
	if strings.TrimSpace(s) != s || strings.ContainsAny(s, "\t\u0085\u2028\u2029\ufeff") {
		return false
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.HasSuffix(l, " ") {
			return false
		}
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f {
			return false
		}
	}
	return true
}
