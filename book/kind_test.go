package book

import (
	"fmt"
	"strings"
	"testing"
)

const wallSource = `---
id: test-letter
title: A Test Letter
date: 1987-06-12
type: speech
rights:
  status: public-domain
---
We welcome change and openness.

Mr. Gorbachev, tear down this wall! It’s time — the world’s waiting.

Thank you and God bless you.
`

// Anchors that differ only in capitals, apostrophes, dashes or spacing
// get the source's exact text back, and say what differs.
func TestAnchorDidYouMean(t *testing.T) {
	cases := []struct{ anchor, exact, why string }{
		{"tear down this Wall", "tear down this wall", "capital letters"},
		{"It's time", "It’s time", "quotation marks or apostrophes (the source has ’ (curly apostrophe), the manifest ' (straight apostrophe))"},
		{"time - the world", "time — the world", "dashes (the source has — (em dash), the manifest - (hyphen))"},
		{"tear  down this wall", "tear down this wall", "spacing"},
	}
	for _, c := range cases {
		m := "title: T\nitems:\n  - id: test-letter\n    questions:\n      - text: Why?\n        stage: during\n        anchor: " + yamlQuote(c.anchor) + "\n"
		got := loadErr(t, writeReader(t, m, wallSource))
		if !strings.HasPrefix(got, "DIR/reader.yaml:7:17: ") {
			t.Errorf("%q: not located at the anchor's value: %s", c.anchor, got)
		}
		if !strings.Contains(got, fmt.Sprintf("Did you mean %q", c.exact)) || !strings.Contains(got, "differ in "+c.why) {
			t.Errorf("%q:\n got %s\nwant did you mean %q, differ in %s", c.anchor, got, c.exact, c.why)
		}
	}
}

func yamlQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// An anchor in a paragraph the excerpt leaves out names the paragraph and
// says to widen the excerpt.
func TestAnchorOutsideExcerpt(t *testing.T) {
	m := "title: T\nitems:\n  - id: test-letter\n    excerpt: [1, 3]\n    questions:\n      - text: Why?\n        stage: during\n        anchor: tear down this wall\n"
	got := loadErr(t, writeReader(t, m, wallSource))
	if !strings.Contains(got, `the phrase "tear down this wall" is in paragraph 2 of test-letter, which the excerpt leaves out; widen the excerpt to include paragraph 2`) {
		t.Errorf("got %s", got)
	}
}

func TestSlashDatesExplained(t *testing.T) {
	for in, want := range map[string]string{
		"01/12/2026": `"01/12/2026" could be month/day/year (2026-01-12) or day/month/year (2026-12-01); write the one you mean as YYYY-MM-DD`,
		"13/01/2026": `"13/01/2026" is written day/month/year; write it as YYYY-MM-DD: 2026-01-13`,
		"01/31/2026": `"01/31/2026" is written month/day/year; write it as YYYY-MM-DD: 2026-01-31`,
		"1989/09/02": `"1989/09/02" is written with slashes; write it with hyphens: 1989-09-02 (YYYY-MM-DD)`,
	} {
		_, err := ParseDate(in)
		if err == nil || err.Error() != want {
			t.Errorf("%s:\n got %v\nwant %s", in, err, want)
		}
	}
	// Intervals keep working.
	if _, err := ParseDate("1989-09/1989-10"); err != nil {
		t.Error(err)
	}
}

// A far-off id typo lists the closest few ids of the library.
func TestFarOffIDSuggestions(t *testing.T) {
	p := writeReader(t, "title: T\nitems: [letter-of-masoud]\n", goodSource)
	got := loadErr(t, p)
	if !strings.Contains(got, `no source with id "letter-of-masoud" in the library (DIR/sources); the closest id is "test-letter"; `) {
		t.Errorf("got %s", got)
	}
}

// The YAML slips teachers make get plain words, the fix and a column.
func TestYAMLSlipsExplained(t *testing.T) {
	cases := []struct{ manifest, want string }{
		{"title: T\nitems:\n  - id: test-letter\n    headnote: **Kennedy** spoke\n",
			`DIR/reader.yaml:4:15: the value of headnote starts with "*", which YAML reads as a reference to something named elsewhere (Markdown bold or a list marker is not understood there); put the whole value in quotation marks: headnote: '**Kennedy** spoke'`},
		{"title: T\nitems:\n  - id: test-letter\n    annotations:\n      - anchor: \"Rio Treaty\" of 1947\n        note: x\n",
			`DIR/reader.yaml:5:17: the value of anchor starts with a quotation mark, so YAML reads "Rio Treaty" as the whole value and does not know what to do with the rest; put the whole value in quotation marks: anchor: '"Rio Treaty" of 1947' (single quotes around it keep the double ones)`},
		{"title: T\nitems:\n  - id: test-letter\n    headnote: The treaty: signed\n",
			`DIR/reader.yaml:4:25: the value of headnote has a colon followed by a space ("The treaty: "), which YAML reads as the start of another key; put the whole value in quotation marks: headnote: 'The treaty: signed'`},
		{"title: T\nitems:\n  - id: test-letter\n    headnote: &amp; more\n",
			`DIR/reader.yaml:4:15: the value of headnote starts with "&", which YAML reads as naming the value for later reference; put the whole value in quotation marks: headnote: '&amp; more'`},
		{"title: T\nitems:\n  id: test-letter\n",
			`DIR/reader.yaml:3: items: expected a list such as [A, B], found a mapping (key: value lines); write each entry on its own line starting with a dash and a space ("- id: …"), one more level in than the key`},
		{"title: T\nparts:\n  - title: P\n    labels: greek\n    items: [test-letter]\n",
			`DIR/reader.yaml:4:13: parts[1].labels: "greek" is not one of numbers, letters`},
	}
	for _, c := range cases {
		got := loadErr(t, writeReader(t, c.manifest, goodSource))
		if got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.manifest, got, c.want)
		}
	}
}
