package impose

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
)

// A tagged source (a PDF Sourcebook wrote, with a structure tree) is
// imposed tagged: each page's content is drawn on the sheet as it is,
// inside its own q/Q, with its marked-content identifiers renumbered for
// the sheet, and the structure tree is copied with its references moved
// to the sheets. The tree keeps the reading order of the pages, not the
// order of the sheets. A page printed twice on a sheet (a one-page
// handout 2-up) is read once: its second copy is an artifact.

// mcRE finds a marked-content sequence with an MCID as layouts/pdf
// writes it: at the start of a line, where no string of glyphs starts.
var mcRE = regexp.MustCompile(`(?m)^/[A-Za-z0-9]+ <</MCID (\d+)>> BDC`)

type taggedSrc struct {
	cat     Dict
	tree    Dict
	res     Ref
	pageOf  map[int]int // page object → page index
	maxMCID []int       // per page (-1: none)
}

// taggedSource returns what a tagged imposition needs, or nil when the
// source is not tagged or its pages do not share one resource
// dictionary (as pdfwrite writes them).
func (w *writer) taggedSource(ps []page) *taggedSrc {
	f := w.src
	root, err := f.get(f.trailer["Root"])
	if err != nil {
		return nil
	}
	cat, _ := root.(Dict)
	tv, err := f.get(cat["StructTreeRoot"])
	tree, _ := tv.(Dict)
	if err != nil || tree == nil {
		return nil
	}
	t := &taggedSrc{cat: cat, tree: tree, pageOf: map[int]int{}}
	for i, p := range ps {
		r, ok := p.resources.(Ref)
		if !ok || p.ref.Num == 0 || (i > 0 && r != t.res) {
			return nil
		}
		t.res = r
		t.pageOf[p.ref.Num] = i
		m := -1
		for _, sm := range mcRE.FindAllSubmatch(p.content, -1) {
			n, _ := strconv.Atoi(string(sm[1]))
			m = max(m, n)
		}
		t.maxMCID = append(t.maxMCID, m)
	}
	return t
}

// mcPlace is where a page's marked content went: its sheet and the
// number added to its MCIDs there.
type mcPlace struct{ sheet, shift int }

