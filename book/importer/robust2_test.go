package importer

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRobustImportDevicesAndPipes: a device or a named pipe is refused
// without being opened (opening a pipe with no writer blocks forever;
// /dev/zero never ends).
func TestRobustImportDevicesAndPipes(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "pipe.txt")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, p := range []string{pipe, "/dev/zero", "/dev/urandom"} {
		done := make(chan []error, 1)
		go func() {
			_, errs := ImportPaths([]string{p})
			done <- errs
		}()
		select {
		case errs := <-done:
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), "not a regular file") {
				t.Errorf("%s: %v", p, errs)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: import blocked", p)
		}
	}
}

// TestRobustImportSizeCap: a file over the import cap is refused from its
// size, naming the cap; a document whose text would be over the cap a
// build reads is refused rather than written.
func TestRobustImportSizeCap(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, _ := os.Create(big)
	f.Truncate(21 << 20)
	f.Close()
	_, errs := ImportPaths([]string{big})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "Limits.SourceBytes") {
		t.Errorf("21 MB file: %v", errs)
	}
	long := filepath.Join(dir, "long.txt")
	os.WriteFile(long, []byte("Title: Long\nDate: 1989-09-02\n\n"+strings.Repeat("word ", 11<<20/5)+"\n"), 0o644)
	rs, errs := ImportPaths([]string{long})
	if len(rs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "Limits.SourceBytes") {
		t.Errorf("11 MB of text: %d results, %v", len(rs), errs)
	}
}

// TestRobustWilsonRuleAndDoctype: a rule under the page's chrome is not
// the title, and an HTML page's DOCTYPE with an internal subset leaves
// nothing of itself in the text.
func TestRobustWilsonRuleAndDoctype(t *testing.T) {
	capture := "Skip to content\n\n---\n\n2 September 1989\n\nLetter from Ahmad Shah Masoud to Envoy Yuli Vorontsov\n\nMister Vorontsov!\n\nThe text.\n\nSummary.\n\nDocument Information\n\nCitation, p. 1.\n\nThe History and Public Policy Program welcomes reuse.\n\nRecord ID\n\nX\n"
	r := importOne(t, "w.txt", []byte(capture))
	if r.Source.Title != "Letter from Ahmad Shah Masoud to Envoy Yuli Vorontsov" {
		t.Errorf("title %q", r.Source.Title)
	}
	page := "<!DOCTYPE html [\n<!ENTITY x \"y\">\n]>\n<html><head><title>A Letter</title></head><body><h1>A Letter</h1><p>The text of the letter.</p></body></html>\n"
	r = importOne(t, "p.html", []byte(page))
	if strings.Contains(r.Source.Body, "]>") || !strings.Contains(r.Source.Body, "The text of the letter.") {
		t.Errorf("body %q", r.Source.Body)
	}
}
