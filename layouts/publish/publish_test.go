package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sourcebook/book"
)

func TestHandouts(t *testing.T) {
	b, err := book.Load("../../examples/masoud-letter/reader.yaml", book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, err := Build(b, Options{OutDir: dir, Formats: []Format{"pdf"}, Handouts: true})
	if err != nil {
		t.Fatal(err)
	}
	var handouts []string
	for _, f := range res.Files {
		if strings.Contains(f, "-handout-") {
			handouts = append(handouts, f)
		}
	}
	if len(handouts) != len(b.Items) {
		t.Fatalf("handouts %v for %d items", handouts, len(b.Items))
	}
	for _, h := range handouts {
		if st, err := os.Stat(h); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", h, err)
		}
	}
	// Named by label and title.
	if m, _ := filepath.Glob(filepath.Join(dir, "masoud-letter-handout-1-*.pdf")); len(m) != 1 {
		t.Errorf("handout files %v, want masoud-letter-handout-1-TITLE.pdf", handouts)
	}
}
