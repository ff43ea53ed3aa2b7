package pdfua

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

//go:embed pdfjs-structure.mjs
var pdfjsScript []byte

// PDFJS is a file as pdf.js reads it: per page, the text of each
// marked-content sequence (by MCID), the text of artifacts and the text
// drawn outside both.
type PDFJS struct {
	Pages []struct {
		Tree      json.RawMessage   `json:"tree"`
		Content   map[string]string `json:"content"`
		Artifacts []string          `json:"artifacts"`
		Outside   []string          `json:"outside"`
	} `json:"pages"`
}

// ReadPDFJS reads a PDF with pdf.js installed under dir (npm's
// pdfjs-dist in dir/node_modules).
func ReadPDFJS(dir, path string) (*PDFJS, error) {
	tmp, err := os.MkdirTemp("", "pdfjs")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	script := filepath.Join(tmp, "read.mjs")
	if err := os.WriteFile(script, pdfjsScript, 0o644); err != nil {
		return nil, err
	}
	out, err := exec.Command("node", script, dir, path).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return nil, fmt.Errorf("pdf.js: %v: %s", err, ee.Stderr)
		}
		return nil, fmt.Errorf("pdf.js: %w", err)
	}
	var r PDFJS
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("pdf.js output: %w", err)
	}
	return &r, nil
}

// TreeText is the text of the structure in tree order (Report.Order),
// each sequence's text as pdf.js reads it, an element's ActualText in
// place of its content; skip leaves out elements of some types.
func TreeText(r *Report, js *PDFJS, skip ...string) string {
	pageIndex := map[int]int{}
	for i, n := range r.Pages {
		pageIndex[n] = i
	}
	var b strings.Builder
	for _, it := range r.Order {
		if contains(skip, it.Type) {
			continue
		}
		if it.MCID < 0 {
			b.WriteString(it.Actual)
			b.WriteByte(' ')
			continue
		}
		pi, ok := pageIndex[it.Page]
		if !ok || pi >= len(js.Pages) {
			continue
		}
		t := js.Pages[pi].Content["p"+strconv.Itoa(it.Page)+"R_mc"+strconv.Itoa(it.MCID)]
		b.WriteString(strings.TrimSpace(t))
		b.WriteByte(' ')
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
