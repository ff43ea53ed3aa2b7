package publish

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"sourcebook/book"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"sourcebook/layouts/internal/testtool"
)

// webPages builds the web edition of a reader and lists its pages.
func webPages(t *testing.T, manifest, edition string) (dir string, pages []string) {
	t.Helper()
	_, files := build(t, manifest, edition, "web")
	idx, ok := files[".html"]
	if !ok {
		t.Fatal("the web edition has no pages")
	}
	dir = filepath.Dir(idx)
	pages, _ = filepath.Glob(filepath.Join(dir, "*.html"))
	sort.Strings(pages)
	return dir, pages
}

var resourceRE = regexp.MustCompile(`(?i)<(script|iframe|object|embed)\b|\b(src|href)="([^"]*)"`)

// TestWebEditionSelfContained: index.html, a page per document, the
// stylesheet and images; no script, and every link or resource of the
// pages is a file of the folder (or a link the source itself made to
// the web, which a reader follows by choice, never loaded by the page).
func TestWebEditionSelfContained(t *testing.T) {
	dir, pages := webPages(t, everyFeature, "teacher")
	names := map[string]bool{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	for _, want := range []string{"index.html", "css/style.css", "title.html", "credits.html"} {
		if !names[want] {
			t.Errorf("the web edition has no %s", want)
		}
	}
	markers := 0
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		markers += strings.Count(string(data), `role="doc-pagebreak"`)
		for _, m := range resourceRE.FindAllStringSubmatch(string(data), -1) {
			if m[1] != "" {
				t.Errorf("%s: a <%s> element; the web edition needs none", filepath.Base(p), m[1])
				continue
			}
			ref := m[3]
			if strings.HasPrefix(ref, "#") {
				continue
			}
			if strings.Contains(ref, "://") || strings.HasPrefix(ref, "mailto:") {
				if m[2] == "src" || !strings.Contains(string(data), `<a href="`+ref) {
					t.Errorf("%s: %s %q is loaded from the network", filepath.Base(p), m[2], ref)
				}
				continue
			}
			file, _, _ := strings.Cut(ref, "#")
			if !names[file] {
				t.Errorf("%s: %s %q is not a file of the edition", filepath.Base(p), m[2], ref)
			}
		}
	}
	if markers == 0 {
		t.Error("no print page markers in the web edition")
	}
}

// TestWebEditionAxe: axe-core (WCAG 2.1 A and AA) finds no violation on
// any page of the web edition of the example and of the speeches, at a
// phone's width and a desktop's, by day and by night.
func TestWebEditionAxe(t *testing.T) {
	axe := testtool.AxeScript(t)
	var pages []string
	for _, r := range []struct{ manifest, edition string }{
		{exampleReader, "student"},
		{exampleReader, "teacher"},
		{speechesReader(t), "student"},
	} {
		_, ps := webPages(t, r.manifest, r.edition)
		pages = append(pages, ps...)
	}
	ctx := testtool.Browser(t)
	checked := 0
	for _, width := range []int64{390, 1200} {
		for _, scheme := range []string{"light", "dark"} {
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
				t.Fatal(err)
			}
			for _, page := range pages {
				if _, err := chromedp.Run(ctx, chromedp.Navigate("file://"+page)); err != nil {
					t.Fatalf("%s: %v", page, err)
				}
				passes, violations := testtool.Axe(t, ctx, axe)
				if passes == 0 {
					t.Errorf("%s: axe-core checked nothing", filepath.Base(page))
				}
				for _, v := range violations {
					t.Errorf("%s at %d px, %s: %s", filepath.Base(page), width, scheme, v)
				}
				checked++
			}
		}
	}
	t.Logf("%d page views checked with axe-core", checked)
}

// A document taken out of the reader takes its page out of the web
// folder; a file the teacher put there stays.
func TestWebFolderDropsOldPages(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	for _, id := range []string{"a", "b"} {
		src := "---\nid: " + id + "\ntitle: Document " + id + "\ntype: letter\ndate: 1947-03-12\nrights: {status: public-domain}\n---\nText of " + id + ".\n"
		if err := os.WriteFile(filepath.Join(dir, "sources", id+".md"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	web := filepath.Join(out, "r-web")
	for i, items := range []string{"[a, b]", "[a]"} {
		manifest := filepath.Join(dir, "reader.yaml")
		os.WriteFile(manifest, []byte("title: R\nname: r\ndate: 2026-01-01\nsources: [sources]\nitems: "+items+"\n"), 0o644)
		b, err := book.Load(manifest, book.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Build(b, Options{OutDir: out, Formats: []Format{"web"}}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			os.WriteFile(filepath.Join(web, "teacher-notes.html"), []byte("mine"), 0o644)
			if _, err := os.Stat(filepath.Join(web, "doc-b.html")); err != nil {
				t.Fatalf("first build: %v", err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(web, "doc-b.html")); err == nil {
		t.Error("the page of a document taken out of the reader is still there")
	}
	if _, err := os.Stat(filepath.Join(web, "doc-a.html")); err != nil {
		t.Error(err)
	}
	if data, err := os.ReadFile(filepath.Join(web, "teacher-notes.html")); err != nil || string(data) != "mine" {
		t.Errorf("the teacher's own file: %q, %v", data, err)
	}
}
