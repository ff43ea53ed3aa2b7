package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
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

// A folder import says which files it passed over and why, and asks for
// an address Cloudflare hid in a saved page.
func TestImportReportsSkippedAndHiddenEmail(t *testing.T) {
	in := t.TempDir()
	lib := filepath.Join(t.TempDir(), "sources")
	write(t, filepath.Join(in, "testland.txt"), transcript+"\nWrite to [email protected] for copies.\n")
	write(t, filepath.Join(in, "truman-speech"), transcript)
	write(t, filepath.Join(in, ".notes.txt"), transcript)
	write(t, filepath.Join(in, "README.md"), "# My speeches\n")
	_, out, _ := sb(t, "import", in, "-o", lib)
	for _, want := range []string{
		"passed over  " + filepath.Join(in, "truman-speech") + ": only .txt, .md, .markdown, .html and .htm files are imported from a folder",
		"passed over  " + filepath.Join(in, ".notes.txt") + ": a hidden file",
		"passed over  " + filepath.Join(in, "README.md") + ": a README describes the folder",
		"check: the web page hid an e-mail address behind Cloudflare's e-mail protection, so the text says “[email protected]” where the address was; restore the address",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The source's text is kept as it was: the teacher restores it.
	data := read(t, filepath.Join(lib, "public-situation-testland-1947.md"))
	if !strings.Contains(data, "[email protected]") {
		t.Error("the placeholder was changed")
	}
}

func TestOnlyNeedsHandouts(t *testing.T) {
	p := writeReader(t, "title: T\nitems: [test-letter]\n")
	if code, _, errs := sb(t, "build", filepath.Dir(p), "-o", t.TempDir(), "--only", "test-letter"); code != 2 || !strings.Contains(errs, "add --handouts") {
		t.Errorf("--only without --handouts: exit %d, %q", code, errs)
	}
}
