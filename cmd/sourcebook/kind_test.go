package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// "sourcebook build FOLDER" and "check FOLDER" find the folder's
// reader.yaml; flag values are accepted in any case.
func TestBuildFolderAndFlagCase(t *testing.T) {
	p := writeReader(t, "title: T\nitems: [test-letter]\n")
	dir := filepath.Dir(p)
	if code, _, errs := sb(t, "check", dir); code != 0 {
		t.Fatalf("check FOLDER: exit %d: %s", code, errs)
	}
	out := t.TempDir()
	code, _, errs := sb(t, "build", dir, "-o", out, "--format", "PDF", "--page-size", "A4", "--edition", "Student")
	if code != 0 {
		t.Fatalf("build FOLDER --format PDF --page-size A4: exit %d: %s", code, errs)
	}
	pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(pdfs) != 1 {
		t.Fatalf("want one PDF, got %v", pdfs)
	}
	info := pdfinfo(t, pdfs[0])
	if info == "" {
		t.Skip("pdfinfo not installed")
	}
	if !regexpA4.MatchString(info) {
		t.Errorf("--page-size A4 did not give A4 pages: %s", info)
	}
	if _, err := os.Stat(filepath.Join(out, "reader.epub")); err == nil {
		t.Error("--format PDF wrote an EPUB")
	}
}

var regexpA4 = regexp.MustCompile(`Page size:\s+595(\.\d+)? x 841(\.\d+)? pts`)

func pdfinfo(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		return ""
	}
	return string(out)
}
