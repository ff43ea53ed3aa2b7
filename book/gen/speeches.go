package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"sourcebook/book"
	"sourcebook/book/importer"
)

// Speeches describes a reader made of real text: the speeches of a
// corpus folder (read where it is, never copied into the repository),
// imported as a teacher would import them. With Documents at most the
// corpus's size, the speeches are used as they are, without apparatus.
// With more, the speeches are repeated (each copy a source of its own,
// with the same words) and every document gets apparatus that varies
// from copy to copy: headnotes of different lengths, questions with and
// without anchors and answers, vocabulary, annotations, excerpts, and
// parts of varying size with introductions and questions, so that no two
// copies are set alike.
type Speeches struct {
	Corpus    string // the folder of speeches
	Documents int    // documents in the reader (0: the corpus once, as it is)
	Seed      uint64
}

// glossaryTerms are defined once for the book; each is marked where it
// first appears in a document.
var glossaryTerms = [][2]string{
	{"Soviet Union", "The Union of Soviet Socialist Republics (1922–1991)."},
	{"Congress", "The legislature of the United States: the Senate and the House of Representatives."},
	{"NATO", "The North Atlantic Treaty Organization, the Western alliance founded in 1949."},
	{"Berlin", "The former German capital, divided between East and West from 1945 to 1990."},
	{"nuclear", "Of the energy released by splitting or fusing atomic nuclei; here, of weapons."},
	{"Communist", "Of the parties and states that followed Marxism–Leninism."},
}

var plainWord = regexp.MustCompile(`^[A-Za-z]{3,}$`)

// Write imports the corpus into dir/sources, writes the copies and
// dir/reader.yaml, and returns the manifest's path.
func (s Speeches) Write(dir string) (string, error) {
	rs, errs := importer.ImportPaths([]string{s.Corpus})
	if len(errs) > 0 {
		return "", errs[0]
	}
	if len(rs) == 0 {
		return "", fmt.Errorf("no speeches in %s", s.Corpus)
	}
	n := s.Documents
	if n <= 0 {
		n = len(rs)
	}
	plain := n <= len(rs)
	rng := rand.New(rand.NewPCG(s.Seed, 7))
	var out []importer.Result
	var m strings.Builder
	fmt.Fprintf(&m, "title: Cold War Speeches\nsubtitle: %d Documents\neditors: [Benchmark]\ndate: 2026-01-01\nname: speeches-%d\n", n, n)
	if plain {
		m.WriteString("items:\n")
		for _, r := range rs[:n] {
			out = append(out, r)
			fmt.Fprintf(&m, "  - %s\n", r.Source.ID)
		}
	} else {
		m.WriteString("timeline: true\nglossary:\n")
		for _, g := range glossaryTerms {
			fmt.Fprintf(&m, "  - term: %q\n    definition: %q\n", g[0], g[1])
		}
		fmt.Fprintf(&m, "introduction: |\n  %s\nparts:\n", sentence(rng, 80+rng.IntN(80)))
		left := 0
		for d := 0; d < n; d++ {
			if left == 0 {
				left = 6 + rng.IntN(15)
				fmt.Fprintf(&m, "  - title: %q\n    introduction: %q\n", strings.TrimSuffix(sentence(rng, 3), "."), sentence(rng, 30+rng.IntN(90)))
				if rng.IntN(2) == 0 {
					fmt.Fprintf(&m, "    question: %q\n", strings.TrimSuffix(sentence(rng, 16), ".")+"?")
				}
				m.WriteString("    items:\n")
			}
			left--
			orig := rs[d%len(rs)].Source
			src := *orig
			src.ID = fmt.Sprintf("%s-%d", orig.ID, d/len(rs)+1)
			out = append(out, importer.Result{Source: &src})
			item(&m, rng, &src)
		}
	}
	if _, err := importer.WriteAll(filepath.Join(dir, "sources"), out, true); err != nil {
		return "", err
	}
	p := filepath.Join(dir, "reader.yaml")
	return p, os.WriteFile(p, []byte(m.String()), 0o644)
}

