package publish

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts/internal/testtool"
)

// withQuestions rewrites a reader's items with questions at every stage,
// long answers and teaching notes, and timings: what used to push the
// teacher edition's pages away from the students'.
func withQuestions(t *testing.T, manifest string) string {
	t.Helper()
	b, err := book.Load(manifest, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var m strings.Builder
	m.WriteString("title: Cold War Speeches\neditors: [Test Editor]\nlanguage: en\ndate: 2026-01-01\nname: speeches\nsources: [" + filepath.Join(filepath.Dir(manifest), "sources") + "]\nitems:\n")
	answer := strings.Repeat("The speaker appeals to shared values and to fear of the alternative. ", 12)
	for _, it := range b.Items {
		fmt.Fprintf(&m, "  - id: %s\n    time: 45 min\n    questions:\n", it.Source.ID)
		for k, stage := range []string{"before", "during", "during", "after", "after"} {
			fmt.Fprintf(&m, "      - text: Question %d about this speech?\n        stage: %s\n        time: %d min\n        answer: |\n          %s\n\n          Teaching note: ask pairs first.\n", k+1, stage, 5+k, answer)
			if stage == "during" {
				fmt.Fprintf(&m, "        paragraph: %d\n", k+1)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "reader.yaml")
	if err := os.WriteFile(p, []byte(m.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every student page's text stands on the same page of the teacher
// edition; the teacher's material follows in Teacher's Notes with page
// references, and the answer key holds the same notes on their own.
func TestTeacherEditionKeepsStudentPages(t *testing.T) {
	manifest := withQuestions(t, speechesReader(t))
	b, err := book.Load(manifest, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Build(b, Options{OutDir: dir, Formats: []Format{"pdf"}, AnswerKey: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(b, Options{OutDir: dir, Formats: []Format{"pdf"}, Edition: "teacher"}); err != nil {
		t.Fatal(err)
	}
	student, teacher := filepath.Join(dir, "speeches.pdf"), filepath.Join(dir, "speeches-teacher.pdf")
	n, _, _ := pdfInfo(t, student)
	tn, _, _ := pdfInfo(t, teacher)
	if tn <= n {
		t.Fatalf("teacher edition has %d pages, the student edition %d: no notes at the end", tn, n)
	}
	pdftotext := testtool.Need(t, "pdftotext")
	lines := func(path string, page int) []string {
		out, err := exec.Command(pdftotext, "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		var ls []string
		for _, l := range strings.Split(string(out), "\n") {
			if l = strings.TrimSpace(l); l != "" && l != "\f" {
				ls = append(ls, l)
			}
		}
		return ls
	}
	bad := 0
	for pg := 1; pg <= n; pg++ {
		tt := strings.Join(lines(teacher, pg), "\n")
		for _, l := range lines(student, pg) {
			// Each edition has its own identifier (the credits page).
			if strings.HasPrefix(l, "Identifier: urn:uuid:") {
				continue
			}
			if !strings.Contains(tt, l) {
				bad++
				if bad < 5 {
					t.Errorf("student page %d: %q is not on teacher page %d", pg, l, pg)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d student lines are not on the teacher edition's same page", bad)
	}
	// The notes: every question's answer, timing and page reference.
	notes := ""
	for pg := n + 1; pg <= tn; pg++ {
		notes += strings.Join(lines(teacher, pg), " ") + " "
	}
	key := ""
	kn, _, _ := pdfInfo(t, filepath.Join(dir, "speeches-answer-key.pdf"))
	for pg := 1; pg <= kn; pg++ {
		key += strings.Join(lines(filepath.Join(dir, "speeches-answer-key.pdf"), pg), " ") + " "
	}
	for name, text := range map[string]string{"teacher's notes": notes, "answer key": key} {
		if c := strings.Count(text, "Answer / teaching note"); c != 5*len(b.Items) {
			t.Errorf("%s: %d answers, want %d", name, c, 5*len(b.Items))
		}
		if c := strings.Count(text, "suggested time: 45 min"); c != len(b.Items) {
			t.Errorf("%s: %d document timings, want %d", name, c, len(b.Items))
		}
		if !strings.Contains(text, "(9 min)") || !strings.Contains(text, "(p. ") || !strings.Contains(text, "¶ 2") {
			t.Errorf("%s lacks timings or page and paragraph references: %.300s", name, text)
		}
	}
	// A during question's page reference is the page its paragraph is on
	// in the student edition.
	first := b.Items[0]
	pm := pageOfParagraph(t, student, first)
	if pm != "" && !strings.Contains(key, "(p. "+pm+", ¶ 2") {
		i := strings.Index(key, "Question 2")
		t.Errorf("answer key: question 2 of %s should point at p. %s, ¶ 2: %s", first.Label, pm, key[max(0, i-40):i+20])
	}
}

// pageOfParagraph finds the student page holding the item's second
// paragraph's first words.
func pageOfParagraph(t *testing.T, pdf string, it *book.Item) string {
	t.Helper()
	n, _, _ := pdfInfo(t, pdf)
	var words []string
	for _, bl := range it.Body {
		if bl.Number == 2 {
			for _, in := range bl.Inlines {
				words = append(words, strings.Fields(in.Text)...)
			}
			break
		}
	}
	if len(words) < 4 {
		return ""
	}
	probe := strings.Join(words[:4], "")
	// Page 1 is the first document's first page, which opens with its
	// before-reading questions.
	first, at := 0, 0
	for pg := 1; pg <= n && at == 0; pg++ {
		text := pageText(t, pdf, pg)
		if first == 0 && strings.Contains(text, "Question1aboutthisspeech?") {
			first = pg
		}
		if first > 0 && strings.Contains(text, probe) {
			at = pg
		}
	}
	if first > 0 && at > 0 {
		return strconv.Itoa(at - first + 1)
	}
	return ""
}

// The answer key repeats each anchored question's reference as the
// student edition prints it, with the page.
func TestAnswerKeyReferencesMatchStudentEdition(t *testing.T) {
	b, err := book.Load(exampleReader, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Build(b, Options{OutDir: dir, Formats: []Format{"pdf"}, AnswerKey: true}); err != nil {
		t.Fatal(err)
	}
	text := func(f string) string {
		out, err := exec.Command(testtool.Need(t, "pdftotext"), filepath.Join(dir, f), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	student, key := text(b.Name+".pdf"), text(b.Name+"-answer-key.pdf")
	refs := regexp.MustCompile(`\((¶ \d+, lines? \d+(–\d+)?)\) (\S+ \S+ \S+)`).FindAllStringSubmatch(student, -1)
	if len(refs) == 0 {
		t.Fatal("the example has no question with a line reference")
	}
	for _, r := range refs {
		if !regexp.MustCompile(`\(p\. \d+, ` + regexp.QuoteMeta(r[1]) + `\) ` + regexp.QuoteMeta(r[3])).MatchString(key) {
			t.Errorf("answer key lacks (p. N, %s) %s", r[1], r[3])
		}
	}
}
