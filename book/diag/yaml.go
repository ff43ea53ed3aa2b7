package diag

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// DecodeStrict decodes node into v after checking that every mapping key is
// a field that v's type knows. yaml.v3's KnownFields reports only the first
// unknown key and cannot suggest the intended one; teachers mistype keys
// often enough that "did you mean" is worth the reflection walk.
func DecodeStrict(file string, node *yaml.Node, v any, errs *Errors) {
	checkKeys(file, "", node, reflect.TypeOf(v).Elem(), errs)
	decodeFields(file, "", node, reflect.ValueOf(v).Elem(), errs)
}

// decodeFields decodes a mapping field by field, so that one bad value
// does not hide the problems in the others (yaml.v3 stops at the first
// error a custom unmarshaler returns).
func decodeFields(file, path string, node *yaml.Node, v reflect.Value, errs *Errors) {
	if node.Kind == yaml.DocumentNode && len(node.Content) > 0 {
		node = node.Content[0]
	}
	t := v.Type()
	isPlainStruct := t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshalerType)
	if !isPlainStruct || node.Kind != yaml.MappingNode {
		if t.Kind() == reflect.Slice && node.Kind == yaml.SequenceNode && !reflect.PointerTo(t).Implements(unmarshalerType) {
			out := reflect.MakeSlice(t, len(node.Content), len(node.Content))
			for i, c := range node.Content {
				decodeFields(file, fmt.Sprintf("%s[%d]", path, i+1), c, out.Index(i), errs)
			}
			v.Set(out)
			return
		}
		if err := node.Decode(v.Addr().Interface()); err != nil {
			before := len(*errs)
			addYAMLError(file, err, errs)
			for _, e := range (*errs)[before:] {
				if e.File == "" {
					e.File = file
				}
				if e.Field == "" {
					e.Field = path
				} else if path != "" && !strings.HasSuffix(path, e.Field) {
					e.Field = path + "." + e.Field
				}
				if e.Line == 0 {
					e.Line, e.Col = node.Line, node.Column
				}
			}
		}
		return
	}
	fields := yamlFields(t)
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := node.Content[i], node.Content[i+1]
		f, ok := fields[k.Value]
		if !ok {
			continue
		}
		decodeFields(file, JoinPath(path, k.Value), val, v.FieldByIndex(f.Index), errs)
	}
}

var yamlLineRE = regexp.MustCompile(`line (\d+): (.*)`)

// syntaxErrorLine finds the line a YAML syntax error really is on.
// yaml.v3 often reports the line where the enclosing block began (a list
// that started three lines earlier); the first prefix of the document that
// fails to parse ends on the offending line.
func syntaxErrorLine(data []byte, reported int) int {
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) > 2000 {
		return reported
	}
	var prefix strings.Builder
	for i, l := range lines {
		prefix.WriteString(l)
		if i+1 < reported {
			continue
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(prefix.String()), &n); err != nil {
			return i + 1
		}
	}
	return reported
}

// AddSyntaxError reports a YAML parse error at its real line.
func AddSyntaxError(file string, data []byte, err error, offset int, errs *Errors) {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		if line, text := unknownAlias(data, err.Error()); line > 0 {
			if msg, col := explainSlip(text, err.Error()); msg != "" {
				*errs = append(*errs, &Error{File: file, Line: line + offset, Col: col, Msg: msg})
				return
			}
		}
		addYAMLError(file, err, errs)
		return
	}
	line, _ := strconv.Atoi(m[1])
	line = syntaxErrorLine(data, line)
	msg := friendlyYAML(m[2])
	col := 0
	if lines := strings.Split(string(data), "\n"); line >= 1 && line <= len(lines) {
		// yaml.v3 sometimes blames the line after the slip.
		for _, l := range []int{line, line - 1} {
			if l >= 1 {
				if plain, c := explainSlip(lines[l-1], m[2]); plain != "" {
					msg, col, line = plain, c, l
					break
				}
			}
		}
	}
	if lines := strings.Split(string(data), "\n"); line >= 1 && line <= len(lines) && strings.HasPrefix(strings.TrimLeft(lines[line-1], " "), "\t") {
		msg = "the line is indented with a tab; YAML indents with spaces only, so replace the tab with spaces"
	}
	*errs = append(*errs, &Error{File: file, Line: line + offset, Col: col, Msg: msg})
}

