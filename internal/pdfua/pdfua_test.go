package pdfua

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/layouts/pdf/pdfwrite"
)

// write builds a one-page PDF whose content is given, tagged with root
// when it is not nil.
func write(t *testing.T, content string, root *pdfwrite.StructElem, links int) string {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("qpdf is required in CI")
		}
		t.Skip("qpdf not installed")
	}
	d := pdfwrite.NewDocument()
	d.Info = pdfwrite.Info{Title: "Test", Lang: "en"}
	pg := &pdfwrite.Page{Width: 200, Height: 200, Content: func(w io.Writer) { io.WriteString(w, content) }}
	for i := 0; i < links; i++ {
		pg.Links = append(pg.Links, pdfwrite.Link{X: 10, Y: 10, W: 10, H: 10, URI: "https://example.org/", Contents: "example.org"})
	}
	d.Pages = []*pdfwrite.Page{pg}
	d.Struct = root
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func checkpoints(t *testing.T, path string) string {
	t.Helper()
	r, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	var cps []string
	for _, f := range r.Failures {
		cps = append(cps, f.Checkpoint)
	}
	return strings.Join(cps, " ")
}

// TestCheckerFindsFailures: the checker is not passing files for want
// of looking — untagged content, artifacts inside content, a figure
// without Alt, skipped headings, a header cell without Scope and a link
// outside the structure are
// each reported with their Matterhorn condition.
func TestCheckerFindsFailures(t *testing.T) {
	line := "0 0 m 10 10 l S\n"
	ok := func() *pdfwrite.StructElem {
		return &pdfwrite.StructElem{Type: "Document", Kids: []pdfwrite.StructKid{
			{Elem: &pdfwrite.StructElem{Type: "H1", Kids: []pdfwrite.StructKid{{Page: 0, MCID: 0}}}},
			{Elem: &pdfwrite.StructElem{Type: "Link", Kids: []pdfwrite.StructKid{{Page: 0, Annot: 1}}}}}}
	}
	tagged := "/H1 <</MCID 0>> BDC " + line + "EMC\n/Artifact BMC " + line + "EMC\n"
	if got := checkpoints(t, write(t, tagged, ok(), 1)); got != "" {
		t.Errorf("a correct file: failures %s", got)
	}
	cases := []struct {
		name, content string
		root          *pdfwrite.StructElem
		links         int
		want          string
	}{
		{"untagged", line, nil, 0, "01-000 01-005"},
		{"content outside marked content", tagged + line, ok(), 1, "01-005"},
		{"artifact in content", "/H1 <</MCID 0>> BDC /Artifact BMC " + line + "EMC EMC\n", ok(), 1, "01-003"},
		{"figure without alt", tagged, &pdfwrite.StructElem{Type: "Document", Kids: []pdfwrite.StructKid{
			{Elem: &pdfwrite.StructElem{Type: "Figure", Kids: []pdfwrite.StructKid{{Page: 0, MCID: 0}}}}}}, 0, "13-004"},
		{"skipped heading", tagged, &pdfwrite.StructElem{Type: "Document", Kids: []pdfwrite.StructKid{
			{Elem: &pdfwrite.StructElem{Type: "H3", Kids: []pdfwrite.StructKid{{Page: 0, MCID: 0}}}}}}, 0, "14-002"},
		{"link outside the structure", tagged, &pdfwrite.StructElem{Type: "Document", Kids: []pdfwrite.StructKid{
			{Elem: &pdfwrite.StructElem{Type: "H1", Kids: []pdfwrite.StructKid{{Page: 0, MCID: 0}}}}}}, 1, "28-011"},
		{"header cell without scope", tagged, &pdfwrite.StructElem{Type: "Document", Kids: []pdfwrite.StructKid{
			{Elem: &pdfwrite.StructElem{Type: "Table", Kids: []pdfwrite.StructKid{{Elem: &pdfwrite.StructElem{Type: "TR", Kids: []pdfwrite.StructKid{
				{Elem: &pdfwrite.StructElem{Type: "TH", Kids: []pdfwrite.StructKid{{Page: 0, MCID: 0}}}}}}}}}}}}, 0, "15-003"},
		{"non-standard type", tagged, &pdfwrite.StructElem{Type: "Document", Kids: []pdfwrite.StructKid{
			{Elem: &pdfwrite.StructElem{Type: "Heading", Kids: []pdfwrite.StructKid{{Page: 0, MCID: 0}}}}}}, 0, "01-006"},
	}
	for _, c := range cases {
		got := checkpoints(t, write(t, c.content, c.root, c.links))
		for _, w := range strings.Fields(c.want) {
			if !strings.Contains(got, w) {
				t.Errorf("%s: want %s, the checker reports %q", c.name, w, got)
			}
		}
	}
}
