package impose

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"

	zdeflate "sourcebook/internal/deflate"
)

// page is a source page: its box, resources and content.
type page struct {
	ref       Ref // its object (zero when the tree held it directly)
	box       [4]float64
	resources any
	content   []byte
}

// pages lists the document's pages in order, with inherited boxes and
// resources resolved.
func (f *file) pages() ([]page, error) {
	root, err := f.get(f.trailer["Root"])
	if err != nil {
		return nil, err
	}
	cat, ok := root.(Dict)
	if !ok {
		return nil, fmt.Errorf("%w: no catalog", errFormat)
	}
	var out []page
	seen := map[Ref]bool{}
	var walk func(o any, box any, res any, depth int) error
	walk = func(o any, box any, res any, depth int) error {
		if depth > 32 {
			return fmt.Errorf("%w: page tree too deep", errFormat)
		}
		if r, ok := o.(Ref); ok {
			if seen[r] {
				return fmt.Errorf("%w: page tree loops", errFormat)
			}
			seen[r] = true
		}
		v, err := f.get(o)
		if err != nil {
			return err
		}
		d, ok := v.(Dict)
		if !ok {
			return fmt.Errorf("%w: page tree node is not a dictionary", errFormat)
		}
		if b, ok := d["MediaBox"]; ok {
			box = b
		}
		if r, ok := d["Resources"]; ok {
			res = r
		}
		if d["Type"] == Name("Pages") || d["Kids"] != nil && d["Type"] != Name("Page") {
			kids, err := f.get(d["Kids"])
			if err != nil {
				return err
			}
			arr, _ := kids.(Array)
			for _, k := range arr {
				if err := walk(k, box, res, depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		p := page{resources: res}
		p.ref, _ = o.(Ref)
		bv, err := f.get(box)
		if err != nil {
			return err
		}
		ba, _ := bv.(Array)
		if len(ba) != 4 {
			return fmt.Errorf("%w: page without a MediaBox", errFormat)
		}
		for i := range ba {
			n, err := f.get(ba[i])
			if err != nil {
				return err
			}
			num, _ := n.(Num)
			p.box[i], err = strconv.ParseFloat(string(num), 64)
			if err != nil {
				return fmt.Errorf("%w: bad MediaBox", errFormat)
			}
		}
		cv, err := f.get(d["Contents"])
		if err != nil {
			return err
		}
		var parts []any
		switch c := cv.(type) {
		case *Stream:
			parts = []any{c}
		case Array:
			parts = c
		}
		for _, part := range parts {
			sv, err := f.get(part)
			if err != nil {
				return err
			}
			s, ok := sv.(*Stream)
			if !ok {
				continue
			}
			data, err := decoded(s)
			if err != nil {
				return err
			}
			p.content = append(append(p.content, data...), '\n')
		}
		out = append(out, p)
		return nil
	}
	if err := walk(cat["Pages"], nil, nil, 0); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no pages", errFormat)
	}
	return out, nil
}

// writer writes a new PDF, copying objects from the source file.
type writer struct {
	src   *file
	objs  [][]byte // body of object i+1
	moved map[int]int
	ids   map[string]int // structure elements by ID (tagged sources)
}

func (w *writer) alloc() int {
	w.objs = append(w.objs, nil)
	return len(w.objs)
}

// copyObj copies an object from the source, renumbering what it refers
// to; each source object is copied once.
func (w *writer) copyObj(o any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: objects nested too deeply", errFormat)
	}
	switch v := o.(type) {
	case Ref:
		if n, ok := w.moved[v.Num]; ok {
			return Ref{n, 0}, nil
		}
		n := w.alloc()
		w.moved[v.Num] = n
		target, err := w.src.object(v.Num, 0)
		if err != nil {
			return nil, err
		}
		c, err := w.copyObj(target, depth+1)
		if err != nil {
			return nil, err
		}
		w.objs[n-1] = serialize(c)
		return Ref{n, 0}, nil
	case Dict:
		d := Dict{}
		// In key order: objects are numbered as they are first met, and
		// a map's order changes from run to run.
		for _, k := range slices.Sorted(maps.Keys(v)) {
			x := v[k]
			if k == "Parent" || k == "P" {
				continue // back to the page tree: not needed on a sheet
			}
			c, err := w.copyObj(x, depth+1)
			if err != nil {
				return nil, err
			}
			d[k] = c
		}
		return d, nil
	case Array:
		a := make(Array, len(v))
		for i, x := range v {
			c, err := w.copyObj(x, depth+1)
			if err != nil {
				return nil, err
			}
			a[i] = c
		}
		return a, nil
	case *Stream:
		d, err := w.copyObj(v.Dict, depth+1)
		if err != nil {
			return nil, err
		}
		dd := d.(Dict)
		dd["Length"] = Num(strconv.Itoa(len(v.Data)))
		return &Stream{Dict: dd, Data: v.Data}, nil
	}
	return o, nil
}

func serialize(o any) []byte {
	var b bytes.Buffer
	write(&b, o)
	return b.Bytes()
}

func write(b *bytes.Buffer, o any) {
	switch v := o.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case Num:
		b.WriteString(string(v))
	case Name:
		b.WriteByte('/')
		for _, c := range []byte(v) {
			if c < '!' || c > '~' || c == '#' || isDelim(c) {
				fmt.Fprintf(b, "#%02X", c)
			} else {
				b.WriteByte(c)
			}
		}
	case String:
		fmt.Fprintf(b, "<%X>", []byte(v))
	case Ref:
		fmt.Fprintf(b, "%d %d R", v.Num, v.Gen)
	case Array:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(' ')
			}
			write(b, x)
		}
		b.WriteByte(']')
	case Dict:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, string(k))
		}
		sort.Strings(keys) // the same file every time
		b.WriteString("<<")
		for _, k := range keys {
			write(b, Name(k))
			b.WriteByte(' ')
			write(b, v[Name(k)])
		}
		b.WriteString(">>")
	case *Stream:
		write(b, v.Dict)
		b.WriteString("\nstream\n")
		b.Write(v.Data)
		b.WriteString("\nendstream")
	}
}

