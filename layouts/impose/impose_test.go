package impose

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// pdfOf is a PDF of the given objects (numbered from 1, the first the
// catalog) with a classic cross-reference table.
func pdfOf(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, x)
	return b.Bytes()
}

// onePage is a minimal PDF of that many pages.
func onePage(pages int) []byte {
	kids := []string{}
	for i := 0; i < pages; i++ {
		kids = append(kids, fmt.Sprintf("%d 0 R", 3+2*i))
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 612 792] >>", strings.Join(kids, " "), pages),
	}
	for i := 0; i < pages; i++ {
		content := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (Page \\(%d\\)) Tj ET", i+1)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Contents %d 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>", 4+2*i),
			fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	}
	return pdfOf(objs...)
}

func TestBookletOfSmallPDF(t *testing.T) {
	out, err := Booklet(onePage(5))
	if err != nil {
		t.Fatal(err)
	}
	f, err := parseFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := f.pages()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 4 {
		t.Fatalf("5 pages gave %d sides, want 4", len(ps))
	}
	if ps[0].box != [4]float64{0, 0, 792, 612} {
		t.Errorf("sheet %v, want landscape Letter", ps[0].box)
	}
	two, err := TwoUp(onePage(1))
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := parseFile(two); f == nil {
		t.Fatal("2-up unreadable")
	} else if ps, _ := f.pages(); len(ps) != 1 || !bytes.Contains(ps[0].content, []byte("/P1 Do")) || !bytes.Contains(ps[0].content, []byte("/P2 Do")) {
		t.Errorf("a one-page handout 2-up should be one side with two copies")
	}
}

// Damaged input gives an error, never a panic or a hang.
func TestDamagedPDFs(t *testing.T) {
	good := onePage(2)
	cases := map[string][]byte{
		"empty":        nil,
		"no startxref": bytes.ReplaceAll(good, []byte("startxref"), []byte("startxrex")),
		"truncated":    good[:len(good)/2],
		"bad offset":   bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1),
		"loop":         bytes.Replace(good, []byte("/Kids [3 0 R"), []byte("/Kids [2 0 R"), 1),
	}
	for i := 0; i < len(good); i += 7 {
		c := append([]byte{}, good...)
		c[i] ^= 0x5a
		cases[fmt.Sprintf("flip %d", i)] = c
	}
	for name, data := range cases {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			Booklet(data)
		}()
	}
	if _, err := Booklet(cases["empty"]); err == nil {
		t.Error("empty input accepted")
	}
}

// manyRefs is a one-page PDF whose resources name several fonts by
// reference, so that copying them meets several objects in one dict.
func manyRefs() []byte {
	content := "BT /F1 12 Tf 72 720 Td (A) Tj /F2 12 Tf (B) Tj /F3 12 Tf (C) Tj /F4 12 Tf (D) Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R /F4 8 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	for _, f := range []string{"Helvetica", "Times-Roman", "Courier", "Symbol"} {
		objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /"+f+" >>")
	}
	return pdfOf(objs...)
}

// Imposing the same file gives the same bytes every time: objects are
// numbered in an order that does not depend on a map's.
func TestImposedDeterministic(t *testing.T) {
	in := manyRefs()
	for name, impose := range map[string]func([]byte) ([]byte, error){"booklet": Booklet, "2-up": TwoUp} {
		first, err := impose(in)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 20; i++ {
			again, err := impose(in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again) {
				t.Fatalf("%s: run %d gave other bytes than the first", name, i+2)
			}
		}
	}
}
