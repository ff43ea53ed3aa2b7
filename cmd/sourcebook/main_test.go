package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const example = "../../examples/masoud-letter/reader.yaml"

func sb(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBuildExample(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := sb(t, "build", example, "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, f := range []string{"masoud-letter.epub", "masoud-letter.pdf"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	// Building again gives the same bytes.
	first, _ := os.ReadFile(filepath.Join(dir, "masoud-letter.epub"))
	firstPDF, _ := os.ReadFile(filepath.Join(dir, "masoud-letter.pdf"))
	if code, _, errs := sb(t, "build", example, "-o", dir, "-q"); code != 0 {
		t.Fatal(errs)
	}
	second, _ := os.ReadFile(filepath.Join(dir, "masoud-letter.epub"))
	secondPDF, _ := os.ReadFile(filepath.Join(dir, "masoud-letter.pdf"))
	if !bytes.Equal(first, second) || !bytes.Equal(firstPDF, secondPDF) {
		t.Error("two builds of the example differ")
	}
}

func TestFormatFlag(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := sb(t, "build", example, "-o", dir, "--format", "pdf", "-q"); code != 0 {
		t.Fatal(errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "masoud-letter.epub")); err == nil {
		t.Error("--format pdf wrote an EPUB")
	}
	if _, err := os.Stat(filepath.Join(dir, "masoud-letter.pdf")); err != nil {
		t.Error("--format pdf wrote no PDF")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"build", example, "--format", "docx"},
		{"build", example, "--frobnicate"},
		{"build", example, "--edition", "principal"},
		{"build", example, "--layout", "poster"},
		{"nonsense"},
	} {
		code, _, errs := sb(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errs)
		}
		if !strings.Contains(errs, "sourcebook:") {
			t.Errorf("%v: no message: %q", args, errs)
		}
	}
}

func TestInputErrorExit1(t *testing.T) {
	code, _, errs := sb(t, "build", filepath.Join(t.TempDir(), "missing.yaml"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errs, "missing.yaml: cannot read the reader manifest: no such file or directory") {
		t.Errorf("message: %q", errs)
	}
}

// A failed build leaves the last good files in place and no temporary
// files behind.
func TestFailedBuildKeepsLastGoodFiles(t *testing.T) {
	out := t.TempDir()
	src := t.TempDir()
	manifest := filepath.Join(src, "reader.yaml")
	good := "title: T\nname: r\nsources: [" + filepath.Join(wd(t), "..", "..", "sources") + "]\nitems: [masoud-vorontsov-1989]\n"
	if err := os.WriteFile(manifest, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := sb(t, "build", manifest, "-o", out, "-q"); code != 0 {
		t.Fatal(errs)
	}
	before, _ := os.ReadFile(filepath.Join(out, "r.pdf"))
	bad := strings.Replace(good, "masoud-vorontsov-1989", "no-such-document", 1)
	os.WriteFile(manifest, []byte(bad), 0o644)
	if code, _, _ := sb(t, "build", manifest, "-o", out, "-q"); code != 1 {
		t.Fatalf("broken build exit %d, want 1", code)
	}
	after, _ := os.ReadFile(filepath.Join(out, "r.pdf"))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed the last good PDF")
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func wd(t *testing.T) string {
	d, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return d
}