func num(f float64) Num { return Num(strconv.FormatFloat(f, 'f', -1, 64)) }

// form makes a page into a form XObject in the new file.
func (w *writer) form(p page) (int, error) {
	res, err := w.copyObj(p.resources, 0)
	if err != nil {
		return 0, err
	}
	if res == nil {
		res = Dict{}
	}
	n := w.alloc()
	w.objs[n-1] = serialize(deflate(p.content, Dict{
		"Type": Name("XObject"), "Subtype": Name("Form"), "Resources": res,
		"BBox": Array{num(p.box[0]), num(p.box[1]), num(p.box[2]), num(p.box[3])},
	}))
	return n, nil
}

// deflate makes a Flate-compressed stream of data with dictionary d.
func deflate(data []byte, d Dict) *Stream {
	z := zdeflate.AppendZlib(nil, data)
	if d == nil {
		d = Dict{}
	}
	d["Filter"], d["Length"] = Name("FlateDecode"), Num(strconv.Itoa(len(z)))
	return &Stream{Dict: d, Data: z}
}

// placement is the matrix ("a 0 0 d e f cm") that scales a page's box
// into a slot (0: left, 1: right) of a sheet sw×sh, centred.
func placement(box [4]float64, slot int, sw, sh float64) string {
	bw, bh := box[2]-box[0], box[3]-box[1]
	s := min(sw/2/bw, sh/bh)
	x := float64(slot)*sw/2 + (sw/2-s*bw)/2
	y := (sh - s*bh) / 2
	return fmt.Sprintf("%s 0 0 %s %s %s cm", num(s), num(s), num(x-s*box[0]), num(y-s*box[1]))
}

// Slot is a place on a sheet side: the page (index into the source
// pages, -1 for blank).
type side [2]int