// imposeTagged writes the sheets and the structure tree.
func (w *writer) imposeTagged(t *taggedSrc, ps []page, sides []side, booklet bool) ([]byte, error) {
	res, err := w.copyObj(t.res, 0)
	if err != nil {
		return nil, err
	}
	pw, ph := ps[0].box[2]-ps[0].box[0], ps[0].box[3]-ps[0].box[1]
	sw, sh := max(pw, ph), min(pw, ph)
	pagesRef := w.alloc()
	placed := map[int]mcPlace{}
	sheets := make([]int, len(sides))
	conts := make([]int, len(sides))
	var kids Array
	for si, sd := range sides {
		var content bytes.Buffer
		next := 0
		for slot, pi := range sd {
			if pi < 0 || pi >= len(ps) {
				continue
			}
			data := ps[pi].content
			if _, again := placed[pi]; again {
				data = mcRE.ReplaceAll(data, []byte("/Artifact BMC"))
			} else {
				shift := next
				placed[pi] = mcPlace{si, shift}
				next += t.maxMCID[pi] + 1
				if shift > 0 {
					data = mcRE.ReplaceAllFunc(data, func(m []byte) []byte {
						sm := mcRE.FindSubmatchIndex(m)
						n, _ := strconv.Atoi(string(m[sm[2]:sm[3]]))
						return append(append(append([]byte{}, m[:sm[2]]...), strconv.Itoa(n+shift)...), m[sm[3]:]...)
					})
				}
			}
			fmt.Fprintf(&content, "q %s\n", placement(ps[pi].box, slot, sw, sh))
			content.Write(data)
			content.WriteString("\nQ\n")
		}
		conts[si] = w.alloc()
		w.objs[conts[si]-1] = serialize(deflate(content.Bytes(), nil))
		sheets[si] = w.alloc()
		kids = append(kids, Ref{sheets[si], 0})
	}
	treeRef := w.alloc()
	parents := make([]Array, len(sides))
	top, err := w.copyTree(t, treeRef, func(pg, mcid int) (Ref, int, bool) {
		pi, ok := t.pageOf[pg]
		if !ok {
			return Ref{}, 0, false
		}
		pl, ok := placed[pi]
		if !ok {
			return Ref{}, 0, false
		}
		return Ref{sheets[pl.sheet], 0}, mcid + pl.shift, true
	}, func(sheet Ref, mcid int, elem int) {
		for si, r := range sheets {
			if r == sheet.Num {
				for len(parents[si]) <= mcid {
					parents[si] = append(parents[si], nil)
				}
				parents[si][mcid] = Ref{elem, 0}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	var nums Array
	for si, pref := range sheets {
		pd := Dict{"Type": Name("Page"), "Parent": Ref{pagesRef, 0},
			"MediaBox": Array{Num("0"), Num("0"), num(sw), num(sh)}, "Contents": Ref{conts[si], 0}, "Resources": res}
		if len(parents[si]) > 0 {
			arr := w.alloc()
			w.objs[arr-1] = serialize(parents[si])
			nums = append(nums, Num(strconv.Itoa(si)), Ref{arr, 0})
			pd["StructParents"] = Num(strconv.Itoa(si))
		}
		w.objs[pref-1] = serialize(pd)
	}
	w.objs[pagesRef-1] = serialize(Dict{"Type": Name("Pages"), "Kids": kids, "Count": Num(strconv.Itoa(len(kids)))})
	var k any = top
	if len(top) == 1 {
		k = top[0] // the Document, as pdfwrite writes it
	}
	tree := Dict{"Type": Name("StructTreeRoot"), "K": k, "ParentTree": Dict{"Nums": nums}, "ParentTreeNextKey": Num(strconv.Itoa(len(sides)))}
	if len(w.ids) > 0 {
		// Elements with an ID (notes) are found through the IDTree.
		keys := make([]string, 0, len(w.ids))
		for id := range w.ids {
			keys = append(keys, id)
		}
		sort.Strings(keys)
		var names Array
		for _, id := range keys {
			names = append(names, String(id), Ref{w.ids[id], 0})
		}
		tree["IDTree"] = Dict{"Names": names}
	}
	w.objs[treeRef-1] = serialize(tree)
	vp := Dict{"DisplayDocTitle": true}
	if booklet {
		vp["Duplex"], vp["PrintScaling"] = Name("DuplexFlipShortEdge"), Name("None")
	}
	cat := Dict{"Type": Name("Catalog"), "Pages": Ref{pagesRef, 0}, "StructTreeRoot": Ref{treeRef, 0},
		"MarkInfo": Dict{"Marked": true}, "ViewerPreferences": vp}
	for _, k := range []Name{"Lang", "Metadata"} {
		if v, ok := t.cat[k]; ok {
			c, err := w.copyObj(v, 0)
			if err != nil {
				return nil, err
			}
			cat[k] = c
		}
	}
	return w.finish(cat)
}

// copyTree copies the structure tree below the source's StructTreeRoot
// and returns the new root's kids. place says where a page's MCID went;
// owns records each MCID's element for the parent tree. Link
// annotations stay behind (sheets have none), and with them the Link
// elements that only held them.
func (w *writer) copyTree(t *taggedSrc, treeRef int, place func(pg, mcid int) (Ref, int, bool), owns func(sheet Ref, mcid, elem int)) (Array, error) {
	f := w.src
	num := map[int]int{} // element object → its number in the new file
	kidsOf := func(k any) (Array, error) {
		v, err := f.get(k)
		if err != nil {
			return nil, err
		}
		if a, ok := v.(Array); ok {
			return a, nil
		}
		if v == nil {
			return nil, nil
		}
		return Array{k}, nil
	}
	elemOf := func(k any) (Ref, Dict, error) {
		r, ok := k.(Ref)
		if !ok {
			return r, nil, nil
		}
		v, err := f.get(r)
		d, _ := v.(Dict)
		if d == nil || d["S"] == nil {
			return r, nil, err
		}
		return r, d, err
	}
	// Numbers first, so that elements can refer to each other (a note
	// and its marker).
	var assign func(k any, depth int) error
	assign = func(k any, depth int) error {
		if depth > maxDepth {
			return fmt.Errorf("%w: structure tree too deep", errFormat)
		}
		r, e, err := elemOf(k)
		if err != nil || e == nil {
			return err
		}
		if _, seen := num[r.Num]; seen {
			return fmt.Errorf("%w: structure tree loops", errFormat)
		}
		num[r.Num] = w.alloc()
		kids, err := kidsOf(e["K"])
		for _, c := range kids {
			if err == nil {
				err = assign(c, depth+1)
			}
		}
		return err
	}
	top, err := kidsOf(t.tree["K"])
	if err != nil {
		return nil, err
	}
	for _, k := range top {
		if err := assign(k, 0); err != nil {
			return nil, err
		}
	}
	var elem func(r Ref, e Dict, parent, pg int) (bool, error)
	elem = func(r Ref, e Dict, parent, pg int) (bool, error) {
		n := num[r.Num]
		if p, ok := e["Pg"].(Ref); ok {
			pg = p.Num
		}
		kids, err := kidsOf(e["K"])
		if err != nil {
			return false, err
		}
		var out Array
		mcr := func(pg int, id any) {
			v, _ := f.get(id)
			m, ok := v.(Num)
			mcid, err := strconv.Atoi(string(m))
			if !ok || err != nil {
				return
			}
			if sheet, nm, ok := place(pg, mcid); ok {
				out = append(out, Dict{"Type": Name("MCR"), "Pg": sheet, "MCID": Num(strconv.Itoa(nm))})
				owns(sheet, nm, n)
			}
		}
		for _, k := range kids {
			kr, ke, err := elemOf(k)
			if err != nil {
				return false, err
			}
			if ke != nil {
				kept, err := elem(kr, ke, n, pg)
				if err != nil {
					return false, err
				}
				if kept {
					out = append(out, Ref{num[kr.Num], 0})
				}
				continue
			}
			v, err := f.get(k)
			if err != nil {
				return false, err
			}
			switch x := v.(type) {
			case Num:
				mcr(pg, x)
			case Dict:
				if x["Type"] == Name("MCR") {
					kpg := pg
					if p, ok := x["Pg"].(Ref); ok {
						kpg = p.Num
					}
					mcr(kpg, x["MCID"])
				}
			}
		}
		if len(out) == 0 {
			w.objs[n-1] = []byte("null")
			return false, nil
		}
		d := Dict{"Type": Name("StructElem"), "P": Ref{parent, 0}, "K": out}
		for _, k := range slices.Sorted(maps.Keys(e)) { // objects numbered in a stable order
			v := e[k]
			switch k {
			case "K", "P", "Pg", "Type":
			case "ID":
				if id, ok := v.(String); ok {
					if w.ids == nil {
						w.ids = map[string]int{}
					}
					w.ids[string(id)] = n
				}
				d[k] = v
			case "Ref":
				refs, _ := kidsOf(v)
				var a Array
				for _, x := range refs {
					if xr, ok := x.(Ref); ok && num[xr.Num] > 0 {
						a = append(a, Ref{num[xr.Num], 0})
					}
				}
				d[k] = a
			default:
				c, err := w.copyObj(v, 0)
				if err != nil {
					return false, err
				}
				d[k] = c
			}
		}
		w.objs[n-1] = serialize(d)
		return true, nil
	}
	var out Array
	for _, k := range top {
		r, e, err := elemOf(k)
		if err != nil {
			return nil, err
		}
		if e == nil {
			continue
		}
		kept, err := elem(r, e, treeRef, 0)
		if err != nil {
			return nil, err
		}
		if kept {
			out = append(out, Ref{num[r.Num], 0})
		}
	}
	return out, nil
}
