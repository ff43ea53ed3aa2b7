package pdfwrite

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Info is the document's metadata, written to the Info dictionary and
// as XMP.
type Info struct {
	Title, Author, Subject, Keywords, Creator, Producer string
	Date                                                time.Time // creation and modification
	Lang                                                string    // BCP 47, e.g. "en"
}

// Page is one page: its size in points and its content stream.
type Page struct {
	Width, Height float64
	// Content writes the page's content stream (uncompressed); it is
	// called once, from a compressing goroutine.
	Content func(io.Writer)
	// Body, when set, returns more of the page's content, already
	// Flate-compressed (zlib), drawn after Content and before After; it
	// is called once, and its data is not kept.
	Body  func() ([]byte, error)
	After func(io.Writer)
	Links []Link
	// Extra is added to the page dictionary as is (e.g. "/StructParents
	// 3 /Tabs /S" for tagged PDF).
	Extra string
	// MCParents is the structure element of each marked-content ID on
	// the page (nil: none), for the parent tree; Write fills it from the
	// tree, a page added by AddPage brings its own.
	MCParents []*StructElem
}

// Link is a link annotation: a rectangle in PDF coordinates (origin at
// the bottom left) pointing to a URI or to a place on a page.
type Link struct {
	X, Y, W, H float64
	URI        string
	Page       int     // target page index when URI is empty
	DestY      float64 // target's top, in PDF coordinates
	// Extra is added to the annotation dictionary.
	Extra string
	// Contents describes the link for assistive technology.
	Contents string
	// Parent is the structure element that has the annotation as a kid
	// (StructKid.Annot), tagged.
	Parent *StructElem
}

// Bookmark is an outline entry; Level 0 is the top.
type Bookmark struct {
	Title string
	Level int
	Page  int
	Y     float64 // PDF coordinates
}

// Document builds a PDF file, either whole (set Pages and Struct, then
// Write) or as it goes, so that a long book is not held: Begin, AddPage
// for each page in order, WriteElem for each finished structure element,
// then End.
type Document struct {
	W       Writer
	Info    Info
	Pages   []*Page
	Outline []Bookmark
	// CatalogExtra is added to the catalog as is (e.g. "/MarkInfo
	// <</Marked true>> /StructTreeRoot 12 0 R").
	CatalogExtra string
	// Struct is the root of the logical structure (a Document element);
	// when set the file is tagged: it gets a structure tree, MarkInfo,
	// tab order by structure and PDF/UA identification.
	Struct    *StructElem
	fonts     []*Font
	images    []*Image
	resources Ref
	// Set by Begin: page i is object firstPage+i.
	pagesRef, firstPage Ref
	nPages, added       int
	tree                structState
}

// NewDocument starts a document.
func NewDocument() *Document {
	d := &Document{}
	d.resources = d.W.Alloc()
	return d
}

// Resources is the resource dictionary every page shares.
func (d *Document) Resources() Ref { return d.resources }

// Write writes the whole file to out: Pages, and the tree under Struct
// (whose elements keep only their object numbers once written).
func (d *Document) Write(out io.Writer) error {
	d.Begin(out, len(d.Pages))
	if d.Struct != nil {
		d.findParents()
	}
	pages := d.Pages
	d.Pages = nil
	for _, p := range pages {
		if err := d.AddPage(p); err != nil {
			return err
		}
	}
	d.Pages = pages
	return d.End()
}

// pageRef is page i's object.
func (d *Document) pageRef(i int) Ref { return d.firstPage + Ref(i) }

// Begin starts the file on out, for n pages to be added (AddPage). When
// the file is tagged, Struct must be set before.
func (d *Document) Begin(out io.Writer, n int) {
	w := &d.W
	w.begin(out)
	d.pagesRef = w.Alloc()
	d.firstPage = w.Alloc()
	for range n - 1 {
		w.Alloc()
	}
	d.nPages = n
	if d.Struct != nil {
		d.tree.root = w.Alloc()
	}
}