// impose writes a PDF of landscape sheets, two slots each.
func impose(data []byte, order func(n int) []side, booklet bool) ([]byte, error) {
	f, err := parseFile(data)
	if err != nil {
		return nil, err
	}
	ps, err := f.pages()
	if err != nil {
		return nil, err
	}
	w := &writer{src: f, moved: map[int]int{}}
	if t := w.taggedSource(ps); t != nil {
		return w.imposeTagged(t, ps, order(len(ps)), booklet)
	}
	forms := make([]int, len(ps))
	for i, p := range ps {
		if forms[i], err = w.form(p); err != nil {
			return nil, err
		}
	}
	// The sheet is the first page's paper turned to landscape.
	pw, ph := ps[0].box[2]-ps[0].box[0], ps[0].box[3]-ps[0].box[1]
	sw, sh := max(pw, ph), min(pw, ph)
	pagesRef := w.alloc()
	var kids Array
	for _, sd := range order(len(ps)) {
		var content bytes.Buffer
		xo := Dict{}
		for slot, pi := range sd {
			if pi < 0 || pi >= len(ps) {
				continue
			}
			name := fmt.Sprintf("P%d", slot+1)
			xo[Name(name)] = Ref{forms[pi], 0}
			fmt.Fprintf(&content, "q %s /%s Do Q\n", placement(ps[pi].box, slot, sw, sh), name)
		}
		cref := w.alloc()
		w.objs[cref-1] = serialize(&Stream{Dict: Dict{"Length": Num(strconv.Itoa(content.Len()))}, Data: content.Bytes()})
		pref := w.alloc()
		w.objs[pref-1] = serialize(Dict{"Type": Name("Page"), "Parent": Ref{pagesRef, 0},
			"MediaBox": Array{Num("0"), Num("0"), num(sw), num(sh)}, "Contents": Ref{cref, 0},
			"Resources": Dict{"XObject": xo}})
		kids = append(kids, Ref{pref, 0})
	}
	w.objs[pagesRef-1] = serialize(Dict{"Type": Name("Pages"), "Kids": kids, "Count": Num(strconv.Itoa(len(kids)))})
	// Print dialogs that honour it turn the sheet on its short edge, as
	// a booklet needs (docs/readers.md says so for the others).
	cat := Dict{"Type": Name("Catalog"), "Pages": Ref{pagesRef, 0}}
	if booklet {
		cat["ViewerPreferences"] = Dict{"Duplex": Name("DuplexFlipShortEdge"), "PrintScaling": Name("None")}
	}
	return w.finish(cat)
}

// finish writes the file: the catalog, the source's Info, the objects,
// the cross-reference table and the trailer, with an identifier that is
// a digest of the file.
func (w *writer) finish(cat Dict) ([]byte, error) {
	catRef := w.alloc()
	w.objs[catRef-1] = serialize(cat)
	trailer := Dict{"Root": Ref{catRef, 0}}
	if info, ok := w.src.trailer["Info"]; ok {
		c, err := w.copyObj(info, 0)
		if err != nil {
			return nil, err
		}
		trailer["Info"] = c
	}
	trailer["Size"] = Num(strconv.Itoa(len(w.objs) + 1))
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(w.objs))
	for i, body := range w.objs {
		offs[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n", i+1)
		out.Write(body)
		out.WriteString("\nendobj\n")
	}
	id := sha256.Sum256(out.Bytes())
	trailer["ID"] = Array{String(id[:16]), String(id[:16])}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(w.objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	out.WriteString("trailer\n")
	write(&out, trailer)
	fmt.Fprintf(&out, "\nstartxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
}

// BookletOrder is the saddle-stitch order of n pages: padded with blank
// pages (-1) to a multiple of four, sheet by sheet, the front side
// holding the last and first pages, the back the second and the last
// but one. Folded and stapled, the sheets read in order.
func BookletOrder(n int) [][2]int {
	m := (n + 3) / 4 * 4
	blank := func(p int) int {
		if p >= n {
			return -1
		}
		return p
	}
	var out [][2]int
	for s := 0; s < m/4; s++ {
		out = append(out, [2]int{blank(m - 1 - 2*s), blank(2 * s)})
		out = append(out, [2]int{blank(2*s + 1), blank(m - 2 - 2*s)})
	}
	return out
}

// Booklet imposes a PDF for saddle stitching: ⌈n/4⌉×2 landscape sides,
// to be printed on both sides flipping on the short edge, folded and
// stapled in the middle.
func Booklet(pdf []byte) ([]byte, error) {
	return impose(pdf, func(n int) []side {
		var out []side
		for _, s := range BookletOrder(n) {
			out = append(out, side(s))
		}
		return out
	}, true)
}

// TwoUp puts two pages side by side on each landscape side, in order; a
// one-page handout is set twice, so a class set takes half the paper.
func TwoUp(pdf []byte) ([]byte, error) {
	return impose(pdf, func(n int) []side {
		if n == 1 {
			return []side{{0, 0}}
		}
		var out []side
		for i := 0; i < n; i += 2 {
			s := side{i, i + 1}
			if i+1 >= n {
				s[1] = -1
			}
			out = append(out, s)
		}
		return out
	}, false)
}
