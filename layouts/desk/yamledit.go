package desk

import (
	"fmt"
	"sort"
	"strings"

	"sourcebook/book/manifest"

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

// setText sets key to the teacher's writing, or removes it when v is
// blank. Writing kept in its own file ({file: intro.md}) is not replaced
// from a form: the file is the place to edit it.
func setText(m *yaml.Node, key, v string) error {
	if old := get(m, key); old != nil && old.Kind == yaml.MappingNode {
		if f := scalar(get(old, "file")); f != "" && strings.TrimSpace(v) != "" {
			return fmt.Errorf("the %s is kept in %s; edit it there", key, f)
		}
		if strings.TrimSpace(v) != "" {
			return fmt.Errorf("the %s is not text in reader.yaml; edit it in a text editor", key)
		}
		return nil
	}
	if strings.TrimSpace(v) == "" {
		del(m, key)
		return nil
	}
	set(m, key, text(v))
	return nil
}

// addOrReplace appends n to s, or puts it in place of entry i keeping
// that entry's comments.
func addOrReplace(s *yaml.Node, replace bool, i int, n *yaml.Node) error {
	if !replace {
		s.Content = append(s.Content, n)
		return nil
	}
	if i < 0 || i >= len(s.Content) {
		return fmt.Errorf("there is no entry %d", i+1)
	}
	old := s.Content[i]
	n.HeadComment, n.LineComment, n.FootComment = old.HeadComment, old.LineComment, old.FootComment
	s.Content[i] = n
	return nil
}

// excerptNode writes ticked paragraph numbers as docs/readers.md shows
// an excerpt: runs as ranges, in a flow list ([1-3, 5]).
func excerptNode(ps []int) (*yaml.Node, error) {
	ns := append([]int(nil), ps...)
	sort.Ints(ns)
	out := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for i := 0; i < len(ns); {
		if ns[i] < 1 {
			return nil, fmt.Errorf("paragraphs are numbered from 1")
		}
		j := i
		for j+1 < len(ns) && ns[j+1] <= ns[j]+1 {
			j++
		}
		if ns[j] == ns[i] {
			out.Content = append(out.Content, intNode(ns[i]))
		} else {
			out.Content = append(out.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprintf("%d-%d", ns[i], ns[j])})
		}
		i = j + 1
	}
	return out, nil
}

// excerptParagraphs lists the paragraph numbers an item's excerpt keeps
// (none: the whole text).
func excerptParagraphs(it *yaml.Node) []int {
	n := get(it, "excerpt")
	if n == nil {
		return nil
	}
	var e manifest.Excerpt
	if n.Decode(&e) != nil {
		return nil
	}
	seen := map[int]bool{}
	var out []int
	for _, r := range e.Ranges {
		for k := r[0]; k <= r[1] && k-r[0] < 100000; k++ {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Ints(out)
	return out
}

// span is the lines of reader.yaml that hold one form field's value.
type span struct {
	from, to int
	target   string
}

// lastLine is the last line a node's text reaches.
func lastLine(n *yaml.Node) int {
	l := n.Line
	if n.Kind == yaml.ScalarNode && (n.Style == yaml.LiteralStyle || n.Style == yaml.FoldedStyle) {
		l += strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
	}
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	return l
}

// targets names the form fields of the reader's keys, with their lines,
// so that a problem that check reports at a line of reader.yaml can be
// shown beside the field it concerns. The names match the page's
// data-target attributes: title, introduction, p0 (a part), p0.title,
// p0.i1 (a document), p0.i1.headnote, p0.i1.annotations.2 …
func (d *doc) targets() []span {
	var out []span
	add := func(k, v *yaml.Node, name string) {
		out = append(out, span{k.Line, lastLine(v), name})
	}
	each := func(m *yaml.Node, f func(k, v *yaml.Node)) {
		if m == nil || m.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			f(m.Content[i], m.Content[i+1])
		}
	}
	items := func(seq *yaml.Node, p string) {
		if seq == nil {
			return
		}
		for ii, it := range seq.Content {
			name := fmt.Sprintf("%s.i%d", p, ii)
			out = append(out, span{it.Line, lastLine(it), name})
			each(it, func(k, v *yaml.Node) {
				switch k.Value {
				case "headnote", "excerpt":
					add(k, v, name+"."+k.Value)
				case "annotations", "questions", "vocabulary":
					add(k, v, name+"."+k.Value)
					for e, en := range v.Content {
						out = append(out, span{en.Line, lastLine(en), fmt.Sprintf("%s.%s.%d", name, k.Value, e)})
					}
				}
			})
		}
	}
	first := 0
	each(d.top(), func(k, v *yaml.Node) {
		switch k.Value {
		case "title", "introduction":
			add(k, v, k.Value)
		case "glossary":
			for e, en := range v.Content {
				out = append(out, span{en.Line, lastLine(en), fmt.Sprintf("glossary.%d", e)})
			}
		case "items":
			if len(v.Content) > 0 {
				first = 1
				items(v, "p0")
			}
		}
	})
	if ps := get(d.top(), "parts"); ps != nil {
		for pi, p := range ps.Content {
			name := fmt.Sprintf("p%d", pi+first)
			out = append(out, span{p.Line, lastLine(p), name})
			each(p, func(k, v *yaml.Node) {
				switch k.Value {
				case "title", "introduction", "question":
					add(k, v, name+"."+k.Value)
				case "items":
					items(v, name)
				}
			})
		}
	}
	return out
}

// targetAt is the innermost field whose lines hold line.
func targetAt(spans []span, line int) string {
	best := -1
	for i, s := range spans {
		if line < s.from || line > s.to {
			continue
		}
		if best < 0 || s.to-s.from <= spans[best].to-spans[best].from {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return spans[best].target
}
