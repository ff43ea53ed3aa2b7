package pdf

import (
	"strings"
	"testing"

	"sourcebook/internal/pdfua"
	"sourcebook/layouts"
	"sourcebook/layouts/internal/testtool"
)

// TestTaggedSplitTable: a table too wide for the page is printed as
// several tables, each repeating the first column, which names the
// rows: tagged, that column's cells are row headers (TH, Scope Row) in
// every part, the header row's cells column headers (Scope Column), and
// the file passes the checker.
func TestTaggedSplitTable(t *testing.T) {
	cols := []string{"Region", "January", "February", "September", "November", "December", "Population", "Refugees", "Casualties", "Wounded", "Displaced", "Returned", "Resettled"}
	var src strings.Builder
	src.WriteString("| " + strings.Join(cols, " | ") + " |\n|" + strings.Repeat("---|", len(cols)) + "\n")
	for _, r := range []string{"Kabul", "Kandahar", "Herat"} {
		src.WriteString("| " + r + strings.Repeat(" | 7,209,666", len(cols)-1) + " |\n")
	}
	b := oneSource(t, src.String())
	p, _ := layouts.Get("reader", "letter")
	doc, err := Layout(b, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, pg := range doc.pages {
		if pg.rec == nil {
			continue
		}
		for _, m := range unpackMCs(pg.rec.mcRuns, nil) {
			// The table's cells, not the sourcing box's (rows of a
			// Table without THead or TBody).
			if g := m.group; g != nil && g.typ == "TR" && g.parent.typ != "Table" {
				count[m.role+m.attrs]++
			}
		}
	}
	rowHeads, colHeads, cells := count["TH"+scopeRow], count["TH"+scopeCol], count["TD"]
	parts := rowHeads / 3
	if parts < 2 || rowHeads != 3*parts {
		t.Errorf("%d row headers, want the 3 rows' names in each of 2 or more tables", rowHeads)
	}
	if colHeads != len(cols)+parts-1 || cells != 3*(len(cols)-1) {
		t.Errorf("%d column headers and %d cells in %d tables, want %d and %d", colHeads, cells, parts, len(cols)+parts-1, 3*(len(cols)-1))
	}
	testtool.Need(t, "qpdf")
	r, err := pdfua.Check(writePDF(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Failures {
		t.Error(f)
	}
	if r.Types["Table"] != parts+1 { // and the sourcing box
		t.Errorf("%d Table elements, want %d", r.Types["Table"], parts+1)
	}
}

// TestTreeHeldDoesNotGrow: Write keeps of the structure tree only what
// later pages can add to, so a reader ten times as long holds no more
// of it at once (the most any one document needs), a small part of what
// it writes; and the tree is the same written twice.
func TestTreeHeldDoesNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out a reader of about 800 pages")
	}
	p, _ := layouts.Get("reader", "letter")
	held := func(copies int) (int, int) {
		doc, err := Layout(speechesBookN(t, copies), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		writeTwice(t, doc)
		t.Logf("%d copies, %d pages: %d elements written, at most %d held", copies, doc.PageCount(), doc.treeWritten, doc.treeHeld)
		return doc.treeHeld, doc.treeWritten
	}
	h1, w1 := held(1)
	h10, w10 := held(10)
	if w10 < 9*w1 {
		t.Fatalf("%d elements written for ten copies, %d for one", w10, w1)
	}
	if h10 > h1+h1/4 || h10*20 > w10 {
		t.Errorf("at most %d elements held for ten copies (of %d written), %d for one: the tree is held as it grows", h10, w10, h1)
	}
}
