// Package testtool finds the external validators that tests run
// (EPUBCheck, qpdf, poppler's pdftotext and pdffonts). Outside CI a
// missing tool skips the test; with CI=true it fails it, so that a
// conformance check can never pass by not running.
package testtool

import (
	"os"
	"os/exec"
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
