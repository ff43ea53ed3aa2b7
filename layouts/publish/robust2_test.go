package publish

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts/internal/testtool"
)

// buildReader writes a reader with the bundled letter and builds both
// editions into dir/out, returning the book and its warnings.
func buildReader(t *testing.T, manifest string, extra map[string]string) (string, []*book.Warning) {
	t.Helper()
	dir := t.TempDir()
	lib, _ := filepath.Abs("../../sources")
	os.WriteFile(filepath.Join(dir, "reader.yaml"), []byte(strings.ReplaceAll(manifest, "LIB", lib)), 0o644)
	for name, data := range extra {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
	}
	b, err := book.Load(filepath.Join(dir, "reader.yaml"), book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	warnings := b.Warnings
	if _, err := Build(b, Options{OutDir: filepath.Join(dir, "out"), Warn: func(w *book.Warning) { warnings = append(warnings, w) }}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "out", "r"), warnings
}

// TestRobustPDFTitleAboveBMP: characters above U+FFFF in the title and in
// bookmarks reach the PDF's metadata and outline intact (UTF-16 surrogate
// pairs), as pdfinfo and qpdf read them.
func TestRobustPDFTitleAboveBMP(t *testing.T) {
	title := "Maths 𝔸𝔹 and 😀 emoji"
	out, _ := buildReader(t, "title: \""+title+"\"\nname: r\ndate: 2026-01-01\nsources: [LIB]\nparts:\n  - title: \"Part 𝔸\"\n    items: [masoud-vorontsov-1989]\n", nil)
	info, err := exec.Command(testtool.Need(t, "pdfinfo"), out+".pdf").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "Title:           "+title+"\n") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	js, err := exec.Command(testtool.Need(t, "qpdf"), "--json", out+".pdf").Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Outlines []struct{ Title string }
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, o := range doc.Outlines {
		titles = append(titles, o.Title)
	}
	if !strings.Contains(strings.Join(titles, "|"), "|Part 𝔸|") {
		t.Errorf("outline %q has no \"Part 𝔸\"", titles)
	}
}

// TestRobustControlsInBothEditions: U+007F, U+0085, U+FFFE and U+FFFF are
// left out of both editions, as the warning says: not in the EPUB's
// files, and not printed as boxes.
func TestRobustControlsInBothEditions(t *testing.T) {
	src := "---\nid: c\ntitle: Controls\ndate: 1989-09-02\ntype: letter\nrights:\n  status: public-domain\n---\nAlpha\u007fBeta\u0085Gamma\uFFFEDelta\uFFFFEpsilon.\n"
	out, warnings := buildReader(t, "title: T\nname: r\ndate: 2026-01-01\nitems: [c]\n", map[string]string{"sources/c.md": src})
	zr, err := zip.OpenReader(out + ".epub")
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasSuffix(f.Name, ".xhtml") && strings.ContainsAny(string(data), "\u007f\u0085\uFFFE\uFFFF") {
			t.Errorf("%s keeps a control character", f.Name)
		}
	}
	text := pdfText(t, out+".pdf")
	if !strings.Contains(text, "AlphaBetaGammaDeltaEpsilon.") || strings.ContainsRune(text, '\u25a1') {
		t.Errorf("print: %q", text)
	}
	for _, w := range warnings {
		if strings.Contains(w.Msg, "placeholder") {
			t.Errorf("print warns of a box: %v", w)
		}
	}
}

// TestRobustWarningsNameAFile: every warning, from the book or from
// print, names a file (the manifest, with its line, for its inline
// texts, part titles, glossary entries and labels).
func TestRobustWarningsNameAFile(t *testing.T) {
	// 🫨 (U+1FAE8) is in no font Sourcebook has or CI installs, so print warns about it.
	head := "title: T\nname: r\ndate: 2026-01-01\nsources: [LIB]\n"
	for name, m := range map[string]string{
		"inline introduction": head + "introduction: \"An introduction 🫨 <b>bold</b>.\"\nitems: [masoud-vorontsov-1989]\n",
		"part title":          head + "parts:\n  - title: \"Part 🫨\"\n    items:\n      - id: masoud-vorontsov-1989\n",
		"glossary entry":      head + "glossary: [{term: \"word 🫨\", definition: \"A definition 🫨.\"}]\nitems: [masoud-vorontsov-1989]\n",
		"label":               head + "items:\n  - id: masoud-vorontsov-1989\n    label: \"Label 🫨\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, warnings := buildReader(t, m, nil)
			if len(warnings) == 0 {
				t.Fatal("no warnings")
			}
			for _, w := range warnings {
				if !strings.HasSuffix(w.File, "reader.yaml") || strings.HasPrefix(w.Error(), ":") {
					t.Errorf("a warning names no file: %q", w.Error())
				}
			}
		})
	}
}
