package publish

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sourcebook/book"
	"sourcebook/internal/memlimit"
)

// TestHelperCapBuild builds the reader named by SOURCEBOOK_CAP_READER in
// a process of its own, as `sourcebook build --handouts` does (with its
// soft memory ceiling), so that the test can measure its peak memory.
func TestHelperCapBuild(t *testing.T) {
	manifest := os.Getenv("SOURCEBOOK_CAP_READER")
	if manifest == "" {
		t.Skip("helper process")
	}
	defer memlimit.Start(256<<20, 700<<20)() // as cmd/sourcebook
	b, err := book.Load(manifest, book.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	if _, err := Build(b, Options{OutDir: filepath.Join(filepath.Dir(manifest), "out"), Handouts: os.Getenv("SOURCEBOOK_CAP_HANDOUTS") != ""}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	os.Exit(0)
}

// capWords makes n bytes of text of varied words in paragraphs of 40 to
// 160 words, from a fixed seed.
func capWords(r *rand.Rand, n int) string {
	words := strings.Fields(`the of and to in that a is for it on with as was by this be are from at not have his which or
		an their has its all were but they had been one we would more will there who so our peace nations world
		soviet union government people freedom war free united states must berlin treaty arms nuclear forces
		security against between after first years defense president congress american europe military power
		history letter ambassador agreement negotiations independence withdrawal afghanistan moscow washington
		responsibility cooperation strength democracy communist economic political international determination`)
	var b strings.Builder
	for b.Len() < n {
		k := 40 + r.Intn(120)
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			w := words[r.Intn(len(words))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if r.Intn(12) == 0 {
				b.WriteString([]string{",", ";", "."}[r.Intn(3)])
			}
		}
		b.WriteString(".\n\n")
	}
	s := b.String()
	s = s[:strings.LastIndex(s[:n], "\n\n")]
	return s + "\n"
}

func capSource(id, body string) string {
	return "---\nid: " + id + "\ntitle: Source " + id + "\ndate: 1989-09-02\ntype: letter\nrights:\n  status: public-domain\n---\n" + body
}

// capCase is a reader at one of the caps.
type capCase struct {
	name     string
	files    map[string]string
	handouts bool
}

func capCases(t *testing.T) []capCase {
	lim := book.DefaultLimits()
	r := rand.New(rand.NewSource(1))
	head := "title: At the cap\ndate: 2026-01-01\n"
	front := len(capSource("big", ""))
	big := capWords(r, int(lim.SourceBytes)-front)
	var cases []capCase
	add := func(name string, manifest string, sources map[string]string) {
		files := map[string]string{"reader.yaml": manifest}
		for id, body := range sources {
			files["sources/"+id+".md"] = capSource(id, body)
		}
		cases = append(cases, capCase{name: name, files: files})
	}
	add("SourceBytes: one 10 MB source", head+"items: [big]\n", map[string]string{"big": big})
	rest := capWords(r, int(lim.TextBytes)-len(big)-2*front)
	add("TextBytes: 16 MB of text in two sources", head+"items: [big, rest]\n", map[string]string{"big": big, "rest": rest})
	add("Items: 5,000 items", head+"items:\n"+strings.Repeat("  - small\n", lim.Items), map[string]string{"small": capWords(r, 1000)})
	add("WordChars: a 100,000-character word", head+"items: [word]\n", map[string]string{"word": "Before " + strings.Repeat("x", lim.WordChars) + " after.\n\n" + capWords(r, 10000)})
	var notes strings.Builder
	for i := 1; i <= lim.NotesPerParagraph; i++ {
		fmt.Fprintf(&notes, "word[^%d] ", i)
	}
	notes.WriteString("\n\n")
	for i := 1; i <= lim.NotesPerParagraph; i++ {
		fmt.Fprintf(&notes, "[^%d]: Note %d.\n", i, i)
	}
	add("NotesPerParagraph: 1,000 notes in a paragraph", head+"items: [notes]\n", map[string]string{"notes": notes.String()})
	links := strings.Repeat("[a](", lim.LinksPerParagraph) + "\n\n" + strings.Repeat("[a link](https://example.org/) ", lim.LinksPerParagraph) + "\n"
	add("LinksPerParagraph: 1,000 links, closed and not", head+"items: [links]\n", map[string]string{"links": links})
	title := strings.Repeat("Title ", lim.TitleChars/6)
	add("TitleChars: 1,000-character titles", "title: "+title+"\ndate: 2026-01-01\nparts:\n  - title: "+title+"\n    items:\n      - id: t\n        title: "+title+"\n        label: "+title+"\n",
		map[string]string{"t": capWords(r, 5000)})
	var qs strings.Builder
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&qs, "      - {text: Question %d, lines: %d}\n", i+1, lim.QuestionLines)
	}
	add("QuestionLines: 50 questions of 200 lines, with handouts", head+"items:\n  - id: q\n    questions:\n"+qs.String(), map[string]string{"q": capWords(r, 5000)})
	cases[len(cases)-1].handouts = true
	var table strings.Builder
	table.WriteString(strings.Repeat("| h ", lim.TableColumns) + "|\n" + strings.Repeat("| --- ", lim.TableColumns) + "|\n")
	for i := 0; i < lim.TableCells/lim.TableColumns-1; i++ {
		table.WriteString(strings.Repeat("| c ", lim.TableColumns) + "|\n")
	}
	add("TableCells: 50 columns × 5,000 rows", head+"items: [table]\n", map[string]string{"table": table.String()})
	var gloss strings.Builder
	gloss.WriteString(head + "glossary:\n")
	for i := 0; i < lim.GlossaryTerms; i++ {
		fmt.Fprintf(&gloss, "  - {term: term%d, definition: A definition.}\n", i)
	}
	gloss.WriteString("  - {term: soviet union, definition: The USSR.}\nitems: [big]\n")
	// The glossary is at its cap less one, so that the last term is
	// found in the text.
	g := strings.Replace(gloss.String(), "  - {term: term0, definition: A definition.}\n", "", 1)
	add("GlossaryTerms: 2,000 terms over a 10 MB source", g, map[string]string{"big": big})
	var ann strings.Builder
	ann.WriteString(head + "items:\n  - id: big\n    annotations:\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&ann, "      - {anchor: \"the\", occurrence: %d, note: \"A note with ![a picture](pic.png).\"}\n", 1+i*60)
	}
	add("1,000 annotations with pictures over a 10 MB source", ann.String(), map[string]string{"big": big})
	cases[len(cases)-1].files["pic.png"] = string(capPNG(t, 8, 8))
	var app strings.Builder
	app.WriteString(head + "items:\n  - id: big\n    annotations:\n")
	for i := 0; i < lim.Apparatus/2; i++ {
		fmt.Fprintf(&app, "      - {anchor: \"the\", occurrence: %d, note: \"A *note*.\"}\n", 1+i*3)
	}
	app.WriteString("    questions:\n")
	for i := 0; i < lim.Apparatus/2; i++ {
		fmt.Fprintf(&app, "      - \"Question %d: *why*?\"\n", i)
	}
	add("Apparatus: 10,000 annotations and 10,000 questions over a 10 MB source", app.String(), map[string]string{"big": big})
	add("ImageBytes: a 24 MB picture of noise", head+"items: [pic]\n", map[string]string{"pic": "A picture.\n\n![Noise](noise.png)\n"})
	noise := image.NewRGBA(image.Rect(0, 0, 2880, 2160))
	r.Read(noise.Pix) // with random transparency: stored as RGBA, 24 MB
	var nb bytes.Buffer
	(&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&nb, noise)
	if int64(nb.Len()) > lim.ImageBytes {
		t.Fatalf("the noise picture is %d bytes, over the cap", nb.Len())
	}
	t.Logf("the noise picture is %d bytes", nb.Len())
	cases[len(cases)-1].files["sources/noise.png"] = nb.String()
	side := 7071 // 50,000,000 pixels less a few
	add("ImagePixels: a 50-megapixel picture", head+"items: [pic]\n", map[string]string{"pic": "A picture.\n\n![A large picture](big.png)\n"})
	cases[len(cases)-1].files["sources/big.png"] = string(capPNG(t, side, side-1))
	return cases
}

