package desk

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// doc is reader.yaml as a yaml.v3 node tree: edits change nodes in place
// so that comments and key order survive.
type doc struct{ root *yaml.Node }

func parseDoc(data []byte) (*doc, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	if n.Kind == 0 {
		n = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) != 1 || n.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("reader.yaml must be a mapping of keys such as title and parts")
	}
	return &doc{&n}, nil
}

func (d *doc) bytes() ([]byte, error) {
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(d.root); err != nil {
		return nil, err
	}
	return []byte(b.String()), enc.Close()
}

func (d *doc) top() *yaml.Node { return d.root.Content[0] }

// get returns the value of key in mapping m, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// set replaces key's value in m, keeping the key's place and comments,
// or appends the key.
func set(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			old := m.Content[i+1]
			v.HeadComment, v.LineComment, v.FootComment = old.HeadComment, old.LineComment, old.FootComment
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func del(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// text makes a string node; several lines are written as a literal block.
func text(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
		if !strings.HasSuffix(s, "\n") {
			n.Value += "\n"
		}
	}
	return n
}

func intNode(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(i)}
}

func mapping(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		var v *yaml.Node
		switch x := kv[i+1].(type) {
		case string:
			v = text(x)
		case int:
			v = intNode(x)
		case *yaml.Node:
			v = x
		}
		set(m, kv[i].(string), v)
	}
	return m
}

// seq returns the sequence under key in m, creating it.
func seq(m *yaml.Node, key string) *yaml.Node {
	if s := get(m, key); s != nil && s.Kind == yaml.SequenceNode {
		if s.Style == yaml.FlowStyle {
			s.Style = 0
		}
		return s
	}
	s := &yaml.Node{Kind: yaml.SequenceNode}
	set(m, key, s)
	return s
}

// parts returns the reader's parts, moving top-level items into a first
// part so that every document has a (part, item) address.
func (d *doc) parts() *yaml.Node {
	t := d.top()
	ps := seq(t, "parts")
	if items := get(t, "items"); items != nil && items.Kind == yaml.SequenceNode && len(items.Content) > 0 {
		ps.Content = append([]*yaml.Node{mapping("title", "Documents", "items", items)}, ps.Content...)
		del(t, "items")
	}
	return ps
}

// item finds the document at part p, index i.
func (d *doc) item(p, i int) (*yaml.Node, error) {
	ps := d.parts()
	if p < 0 || p >= len(ps.Content) {
		return nil, fmt.Errorf("there is no part %d", p+1)
	}
	items := seq(ps.Content[p], "items")
	if i < 0 || i >= len(items.Content) || items.Content[i].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("part %d has no document %d", p+1, i+1)
	}
	return items.Content[i], nil
}

// move swaps entry i of s with its neighbour by delta (-1 or +1).
func move(s *yaml.Node, i, delta int) error {
	j := i + delta
	if i < 0 || i >= len(s.Content) || j < 0 || j >= len(s.Content) {
		return fmt.Errorf("cannot move entry %d further", i+1)
	}
	s.Content[i], s.Content[j] = s.Content[j], s.Content[i]
	return nil
}

func remove(s *yaml.Node, i int) error {
	if i < 0 || i >= len(s.Content) {
		return fmt.Errorf("there is no entry %d", i+1)
	}
	s.Content = append(s.Content[:i], s.Content[i+1:]...)
	return nil
}
