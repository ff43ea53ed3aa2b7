package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/book/markup"
)

func importSpeeches(t *testing.T) (dir string, rs []Result) {
	t.Helper()
	dir = shared(t, "corpus", "speeches")
	rs, errs := ImportPaths([]string{dir})
	for _, err := range errs {
		t.Error(err)
	}
	if len(rs) != 16 {
		t.Fatalf("%d speeches imported, want 16", len(rs))
	}
	return dir, rs
}

// speechWords is what a reader should see of a speech: the text after the
// header, Markdown escapes in the export resolved ("1\." is "1.").
func speechWords(t *testing.T, path string) []string {
	t.Helper()
	text := string(readFile(t, path))
	_, body, _ := strings.Cut(text, "\n\n")
	return strings.Fields(unescapeMarkdown(body))
}

func TestSpeeches(t *testing.T) {
	_, rs := importSpeeches(t)
	ids := map[string]string{}
	for _, r := range rs {
		s := r.Source
		base := filepath.Base(r.From)
		if !idRE.MatchString(s.ID) || len(s.ID) > maxIDLen {
			t.Errorf("%s: invalid id %q", base, s.ID)
		}
		if prev, dup := ids[s.ID]; dup {
			t.Errorf("%s: id %q already used by %s", base, s.ID, prev)
		}
		ids[s.ID] = base
		if len(s.Authors) != 1 || !strings.Contains(string(readFile(t, r.From)), "President: "+s.Authors[0]+"\n") {
			t.Errorf("%s: authors %q", base, s.Authors)
		}
		if s.Date.Raw != base[:10] {
			t.Errorf("%s: date %q", base, s.Date.Raw)
		}
		if s.Type != "speech" || s.Language != "en" {
			t.Errorf("%s: type %q language %q", base, s.Type, s.Language)
		}
		if s.Rights.Status != "public-domain" || s.Rights.Statement != publicDomainUS {
			t.Errorf("%s: rights %+v", base, s.Rights)
		}
		if s.Title == "" || strings.ContainsAny(s.Title, "-_") {
			t.Errorf("%s: title %q", base, s.Title)
		}
		// Not in the files, so not claimed.
		if s.DigitalCopy.Repository != "" || !contains(r.Missing, "digital_copy.repository") {
			t.Errorf("%s: repository %q, missing %q", base, s.DigitalCopy.Repository, r.Missing)
		}
		for _, f := range r.Missing {
			if Required(f) {
				t.Errorf("%s: required field %s missing", base, f)
			}
		}
		if got, want := renderedWords(s.Body), speechWords(t, r.From); !reflect.DeepEqual(got, want) {
			i, _ := equalWords(got, want)
			t.Errorf("%s: text reads differently from word %d: %q", base, i, got[i:min(i+6, len(got))])
		}
		if strings.Contains(s.Body, "  \n") || strings.Contains(s.Body, "\n\n\n") {
			t.Errorf("%s: trailing spaces or extra blank lines in the body", base)
		}
		roundTrip(t, s)
	}
	for _, id := range []string{"truman-doctrine-1947", "reagan-brandenburg-gate-berlin-wall-1987", "kennedy-inaugural-1961", "reagan-farewell-1989", "eisenhower-farewell-1961"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("no speech has the id %s; ids: %v", id, ids)
		}
	}
}

// Paragraphs: each line ending in two spaces is one, as are blank-line
// separated blocks; bracketed notes are kept.
func TestSpeechParagraphs(t *testing.T) {
	dir, rs := importSpeeches(t)
	byFile := map[string]*book.Source{}
	for _, r := range rs {
		byFile[filepath.Base(r.From)] = r.Source
	}
	truman := byFile["1947-03-12-truman-doctrine.txt"]
	paras := strings.Split(strings.TrimSuffix(truman.Body, "\n"), "\n\n")
	lines := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(dir, "1947-03-12-truman-doctrine.txt")))), "\n")
	if len(paras) != len(lines)-2 {
		t.Errorf("Truman: %d paragraphs for %d lines of text", len(paras), len(lines)-2)
	}
	if paras[0] != "Mr. President, Mr. Speaker, Members of the Congress of the United States:" {
		t.Errorf("Truman's first paragraph: %q", paras[0])
	}
	if !strings.Contains(byFile["1963-06-26-ich-bin-ein-berliner-speech.txt"].Body+byFile["1987-06-12-address-brandenburg-gate-berlin-wall.txt"].Body, "[I still have a suitcase in Berlin.]") {
		t.Error("a bracketed note was lost")
	}
	// The Markdown export's "1\." stays escaped (else it would be a list).
	peace := byFile["1953-04-16-chance-peace.txt"]
	if !strings.Contains(peace.Body, "\n\n1\\. The limitation") {
		t.Errorf("numbered paragraph not escaped")
	}
}

// Sourcebook's own Markdown reader gives the speeches' words.
func TestSpeechesMarkup(t *testing.T) {
	if markupSkipsEscapes {
		t.Skip("book/markup keeps backslash escapes in the text")
	}
	_, rs := importSpeeches(t)
	for _, r := range rs {
		doc := markup.Parse([]byte(r.Source.Body), markup.Options{})
		got, want := strings.Fields(markup.BlocksText(doc.Blocks)), speechWords(t, r.From)
		if i, ok := equalWords(got, want); !ok {
			t.Errorf("%s: differs at word %d", r.From, i)
		}
	}
}

