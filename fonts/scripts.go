package fonts

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode"
)

// The Noto faces for scripts the Liberation fonts lack (SIL Open Font
// License, see noto/OFL.txt). Italic styles use the upright faces: these
// scripts have no italics.
var (
	//go:embed noto/NotoNaskhArabic-Regular.ttf
	naskhRegular []byte
	//go:embed noto/NotoNaskhArabic-Bold.ttf
	naskhBold []byte
	//go:embed noto/NotoSerifHebrew-Regular.ttf
	hebrewRegular []byte
	//go:embed noto/NotoSerifHebrew-Bold.ttf
	hebrewBold []byte
	//go:embed noto/NotoSerifDevanagari-Regular.ttf
	devaRegular []byte
	//go:embed noto/NotoSerifDevanagari-Bold.ttf
	devaBold []byte
	//go:embed noto/NotoSansSymbols2-Regular.ttf
	symbolsRegular []byte
)

func uprightFamily(name string, regular, bold []byte, psName string) *Family {
	r := &Face{Name: psName + "-Regular", Data: regular}
	b := &Face{Name: psName + "-Bold", Data: bold, Bold: true}
	return &Family{Name: name, Faces: [4]*Face{r, r, b, b}}
}

var (
	arabic     = uprightFamily("Noto Naskh Arabic", naskhRegular, naskhBold, "NotoNaskhArabic")
	hebrew     = uprightFamily("Noto Serif Hebrew", hebrewRegular, hebrewBold, "NotoSerifHebrew")
	devanagari = uprightFamily("Noto Serif Devanagari", devaRegular, devaBold, "NotoSerifDevanagari")
	symbols    = uprightFamily("Noto Sans Symbols 2", symbolsRegular, symbolsRegular, "NotoSansSymbols2")
)

// Symbols is the last resort for symbols and pictographs (many emoji, in
// monochrome): Noto Sans Symbols 2.
func Symbols() *Family { return symbols }

// Script names a writing system that needs a face of its own.
type Script uint8

// Scripts with their own faces.
const (
	ScriptNone Script = iota
	ScriptArabic
	ScriptHebrew
	ScriptDevanagari
	ScriptCJK
)

func (s Script) String() string {
	return [...]string{"Latin", "Arabic", "Hebrew", "Devanagari", "Chinese, Japanese or Korean"}[s]
}

// ScriptOf says which script face a character needs (ScriptNone for
// those the main families and DejaVu cover).
func ScriptOf(r rune) Script {
	switch {
	case r < 0x0590:
		return ScriptNone
	case r < 0x0600, r >= 0xFB1D && r <= 0xFB4F:
		return ScriptHebrew
	case r < 0x0900, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		if r < 0x0700 || (r >= 0x0750 && r < 0x0780) || (r >= 0x08A0) || r >= 0xFB50 {
			return ScriptArabic
		}
		return ScriptNone
	case r < 0x0980, r >= 0xA8E0 && r <= 0xA8FF:
		return ScriptDevanagari
	case isCJK(r):
		return ScriptCJK
	}
	return ScriptNone
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3200 && r <= 0x33FF)
}

// ForScript returns the family for a script: the embedded Noto faces, or
// for Chinese, Japanese and Korean a font found on the system (lang picks
// the regional glyph forms: "ja", "ko", "zh-Hant", otherwise Simplified
// Chinese).
//
// extra lists font files to try first for CJK (the manifest's fonts:).
func ForScript(s Script, lang string, extra ...string) (*Family, error) {
	switch s {
	case ScriptArabic:
		return arabic, nil
	case ScriptHebrew:
		return hebrew, nil
	case ScriptDevanagari:
		return devanagari, nil
	case ScriptCJK:
		return cjkFamily(lang, extra)
	}
	return nil, nil
}

var (
	cjkMu    sync.Mutex
	cjkFiles = map[string]*Family{}
)

// CJKSearch lists the CJK font files to try, regular and bold, in order
// (tests replace it to see what happens when none is installed).
var CJKSearch = cjkCandidates

