// Package testtool finds the external validators that tests run
// (EPUBCheck, qpdf, poppler's pdftotext and pdffonts). Outside CI a
// missing tool skips the test; with CI=true it fails it, so that a
// conformance check can never pass by not running.
package testtool

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// EPUBCheckJar is where Debian's epubcheck package installs the jar.
const EPUBCheckJar = "/usr/share/java/epubcheck.jar"

func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI but not installed", what)
	}
	t.Skipf("%s not installed", what)
}

// Need returns the path of a command, or skips (fails in CI).
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name)
	}
	return p
}

// NeedEPUBCheck returns the java binary and the jar, or skips (fails in CI).
func NeedEPUBCheck(t testing.TB) (java, jar string) {
	t.Helper()
	java = Need(t, "java")
	if _, err := os.Stat(EPUBCheckJar); err != nil {
		missing(t, "EPUBCheck ("+EPUBCheckJar+")")
	}
	return java, EPUBCheckJar
}

// EPUBCheck validates the EPUB at path and fails the test on any fatal
// error, error or warning.
func EPUBCheck(t testing.TB, path string) {
	t.Helper()
	java, jar := NeedEPUBCheck(t)
	report := filepath.Join(t.TempDir(), "epubcheck.json")
	out, err := exec.Command(java, "-jar", jar, path, "--json", report).CombinedOutput()
	data, rerr := os.ReadFile(report)
	if rerr != nil {
		t.Fatalf("EPUBCheck wrote no report (%v): %v\n%s", rerr, err, out)
	}
	var r struct {
		Messages []struct {
			ID        string `json:"ID"`
			Severity  string `json:"severity"`
			Message   string `json:"message"`
			Locations []struct {
				Path string `json:"path"`
				Line int    `json:"line"`
			} `json:"locations"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("cannot read EPUBCheck's report: %v", err)
	}
	for _, m := range r.Messages {
		switch m.Severity {
		case "FATAL", "ERROR", "WARNING":
			t.Errorf("EPUBCheck %s %s: %s %v", m.Severity, m.ID, m.Message, m.Locations)
		}
	}
}

// aceLocations are where CI installs Ace by DAISY (npm --prefix).
var aceLocations = []string{"/opt/ace/node_modules/.bin/ace-puppeteer", "/tmp/ace/node_modules/.bin/ace-puppeteer"}

// Ace checks the EPUB at path with Ace by DAISY and fails the test on any
// violation, whatever its impact.
func Ace(t testing.TB, path string) {
	t.Helper()
	bin, err := exec.LookPath("ace-puppeteer")
	if err != nil {
		for _, l := range aceLocations {
			if _, err := os.Stat(l); err == nil {
				bin = l
				break
			}
		}
	}
	if bin == "" {
		missing(t, "Ace by DAISY (npm install --ignore-scripts @daisy/ace@1.4.6)")
	}
	chromium := os.Getenv("PUPPETEER_EXECUTABLE_PATH")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		missing(t, "Chromium for Ace ("+chromium+")")
	}
	outDir := filepath.Join(t.TempDir(), "ace")
	cmd := exec.Command(bin, "-f", "-s", "-o", outDir, path)
	cmd.Env = append(os.Environ(), "PUPPETEER_EXECUTABLE_PATH="+chromium)
	out, err := cmd.CombinedOutput()
	data, rerr := os.ReadFile(filepath.Join(outDir, "report.json"))
	if rerr != nil {
		t.Fatalf("Ace wrote no report (%v): %v\n%s", rerr, err, out)
	}
	var r struct {
		Result struct {
			Outcome string `json:"earl:outcome"`
		} `json:"earl:result"`
		Assertions []struct {
			Assertions []struct {
				Test struct {
					Title  string `json:"dct:title"`
					Impact string `json:"earl:impact"`
				} `json:"earl:test"`
				Result struct {
					Outcome     string `json:"earl:outcome"`
					Description string `json:"dct:description"`
				} `json:"earl:result"`
			} `json:"assertions"`
		} `json:"assertions"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("cannot read Ace's report: %v", err)
	}
	for _, doc := range r.Assertions {
		for _, a := range doc.Assertions {
			if a.Result.Outcome == "fail" {
				t.Errorf("Ace violation (%s) %s: %s", a.Test.Impact, a.Test.Title, a.Result.Description)
			}
		}
	}
	if r.Result.Outcome != "pass" {
		t.Errorf("Ace outcome %q", r.Result.Outcome)
	}
}

// NeedPDFJS returns the folder where npm installed pdfjs-dist
// ($PDFJS_DIR, or /opt/pdfjs as .ci/run does), or skips (fails in CI).
func NeedPDFJS(t testing.TB) string {
	t.Helper()
	Need(t, "node")
	dir := os.Getenv("PDFJS_DIR")
	if dir == "" {
		dir = "/opt/pdfjs"
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules/pdfjs-dist/legacy/build/pdf.mjs")); err != nil {
		missing(t, "pdf.js (npm pdfjs-dist in "+dir+")")
	}
	return dir
}
