package diag

import (
	"errors"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// A problem names its place as precisely as it is known, and Err sorts
// the problems by file and position.
func TestErrorsNameThePlace(t *testing.T) {
	var es Errors
	es.Add("reader.yaml", 7, 3, "items", "the source %q does not exist", "x")
	es.Add("a.md", 2, 0, "", "the file is empty")
	es.AddErr(&Error{File: "reader.yaml", Line: 1, Col: 1, Field: "title", Msg: "the reader needs a title"})
	es.AddErr(errors.New("no position"))
	got := es.Err().Error()
	want := strings.Join([]string{
		": no position",
		"a.md:2: the file is empty",
		"reader.yaml:1:1: title: the reader needs a title",
		`reader.yaml:7:3: items: the source "x" does not exist`,
	}, "\n")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if (Errors{}).Err() != nil {
		t.Error("no problems is not nil")
	}
	var again Errors
	again.AddErr(es)
	if len(again) != len(es) {
		t.Errorf("AddErr of Errors kept %d of %d", len(again), len(es))
	}
}

// An unknown key is named with its position and the key meant.
func TestDecodeStrictSuggests(t *testing.T) {
	var v struct {
		Title    string   `yaml:"title"`
		Language string   `yaml:"language"`
		Items    []string `yaml:"items"`
	}
	var node yaml.Node
	if err := yaml.Unmarshal([]byte("title: T\nlangauge: fr\nitems: [a]\n"), &node); err != nil {
		t.Fatal(err)
	}
	var errs Errors
	DecodeStrict("reader.yaml", &node, &v, &errs)
	if len(errs) != 1 {
		t.Fatalf("got %d problems: %v", len(errs), errs)
	}
	if got, want := errs[0].Error(), `reader.yaml:2:1: langauge: unknown key "langauge"; did you mean "language"?`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if v.Title != "T" || len(v.Items) != 1 {
		t.Errorf("the known keys were not decoded: %+v", v)
	}
	if s := Suggest("colour", []string{"title", "language"}); s != "" {
		t.Errorf("Suggest offered %q for an unrelated key", s)
	}
}
