package book

import (
	"os"
	"strings"
	"testing"

	"sourcebook/book/markup"
)

func TestWordCount(t *testing.T) {
	for text, want := range map[string]int{
		"":                                 0,
		"Mister Vorontsov!":                2,
		"more than 1,500,000 citizens":     4,
		"the freedom-loving Muslim people": 4,
		"war — and peace § 3":              4,
		"line one\nline two\n\n":           4,
	} {
		if got := WordCount(text); got != want {
			t.Errorf("WordCount(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestReadingMinutes(t *testing.T) {
	for words, want := range map[int]int{0: 1, 1: 1, 200: 1, 201: 2, 599: 3, 600: 3, 601: 4} {
		if got := ReadingMinutes(words); got != want {
			t.Errorf("ReadingMinutes(%d) = %d, want %d", words, got, want)
		}
	}
}

// Dictionary syllable counts; the heuristic must get nearly all right.
func TestSyllables(t *testing.T) {
	words := map[string]int{
		"the": 1, "cat": 1, "table": 2, "people": 2, "make": 1, "makes": 1, "jumped": 1, "wanted": 2,
		"places": 2, "boxes": 2, "Afghanistan": 4, "Soviet": 3, "government": 3, "responsibility": 6,
		"history": 3, "beautiful": 3, "education": 4, "refugees": 3, "considerable": 5, "economic": 4,
		"military": 4, "defeat": 2, "shame": 1, "mountains": 2, "leadership": 3, "admission": 3,
		"mistakes": 2, "expected": 3, "attention": 3, "continuation": 5, "similar": 3, "restored": 2,
		"country": 2, "analysis": 4, "during": 2, "position": 3, "revolution": 4, "majority": 4,
		"aircraft": 2, "superpower": 4, "several": 3, "impossible": 4, "completely": 3,
		"implementation": 5, "aspirations": 4, "political": 4, "arena": 3, "witnesses": 3,
		"intensification": 6, "respectfully": 4, "little": 2, "happy": 2, "water": 2, "every": 3,
		"notwithstanding": 4, "agreement": 3, "indemnify": 4, "obligations": 4, "reasonable": 4,
		"applicable": 4, "pursuant": 3, "create": 2, "created": 3, "area": 3, "idea": 3, "quiet": 2,
		"video": 3, "poem": 2, "being": 2, "going": 2, "used": 1, "lived": 1, "seemed": 1, "fire": 1,
		"different": 3, "Wednesday": 2, "business": 2, "science": 2, "1989": 1,
	}
	ok := 0
	for w, n := range words {
		if got := Syllables(w); got == n {
			ok++
		} else {
			t.Logf("Syllables(%q) = %d, dictionary %d", w, got, n)
		}
	}
	if rate := float64(ok) / float64(len(words)); rate < 0.9 {
		t.Errorf("%d of %d words right (%.0f%%), want at least 90%%", ok, len(words), 100*rate)
	}
}

func TestSentences(t *testing.T) {
	for text, want := range map[string]int{
		"One. Two! Three?":                           3,
		"Mr. Smith met Dr. Jones in the U.S. today.": 1,
		"A. A. Lyakhovskiy wrote it in 1999.":        1,
		"He said \"Stop.\" Then he left.":            2,
		"Mister Vorontsov!\nIn reply to your letter": 2,
		"A heading\nThe text follows. It ends.":      3,
	} {
		if got := countSentences(text); got != want {
			t.Errorf("countSentences(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestFleschKincaidGrade(t *testing.T) {
	children := `The cat sat on the mat. The dog ran to the cat. I see a red ball.
We like to play. Sam has a big hat. It is fun to run in the sun.`
	legal := `Notwithstanding any other provision of this Agreement, the indemnifying
party shall, to the maximum extent permissible under applicable law, indemnify,
defend and hold harmless the indemnified party and its respective officers,
directors, employees, representatives and agents from and against any and all
liabilities, obligations, damages, penalties, judgments, settlements, costs and
expenses, including reasonable attorneys' fees, arising out of or relating to any
breach of the representations, warranties or covenants contained herein.`
	// Published Flesch–Kincaid grades of the Gettysburg Address are about
	// 11 (its 10 sentences are long, its words short).
	gettysburg := `Four score and seven years ago our fathers brought forth on this continent, a new nation, conceived in Liberty, and dedicated to the proposition that all men are created equal.
Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived and so dedicated, can long endure. We are met on a great battle-field of that war. We have come to dedicate a portion of that field, as a final resting place for those who here gave their lives that that nation might live. It is altogether fitting and proper that we should do this.
But, in a larger sense, we can not dedicate -- we can not consecrate -- we can not hallow -- this ground. The brave men, living and dead, who struggled here, have consecrated it, far above our poor power to add or detract. The world will little note, nor long remember what we say here, but it can never forget what they did here. It is for us the living, rather, to be dedicated here to the unfinished work which they who fought here have thus far so nobly advanced. It is rather for us to be here dedicated to the great task remaining before us -- that from these honored dead we take increased devotion to that cause for which they gave the last full measure of devotion -- that we here highly resolve that these dead shall not have died in vain -- that this nation, under God, shall have a new birth of freedom -- and that government of the people, by the people, for the people, shall not perish from the earth.`
	if g := FleschKincaidGrade(children); g >= 3 {
		t.Errorf("children's sentences: grade %.1f, want < 3", g)
	}
	if g := FleschKincaidGrade(legal); g <= 12 {
		t.Errorf("legal paragraph: grade %.1f, want > 12", g)
	}
	if g := FleschKincaidGrade(gettysburg); g < 9 || g > 13 {
		t.Errorf("Gettysburg Address: grade %.1f, want about 11", g)
	}
	if g := FleschKincaidGrade(""); g != 0 {
		t.Errorf("empty text: grade %.1f, want 0", g)
	}
}

// The bundled letter, measured as the catalogue measures it.
func TestMetricsOfBundledLetter(t *testing.T) {
	s, err := ReadSource("../sources/masoud-vorontsov-1989.md")
	if err != nil {
		t.Fatal(err)
	}
	text := markup.BlocksText(markup.Parse([]byte(s.Body), markup.Options{}).Blocks)
	words := WordCount(text)
	// Counted by hand with `wc -w` on the text below the front matter.
	raw, _ := os.ReadFile("../sources/masoud-vorontsov-1989.md")
	_, body, _, _ := splitFrontMatter(raw)
	if want := len(strings.Fields(string(body))); words != want {
		t.Errorf("words = %d, wc -w gives %d", words, want)
	}
	if m := ReadingMinutes(words); m != 3 {
		t.Errorf("reading minutes = %d, want 3 for %d words", m, words)
	}
	if g := FleschKincaidGrade(text); g < 12 || g > 25 {
		t.Errorf("grade %.1f; the letter's long sentences should put it beyond grade 12", g)
	}
}
