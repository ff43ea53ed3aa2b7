// Package pdfua checks a PDF against the machine-checkable failure
// conditions of the Matterhorn Protocol 1.1 (PDF/UA-1) that apply to the
// files Sourcebook writes (see docs/accessibility.md). It reads the file
// through qpdf's JSON, so that the check does not share code with the
// writer it checks.
package pdfua

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// Failure is one failure condition met.
type Failure struct {
	Checkpoint string // Matterhorn failure condition, e.g. "01-005"
	Msg        string
}

func (f Failure) String() string { return f.Checkpoint + ": " + f.Msg }

// Item is a piece of the logical structure in tree order: a
// marked-content sequence (Page is the page's object number) or, for
// an element with ActualText, that text in place of its content.
type Item struct {
	Page, MCID int
	Actual     string
	Type       string // the enclosing element's type
	Path       string // the types from the root down, e.g. "Document/Sect/P"
	Lang       string // the language it is read in (the nearest Lang above)
}

// Report is what Check found.
type Report struct {
	Failures []Failure
	Order    []Item         // the structure in tree order
	Types    map[string]int // structure elements by type
	Pages    []int          // object numbers of the pages, in order
}

func (r *Report) fail(cp, format string, a ...any) {
	if len(r.Failures) < 200 {
		r.Failures = append(r.Failures, Failure{cp, fmt.Sprintf(format, a...)})
	}
}

