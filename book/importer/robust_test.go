package importer

import (
	"strings"
	"testing"
)

// TestRobustImportText: bytes that are not clean text are refused with
// the file and line, or cleaned as book.ParseSource would clean them.
func TestRobustImportText(t *testing.T) {
	for _, c := range []struct {
		name, data, err, body string
	}{
		{name: "a.txt", data: "First line.\nSecond \xff line.\n", err: "a.txt:2: the file is not valid UTF-8 text; save it as UTF-8 and import it again"},
		{name: "b.md", data: "One.\n\nTwo.\n\nThree \x00.\n", err: "b.md:5: the file contains a NUL byte; it is probably not a text file"},
		{name: "c.txt", data: "", err: "c.txt: the file is empty"},
		{name: "d.txt", data: "\ufeffA letter.\r\nWith CRLF lines.\r\n", body: "A letter.\nWith CRLF lines.\n"},
		{name: "e.txt", data: "Old Mac\rline endings.\r", body: "Old Mac\nline endings.\n"},
	} {
		rs, err := Import(c.name, []byte(c.data))
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s: error %v, want %s", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if body := rs[0].Source.Body; strings.ContainsAny(body, "\r\ufeff") || !strings.Contains(body, strings.TrimSpace(strings.Split(c.body, "\n")[0])) {
			t.Errorf("%s: body %q", c.name, body)
		}
	}
}
