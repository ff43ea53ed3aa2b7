package book

import (
	"strings"
	"testing"
)

// TestCharacterWarnings: U+FFFD (a character lost in a conversion),
// private-use characters and unassigned code points printed as boxes or
// nothing with no warning; each kind is now reported once per file, on
// the line of its first occurrence, with the count.
func TestCharacterWarnings(t *testing.T) {
	text := "Fine line.\nA lost \uFFFD character.\nA private \uE000 one and \uE001.\nAn unassigned \U0003FFFD.\nAnother \uFFFD.\n"
	ws := checkChars("letter.md", 10, text)
	want := []string{
		"letter.md:11: the replacement character U+FFFD (\uFFFD) stands for a character lost",
		"letter.md:12: the private-use character U+E000",
		"letter.md:13: the character U+3FFFD is not assigned in Unicode",
	}
	if len(ws) != len(want) {
		t.Fatalf("warnings %v", ws)
	}
	for i, w := range ws {
		if !strings.HasPrefix(w.Error(), want[i]) {
			t.Errorf("warning %q, want %q…", w.Error(), want[i])
		}
	}
	if !strings.Contains(ws[0].Msg, "(2 such characters in this file)") || !strings.Contains(ws[1].Msg, "(2 such characters") {
		t.Errorf("counts: %v", ws)
	}
	if ws := checkChars("letter.md", 1, "Français, Ελληνικά, Русский, 日本語, ☐ ☑ ↪ — “quotes”.\n"); len(ws) != 0 {
		t.Errorf("assigned characters reported: %v", ws)
	}
}
