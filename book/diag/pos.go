package diag

import "gopkg.in/yaml.v3"

// KeyPos finds the line and column of a top-level key in a document node.
func KeyPos(node *yaml.Node, key string) (int, int) {
	n := node
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i].Line, n.Content[i].Column
		}
	}
	return 0, 0
}

// ValuePos is where a mapping's value for key is written (the mapping's
// own position when the key is absent).
func ValuePos(n *yaml.Node, key string) (int, int) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1].Line, n.Content[i+1].Column
		}
	}
	return n.Line, n.Column
}