// addYAMLError turns yaml.v3's messages ("yaml: line 3: …", or a list of
// "line 3: cannot unmarshal …") into located errors.
func addYAMLError(file string, err error, errs *Errors) {
	if e, ok := err.(*Error); ok {
		*errs = append(*errs, e)
		return
	}
	if te, ok := err.(*yaml.TypeError); ok {
		for _, msg := range te.Errors {
			addYAMLLine(file, msg, errs)
		}
		return
	}
	addYAMLLine(file, strings.TrimPrefix(err.Error(), "yaml: "), errs)
}

func addYAMLLine(file, msg string, errs *Errors) {
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		*errs = append(*errs, &Error{File: file, Line: line, Msg: friendlyYAML(m[2])})
		return
	}
	*errs = append(*errs, &Error{File: file, Msg: friendlyYAML(msg)})
}

// friendlyYAML rewords yaml.v3's Go-flavoured type errors ("cannot
// unmarshal !!map into []book.ItemSpec") in the teacher's terms, naming
// no Go type.
var unmarshalRE = regexp.MustCompile("cannot unmarshal !!(\\w+)(?: `([^`]*)`)? into (\\S+)")

func friendlyYAML(msg string) string {
	if m := unmarshalRE.FindStringSubmatch(msg); m != nil {
		want := "a single value"
		switch t := m[3]; {
		case strings.HasPrefix(t, "[]"):
			want = "a list such as [A, B]"
		case t == "bool":
			want = "true or false"
		case strings.Contains(t, "int") || strings.Contains(t, "float"):
			want = "a number"
		case strings.HasPrefix(t, "map["), strings.Contains(t, "."):
			want = "a mapping of keys"
		}
		found := map[string]string{"seq": "a list", "map": "a mapping (key: value lines)", "null": "nothing"}[m[1]]
		if found == "" {
			found = fmt.Sprintf("%q", m[2])
		}
		if hint := listHint(want, found); hint != "" {
			return fmt.Sprintf("expected %s, found %s%s", want, found, hint)
		}
		return fmt.Sprintf("expected %s, found %s (check the indentation and quoting of this line)", want, found)
	}
	return goTypeRE.ReplaceAllString(msg, "a value") + " (check the indentation and quoting of this line)"
}

// goTypeRE matches a Go type name that must not reach a message.
var goTypeRE = regexp.MustCompile(`(\[\])?\*?[a-z]+\.[A-Z]\w*|\bbook\.\w+`)

// unmarshaler is implemented by types that check their own YAML shape.
var unmarshalerType = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()

// KeyChecked marks unmarshalers whose mapping form is still checked
// against their struct fields.
type KeyChecked interface{ KeyChecked() }

var keyCheckedType = reflect.TypeOf((*KeyChecked)(nil)).Elem()

func checkKeys(file, path string, node *yaml.Node, t reflect.Type, errs *Errors) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if node.Kind == yaml.DocumentNode && len(node.Content) > 0 {
		checkKeys(file, path, node.Content[0], t, errs)
		return
	}
	if node.Kind == yaml.AliasNode {
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) && !reflect.PointerTo(t).Implements(keyCheckedType) {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if node.Kind == yaml.ScalarNode && reflect.PointerTo(t).Implements(keyCheckedType) {
			return // the short form, checked by the type itself
		}
		if node.Kind != yaml.MappingNode {
			if node.Kind == yaml.ScalarNode && node.Tag == "!!null" {
				return
			}
			*errs = append(*errs, &Error{File: file, Line: node.Line, Col: node.Column, Field: path,
				Msg: fmt.Sprintf("expected a mapping of keys (%s), found %s", strings.Join(FieldNames(t), ", "), DescribeNode(node))})
			return
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, val := node.Content[i], node.Content[i+1]
			f, ok := fields[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown key %q", k.Value)
				if s := Suggest(k.Value, FieldNames(t)); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else {
					msg += "; known keys are " + strings.Join(FieldNames(t), ", ")
				}
				*errs = append(*errs, &Error{File: file, Line: k.Line, Col: k.Column, Field: JoinPath(path, k.Value), Msg: msg})
				continue
			}
			checkKeys(file, JoinPath(path, k.Value), val, f.Type, errs)
		}
	case reflect.Slice:
		if node.Kind == yaml.SequenceNode {
			for i, c := range node.Content {
				checkKeys(file, fmt.Sprintf("%s[%d]", path, i+1), c, t.Elem(), errs)
			}
		}
	case reflect.Map:
		if node.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(node.Content); i += 2 {
				checkKeys(file, JoinPath(path, node.Content[i].Value), node.Content[i+1], t.Elem(), errs)
			}
		}
	}
}

