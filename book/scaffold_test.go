package book

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sourcebook/book/diag"
	"sourcebook/book/manifest"
	"strings"
	"testing"
)

func TestScaffoldLoads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cold-war")
	if err := Scaffold(dir, "Cold War: Voices"); err != nil {
		t.Fatal(err)
	}
	b, err := Load(filepath.Join(dir, "reader.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Title != "Cold War: Voices" || b.Name != "cold-war" {
		t.Errorf("title %q, name %q", b.Title, b.Name)
	}
	if len(b.Items) != 1 || b.Items[0].Source.ID != ScaffoldSource || len(b.Items[0].Questions) != 4 || len(b.Intro) == 0 {
		t.Errorf("items %d, intro %d blocks", len(b.Items), len(b.Intro))
	}
	if len(b.Warnings) != 0 {
		t.Errorf("warnings: %v", b.Warnings)
	}
	// The letter is a byte-for-byte copy of the bundled one.
	want, _ := os.ReadFile("../sources/" + ScaffoldSource + ".md")
	got, err := os.ReadFile(filepath.Join(dir, "sources", ScaffoldSource+".md"))
	if err != nil || string(got) != string(want) {
		t.Errorf("the bundled letter was not copied: %v", err)
	}
}

// Every key a manifest may have is explained in the scaffold, and the
// manifest still loads with every commented-out key switched on.
func TestScaffoldExplainsEveryKey(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeOf(Manifest{}), reflect.TypeOf(manifest.PartSpec{}), reflect.TypeOf(manifest.ItemSpec{}), reflect.TypeOf(manifest.QuestionSpec{})} {
		for _, key := range diag.FieldNames(typ) {
			if key == "items" && typ == reflect.TypeOf(Manifest{}) {
				// Described in prose: a reader without parts.
				if !strings.Contains(scaffoldManifest, `under "items:"`) {
					t.Errorf("top-level items are not explained")
				}
				continue
			}
			if !regexp.MustCompile(`(?m)^\s*(# )?(- )?` + key + `:`).MatchString(scaffoldManifest) {
				t.Errorf("%s: key %s is not in the scaffold", typ.Name(), key)
			}
		}
	}
	dir := filepath.Join(t.TempDir(), "all-keys")
	if err := Scaffold(dir, "All keys"); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "reader.yaml")
	data, _ := os.ReadFile(p)
	on := regexp.MustCompile(`(?m)^(\s*)# (\s*(- )?[a-z_]+:( .*)?)$`).ReplaceAllString(string(data), "$1$2")
	if on == string(data) {
		t.Fatal("no commented-out keys")
	}
	os.WriteFile(p, []byte(on), 0o644)
	b, err := Load(p, Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, on)
	}
	it := b.Items[0]
	var noted, ref bool
	for _, q := range it.Questions {
		noted = noted || len(q.Answer) == 2 // the answer and the teaching note
		ref = ref || q.Ref != nil && q.Lines == 4 && q.Time != ""
	}
	if b.Subtitle == "" || b.Course == "" || !b.Timeline || !b.ShowMetrics || len(b.Glossary) != 1 || it.Label != "Homework" ||
		!it.Excerpt || !it.Modified || it.Time == "" || len(it.Vocabulary) != 1 || len(it.Notes) != 1 || !noted || !ref {
		t.Errorf("keys not switched on: %+v\n%+v", b, it)
	}
}

func TestScaffoldRefusesNonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	err := Scaffold(dir, "T")
	if err == nil || !strings.Contains(err.Error(), "the folder already exists and is not empty") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder was changed: %d entries", len(entries))
	}
	file := filepath.Join(dir, "notes.txt")
	if err := Scaffold(file, "T"); err == nil || !strings.Contains(err.Error(), "a file of that name already exists") {
		t.Errorf("err = %v", err)
	}
	// An empty folder is fine.
	empty := t.TempDir()
	if err := Scaffold(empty, "T"); err != nil {
		t.Error(err)
	}
	if err := Scaffold(filepath.Join(t.TempDir(), "x"), "two\nlines"); err == nil {
		t.Error("a two-line title was accepted")
	}
}
