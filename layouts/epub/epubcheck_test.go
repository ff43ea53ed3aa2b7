package epub

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const epubcheckJar = "/usr/share/java/epubcheck.jar"

// epubcheck validates the EPUB at path and fails the test on any fatal
// error, error or warning. Without Java or EPUBCheck it skips, except on
// CI (CI=true), where a missing validator is a failure.
func epubcheck(t *testing.T, path string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err == nil {
		_, err = os.Stat(epubcheckJar)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("EPUBCheck is needed on CI (apt-get install epubcheck): %v", err)
		}
		t.Skipf("EPUBCheck not available: %v", err)
	}
	report := filepath.Join(t.TempDir(), "report.json")
	out, err := exec.Command(java, "-jar", epubcheckJar, path, "--json", report).CombinedOutput()
	data, rerr := os.ReadFile(report)
	if rerr != nil {
		t.Fatalf("EPUBCheck wrote no report (%v): %v\n%s", rerr, err, out)
	}
	var r struct {
		Checker struct {
			CheckerVersion string `json:"checkerVersion"`
			NFatal         int    `json:"nFatal"`
			NError         int    `json:"nError"`
			NWarning       int    `json:"nWarning"`
		} `json:"checker"`
		Messages []struct {
			ID        string `json:"ID"`
			Severity  string `json:"severity"`
			Message   string `json:"message"`
			Locations []struct {
				Path   string `json:"path"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"locations"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("cannot read EPUBCheck's report: %v", err)
	}
	bad := 0
	for _, m := range r.Messages {
		switch m.Severity {
		case "FATAL", "ERROR", "WARNING":
			bad++
			var locs []string
			for _, l := range m.Locations {
				locs = append(locs, l.Path+":"+strconv.Itoa(l.Line)+":"+strconv.Itoa(l.Column))
			}
			t.Errorf("EPUBCheck %s %s: %s (%s)", m.Severity, m.ID, m.Message, strings.Join(locs, ", "))
		}
	}
	if bad == 0 && r.Checker.NFatal+r.Checker.NError+r.Checker.NWarning > 0 {
		t.Errorf("EPUBCheck counts %d fatal, %d errors, %d warnings", r.Checker.NFatal, r.Checker.NError, r.Checker.NWarning)
	}
	t.Logf("EPUBCheck %s: %d fatal, %d errors, %d warnings", r.Checker.CheckerVersion, r.Checker.NFatal, r.Checker.NError, r.Checker.NWarning)
}
