package book

import (
	"fmt"
	"strings"
	"testing"

	"sourcebook/book/markup"
)

const numberedLetter = `---
id: test-letter
title: A Test Letter
date: 1989-09-02
type: letter
rights:
  status: public-domain
%s---
Mister Vorontsov!

In reply to your letter of 31 July 1989 I want to say one thing.

II.

A second section, with Afghans and Afghans.

III.

A third section. Thank you.

Respectfully,

Ahmad Shah Masoud

 2 September 1989
`

func letterWith(front string) string { return strings.Replace(numberedLetter, "%s", front, 1) }

// numbered lists each top-level paragraph's number and text.
func numbered(it *Item) []string {
	var out []string
	for _, b := range it.Body {
		out = append(out, strings.TrimSpace(strings.Join([]string{itoaOr(b.Number), markup.BlocksText([]markup.Block{b})}, " ")))
	}
	return out
}

func itoaOr(n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%02d", n)
}

func loadOne(t *testing.T, manifest, source string) *Item {
	t.Helper()
	b, err := Load(writeReader(t, manifest, source), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b.Items[0]
}

// Section numerals, a closing, the signature under it and a date line
// are not counted; the date line loses its leading space.
func TestParagraphNumbersSkipNumeralsClosingsAndDates(t *testing.T) {
	it := loadOne(t, "title: T\nitems: [test-letter]\n", letterWith(""))
	got := numbered(it)
	want := []string{
		"01 Mister Vorontsov!",
		"02 In reply to your letter of 31 July 1989 I want to say one thing.",
		"- II.",
		"03 A second section, with Afghans and Afghans.",
		"- III.",
		"04 A third section. Thank you.",
		"- Respectfully,",
		"- Ahmad Shah Masoud",
		"- 2 September 1989",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	last := it.Body[len(it.Body)-1]
	if s := markup.PlainText(last.Inlines); s != "2 September 1989" {
		t.Errorf("the date line is %q, want no leading space", s)
	}
}

// A source can count a paragraph the rules leave out, and leave out one
// they count; a mark that matches nothing is an error naming the key.
func TestParagraphNumbersMarkedBySource(t *testing.T) {
	front := "paragraphs:\n  numbered: [\"Respectfully\"]\n  unnumbered: [\"Mister Vorontsov\"]\n"
	it := loadOne(t, "title: T\nitems: [test-letter]\n", letterWith(front))
	got := numbered(it)
	if got[0] != "- Mister Vorontsov!" || got[1] != "01 In reply to your letter of 31 July 1989 I want to say one thing." || got[6] != "04 Respectfully," {
		t.Errorf("marks not applied:\n%s", strings.Join(got, "\n"))
	}
	bad := "paragraphs:\n  unnumbered: [\"Dear Sir\"]\n"
	p := writeReader(t, "title: T\nitems: [test-letter]\n", letterWith(bad))
	msg := loadErr(t, p)
	if !strings.Contains(msg, "letter.md:8:") || !strings.Contains(msg, "paragraphs.unnumbered[1]") || !strings.Contains(msg, `"Dear Sir"`) {
		t.Errorf("message: %s", msg)
	}
}

// An excerpt is numbered as printed (no jump from 2 to 4); its ranges and
// a question's paragraph use the whole source's numbers; the closing
// stays with the last paragraph kept.
func TestExcerptNumberedAsPrinted(t *testing.T) {
	m := "title: T\nitems:\n  - id: test-letter\n    excerpt: [1-2, 4]\n    questions:\n      - text: Why?\n        paragraph: 4\n"
	it := loadOne(t, m, letterWith(""))
	var nums []int
	for _, b := range it.Body {
		if b.Number > 0 {
			nums = append(nums, b.Number)
		}
	}
	if len(nums) != 3 || nums[0] != 1 || nums[1] != 2 || nums[2] != 3 {
		t.Errorf("excerpt numbers %v, want [1 2 3]", nums)
	}
	text := markup.BlocksText(it.Body)
	if !strings.Contains(text, "[…]") || !strings.Contains(text, "Respectfully") || strings.Contains(text, "A second section") {
		t.Errorf("excerpt text:\n%s", text)
	}
	r := it.Questions[0].Ref
	if r == nil || r.Paragraph != 3 {
		t.Fatalf("question ref %+v, want the source's paragraph 4 printed as 3", r)
	}
	m = "title: T\nitems:\n  - id: test-letter\n    excerpt: [1-2, 4]\n    questions:\n      - text: Why?\n        paragraph: 3\n"
	p := writeReader(t, m, letterWith(""))
	if msg := loadErr(t, p); !strings.Contains(msg, "no paragraph 3 in the excerpt") {
		t.Errorf("message: %s", msg)
	}
}

// Sentences that begin like closings or mention a date stay numbered.
func TestParagraphNumbersKeepLookalikes(t *testing.T) {
	for _, text := range []string{
		"With respect to the second point, we agree.",
		"Yours is the task of building peace.",
		"On 2 September 1989 I wrote to you about the war and its end.",
		"II. The second point is the war.",
	} {
		if closingRE.MatchString(text) || dateLine(text) || sectionRE.MatchString(text) {
			t.Errorf("%q is taken for a closing, date or numeral", text)
		}
	}
	for _, text := range []string{"Respectfully,", "Yours sincerely,", "Sincerely yours", "I have the honour to be, Sir, your obedient servant", "With best regards,"} {
		if !closingRE.MatchString(text) {
			t.Errorf("%q is not taken for a closing", text)
		}
	}
	for _, text := range []string{"2 September 1989", "September 2, 1989", "Washington, D.C., January 4, 1980", "1989-09-02"} {
		if !dateLine(text) {
			t.Errorf("%q is not taken for a date line", text)
		}
	}
}

// Source.NumberedBlocks numbers the blocks as a reader's item does, so that
// the paragraphs an editor ticks are the ones `excerpt` keeps.
func TestSourceParagraphsMatchItem(t *testing.T) {
	it := loadOne(t, "title: T\nitems: [test-letter]\n", letterWith("paragraphs:\n  unnumbered: [\"Mister\"]\n"))
	ps, err := it.Source.NumberedBlocks()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(it.Body) {
		t.Fatalf("%d paragraphs, the item has %d blocks", len(ps), len(it.Body))
	}
	for i, p := range ps {
		if p.Number != it.Body[i].Number || p.Text != blockStart(&it.Body[i]) {
			t.Errorf("block %d: %+v, the item has %d %q", i+1, p, it.Body[i].Number, blockStart(&it.Body[i]))
		}
	}
	if ps[0].Number != 0 || ps[1].Number != 1 || ps[3].Number != 2 {
		t.Errorf("numbers: %+v", ps)
	}
}
