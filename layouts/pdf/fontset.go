package pdf

import (
	"unicode"
	"unicode/utf8"

	"sourcebook/book/markup"
	"sourcebook/fonts"
)

func faceStyle(s markup.Style) fonts.Style {
	switch {
	case s&markup.Bold != 0 && s&markup.Italic != 0:
		return fonts.BoldItalic
	case s&markup.Bold != 0:
		return fonts.Bold
	case s&markup.Italic != 0:
		return fonts.Italic
	}
	return fonts.Regular
}

// placeholder is drawn for characters that no font has (□, in DejaVu).
const placeholder = '\u25a1'

// piece is a stretch of text drawn in one face.
type piece struct {
	text string
	face *fonts.Face
}

// fontCtx says how to find faces for characters the preferred face lacks.
type fontCtx struct {
	lang  string   // the text's language, for CJK regional forms
	extra []string // font files named by the manifest
	// missing is told about each character that no font can draw.
	missing func(r rune)
	// noFont is told when a script's face cannot be found (CJK fonts
	// come from the system).
	noFont func(s fonts.Script, err error)
}

// splitFaces cuts s into pieces by the face that can draw each character:
// the preferred face, else the face for the character's script (Arabic,
// Hebrew, Devanagari, CJK), else the fallback family, else a placeholder.
// Combining marks stay in the face of their base. Control characters are
// dropped, and reported.
func splitFaces(s string, pref *fonts.Face, fb *fonts.Face, fc fontCtx) []piece {
	return splitFacesInto(nil, s, pref, fb, fc)
}

// splitFacesInto is splitFaces appending to buf[:0], for a caller done
// with the pieces before it splits again.
func splitFacesInto(buf []piece, s string, pref *fonts.Face, fb *fonts.Face, fc fontCtx) []piece {
	// Most words are drawable as they are in the preferred face.
	if plain(s, pref) {
		return append(buf[:0], piece{s, pref})
	}
	return cutFaces(buf[:0], s, pref, fb, fc)
}

// cutFaces is splitFaces character by character, appending to out.
func cutFaces(out []piece, s string, pref *fonts.Face, fb *fonts.Face, fc fontCtx) []piece {
	var cur []byte
	var curFace *fonts.Face
	flush := func() {
		if len(cur) > 0 {
			out = append(out, piece{string(cur), curFace})
			cur = cur[:0]
		}
	}
	for _, r := range s {
		face := pref
		switch {
		case r == '\t':
			r = ' '
		case r == utf8.RuneError && fb.Has(r):
			// U+FFFD as transcribed (book warns about it): print the
			// replacement character itself, not a placeholder.
			face = fb
		case r == utf8.RuneError, r < 0x20, r >= 0x7f && r < 0xa0:
			if fc.missing != nil && r != utf8.RuneError && r >= 0x20 {
				fc.missing(r)
			}
			if r < 0x20 || (r >= 0x7f && r < 0xa0) {
				continue
			}
			r, face = placeholder, fb
		case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF:
			// Variation selectors choose a presentation (emoji or text)
			// that print, in one colour, does not have.
			continue
		case r == 0x200C || r == 0x200D:
			// Zero-width (non-)joiners steer shaping: kept with the text.
			if curFace != nil {
				face = curFace
			}
		case isInvisibleFormat(r):
			// Other zero-width and bidi controls carry no glyph; drawing
			// them would show boxes, so they are dropped from print.
			continue
		case curFace != nil && curFace != pref && unicode.Is(unicode.M, r) && curFace.HasGlyph(r):
			face = curFace
		case !pref.HasGlyph(r):
			face = nil
			if sc := fonts.ScriptOf(r); sc != fonts.ScriptNone {
				fam, err := fonts.ForScript(sc, fc.lang, fc.extra...)
				if err != nil && fc.noFont != nil {
					fc.noFont(sc, err)
				}
				if fam != nil {
					st := fonts.Regular
					if pref.Bold {
						st = fonts.Bold
					}
					if f := fam.Face(st); f.HasGlyph(r) {
						face = f
					}
				}
			}
			if face == nil {
				if sym := fonts.Symbols().Face(fonts.Regular); !fb.HasGlyph(r) && sym.HasGlyph(r) {
					face = sym
				} else if fb.HasGlyph(r) {
					face = fb
				} else if sf := fonts.SystemFace(r, pref.Bold); sf != nil {
					face = sf
				} else {
					if fc.missing != nil {
						fc.missing(r)
					}
					r, face = placeholder, fb
				}
			}
		}
		if face != curFace {
			flush()
			curFace = face
		}
		cur = utf8.AppendRune(cur, r)
	}
	flush()
	return out
}

// plain reports whether splitFaces has nothing to cut or drop in s:
// every character is drawn as it is, in pref.
func plain(s string, pref *fonts.Face) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f || !pref.Has(rune(c)) {
				return false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r < 0xa0 || r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF ||
			r == 0x200C || r == 0x200D || isInvisibleFormat(r) || !pref.HasGlyph(r) {
			return false
		}
		i += n - 1
	}
	return true
}

func isInvisibleFormat(r rune) bool {
	if r == 0xAD { // soft hyphen: a break opportunity, not a glyph
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// rtlLang reports languages written right to left.
func rtlLang(lang string) bool {
	base := lang
	for i := 0; i < len(lang); i++ {
		if lang[i] == '-' || lang[i] == '_' {
			base = lang[:i]
			break
		}
	}
	switch base {
	case "ar", "fa", "he", "iw", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "prs", "pes", "arb":
		return true
	}
	return false
}

// strongDir returns +1 for a strong right-to-left character, -1 for a
// strong left-to-right one, 0 for others (digits, punctuation, spaces).
func strongDir(r rune) int {
	switch {
	case r < 0x41:
		return 0
	case r >= 0x0590 && r < 0x0900, r >= 0xFB1D && r < 0xFE00, r >= 0xFE70 && r < 0xFF00:
		if unicode.IsLetter(r) {
			return 1
		}
		return 0
	case unicode.IsLetter(r):
		return -1
	}
	return 0
}

// wordDir is the direction of a word: +1 if it has right-to-left letters,
// -1 if it has other letters or digits, 0 for punctuation only.
func wordDir(s string) int {
	d := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return wordDirFrom(s[i:], d)
		}
		if c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' {
			d = -1
		}
	}
	return d
}

// wordDirFrom is wordDir of s, given d for the text before it.
func wordDirFrom(s string, d int) int {
	for _, r := range s {
		switch strongDir(r) {
		case 1:
			return 1
		case -1:
			d = -1
		}
		if r >= '0' && r <= '9' || (r >= 0x0660 && r <= 0x0669) || (r >= 0x06F0 && r <= 0x06F9) {
			d = -1
		}
	}
	return d
}