// DescribeNode names what a YAML node is, for "expected …, found …".
func DescribeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping (key: value lines)"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "something else"
}

// JoinPath names a nested field: "parts.items".
func JoinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// YAMLName is the key a struct field has in YAML, as yaml.v3 names it;
// ok is false for fields YAML leaves out.
func YAMLName(f reflect.StructField) (name string, ok bool) {
	name, _, _ = strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return "", false
	}
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name, true
}

// fieldsOf caches yamlFields: a manifest of a thousand items asks for
// the same few types' fields thousands of times.
var fieldsOf sync.Map // reflect.Type → map[string]reflect.StructField

// yamlFields maps the YAML keys of struct type t to its fields; the map
// is shared, not to be changed.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	if m, ok := fieldsOf.Load(t); ok {
		return m.(map[string]reflect.StructField)
	}
	m := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		if name, ok := YAMLName(t.Field(i)); ok {
			m[name] = t.Field(i)
		}
	}
	fieldsOf.Store(t, m)
	return m
}

// FieldNames are the YAML keys of struct type t.
func FieldNames(t reflect.Type) []string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if name, ok := YAMLName(t.Field(i)); ok {
			names = append(names, name)
		}
	}
	return names
}

// Suggest returns the candidate closest to s by edit distance, if close
// enough to be a plausible typo.
func Suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := Levenshtein(ls, c)
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(2, len(s)/3)
	if bestD <= limit {
		return best
	}
	return ""
}

// Levenshtein is the edit distance between a and b, in runes.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// CheckBinary refuses values tagged !!binary: they decode to bytes that
// need not be text, and every value in a manifest or front matter is text.
func CheckBinary(file string, n *yaml.Node, errs *Errors) {
	if n == nil {
		return
	}
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!binary" || n.Tag == "tag:yaml.org,2002:binary") {
		errs.Add(file, n.Line, n.Column, "", "a !!binary value is not text; write the text itself")
		return
	}
	for _, c := range n.Content {
		CheckBinary(file, c, errs)
	}
}

// CheckDuplicateKeys reports every key given twice in one mapping, at
// any depth. YAML keeps only the last value, so a second `items:` would
// silently drop the first list.
func CheckDuplicateKeys(file string, n *yaml.Node, errs *Errors) {
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Value == "<<" {
				continue
			}
			if f, dup := first[k.Value]; dup {
				errs.Add(file, k.Line, k.Column, k.Value, "the key %q is given twice in this mapping (first on line %d); YAML would keep only the last, so merge them or remove one", k.Value, f.Line)
				continue
			}
			first[k.Value] = k
		}
	}
	for _, c := range n.Content {
		CheckDuplicateKeys(file, c, errs)
	}
}

// maxYAMLValues caps the values a YAML document holds once its aliases
// are expanded. A reader of 5,000 items with questions holds a few
// hundred thousand; a few lines of anchors and aliases can stand for
// billions (the "billion laughs"), which decoding would try to build.
const maxYAMLValues = 1_000_000

// plainNodes counts the nodes under n, and reports whether any is an
// alias (then the count is not the expanded size).
func plainNodes(n *yaml.Node) (int64, bool) {
	if n == nil {
		return 0, false
	}
	if n.Kind == yaml.AliasNode {
		return 1, true
	}
	var total int64 = 1
	for _, c := range n.Content {
		k, alias := plainNodes(c)
		if alias {
			return total, true
		}
		total += k
	}
	return total, false
}

// CheckAliases refuses a YAML document whose aliases expand it beyond
// maxYAMLValues, before it is decoded, naming the alias that expands
// most. The sizes are computed without expanding anything.
func CheckAliases(file string, root *yaml.Node) *Error {
	// Most files have no alias: then the count is of the nodes, which
	// needs no table of sizes.
	if n, alias := plainNodes(root); !alias && n <= maxYAMLValues {
		return nil
	}
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
	e := &Error{File: file, Msg: fmt.Sprintf("the aliases in this file expand it to more than %s values; write the repeated parts out instead", Thousands(maxYAMLValues))}
	if worst != nil {
		e.Line, e.Col = worst.Line, worst.Column
		e.Msg = fmt.Sprintf("the alias *%s and the others in this file expand it to more than %s values; write the repeated parts out instead", worst.Value, Thousands(maxYAMLValues))
	}
	return e
}
