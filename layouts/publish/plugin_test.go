package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outline is an edition written here, in test code: the documents'
// labels and titles, one a line. It plugs in with Register alone.
type outline struct{}

func (outline) Format() Format   { return "outline" }
func (outline) Describe() string { return "the documents, one a line (NAME.txt)" }
func (outline) Render(j *Job) ([]Output, error) {
	var b strings.Builder
	for _, it := range j.Book.Items {
		b.WriteString(it.Label + "\t" + it.Title + "\n")
	}
	return []Output{{Name: j.Name + ".txt", Data: []byte(b.String())}}, nil
}

func TestRendererPlugsIn(t *testing.T) {
	Register(outline{})
	t.Cleanup(func() {
		regMu.Lock()
		delete(registry, "outline")
		regMu.Unlock()
	})
	fs, err := ParseFormats("Outline")
	if err != nil || len(fs) != 1 || fs[0] != "outline" {
		t.Fatalf("ParseFormats: %v %v", fs, err)
	}
	if all, _ := ParseFormats("all"); len(all) != 4 {
		t.Errorf("all is %v; want the three built in and the outline", all)
	}
	if !strings.Contains(FormatHelp(), "outline") || !strings.Contains(strings.Join(FormatNames(), " "), "outline") {
		t.Errorf("the help does not list the new format:\n%s", FormatHelp())
	}
	b, files := build(t, exampleReader, "teacher", "outline")
	txt, ok := files[".txt"]
	if !ok || filepath.Base(txt) != b.Name+"-teacher.txt" {
		t.Fatalf("files %v", files)
	}
	data, _ := os.ReadFile(txt)
	if !strings.HasPrefix(string(data), b.Items[0].Label+"\t") {
		t.Errorf("outline %q", data)
	}
	if _, err := ParseFormats("braille"); err == nil || !strings.Contains(err.Error(), "epub, outline, pdf, web or all") {
		t.Errorf("an unknown format: %v", err)
	}
	if fs, err := ParseFormats("pdf, EPUB,pdf"); err != nil || len(fs) != 2 || fs[0] != "pdf" || fs[1] != "epub" {
		t.Errorf("a list of formats: %v %v", fs, err)
	}
	if _, err := ParseFormats("pdf,brail"); err == nil || !strings.Contains(err.Error(), `"pdf,brail" is not a format`) {
		t.Errorf("a list with an unknown format: %v", err)
	}
}

// The teachers' guide names every registered format.
func TestDocsListEveryFormat(t *testing.T) {
	data, err := os.ReadFile("../../docs/readers.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range FormatNames() {
		if !strings.Contains(string(data), "`--format "+f+"`") {
			t.Errorf("docs/readers.md does not mention --format %s", f)
		}
	}
}
