package pdf

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"sourcebook/layouts"
)

// TestPlainMCCoversEveryField: packMCs and simpleMC, which decide how
// marked-content records are packed, look at every field of mcRec; a
// field added to mcRec must be added there too.
func TestPlainMCCoversEveryField(t *testing.T) {
	var got []string
	for f := range reflect.TypeFor[mcRec]().Fields() {
		got = append(got, f.Name)
	}
	want := []string{"role", "cont", "alt", "lang", "whole", "rest", "id", "inline", "notes", "group", "attrs"}
	if !slices.Equal(got, want) {
		t.Errorf("mcRec has fields %v; packMCs looks at %v: update packMCs, simpleMC and this list", got, want)
	}
}

// TestPackMCs: packing and unpacking gives the records back.
func TestPackMCs(t *testing.T) {
	mcs := []mcRec{{role: "H2"}, {role: "P"}, {role: "P", cont: true}, {role: "P", cont: true},
		{role: "Reference", cont: true, inline: true, notes: []string{"n1"}}, {role: "P", cont: true},
		{role: "Note", id: "n1"}, {role: "Note", cont: true}, {role: "P", cont: true, lang: "fr"}, {role: "P", cont: true},
		{role: "P", cont: true, whole: "complex,"}, {role: "P", cont: true, rest: true}, {role: "P", cont: true}, {role: "P", cont: true},
		{role: "TH", cont: true, attrs: "/A <</O /Table /Scope /Row>>", group: &sgroup{typ: "TR"}}, {role: "TD", group: &sgroup{typ: "TR"}}}
	runs := packMCs(mcs)
	if n := len(runs.runs); n > 3*len(mcs) {
		t.Errorf("%d bytes of runs for %d records", n, len(mcs))
	}
	// A paragraph's continued lines are one run of a few bytes.
	para := []mcRec{{role: "P"}}
	for range 300 {
		para = append(para, mcRec{role: "P", cont: true})
	}
	if p := packMCs(para); len(p.runs) > 12 || len(p.kinds) != 1 {
		t.Errorf("a paragraph of 301 lines packs into %d bytes of runs and %d kinds, want at most 12 and 1", len(p.runs), len(p.kinds))
	} else if back := unpackMCs(p, nil); !reflect.DeepEqual(back, para) {
		t.Errorf("paragraph unpacked %+v", back)
	}
	if back := unpackMCs(runs, nil); !reflect.DeepEqual(back, mcs) {
		t.Errorf("unpacked %+v\nwant %+v", back, mcs)
	}
}

// TestSpoolSameBytes: a book long enough for its compressed pages to
// wait in a temporary file gives the same bytes as with them in memory,
// written twice.
func TestSpoolSameBytes(t *testing.T) {
	bk := speechesBookN(t, 5)
	p, _ := layouts.Get("reader", "letter")
	write := func(chunks int) []byte {
		t.Helper()
		old := spoolChunks
		spoolChunks = chunks
		defer func() { spoolChunks = old }()
		doc, err := Layout(bk, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if (doc.seal.spool != nil) != (chunks < 1000) {
			t.Fatalf("spool %v with a threshold of %d chunks", doc.seal.spool != nil, chunks)
		}
		return writeTwice(t, doc)
	}
	if !bytes.Equal(write(1), write(1000)) {
		t.Error("the PDF differs with its pages spooled")
	}
}

// writeTwice writes doc twice and returns the file, reporting whether a
// second Write differs.
func writeTwice(t *testing.T, doc *Document) []byte {
	t.Helper()
	var a, b bytes.Buffer
	if err := doc.Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := doc.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("a second Write differs")
	}
	return a.Bytes()
}

// TestPackMargins: margin notes packed and unpacked come back the same,
// in under half the room.
func TestPackMargins(t *testing.T) {
	ms := []marginRec{{y: 72.123456789, h: 13.2, pnum: 12}, {y: 85.3, h: 13.2, num: 5}, {y: 98.5, h: 13.2, num: 10, rtl: true},
		{y: 111.7, h: 11, gloss: "glossary-red-army"}, {y: 700.01, h: 13.2, num: 99999}}
	z := packMargins(ms)
	if got := (&printed{marginZ: z}).margins(); !reflect.DeepEqual(got, ms) {
		t.Errorf("unpacked %+v\nwant %+v", got, ms)
	}
	if n := len(z) - len("glossary-red-army"); n > 21*len(ms) {
		t.Errorf("%d notes packed into %d bytes besides the glossary ID", len(ms), n)
	}
}