func capPNG(t *testing.T, w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y += 97 {
		for x := 0; x < w; x++ {
			img.Pix[y*img.Stride+x] = byte(x)
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRobustBuildsAtTheCaps builds a reader at each of book.Limits' caps
// (both editions, in a fresh process as the command does) and checks that
// each stays under 60 s of CPU and 1 GB of peak memory. docs/robustness.md
// gives the figures measured.
func TestRobustBuildsAtTheCaps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large readers")
	}
	for _, c := range capCases(t) {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range c.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCapBuild$")
			cmd.Env = append(os.Environ(), "SOURCEBOOK_CAP_READER="+filepath.Join(dir, "reader.yaml"))
			if c.handouts {
				cmd.Env = append(cmd.Env, "SOURCEBOOK_CAP_HANDOUTS=1")
			}
			var errb bytes.Buffer
			cmd.Stderr = &errb
			err := cmd.Run()
			if err != nil {
				t.Fatalf("build failed: %v\n%.2000s", err, errb.String())
			}
			rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10 // KB on Linux
			// CPU time, not wall time: a loaded machine stretches the
			// wall clock, not the work a build at the caps does.
			cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			t.Logf("%s: %.1f s CPU, peak %d MB", c.name, cpu.Seconds(), rss>>20)
			if rss > 1<<30 {
				t.Errorf("peak memory %d MB, more than 1 GB", rss>>20)
			}
			if cpu > 60*time.Second {
				t.Errorf("took %v of CPU, more than 60 s", cpu)
			}
			if out, _ := os.ReadDir(filepath.Join(dir, "out")); len(out) < 2 {
				t.Errorf("wrote %v", out)
			}
		})
	}
}
