package manifest

import (
	"sourcebook/book/diag"
	"strings"

	"gopkg.in/yaml.v3"
)

// Names is a list of people that may be written as one string or a list.
type Names []string

// UnmarshalYAML accepts `authors: A` as well as `authors: [A, B]`.
func (n *Names) UnmarshalYAML(v *yaml.Node) error {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
			*n = nil
			return nil
		}
		*n = Names{strings.TrimSpace(v.Value)}
		return nil
	case yaml.SequenceNode:
		var out Names
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				return &diag.Error{Line: c.Line, Col: c.Column, Msg: "expected a name, found " + diag.DescribeNode(c)}
			}
			if s := strings.TrimSpace(c.Value); s != "" {
				out = append(out, s)
			}
		}
		*n = out
		return nil
	}
	return &diag.Error{Line: v.Line, Col: v.Column, Msg: "expected a name or a list of names, found " + diag.DescribeNode(v)}
}

// Citation styles a manifest may choose with citation_style:.
const (
	StyleChicago = "chicago" // Chicago Manual of Style, 17th ed., notes and bibliography
	StyleMLA     = "mla"     // MLA Handbook, 9th ed.
	StyleAPA     = "apa"     // APA Publication Manual, 7th ed.
)

// CitationStyles are the values citation_style: may take.
var CitationStyles = []string{StyleChicago, StyleMLA, StyleAPA}
