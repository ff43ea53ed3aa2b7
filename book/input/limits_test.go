package input

import (
	"sourcebook/book/diag"
	"strings"
	"testing"
)

func TestRobustMessagesFormat(t *testing.T) {
	for n, want := range map[int64]string{999: "999 bytes", 1500: "1.5 KB", 10 << 20: "10 MB", 12_897_485: "12.3 MB"} {
		if got := Megabytes(n); got != want {
			t.Errorf("Megabytes(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int64]string{5: "5", 5000: "5,000", 50_000_000: "50,000,000", 100: "100", 123456: "123,456"} {
		if got := diag.Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	// A size just over the limit is not shown as equal to it.
	if e := sizeError("f.md", 10<<20+1, 10<<20, "Limits.SourceBytes"); !strings.Contains(e.Msg, "10,485,761 bytes, more than the limit of 10,485,760 bytes") {
		t.Error(e.Msg)
	}
}