// AddPage writes the next page: its content (compressed with the pages
// around it), its annotations, its parent tree entries. Nothing of it is
// kept.
func (d *Document) AddPage(p *Page) error {
	w := &d.W
	i := d.added
	if i >= d.nPages {
		return fmt.Errorf("pdfwrite: page %d added to a file of %d", i+1, d.nPages)
	}
	d.added++
	content := w.Alloc()
	w.Stream(content, "<<>>", p.Content)
	contents := content.String()
	if p.Body != nil {
		data, err := p.Body()
		if err != nil {
			return err
		}
		body, after := w.Alloc(), w.Alloc()
		w.RawStream(body, "<<>>", data, "FlateDecode")
		w.Stream(after, "<<>>", p.After)
		contents = "[" + contents + " " + body.String() + " " + after.String() + "]"
	}
	var annotList strings.Builder
	for j, l := range p.Links {
		a := w.Alloc()
		rect := "[" + num(l.X) + " " + num(l.Y) + " " + num(l.X+l.W) + " " + num(l.Y+l.H) + "]"
		var target string
		switch {
		case l.URI != "":
			target = "/A <</S /URI /URI " + String(l.URI) + ">>"
		case l.Page >= 0 && l.Page < d.nPages:
			target = "/Dest [" + d.pageRef(l.Page).String() + " /XYZ 0 " + num(l.DestY) + " null]"
		default:
			target = ""
		}
		if l.Parent != nil && d.Struct != nil {
			target += " /StructParent " + strconv.Itoa(d.annotParent(l.Parent, i, j, a))
		}
		if l.Contents != "" {
			target += " /Contents " + String(l.Contents)
		}
		w.Object(a, "<</Type /Annot /Subtype /Link /Rect "+rect+" /Border [0 0 0] "+target+" "+l.Extra+">>")
		annotList.WriteString(a.String() + " ")
	}
	dict := "<</Type /Page /Parent " + d.pagesRef.String() + " /MediaBox [0 0 " + num(p.Width) + " " + num(p.Height) + "] /Resources " +
		d.resources.String() + " /Contents " + contents
	if annotList.Len() > 0 {
		dict += " /Annots [" + strings.TrimSpace(annotList.String()) + "]"
	}
	if d.Struct != nil {
		if key := d.pageParents(p.MCParents); key >= 0 {
			dict += " /StructParents " + strconv.Itoa(key)
		}
		if len(p.Links) > 0 {
			dict += " /Tabs /S"
		}
	}
	w.Object(d.pageRef(i), dict+" "+p.Extra+">>")
	return nil
}

// End writes what the pages use (fonts, images), the structure elements
// not yet written, the page tree, the outline, the catalog and the
// cross-reference table.
func (d *Document) End() error {
	w := &d.W
	if d.added != d.nPages {
		return fmt.Errorf("pdfwrite: %d pages added to a file of %d", d.added, d.nPages)
	}
	var treeRoot Ref
	if d.Struct != nil {
		treeRoot = d.endStructure()
	}
	var fontRes, imgRes strings.Builder
	for _, f := range d.fonts {
		if len(f.used) == 0 {
			continue
		}
		ref, err := f.write(w)
		if err != nil {
			return err
		}
		fmt.Fprintf(&fontRes, "/%s %s ", f.Name, ref)
	}
	for _, im := range d.images {
		fmt.Fprintf(&imgRes, "/%s %s ", im.Name, im.write(w))
	}
	w.Object(d.resources, "<</ProcSet [/PDF /Text /ImageB /ImageC] /Font <<"+fontRes.String()+">> /XObject <<"+imgRes.String()+">>>>")
	var kids strings.Builder
	for i := range d.nPages {
		if i > 0 {
			kids.WriteByte(' ')
		}
		kids.WriteString(d.pageRef(i).String())
	}
	w.Object(d.pagesRef, "<</Type /Pages /Kids ["+kids.String()+"] /Count "+strconv.Itoa(d.nPages)+">>")
	catalog := w.Alloc()
	cat := "<</Type /Catalog /Pages " + d.pagesRef.String() + " /PageLayout /OneColumn /ViewerPreferences <</DisplayDocTitle true>>"
	if o := d.outline(); o != 0 {
		cat += " /Outlines " + o.String() + " /PageMode /UseOutlines"
	}
	if d.Info.Lang != "" {
		cat += " /Lang " + String(d.Info.Lang)
	}
	meta := w.Alloc()
	w.RawStream(meta, "<</Type /Metadata /Subtype /XML>>", xmp(d.Info, d.Struct != nil), "")
	if d.Struct != nil {
		cat += " /MarkInfo <</Marked true>> /StructTreeRoot " + treeRoot.String()
	}
	cat += " /Metadata " + meta.String()
	w.Object(catalog, cat+" "+d.CatalogExtra+">>")
	info := w.Alloc()
	in := d.Info
	date := pdfDate(in.Date)
	w.Object(info, "<</Title "+String(in.Title)+" /Author "+String(in.Author)+" /Subject "+String(in.Subject)+
		" /Keywords "+String(in.Keywords)+" /Creator "+String(in.Creator)+" /Producer "+String(in.Producer)+
		" /CreationDate "+String(date)+" /ModDate "+String(date)+">>")
	return w.finish(catalog, info)
}

