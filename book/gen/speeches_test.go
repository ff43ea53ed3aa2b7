package gen

import (
	"os"
	"strings"
	"testing"

	"sourcebook/book"
)

const corpus = "../../../shared/corpus/speeches"

// TestSpeechesReader is the smoke test of make bench's real-text readers:
// the generated reader loads without an error or a warning, repeats the
// speeches' words exactly, and varies its apparatus.
func TestSpeechesReader(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("speech corpus not available")
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	plain, err := Speeches{Corpus: corpus}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pb, err := book.Load(plain, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pb.Items) != 16 || len(pb.Warnings) != 0 {
		t.Fatalf("the plain corpus reader: %d items, %d parts, warnings %v", len(pb.Items), len(pb.Parts), pb.Warnings)
	}
	text := map[string]string{}
	for _, it := range pb.Items {
		text[it.Source.ID] = it.Source.Body
	}

	path, err := Speeches{Corpus: corpus, Documents: 60, Seed: 1}.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := book.Load(path, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range b.Warnings {
		t.Errorf("warning: %v", w)
	}
	if len(b.Items) != 60 || len(b.Parts) < 3 {
		t.Fatalf("%d items in %d parts; want 60 in several parts", len(b.Items), len(b.Parts))
	}
	var excerpts, anchored, vocab, noted int
	questions := map[int]bool{}
	for _, it := range b.Items {
		id := it.Source.ID[:strings.LastIndexByte(it.Source.ID, '-')]
		if text[id] != it.Source.Body {
			t.Errorf("%s: the text differs from the speech %s", it.Source.ID, id)
		}
		if it.Excerpt {
			excerpts++
		}
		for _, q := range it.Questions {
			if q.Ref != nil {
				anchored++
			}
		}
		questions[len(it.Questions)] = true
		if len(it.Vocabulary) > 0 {
			vocab++
		}
		if len(it.Notes) > 0 {
			noted++
		}
	}
	if excerpts == 0 || anchored == 0 || vocab == 0 || noted == 0 || len(questions) < 3 {
		t.Errorf("apparatus not varied: %d excerpts, %d anchored questions, %d word banks, %d annotated, question counts %v", excerpts, anchored, vocab, noted, questions)
	}
}