// item writes one document's manifest entry with varied apparatus.
func item(m *strings.Builder, rng *rand.Rand, src *book.Source) {
	paras := strings.Split(strings.TrimSpace(src.Body), "\n\n")
	// An excerpt in one document of four: the first half and a few
	// paragraphs after a gap (fewer paragraphs are numbered than there
	// are blocks: a salutation, say). Anchors are chosen from the
	// paragraphs kept, after the first.
	keep := len(paras)
	fmt.Fprintf(m, "      - id: %s\n", src.ID)
	if len(paras) > 20 && rng.IntN(4) == 0 {
		keep = len(paras) / 2
		fmt.Fprintf(m, "        excerpt: [1-%d, %d-%d]\n", keep, keep+2, len(paras)*3/5)
	}
	if len(paras) > 1 {
		paras, keep = paras[1:], keep-1
	}
	fmt.Fprintf(m, "        headnote: %q\n", sentence(rng, 30+rng.IntN(150)))
	if rng.IntN(3) > 0 {
		fmt.Fprintf(m, "        time: %d min\n", 10+5*rng.IntN(8))
	}
	body := strings.Join(paras, "\n\n")
	used := map[string]bool{}
	var vocab, notes []string
	for i, k := 0, rng.IntN(4); i < k; i++ {
		if w := longWord(rng, paras[:keep], used); w != "" {
			vocab = append(vocab, fmt.Sprintf("          - term: %s\n            definition: %q\n", w, strings.TrimSuffix(sentence(rng, 4+rng.IntN(8)), ".")))
		}
	}
	for i, k := 0, rng.IntN(3); i < k; i++ {
		if a := phrase(rng, paras[:keep], body, used); a != "" {
			notes = append(notes, fmt.Sprintf("          - anchor: %s\n            note: %q\n", a, sentence(rng, 15+rng.IntN(40))))
		}
	}
	if len(vocab) > 0 {
		m.WriteString("        vocabulary:\n" + strings.Join(vocab, ""))
	}
	if len(notes) > 0 {
		m.WriteString("        annotations:\n" + strings.Join(notes, ""))
	}
	m.WriteString("        questions:\n")
	stages := []string{"before", "during", "after"}
	for i, k := 0, 1+rng.IntN(5); i < k; i++ {
		fmt.Fprintf(m, "          - text: %q\n            stage: %s\n", strings.TrimSuffix(sentence(rng, 10+rng.IntN(25)), ".")+"?", stages[rng.IntN(3)])
		if rng.IntN(2) == 0 {
			fmt.Fprintf(m, "            answer: %q\n", sentence(rng, 20+rng.IntN(40)))
		}
		if rng.IntN(3) == 0 {
			if a := phrase(rng, paras[:keep], body, used); a != "" {
				fmt.Fprintf(m, "            anchor: %s\n            lines: %d\n", a, 2+rng.IntN(4))
			}
		}
	}
}

// words are a paragraph's plain words (letters only, no markup).
func words(p string) []string {
	var out []string
	for _, w := range strings.Fields(p) {
		if plainWord.MatchString(w) {
			out = append(out, w)
		}
	}
	return out
}

// longWord picks a word of eight letters or more, once per document.
func longWord(rng *rand.Rand, paras []string, used map[string]bool) string {
	for try := 0; try < 20; try++ {
		ws := words(paras[rng.IntN(len(paras))])
		if len(ws) == 0 {
			continue
		}
		w := strings.ToLower(ws[rng.IntN(len(ws))])
		if len(w) >= 8 && !used[w] {
			used[w] = true
			return w
		}
	}
	return ""
}

// phrase picks three consecutive plain words that occur once in the
// body, for an anchor.
func phrase(rng *rand.Rand, paras []string, body string, used map[string]bool) string {
	for try := 0; try < 20; try++ {
		fs := strings.Fields(paras[rng.IntN(len(paras))])
		if len(fs) < 3 {
			continue
		}
		i := rng.IntN(len(fs) - 2)
		if !plainWord.MatchString(fs[i]) || !plainWord.MatchString(fs[i+1]) || !plainWord.MatchString(fs[i+2]) {
			continue
		}
		a := strings.Join(fs[i:i+3], " ")
		if strings.Count(body, a) == 1 && !used[a] {
			used[a] = true
			return a
		}
	}
	return ""
}