func TestSpeechesWriteAll(t *testing.T) {
	_, rs := importSpeeches(t)
	dir := t.TempDir()
	out, err := WriteAll(dir, rs, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Status != Written {
			t.Errorf("%s: %s", o.Path, o.Status)
		}
	}
	lib, err := book.LoadLibrary(dir)
	if err != nil {
		t.Fatalf("the imported speeches do not load:\n%v", err)
	}
	if len(lib.Sources) != 16 {
		t.Fatalf("%d sources loaded, want 16", len(lib.Sources))
	}
	for _, r := range rs {
		if got := lib.Sources[r.Source.ID]; got == nil || !reflect.DeepEqual(comparable(got), comparable(r.Source)) {
			t.Errorf("%s loads differently from what was imported", r.Source.ID)
		}
	}
	before := snapshot(t, dir)

	// Again: nothing changes.
	_, rs2 := importSpeeches(t)
	out, err = WriteAll(dir, rs2, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Status != Unchanged {
			t.Errorf("second run: %s: %s", o.Path, o.Status)
		}
	}
	if after := snapshot(t, dir); !reflect.DeepEqual(before, after) {
		t.Error("the second run changed the folder")
	}

	// A changed import never overwrites an existing file without force.
	rs2[0].Source.Body += "\nAn added paragraph.\n"
	out, err = WriteAll(dir, rs2, false)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != SkippedExists {
		t.Errorf("changed result: %s, want %s", out[0].Status, SkippedExists)
	}
	if after := snapshot(t, dir); !reflect.DeepEqual(before, after) {
		t.Error("a file was overwritten without force")
	}
	out, err = WriteAll(dir, rs2[:1], true)
	if err != nil || out[0].Status != Overwritten {
		t.Fatalf("force: %v %v", out, err)
	}
	if got := readFile(t, out[0].Path); !bytes.Contains(got, []byte("An added paragraph.")) {
		t.Error("force did not write the new text")
	}
}

// snapshot maps each file in dir to its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		m[e.Name()] = string(readFile(t, filepath.Join(dir, e.Name())))
	}
	return m
}

func TestTranscriptHeader(t *testing.T) {
	text := "Speaker: Mary Smith\nTitle: On the Road\nDate: 4 July 1976\nPlace: Boston, Massachusetts\nMood: cheerful\n\nFirst paragraph\nwrapped here.\n\n* Second * paragraph.\n"
	r := importOne(t, "talk.txt", []byte(text))
	s := r.Source
	if s.Title != "On the Road" || s.Date.Raw != "1976-07-04" || s.DateDisplay != "4 July 1976" || s.Place != "Boston, Massachusetts" {
		t.Errorf("header fields: %+v", s)
	}
	if !reflect.DeepEqual(s.Authors, book.Names{"Mary Smith"}) || s.Type != "speech" {
		t.Errorf("authors %q type %q", s.Authors, s.Type)
	}
	// Not a president: no rights assumed.
	if s.Rights.Status != "" || !contains(r.Missing, "rights.status") {
		t.Errorf("rights %+v missing %q", s.Rights, r.Missing)
	}
	if len(r.Notes) == 0 || !strings.Contains(strings.Join(r.Notes, "\n"), "mood: cheerful") {
		t.Errorf("the unknown header was not reported: %q", r.Notes)
	}
	if s.Body != "First paragraph\nwrapped here.\n\n\\* Second \\* paragraph.\n" {
		t.Errorf("body %q", s.Body)
	}
	if s.ID != "smith-road-1976" {
		t.Errorf("id %q", s.ID)
	}
	lenientRoundTrip(t, s)

	// A first paragraph that merely looks like a header stays text.
	r = importOne(t, "1990-note.txt", []byte("Note: this is the text.\n\nMore text.\n"))
	if !strings.HasPrefix(r.Source.Body, "Note: this is the text.") || r.Source.Date.Raw != "1990" || r.Source.Title != "Note" {
		t.Errorf("body %q date %q title %q", r.Source.Body, r.Source.Date.Raw, r.Source.Title)
	}
	// The Miller Center is named only when the file names it.
	r = importOne(t, "x.txt", []byte("President: A B\n\nText.\n\nSource: Miller Center, University of Virginia\n"))
	if r.Source.DigitalCopy.Repository != "Miller Center, University of Virginia" {
		t.Errorf("repository %q", r.Source.DigitalCopy.Repository)
	}
}

func TestTitleFromSlug(t *testing.T) {
	for in, want := range map[string]string{
		"address-buildup-arms-cuba":        "Address Buildup Arms Cuba",
		"truman-doctrine":                  "Truman Doctrine",
		"speech-on-the-state-of-the-union": "Speech on the State of the Union",
		"the-end":                          "The End",
		"élan_vital":                       "Élan Vital",
	} {
		if got := titleFromSlug(in); got != want {
			t.Errorf("titleFromSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
