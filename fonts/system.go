package fonts

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	gtfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// The embedded faces cover the scripts a history reader usually quotes.
// For any other character (Malayalam, Tamil, Ethiopic, historic scripts,
// emoji in a monochrome face such as Symbola) print looks for an installed
// font before it gives up, as a browser does: a teacher who installs
// Debian's fonts-noto-core gets every script Noto covers. The first miss
// indexes the system's fonts once, from their cmap tables only.

// SystemDirs lists the folders searched for fonts (tests replace it).
var SystemDirs = systemDirs

func systemDirs() []string {
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "darwin":
		return []string{"/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library/Fonts")}
	case "windows":
		return []string{filepath.Join(os.Getenv("WINDIR"), "Fonts")}
	}
	return []string{"/usr/share/fonts", "/usr/local/share/fonts", filepath.Join(home, ".local/share/fonts"), filepath.Join(home, ".fonts")}
}

// sysFont is one installed font file and the characters it maps.
type sysFont struct {
	path   string
	bold   bool
	ranges [][2]rune // sorted, inclusive
}

func (f *sysFont) has(r rune) bool {
	i := sort.Search(len(f.ranges), func(i int) bool { return f.ranges[i][1] >= r })
	return i < len(f.ranges) && f.ranges[i][0] <= r
}

var (
	sysOnce  sync.Once
	sysFonts []*sysFont
	sysMu    sync.Mutex
	sysFaces = map[string]*Face{}
	sysByRun = map[[2]rune]*Face{} // {r, bold} → face (nil: none)
)

// SystemFace returns an installed face that has r, bold if asked and one
// exists, or nil. Upright text faces are preferred (serif before sans),
// then symbol faces; colour-bitmap emoji fonts cannot be drawn in print
// and are skipped. The choice depends only on the installed files, in
// sorted order, so a build is reproducible on one machine.
func SystemFace(r rune, bold bool) *Face {
	sysOnce.Do(indexSystemFonts)
	b := rune(0)
	if bold {
		b = 1
	}
	key := [2]rune{r, b}
	sysMu.Lock()
	defer sysMu.Unlock()
	if f, ok := sysByRun[key]; ok {
		return f
	}
	var pick *sysFont
	for _, sf := range sysFonts {
		if sf.has(r) && (pick == nil || (sf.bold == bold && pick.bold != bold)) {
			pick = sf
			if sf.bold == bold {
				break
			}
		}
	}
	var face *Face
	if pick != nil {
		face = sysFaces[pick.path]
		if face == nil {
			if data, err := os.ReadFile(pick.path); err == nil {
				name := strings.TrimSuffix(filepath.Base(pick.path), filepath.Ext(pick.path))
				face = &Face{Name: "System-" + name, Data: data, Bold: pick.bold}
				if face.Err() != nil || !face.HasGlyph(r) {
					face = nil
				}
			}
			sysFaces[pick.path] = face
		}
	}
	sysByRun[key] = face
	return face
}

// styleRank orders candidate files: regular and bold text faces first,
// other weights and widths after, italics never (they would slant a
// quotation the source set upright).
func styleRank(base string) (rank int, bold, ok bool) {
	lower := strings.ToLower(base)
	if strings.Contains(lower, "italic") || strings.Contains(lower, "oblique") || strings.Contains(lower, "color") || strings.Contains(lower, "emoji") && !strings.Contains(lower, "symbola") {
		return 0, false, false
	}
	for _, w := range []string{"condensed", "light", "thin", "black", "medium", "semibold", "extrabold", "display", "ui-", "mono"} {
		if strings.Contains(lower, w) {
			return 0, false, false
		}
	}
	bold = strings.Contains(lower, "bold")
	switch {
	case strings.Contains(lower, "serif"):
		rank = 0
	case strings.Contains(lower, "sans"):
		rank = 1
	default:
		rank = 2
	}
	return rank, bold, true
}

func indexSystemFonts() {
	type cand struct {
		path string
		rank int
		bold bool
	}
	var cands []cand
	for _, dir := range SystemDirs() {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			ext := strings.ToLower(filepath.Ext(p))
			if ext != ".ttf" && ext != ".otf" {
				return nil
			}
			rank, bold, ok := styleRank(filepath.Base(p))
			if ok {
				cands = append(cands, cand{p, rank, bold})
			}
			return nil
		})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].rank != cands[j].rank {
			return cands[i].rank < cands[j].rank
		}
		return cands[i].path < cands[j].path
	})
	for _, c := range cands {
		ranges := cmapRanges(c.path)
		if len(ranges) > 0 {
			sysFonts = append(sysFonts, &sysFont{path: c.path, bold: c.bold, ranges: ranges})
		}
	}
}

// cmapRanges reads only a font's cmap and returns the characters it maps
// as sorted ranges. Fonts without outlines print can draw (colour
// bitmaps only) give none.
func cmapRanges(path string) [][2]rune {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	if _, err := ld.RawTable(ot.MustNewTag("glyf")); err != nil {
		if _, err := ld.RawTable(ot.MustNewTag("CFF ")); err != nil {
			return nil
		}
	}
	raw, err := ld.RawTable(ot.MustNewTag("cmap"))
	if err != nil {
		return nil
	}
	tab, _, err := tables.ParseCmap(raw)
	if err != nil {
		return nil
	}
	cm, _, err := gtfont.ProcessCmap(tab, 0)
	if err != nil {
		return nil
	}
	var rs []rune
	for it := cm.Iter(); it.Next(); {
		r, g := it.Char()
		if g != 0 && r > 0x20 {
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	var out [][2]rune
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1][1]+1 >= r {
			out[n-1][1] = r
			continue
		}
		out = append(out, [2]rune{r, r})
	}
	return out
}