// standard are the standard structure types of PDF 1.7 (14.8.4).
var standard = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
		P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot
		Ruby RB RT RP Warichu WT WP Figure Formula Form`) {
		standard[t] = true
	}
}

type pdf struct {
	objs map[string]any
}

// get resolves a reference ("12 0 R") to its object's value; a stream
// resolves to its dictionary.
func (p *pdf) get(v any) any {
	for i := 0; i < 32; i++ {
		s, ok := v.(string)
		if !ok || !strings.HasSuffix(s, " R") {
			return v
		}
		o, ok := p.objs["obj:"+s].(map[string]any)
		if !ok {
			return nil
		}
		if st, ok := o["stream"].(map[string]any); ok {
			return st["dict"]
		}
		v = o["value"]
	}
	return nil
}

func (p *pdf) dict(v any) map[string]any {
	m, _ := p.get(v).(map[string]any)
	return m
}

func (p *pdf) array(v any) []any {
	a, _ := p.get(v).([]any)
	return a
}

// stream returns a stream's decoded data.
func (p *pdf) stream(ref any) []byte {
	s, _ := ref.(string)
	o, _ := p.objs["obj:"+s].(map[string]any)
	st, _ := o["stream"].(map[string]any)
	data, _ := st["data"].(string)
	b, _ := base64.StdEncoding.DecodeString(data)
	return b
}

// text decodes a string as qpdf writes it ("u:…" or "b:hex").
func text(v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	switch {
	case strings.HasPrefix(s, "u:"):
		return s[2:], true
	case strings.HasPrefix(s, "b:"):
		return s[2:], true
	}
	return "", false
}

func objNum(ref any) int {
	s, _ := ref.(string)
	n, _ := strconv.Atoi(strings.Fields(s + " 0")[0])
	return n
}

// Check runs qpdf on the file and checks it.
func Check(path string) (*Report, error) {
	out, err := exec.Command("qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
		"--decode-level=generalized", path).Output()
	if err != nil {
		return nil, fmt.Errorf("qpdf --json %s: %w", path, err)
	}
	var doc struct {
		Qpdf []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.Qpdf) < 2 {
		return nil, fmt.Errorf("qpdf --json %s: unexpected output: %v", path, err)
	}
	p := &pdf{}
	if err := json.Unmarshal(doc.Qpdf[1], &p.objs); err != nil {
		return nil, err
	}
	return p.check(), nil
}

func (p *pdf) check() *Report {
	r := &Report{Types: map[string]int{}}
	trailer := p.dict(p.objs["trailer"].(map[string]any)["value"])
	cat := p.dict(trailer["/Root"])
	if cat == nil {
		r.fail("00-000", "no catalog")
		return r
	}
	// Metadata and document-level entries.
	if mi := p.dict(cat["/MarkInfo"]); mi == nil || mi["/Marked"] != true {
		r.fail("01-000", "the catalog's MarkInfo does not say Marked true (PDF/UA-1 7.1)")
	} else if mi["/Suspects"] == true {
		r.fail("01-007", "MarkInfo has Suspects true")
	}
	if meta, ok := cat["/Metadata"]; !ok {
		r.fail("06-001", "no XMP metadata stream in the catalog")
	} else {
		x := string(p.stream(meta))
		if !regexp.MustCompile(`<pdfuaid:part>\s*1\s*</pdfuaid:part>|pdfuaid:part="1"`).MatchString(x) {
			r.fail("06-002", "the XMP metadata does not identify PDF/UA-1 (pdfuaid:part 1)")
		}
		if !regexp.MustCompile(`<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>[^<]+</rdf:li>`).MatchString(x) {
			r.fail("06-003", "the XMP metadata has no dc:title")
		}
	}
	if vp := p.dict(cat["/ViewerPreferences"]); vp == nil || vp["/DisplayDocTitle"] == nil {
		r.fail("07-001", "ViewerPreferences has no DisplayDocTitle")
	} else if vp["/DisplayDocTitle"] != true {
		r.fail("07-002", "DisplayDocTitle is not true")
	}
	if l, ok := text(cat["/Lang"]); !ok || !validLang(l) {
		r.fail("11-006", "the catalog has no valid Lang (%v)", cat["/Lang"])
	}
	// Pages.
	var pages []map[string]any
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		n := p.dict(v)
		if n == nil || depth > 64 {
			return
		}
		if n["/Type"] == "/Pages" {
			for _, k := range p.array(n["/Kids"]) {
				walk(k, depth+1)
			}
			return
		}
		pages = append(pages, n)
		r.Pages = append(r.Pages, objNum(v))
	}
	walk(cat["/Pages"], 0)
	// The structure tree: every element, the MCIDs it owns, the order.
	root := p.dict(cat["/StructTreeRoot"])
	owned := map[[2]int]bool{} // (page object, MCID) held by an element
	annotOwned := map[int]bool{}
	noteIDs := map[string]bool{}
	lastH := 0
	if root == nil {
		r.fail("01-000", "no StructTreeRoot: the file is not tagged")
		for i, pg := range pages {
			p.pageMCIDs(pg, r, i)
		}
	} else {
		if root["/RoleMap"] != nil {
			for k, v := range p.dict(root["/RoleMap"]) {
				if standard[strings.TrimPrefix(k, "/")] {
					r.fail("02-004", "the role map maps the standard type %s to %v", k, v)
				}
			}
		}
		roleMap := p.dict(root["/RoleMap"])
		thNoScope, tdHeaders := 0, 0
		withID := map[string]int{} // element object by ID
		var elem func(v any, pg int, depth int, path, lang string)
		elem = func(v any, pg int, depth int, path, lang string) {
			e := p.dict(v)
			if e == nil || depth > 200 {
				return
			}
			if pgRef, ok := e["/Pg"]; ok {
				pg = objNum(pgRef)
			}
			s, _ := e["/S"].(string)
			s = strings.TrimPrefix(s, "/")
			r.Types[s]++
			path = strings.TrimPrefix(path+"/"+s, "/")
			if l, ok := text(e["/Lang"]); ok {
				lang = l
			}
			if m, _ := roleMap["/"+s].(string); !standard[s] && !standard[strings.TrimPrefix(m, "/")] {
				r.fail("01-006", "structure type %s is not standard and has no role mapping", s)
			}
			if s == "Figure" {
				alt, _ := text(e["/Alt"])
				act, _ := text(e["/ActualText"])
				if strings.TrimSpace(alt) == "" && strings.TrimSpace(act) == "" {
					r.fail("13-004", "a Figure has neither Alt nor ActualText")
				}
			}
			if s == "TH" {
				// A header cell says what it heads (Scope), unless the
				// table's cells name their headers (Headers on TD).
				attrs := p.array(e["/A"])
				if d := p.dict(e["/A"]); d != nil {
					attrs = []any{d}
				}
				scoped := false
				for _, a := range attrs {
					if sc, ok := p.dict(a)["/Scope"].(string); ok && sc != "" {
						scoped = true
					}
				}
				if !scoped {
					thNoScope++
				}
			}
			if s == "TD" && strings.Contains(fmt.Sprint(e["/A"]), "/Headers") {
				tdHeaders++
			}
			if s == "Note" {
				id, ok := text(e["/ID"])
				if !ok || id == "" {
					r.fail("19-003", "a Note has no ID")
				} else if noteIDs[id] {
					r.fail("19-004", "the Note ID %q is not unique", id)
				}
				noteIDs[id] = true
			}
			if len(s) == 2 && s[0] == 'H' && s[1] >= '1' && s[1] <= '6' {
				n := int(s[1] - '0')
				if lastH == 0 && n != 1 {
					r.fail("14-002", "the first heading is %s, not H1", s)
				} else if n > lastH+1 && lastH > 0 {
					r.fail("14-003", "heading levels skip from H%d to %s", lastH, s)
				}
				lastH = n
			}
			if id, ok := text(e["/ID"]); ok {
				withID[id] = objNum(v)
			}
			if act, ok := text(e["/ActualText"]); ok {
				r.Order = append(r.Order, Item{Page: pg, MCID: -1, Actual: act, Type: s, Path: path, Lang: lang})
			}
			kids := e["/K"]
			if _, isArr := p.get(kids).([]any); !isArr {
				kids = []any{kids}
			}
			_, hasActual := e["/ActualText"]
			for _, k := range p.array(kids) {
				switch kv := p.get(k).(type) {
				case float64:
					owned[[2]int{pg, int(kv)}] = true
					if !hasActual {
						r.Order = append(r.Order, Item{Page: pg, MCID: int(kv), Type: s, Path: path, Lang: lang})
					}
				case map[string]any:
					kpg := pg
					if pr, ok := kv["/Pg"]; ok {
						kpg = objNum(pr)
					}
					switch kv["/Type"] {
					case "/MCR":
						id, _ := kv["/MCID"].(float64)
						owned[[2]int{kpg, int(id)}] = true
						if !hasActual {
							r.Order = append(r.Order, Item{Page: kpg, MCID: int(id), Type: s, Path: path, Lang: lang})
						}
					case "/OBJR":
						a := p.dict(kv["/Obj"])
						annotOwned[objNum(kv["/Obj"])] = true
						if a["/Subtype"] == "/Link" {
							if s != "Link" {
								r.fail("28-011", "a link annotation is in a %s element, not Link", s)
							}
						}
					default:
						elem(k, pg, depth+1, path, lang)
					}
				}
			}
		}
		catLang, _ := text(cat["/Lang"])
		// The root's K is one element or an array of them.
		if top, ok := p.get(root["/K"]).([]any); ok {
			for _, k := range top {
				elem(k, 0, 0, "", catLang)
			}
		} else {
			elem(root["/K"], 0, 0, "", catLang)
		}
		if thNoScope > 0 && tdHeaders == 0 {
			r.fail("15-003", "%d table header cells (TH) have no Scope and no cell names its headers", thNoScope)
		}
		// Elements with an ID are found through the IDTree (14.7.2).
		inTree := map[string]int{}
		p.leaves(root["/IDTree"], "/Names", 0, func(k, v any) {
			if id, ok := text(k); ok {
				inTree[id] = objNum(v)
			}
		})
		for id, obj := range withID {
			if inTree[id] != obj {
				r.fail("01-000", "the element with ID %q is not found by the StructTreeRoot's IDTree", id)
			}
		}
		// The parent tree must lead back from every MCID.
		parents := map[int]int{}
		if root["/ParentTree"] == nil {
			r.fail("01-000", "the StructTreeRoot has no ParentTree")
		}
		p.leaves(root["/ParentTree"], "/Nums", 0, func(k, v any) {
			n, _ := k.(float64)
			parents[int(n)] = len(p.array(v))
		})
		for i, pg := range pages {
			sp, ok := pg["/StructParents"].(float64)
			mcids := p.pageMCIDs(pg, r, i)
			if len(mcids) > 0 && !ok {
				r.fail("01-000", "page %d has marked content but no StructParents", i+1)
			}
			for _, id := range mcids {
				if !owned[[2]int{r.Pages[i], id}] {
					r.fail("01-005", "page %d: MCID %d belongs to no structure element", i+1, id)
				}
				if ok && id >= parents[int(sp)] {
					r.fail("01-000", "page %d: MCID %d is not in the parent tree", i+1, id)
				}
			}
		}
	}
	// Annotations and fonts.
	for i, pg := range pages {
		annots := p.array(pg["/Annots"])
		if len(annots) > 0 {
			if pg["/Tabs"] == nil {
				r.fail("28-009", "page %d has annotations but no Tabs", i+1)
			} else if pg["/Tabs"] != "/S" {
				r.fail("28-010", "page %d: Tabs is %v, not /S", i+1, pg["/Tabs"])
			}
		}
		for _, a := range annots {
			ad := p.dict(a)
			if ad["/Subtype"] != "/Link" {
				continue
			}
			if !annotOwned[objNum(a)] {
				r.fail("28-011", "page %d: a link annotation is not in a Link element", i+1)
			}
			if c, ok := text(ad["/Contents"]); !ok || strings.TrimSpace(c) == "" {
				r.fail("28-012", "page %d: a link annotation has no Contents", i+1)
			}
			if _, ok := ad["/StructParent"]; !ok {
				r.fail("28-011", "page %d: a link annotation has no StructParent", i+1)
			}
		}
	}
	seen := map[string]bool{}
	for _, pg := range pages {
		for _, f := range p.dict(p.dict(pg["/Resources"])["/Font"]) {
			key, _ := f.(string)
			if seen[key] {
				continue
			}
			seen[key] = true
			fd := p.dict(f)
			name, _ := fd["/BaseFont"].(string)
			if fd["/ToUnicode"] == nil {
				r.fail("31-027", "font %s has no ToUnicode map", name)
			}
			desc := fd
			if fd["/Subtype"] == "/Type0" {
				if ds := p.array(fd["/DescendantFonts"]); len(ds) > 0 {
					desc = p.dict(ds[0])
				}
			}
			d := p.dict(desc["/FontDescriptor"])
			if d["/FontFile"] == nil && d["/FontFile2"] == nil && d["/FontFile3"] == nil {
				r.fail("31-009", "font %s is not embedded", name)
			}
		}
	}
	return r
}

// leaves calls f with each key and value of a name tree (entry
// "/Names") or number tree ("/Nums").
func (p *pdf) leaves(v any, entry string, depth int, f func(k, v any)) {
	n := p.dict(v)
	if n == nil || depth > 32 {
		return
	}
	a := p.array(n[entry])
	for i := 0; i+1 < len(a); i += 2 {
		f(a[i], a[i+1])
	}
	for _, k := range p.array(n["/Kids"]) {
		p.leaves(k, entry, depth+1, f)
	}
}

var langRE = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

func validLang(s string) bool { return langRE.MatchString(s) }

// pageMCIDs reads a page's content and returns its MCIDs, recording
// content outside both real content and artifacts (01-005) and wrong
// nesting (01-003, 01-004).
func (p *pdf) pageMCIDs(pg map[string]any, r *Report, pi int) []int {
	var data []byte
	switch c := pg["/Contents"].(type) {
	case []any:
		for _, s := range c {
			data = append(data, p.stream(s)...)
			data = append(data, '\n')
		}
	default:
		data = p.stream(c)
	}
	type mc struct {
		mcid     int
		artifact bool
	}
	var stack []mc
	var ids []int
	var operands []string
	inArtifact := func() bool {
		for _, m := range stack {
			if m.artifact {
				return true
			}
		}
		return false
	}
	tagged := func() bool {
		for _, m := range stack {
			if m.mcid >= 0 {
				return true
			}
		}
		return false
	}
	untagged := 0
	lex(data, func(tok string, op bool) {
		if !op {
			operands = append(operands, tok)
			return
		}
		switch tok {
		case "BMC", "BDC":
			m := mc{mcid: -1}
			if len(operands) > 0 && operands[0] == "/Artifact" {
				m.artifact = true
				if tagged() {
					r.fail("01-003", "page %d: an artifact inside tagged content", pi+1)
				}
			}
			if tok == "BDC" && len(operands) >= 2 {
				if i := strings.Index(operands[len(operands)-1], "/MCID"); i >= 0 {
					f := strings.Fields(strings.Trim(operands[len(operands)-1][i+5:], "<> "))
					if len(f) > 0 {
						m.mcid, _ = strconv.Atoi(strings.TrimRight(f[0], ">"))
						ids = append(ids, m.mcid)
						if inArtifact() {
							r.fail("01-004", "page %d: tagged content inside an artifact", pi+1)
						}
					}
				}
			}
			stack = append(stack, m)
		case "EMC":
			if len(stack) == 0 {
				r.fail("01-000", "page %d: EMC without BDC", pi+1)
			} else {
				stack = stack[:len(stack)-1]
			}
		case "Tj", "TJ", "'", "\"", "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh":
			if !inArtifact() && !tagged() {
				untagged++
			}
		}
		operands = operands[:0]
	})
	if untagged > 0 {
		r.fail("01-005", "page %d: %d drawing operations are neither artifacts nor tagged content", pi+1, untagged)
	}
	if len(stack) != 0 {
		r.fail("01-000", "page %d: marked content left open", pi+1)
	}
	return ids
}

// lex splits a content stream into operands (strings, names, numbers,
// arrays and dictionaries as one token each) and operators.
func lex(b []byte, emit func(tok string, op bool)) {
	i := 0
	for i < len(b) {
		c := b[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0:
			i++
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '(':
			j := skipString(b, i)
			emit(string(b[i:j]), false)
			i = j
		case c == '[' || (c == '<' && i+1 < len(b) && b[i+1] == '<'):
			j := skipNested(b, i)
			emit(string(b[i:j]), false)
			i = j
		case c == '<':
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				return
			}
			emit(string(b[i:i+j+1]), false)
			i += j + 1
		case c == '/':
			j := i + 1
			for j < len(b) && !delim(b[j]) {
				j++
			}
			emit(string(b[i:j]), false)
			i = j
		default:
			j := i
			for j < len(b) && !delim(b[j]) {
				j++
			}
			if j == i {
				i++
				continue
			}
			tok := string(b[i:j])
			_, err := strconv.ParseFloat(tok, 64)
			emit(tok, err != nil && tok != "true" && tok != "false" && tok != "null")
			i = j
		}
	}
}

func delim(c byte) bool {
	return strings.IndexByte(" \n\r\t\f\x00()<>[]{}/%", c) >= 0
}

func skipString(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return i
}

// skipNested skips an array or dictionary, with the strings in it.
func skipNested(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch {
		case b[i] == '(':
			i = skipString(b, i)
			continue
		case b[i] == '[':
			depth++
		case b[i] == ']':
			depth--
		case b[i] == '<' && i+1 < len(b) && b[i+1] == '<':
			depth++
			i++
		case b[i] == '>' && i+1 < len(b) && b[i+1] == '>':
			depth--
			i++
		}
		i++
		if depth == 0 {
			return i
		}
	}
	return i
}
