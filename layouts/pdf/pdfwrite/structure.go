package pdfwrite

import (
	"sort"
	"strconv"
	"strings"
)

// StructElem is an element of the logical structure of a tagged PDF
// (ISO 32000-1, 14.7): a standard type such as P, H1 or Figure, and its
// kids in reading order.
type StructElem struct {
	Type       string
	Alt        string // alternate description (figures)
	Lang       string // when it differs from the document's
	ActualText string
	Attrs      string        // extra entries, e.g. "/A <</O /Table /Scope /Column>>"
	ID         string        // element identifier (required on Note)
	Ref        []*StructElem // related elements (a note and its marker's text)
	Kids       []StructKid
	ref        Ref
}

// StructKid is a child of a structure element: another element, a
// marked-content sequence (Page, MCID) or, when Annot > 0, the page's
// link annotation Annot-1 (an object reference).
type StructKid struct {
	Elem  *StructElem
	Page  int
	MCID  int
	Annot int
}

// writeStructure writes the structure tree under root and returns the
// StructTreeRoot; pages get /StructParents, annotations /StructParent.
func (d *Document) writeStructure(root *StructElem, annots [][]Ref) Ref {
	w := &d.W
	treeRoot := w.Alloc()
	// Parent tree: for each page, the element of each MCID; then one key
	// per annotation.
	pageParents := make([][]Ref, len(d.Pages))
	type annotKey struct{ page, i int }
	annotParent := map[annotKey]Ref{}
	var alloc func(e *StructElem)
	alloc = func(e *StructElem) {
		e.ref = w.Alloc()
		for _, k := range e.Kids {
			if k.Elem != nil {
				alloc(k.Elem)
			}
		}
	}
	alloc(root)
	ids := map[string]Ref{}
	var emit func(e *StructElem, parent Ref)
	emit = func(e *StructElem, parent Ref) {
		var b strings.Builder
		b.WriteString("<</Type /StructElem /S /" + e.Type + " /P " + parent.String())
		if e.Alt != "" {
			b.WriteString(" /Alt " + String(e.Alt))
		}
		if e.Lang != "" {
			b.WriteString(" /Lang " + String(e.Lang))
		}
		if e.ActualText != "" {
			b.WriteString(" /ActualText " + String(e.ActualText))
		}
		if e.ID != "" {
			b.WriteString(" /ID " + String(e.ID))
			ids[e.ID] = e.ref
		}
		if len(e.Ref) > 0 {
			b.WriteString(" /Ref [")
			for i, r := range e.Ref {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(r.ref.String())
			}
			b.WriteString("]")
		}
		if e.Attrs != "" {
			b.WriteString(" " + e.Attrs)
		}
		pg := -1
		for _, k := range e.Kids {
			if k.Elem == nil {
				pg = k.Page
				break
			}
		}
		if pg >= 0 && pg < len(d.Pages) {
			b.WriteString(" /Pg " + d.Pages[pg].ref.String())
		}
		b.WriteString(" /K [")
		for i, k := range e.Kids {
			if i > 0 {
				b.WriteByte(' ')
			}
			switch {
			case k.Elem != nil:
				b.WriteString(k.Elem.ref.String())
			case k.Page < 0 || k.Page >= len(d.Pages):
			case k.Annot > 0:
				b.WriteString("<</Type /OBJR /Pg " + d.Pages[k.Page].ref.String() + " /Obj " + annots[k.Page][k.Annot-1].String() + ">>")
				annotParent[annotKey{k.Page, k.Annot - 1}] = e.ref
			default:
				b.WriteString("<</Type /MCR /Pg " + d.Pages[k.Page].ref.String() + " /MCID " + strconv.Itoa(k.MCID) + ">>")
				pp := pageParents[k.Page]
				for len(pp) <= k.MCID {
					pp = append(pp, 0)
				}
				pp[k.MCID] = e.ref
				pageParents[k.Page] = pp
			}
		}
		w.Object(e.ref, b.String()+"]>>")
		for _, k := range e.Kids {
			if k.Elem != nil {
				emit(k.Elem, e.ref)
			}
		}
	}
	emit(root, treeRoot)
	var nums strings.Builder
	key := 0
	for i, p := range d.Pages {
		p.structParents = -1
		if len(pageParents[i]) == 0 {
			continue
		}
		arr := w.Alloc()
		var a strings.Builder
		a.WriteByte('[')
		for j, r := range pageParents[i] {
			if j > 0 {
				a.WriteByte(' ')
			}
			if r == 0 {
				a.WriteString("null")
			} else {
				a.WriteString(r.String())
			}
		}
		w.Object(arr, a.String()+"]")
		p.structParents = key
		nums.WriteString(strconv.Itoa(key) + " " + arr.String() + " ")
		key++
	}
	for i, p := range d.Pages {
		p.annotParents = make([]int, len(annots[i]))
		for j := range annots[i] {
			p.annotParents[j] = -1
			if r, ok := annotParent[annotKey{i, j}]; ok {
				p.annotParents[j] = key
				nums.WriteString(strconv.Itoa(key) + " " + r.String() + " ")
				key++
			}
		}
	}
	w.Object(treeRoot, "<</Type /StructTreeRoot /K "+root.ref.String()+" /ParentTree <</Nums ["+
		strings.TrimSpace(nums.String())+"]>> /ParentTreeNextKey "+strconv.Itoa(key)+idTree(ids)+">>")
	return treeRoot
}

// idTree is the entry " /IDTree <</Names […]>>" that finds the elements
// that have an ID (required when any has, ISO 32000-1 14.7.2), keys in
// byte order; "" when none has.
func idTree(ids map[string]Ref) string {
	if len(ids) == 0 {
		return ""
	}
	keys := make([]string, 0, len(ids))
	for k := range ids {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(" /IDTree <</Names [")
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(String(k) + " " + ids[k].String())
	}
	b.WriteString("]>>")
	return b.String()
}