// cjkCandidates lists where CJK fonts are usually installed, serif first
// (the body face is a serif).
func cjkCandidates() [][2]string {
	var c [][2]string
	switch runtime.GOOS {
	case "darwin":
		c = [][2]string{{"/System/Library/Fonts/Supplemental/Songti.ttc", ""}, {"/System/Library/Fonts/PingFang.ttc", ""},
			{"/System/Library/Fonts/Hiragino Sans GB.ttc", ""}, {"/Library/Fonts/NotoSerifCJK-Regular.ttc", "/Library/Fonts/NotoSerifCJK-Bold.ttc"}}
	case "windows":
		dir := filepath.Join(os.Getenv("WINDIR"), "Fonts")
		c = [][2]string{{filepath.Join(dir, "NotoSerifCJK-Regular.ttc"), filepath.Join(dir, "NotoSerifCJK-Bold.ttc")},
			{filepath.Join(dir, "msyh.ttc"), filepath.Join(dir, "msyhbd.ttc")}, {filepath.Join(dir, "YuGothM.ttc"), filepath.Join(dir, "YuGothB.ttc")}}
	default:
		for _, d := range []string{"/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/google-noto-cjk", "/usr/local/share/fonts"} {
			c = append(c, [2]string{filepath.Join(d, "NotoSerifCJK-Regular.ttc"), filepath.Join(d, "NotoSerifCJK-Bold.ttc")},
				[2]string{filepath.Join(d, "NotoSansCJK-Regular.ttc"), filepath.Join(d, "NotoSansCJK-Bold.ttc")})
		}
	}
	return c
}

// ErrNoCJKFont is returned when no font for Chinese, Japanese or Korean
// is installed.
var ErrNoCJKFont = fmt.Errorf("no font for Chinese, Japanese or Korean is installed: install one (Debian and Ubuntu: apt-get install fonts-noto-cjk; other systems: Noto Serif CJK from https://notofonts.github.io) or name a font file under fonts: in reader.yaml")

func cjkIndex(path, lang string) int {
	if !strings.Contains(filepath.Base(path), "CJK") {
		return 0
	}
	lang = strings.ToLower(lang)
	switch {
	case strings.HasPrefix(lang, "ja"):
		return 0
	case strings.HasPrefix(lang, "ko"):
		return 1
	case strings.HasPrefix(lang, "zh-hant"), strings.HasPrefix(lang, "zh-tw"):
		return 3
	case strings.HasPrefix(lang, "zh-hk"):
		return 4
	}
	return 2
}

func cjkFamily(lang string, extra []string) (*Family, error) {
	cjkMu.Lock()
	defer cjkMu.Unlock()
	var cands [][2]string
	for _, e := range extra {
		cands = append(cands, [2]string{e, ""})
	}
	cands = append(cands, CJKSearch()...)
	for _, c := range cands {
		st, err := os.Stat(c[0])
		if err != nil {
			continue
		}
		idx := cjkIndex(c[0], lang)
		// A file replaced under the same name (a reader's fonts: under
		// --watch) is loaded again: its size or time differs.
		key := fmt.Sprintf("%s#%d#%d#%d", c[0], idx, st.Size(), st.ModTime().UnixNano())
		if fam, ok := cjkFiles[key]; ok {
			return fam, nil
		}
		reg, err := os.ReadFile(c[0])
		if err != nil {
			continue
		}
		bold := reg
		if c[1] != "" {
			if b, err := os.ReadFile(c[1]); err == nil {
				bold = b
			}
		}
		name := strings.TrimSuffix(filepath.Base(c[0]), filepath.Ext(c[0]))
		r := &Face{Name: fmt.Sprintf("%s-%d", name, idx), Data: reg, Index: idx}
		b := &Face{Name: fmt.Sprintf("%s-Bold-%d", name, idx), Data: bold, Index: idx, Bold: true}
		if err := r.Err(); err != nil || !(r.HasGlyph(0x4E00) || r.HasGlyph(0xAC00) || r.HasGlyph(0x3042)) {
			continue
		}
		fam := &Family{Name: name, Faces: [4]*Face{r, r, b, b}}
		cjkFiles[key] = fam
		return fam, nil
	}
	return nil, ErrNoCJKFont
}
