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
	// Parent is the element it is a kid of (nil: the root's, the tree
	// root). Write sets it from the tree; whoever writes elements one by
	// one (WriteElem) sets it.
	Parent  *StructElem
	ref     Ref
	written bool
}

// StructKid is a child of a structure element: another element, a
// marked-content sequence (Page, MCID) or, when Annot > 0, the page's
// link annotation Annot-1 (an object reference).
type StructKid struct {
	Elem  *StructElem
	Page  int
	MCID  int
	Annot int
	annot Ref // the annotation's object, once its page is added
}

// structState is what a tagged file keeps of its structure while pages
// are added: a few bytes per page and per ID.
type structState struct {
	root Ref            // the StructTreeRoot
	nums []Ref          // the parent tree, by key: a page's array of elements, or an annotation's element
	ids  map[string]Ref // the elements that have an ID
}

// refOf is e's object number, reserved on first use.
func (d *Document) refOf(e *StructElem) Ref {
	if e.ref == 0 {
		e.ref = d.W.Alloc()
	}
	return e.ref
}

// findParents sets, from the tree under Struct, each element's Parent,
// each page's MCParents and each annotation's Parent (the last element
// to name a marked-content sequence or annotation has it).
func (d *Document) findParents() {
	var walk func(e *StructElem)
	walk = func(e *StructElem) {
		for _, k := range e.Kids {
			switch {
			case k.Elem != nil:
				k.Elem.Parent = e
			case k.Page < 0 || k.Page >= len(d.Pages):
			case k.Annot > 0:
				if links := d.Pages[k.Page].Links; k.Annot <= len(links) {
					links[k.Annot-1].Parent = e
				}
			default:
				p := d.Pages[k.Page]
				for len(p.MCParents) <= k.MCID {
					p.MCParents = append(p.MCParents, nil)
				}
				p.MCParents[k.MCID] = e
			}
		}
		for _, k := range e.Kids {
			if k.Elem != nil {
				walk(k.Elem)
			}
		}
	}
	walk(d.Struct)
}

// pageParents writes a page's array of the element of each MCID and
// returns its key in the parent tree (-1: the page has none).
func (d *Document) pageParents(mcp []*StructElem) int {
	for len(mcp) > 0 && mcp[len(mcp)-1] == nil {
		mcp = mcp[:len(mcp)-1]
	}
	if len(mcp) == 0 {
		return -1
	}
	b := make([]byte, 0, 8*len(mcp)+2)
	b = append(b, '[')
	for j, e := range mcp {
		if j > 0 {
			b = append(b, ' ')
		}
		if e == nil {
			b = append(b, "null"...)
		} else {
			b = appendRef(b, d.refOf(e))
		}
	}
	b = append(b, ']')
	arr := d.W.Alloc()
	d.W.objectBytes(arr, b)
	d.tree.nums = append(d.tree.nums, arr)
	return len(d.tree.nums) - 1
}

// annotParent gives annotation j of page pi, object a, its parent in the
// parent tree and returns its key.
func (d *Document) annotParent(parent *StructElem, pi, j int, a Ref) int {
	for k := range parent.Kids {
		if kid := &parent.Kids[k]; kid.Elem == nil && kid.Page == pi && kid.Annot == j+1 {
			kid.annot = a
		}
	}
	d.tree.nums = append(d.tree.nums, d.refOf(parent))
	return len(d.tree.nums) - 1
}

// WriteElem writes a finished element: its kids and Ref are final (its
// kid elements need not be written yet, but must be written later, by
// WriteElem or, for those under Struct not yet written, by End), and the
// pages of its annotations are added. It then keeps only its object
// number.
func (d *Document) WriteElem(e *StructElem) {
	if e.written {
		return
	}
	parent := d.tree.root
	if e.Parent != nil {
		parent = d.refOf(e.Parent)
	}
	b := make([]byte, 0, 96+32*len(e.Kids))
	b = append(b, "<</Type /StructElem /S /"...)
	b = append(b, e.Type...)
	b = append(b, " /P "...)
	b = appendRef(b, parent)
	if e.Alt != "" {
		b = append(b, " /Alt "+String(e.Alt)...)
	}
	if e.Lang != "" {
		b = append(b, " /Lang "+String(e.Lang)...)
	}
	if e.ActualText != "" {
		b = append(b, " /ActualText "+String(e.ActualText)...)
	}
	if e.ID != "" {
		b = append(b, " /ID "+String(e.ID)...)
		if d.tree.ids == nil {
			d.tree.ids = map[string]Ref{}
		}
		d.tree.ids[e.ID] = d.refOf(e)
	}
	if len(e.Ref) > 0 {
		b = append(b, " /Ref ["...)
		for i, r := range e.Ref {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendRef(b, d.refOf(r))
		}
		b = append(b, ']')
	}
	if e.Attrs != "" {
		b = append(b, ' ')
		b = append(b, e.Attrs...)
	}
	for _, k := range e.Kids {
		if k.Elem == nil {
			if k.Page >= 0 && k.Page < d.nPages {
				b = appendRef(append(b, " /Pg "...), d.pageRef(k.Page))
			}
			break
		}
	}
	b = append(b, " /K ["...)
	for i, k := range e.Kids {
		if i > 0 {
			b = append(b, ' ')
		}
		switch {
		case k.Elem != nil:
			b = appendRef(b, d.refOf(k.Elem))
		case k.Page < 0 || k.Page >= d.nPages:
		case k.Annot > 0:
			if k.annot != 0 {
				b = append(b, "<</Type /OBJR /Pg "+d.pageRef(k.Page).String()+" /Obj "+k.annot.String()+">>"...)
			}
		default:
			b = appendRef(append(b, "<</Type /MCR /Pg "...), d.pageRef(k.Page))
			b = append(b, " /MCID "...)
			b = strconv.AppendInt(b, int64(k.MCID), 10)
			b = append(b, ">>"...)
		}
	}
	b = append(b, "]>>"...)
	d.W.objectBytes(d.refOf(e), b)
	*e = StructElem{ref: e.ref, written: true}
}

// endStructure writes the elements under Struct not yet written, the
// parent tree and the StructTreeRoot, and returns the root.
func (d *Document) endStructure() Ref {
	var walk func(e *StructElem)
	walk = func(e *StructElem) {
		if e.written {
			return
		}
		kids := e.Kids
		d.WriteElem(e)
		for _, k := range kids {
			if k.Elem != nil {
				walk(k.Elem)
			}
		}
	}
	walk(d.Struct)
	var nums strings.Builder
	for key, r := range d.tree.nums {
		if key > 0 {
			nums.WriteByte(' ')
		}
		nums.WriteString(strconv.Itoa(key) + " " + r.String())
	}
	t := d.tree.root
	d.W.Object(t, "<</Type /StructTreeRoot /K "+d.refOf(d.Struct).String()+" /ParentTree <</Nums ["+
		nums.String()+"]>> /ParentTreeNextKey "+strconv.Itoa(len(d.tree.nums))+idTree(d.tree.ids)+">>")
	return t
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

// appendRef appends "n 0 R".
func appendRef(b []byte, r Ref) []byte {
	return append(strconv.AppendInt(b, int64(r), 10), " 0 R"...)
}
