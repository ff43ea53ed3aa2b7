// Package gen writes synthetic readers for benchmarks and load tests: a
// library of generated sources and a manifest that uses them. The text is
// made deterministically from the vocabulary of the bundled seed letter,
// with varied paragraph lengths, headings, notes and questions, so that
// the typesetter meets what a real reader holds. It is not a primary
// source and is never shipped as one.
package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// vocabulary is drawn from the seed letter's words.
var vocabulary = strings.Fields(`reply letter support government reason deaths citizens country people
left homes become refugees neighboring countries Afghanistan turned ruins exchange received shame
thousands young men killed mountains deserts result suffered military defeat considerable economic
loss ascension leadership Soviet Union admission past mistakes expected attention incorrect policy
reject continuation similar regard peace quiet restored exhausted analysis actions during months
forces conclude regret changed position conflict intends attain goals another means using murder
recognizing chief culprit bloodshed stress revolution majority thinking condition resist face tanks
aircraft superpower army resolve issues several days passage impossible break will force arms blood
burden responsibility history grows fissure arisen Muslim wider remind fade interference affairs
completely impeding implementation just aspirations political arena believe witnesses intensification
fire accord interests freedom-loving the the the of of of and and and to to in in that which a a a
is was were has have not by with for as on this it be would again all`)

// Reader describes a generated reader.
type Reader struct {
	Documents int
	Seed      uint64
}

// Write creates dir/reader.yaml and dir/sources/*.md and returns the
// manifest's path.
func (r Reader) Write(dir string) (string, error) {
	rng := rand.New(rand.NewPCG(r.Seed, 42))
	src := filepath.Join(dir, "sources")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	var m strings.Builder
	fmt.Fprintf(&m, "title: Generated Reader of %d Documents\neditors: [Benchmark]\ndate: 2026-01-01\nname: generated-%d\n", r.Documents, r.Documents)
	fmt.Fprintf(&m, "introduction: |\n  %s\nparts:\n", sentence(rng, 60))
	perPart := 10
	for d := 0; d < r.Documents; d++ {
		if d%perPart == 0 {
			fmt.Fprintf(&m, "  - title: Part %d\n    introduction: %q\n    items:\n", d/perPart+1, sentence(rng, 30))
		}
		id := fmt.Sprintf("doc-%04d", d+1)
		id = "g" + strings.TrimPrefix(id, "doc-")
		fmt.Fprintf(&m, "      - id: %s\n        headnote: %q\n        questions:\n", id, sentence(rng, 50))
		for q := 0; q < 3; q++ {
			fmt.Fprintf(&m, "          - %q\n", strings.TrimSuffix(sentence(rng, 14), ".")+"?")
		}
		if err := os.WriteFile(filepath.Join(src, id+".md"), []byte(source(rng, id, d)), 0o644); err != nil {
			return "", err
		}
	}
	path := filepath.Join(dir, "reader.yaml")
	return path, os.WriteFile(path, []byte(m.String()), 0o644)
}

func source(rng *rand.Rand, id string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\ntitle: %s\ndate: %d-%02d-%02d\ntype: letter\nauthors: [Author %d]\nrights:\n  status: public-domain\n---\n",
		id, strings.TrimSuffix(sentence(rng, 8), "."), 1945+n%45, 1+n%12, 1+n%28, n)
	paras := 5 + rng.IntN(4)
	notes := 0
	for p := 0; p < paras; p++ {
		if p > 0 && rng.IntN(8) == 0 {
			fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(sentence(rng, 4), "."))
		}
		words := 20 + rng.IntN(100)
		text := sentence(rng, words)
		if rng.IntN(6) == 0 {
			notes++
			text = strings.Replace(text, ".", fmt.Sprintf("[^%d].", notes), 1)
		}
		b.WriteString(text + "\n\n")
	}
	for k := 1; k <= notes; k++ {
		fmt.Fprintf(&b, "[^%d]: %s\n", k, sentence(rng, 12+rng.IntN(20)))
	}
	return b.String()
}

// sentence makes n words of text in sentences of varied length.
func sentence(rng *rand.Rand, n int) string {
	var b strings.Builder
	start := true
	left := 6 + rng.IntN(20)
	for i := 0; i < n; i++ {
		w := vocabulary[rng.IntN(len(vocabulary))]
		if start {
			w = strings.ToUpper(w[:1]) + w[1:]
			start = false
		}
		b.WriteString(w)
		left--
		if left == 0 || i == n-1 {
			b.WriteString(".")
			start = true
			left = 6 + rng.IntN(20)
		} else if rng.IntN(12) == 0 {
			b.WriteString(",")
		}
		if i < n-1 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}