// outline writes the bookmarks as an outline tree and returns its root
// (0 when there are none).
func (d *Document) outline() Ref {
	if len(d.Outline) == 0 {
		return 0
	}
	w := &d.W
	type node struct {
		bm       Bookmark
		ref      Ref
		parent   *node
		children []*node
	}
	root := &node{ref: w.Alloc(), bm: Bookmark{Level: -1}}
	stack := []*node{root}
	var all []*node
	for _, bm := range d.Outline {
		n := &node{bm: bm, ref: w.Alloc()}
		for len(stack) > 1 && stack[len(stack)-1].bm.Level >= bm.Level {
			stack = stack[:len(stack)-1]
		}
		n.parent = stack[len(stack)-1]
		n.parent.children = append(n.parent.children, n)
		stack = append(stack, n)
		all = append(all, n)
	}
	var count func(n *node) int
	count = func(n *node) int {
		c := len(n.children)
		for _, k := range n.children {
			c += count(k)
		}
		return c
	}
	w.Object(root.ref, "<</Type /Outlines /First "+root.children[0].ref.String()+" /Last "+
		root.children[len(root.children)-1].ref.String()+" /Count "+strconv.Itoa(count(root))+">>")
	for _, n := range all {
		s := "<</Title " + String(n.bm.Title) + " /Parent " + n.parent.ref.String()
		sib := n.parent.children
		for i, k := range sib {
			if k != n {
				continue
			}
			if i > 0 {
				s += " /Prev " + sib[i-1].ref.String()
			}
			if i+1 < len(sib) {
				s += " /Next " + sib[i+1].ref.String()
			}
		}
		if len(n.children) > 0 {
			s += " /First " + n.children[0].ref.String() + " /Last " + n.children[len(n.children)-1].ref.String() +
				" /Count " + strconv.Itoa(count(n))
		}
		if n.bm.Page >= 0 && n.bm.Page < d.nPages {
			s += " /Dest [" + d.pageRef(n.bm.Page).String() + " /XYZ 0 " + num(n.bm.Y) + " null]"
		}
		w.Object(n.ref, s+">>")
	}
	return root.ref
}

func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" || s == "-0" {
		return "0"
	}
	return s
}

// String encodes a text string: a literal string when it is printable
// ASCII, UTF-16BE with a byte order mark otherwise (astral characters as
// surrogate pairs).
func String(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	var b strings.Builder
	if ascii {
		b.WriteByte('(')
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == '(' || c == ')' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
		b.WriteByte(')')
		return b.String()
	}
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

func pdfDate(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	t = t.UTC()
	return "D:" + t.Format("20060102150405") + "Z"
}

func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}

// xmp returns the XMP metadata packet matching the Info dictionary.
func xmp(in Info, ua bool) []byte {
	date := in.Date
	if date.IsZero() {
		date = time.Unix(0, 0)
	}
	ds := date.UTC().Format("2006-01-02T15:04:05Z")
	lang := in.Lang
	if lang == "" {
		lang = "x-default"
	}
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` + "\n")
	b.WriteString(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">` + "\n")
	b.WriteString(`<dc:format>application/pdf</dc:format>` + "\n")
	b.WriteString(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + xmlEscape(in.Title) + `</rdf:li></rdf:Alt></dc:title>` + "\n")
	if in.Author != "" {
		b.WriteString(`<dc:creator><rdf:Seq>`)
		for _, a := range strings.Split(in.Author, ", ") {
			b.WriteString(`<rdf:li>` + xmlEscape(a) + `</rdf:li>`)
		}
		b.WriteString(`</rdf:Seq></dc:creator>` + "\n")
	}
	if in.Subject != "" {
		b.WriteString(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + xmlEscape(in.Subject) + `</rdf:li></rdf:Alt></dc:description>` + "\n")
	}
	if in.Lang != "" {
		b.WriteString(`<dc:language><rdf:Bag><rdf:li>` + xmlEscape(in.Lang) + `</rdf:li></rdf:Bag></dc:language>` + "\n")
	}
	b.WriteString(`<xmp:CreateDate>` + ds + `</xmp:CreateDate><xmp:ModifyDate>` + ds + `</xmp:ModifyDate><xmp:MetadataDate>` + ds + `</xmp:MetadataDate>` + "\n")
	b.WriteString(`<xmp:CreatorTool>` + xmlEscape(in.Creator) + `</xmp:CreatorTool><pdf:Producer>` + xmlEscape(in.Producer) + `</pdf:Producer>` + "\n")
	if in.Keywords != "" {
		b.WriteString(`<pdf:Keywords>` + xmlEscape(in.Keywords) + `</pdf:Keywords>` + "\n")
	}
	b.WriteString("</rdf:Description>\n")
	if ua {
		b.WriteString(`<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>` + "\n")
	}
	b.WriteString("</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String())
}
