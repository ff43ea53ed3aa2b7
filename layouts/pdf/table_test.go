package pdf

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts"
	"sourcebook/layouts/internal/testtool"
)

// tableCase sets a source in print and returns the PDF's words and the
// warnings.
func tableCase(t *testing.T, src string) (words map[string]int, warnings []string) {
	t.Helper()
	b := oneSource(t, src)
	p, _ := layouts.Get("reader", "letter")
	doc, err := Layout(b, p, Options{Warn: func(w *book.Warning) { warnings = append(warnings, w.Error()) }, keepLayout: true})
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, doc)
	out, err := exec.Command(testtool.Need(t, "pdftotext"), path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	words = map[string]int{}
	for _, w := range strings.Fields(string(out)) {
		words[w]++
	}
	return words, warnings
}

// TestTableWordsWhole: narrow columns used to break inside numbers and
// words without a hyphen ("7,209,666" printed as "7,20 / 9,66 / 6",
// "January" as "Jan / uary"). Every word and number must print whole;
// the type is made smaller, down to a floor, and beyond it the columns
// are split into several tables that repeat the first; a warning says
// which, on the table's line.
func TestTableWordsWhole(t *testing.T) {
	months := []string{"Region", "January", "February", "September", "November", "December", "Population", "Refugees", "Casualties", "Wounded", "Displaced", "Returned", "Resettled"}
	row := func(name string) string {
		cells := []string{name}
		for range months[1:] {
			cells = append(cells, "7,209,666")
		}
		return "| " + strings.Join(cells, " | ") + " |\n"
	}
	table := func(cols int) string {
		var s strings.Builder
		s.WriteString("| " + strings.Join(months[:cols], " | ") + " |\n|" + strings.Repeat("---|", cols) + "\n")
		for _, r := range []string{"Kabul", "Kandahar", "Herat"} {
			s.WriteString(strings.Join(strings.Split(row(r), " | ")[:cols], " | ") + " |\n")
		}
		return s.String()
	}
	for _, c := range []struct {
		name string
		cols int
		warn string
	}{
		{"fits", 4, ""},
		{"smaller type", 9, "is set in"},
		{"split", 13, "tables, each repeating the first column"},
	} {
		t.Run(c.name, func(t *testing.T) {
			words, warnings := tableCase(t, table(c.cols))
			for _, w := range months[:c.cols] {
				if words[w] == 0 {
					t.Errorf("%q is not printed whole", w)
				}
			}
			if n := words["7,209,666"]; n != 3*(c.cols-1) {
				t.Errorf("7,209,666 printed whole %d times, want %d", n, 3*(c.cols-1))
			}
			if c.name == "split" && (words["Kabul"] < 2 || len(warnings) == 1 && !strings.Contains(warnings[0], fmt.Sprintf("split into %d tables", words["Kabul"]))) {
				t.Errorf("the first column is printed %d times, want once per part (%v)", words["Kabul"], warnings)
			}
			if c.warn == "" {
				if len(warnings) > 0 {
					t.Errorf("warnings: %v", warnings)
				}
				return
			}
			if len(warnings) != 1 || !strings.Contains(warnings[0], c.warn) || !strings.HasPrefix(warnings[0], "s.md:8: ") {
				t.Errorf("warnings %v, want one on s.md:8 saying %q", warnings, c.warn)
			}
		})
	}
	// Forty-five columns: split into parts, every cell printed.
	var s strings.Builder
	s.WriteString("|")
	for c := 1; c <= 45; c++ {
		fmt.Fprintf(&s, " Column%d |", c)
	}
	s.WriteString("\n|" + strings.Repeat("---|", 45) + "\n|" + strings.Repeat(" 1989 |", 45) + "\n")
	words, warnings := tableCase(t, s.String())
	for c := 1; c <= 45; c++ {
		if words[fmt.Sprintf("Column%d", c)] == 0 {
			t.Errorf("Column%d is not printed whole", c)
		}
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "split into") {
		t.Errorf("warnings %v", warnings)
	}
}
