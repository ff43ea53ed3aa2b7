package epub

import (
	"testing"

	"sourcebook/layouts/internal/testtool"
)

// epubcheck validates the EPUB at path and fails the test on any fatal
// error, error or warning (skipped without EPUBCheck, failed on CI).
func epubcheck(t *testing.T, path string) {
	t.Helper()
	testtool.EPUBCheck(t, path)
}
