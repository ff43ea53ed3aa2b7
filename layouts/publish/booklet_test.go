package publish

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sourcebook/book"
	"sourcebook/layouts/impose"
	"sourcebook/layouts/internal/testtool"
)

// pdfPages and pageSize read pdfinfo's report.
func pdfInfo(t *testing.T, path string) (pages int, w, h float64) {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, "pdfinfo"), path).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(out)
	s := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(out)
	if m == nil || s == nil {
		t.Fatalf("pdfinfo: %s", out)
	}
	pages, _ = strconv.Atoi(string(m[1]))
	w, _ = strconv.ParseFloat(string(s[1]), 64)
	h, _ = strconv.ParseFloat(string(s[2]), 64)
	return
}

// pageText is a page's text (or a region of it, in points), without
// white space, which scaling may move.
func pageText(t *testing.T, path string, page int, region ...float64) string {
	t.Helper()
	args := []string{"-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-r", "72"}
	if len(region) == 4 {
		for i, k := range []string{"-x", "-y", "-W", "-H"} {
			args = append(args, k, strconv.Itoa(int(region[i])))
		}
	}
	out, err := exec.Command(testtool.Need(t, "pdftotext"), append(args, path, "-")...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// The booklet of an N-page reader has ⌈N/4⌉×2 landscape sides, and each
// half of each side shows the student page that saddle stitching puts
// there (blank pages where the count is padded to a multiple of 4).
func TestBookletImposition(t *testing.T) {
	for _, manifest := range []string{everyFeature, exampleReader} {
		b, err := book.Load(manifest, book.Options{})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := Build(b, Options{OutDir: dir, Formats: []Format{"pdf"}, Booklet: true}); err != nil {
			t.Fatal(err)
		}
		reader := filepath.Join(dir, b.Name+".pdf")
		booklet := filepath.Join(dir, b.Name+"-booklet.pdf")
		n, pw, ph := pdfInfo(t, reader)
		sides, sw, sh := pdfInfo(t, booklet)
		if want := (n + 3) / 4 * 2; sides != want {
			t.Errorf("%s: %d pages gave %d sides, want %d", b.Name, n, sides, want)
		}
		if sw != ph || sh != pw {
			t.Errorf("%s: sheet %gx%g, want the page's paper turned landscape %gx%g", b.Name, sw, sh, ph, pw)
		}
		order := impose.BookletOrder(n)
		for k, side := range order {
			for half, p := range side {
				got := pageText(t, booklet, k+1, float64(half)*sw/2, 0, sw/2, sh)
				want := ""
				if p >= 0 {
					want = pageText(t, reader, p+1)
				}
				if got != want {
					t.Errorf("%s: side %d, %s half: want page %d\n got %.80q\nwant %.80q", b.Name, k+1, []string{"left", "right"}[half], p+1, got, want)
				}
			}
		}
		if out, err := exec.Command(testtool.Need(t, "qpdf"), "--check", booklet).CombinedOutput(); err != nil {
			t.Errorf("qpdf: %v\n%s", err, out)
		}
	}
}

func TestBookletOrder(t *testing.T) {
	// 6 pages: padded to 8; sheet 1 front 8|1, back 2|7; sheet 2 front 6|3, back 4|5.
	got := impose.BookletOrder(6)
	want := [][2]int{{-1, 0}, {1, -1}, {5, 2}, {3, 4}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

// Handouts: named by label and title, --only, the layout asked for, and
// 2-up and booklet versions.
func TestHandoutsOnlyTwoUpLayout(t *testing.T) {
	b, err := book.Load(everyFeature, book.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id := b.Items[0].Source.ID
	dir := t.TempDir()
	if _, err := Build(b, Options{OutDir: dir, Formats: []Format{"pdf"}, Handouts: true, Only: []string{id}, TwoUp: true, Layout: "large-print"}); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, b.Name+"-handout-"+HandoutName(b.Items[0]))
	for _, f := range []string{base + ".pdf", base + "-2up.pdf"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
	all, _ := filepath.Glob(filepath.Join(dir, "*-handout-*.pdf"))
	if len(all) != 2 {
		t.Errorf("--only %s wrote %v", id, all)
	}
	n, _, _ := pdfInfo(t, base+".pdf")
	sides, w, h := pdfInfo(t, base+"-2up.pdf")
	if sides != (n+1)/2 || w <= h {
		t.Errorf("2-up of %d pages: %d sides %gx%g", n, sides, w, h)
	}
	// Large print: the handout's body is set larger than the handout
	// layout's; compare with a plain handout's page count.
	dir2 := t.TempDir()
	if _, err := Build(b, Options{OutDir: dir2, Formats: []Format{"pdf"}, Handouts: true, Only: []string{id}}); err != nil {
		t.Fatal(err)
	}
	plain, _, _ := pdfInfo(t, filepath.Join(dir2, b.Name+"-handout-"+HandoutName(b.Items[0])+".pdf"))
	if n <= plain {
		t.Errorf("--layout large-print handout has %d pages, the plain one %d: the layout was not used", n, plain)
	}
	if _, err := Build(b, Options{OutDir: t.TempDir(), Formats: []Format{"pdf"}, Handouts: true, Only: []string{"no-such-doc"}}); err == nil || !strings.Contains(err.Error(), "--only no-such-doc: the reader has no document with that id") {
		t.Errorf("--only with an unknown id: %v", err)
	}
}
