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

// missingFunc is told about each character that no font can draw.
type missingFunc func(r rune)

// splitFaces cuts s into pieces by the face that can draw each character:
// the preferred face, else the fallback family, else a placeholder. It also
// drops characters that fpdf cannot encode (above U+FFFF) and control
// characters, reporting them.
func splitFaces(s string, pref *fonts.Face, fb *fonts.Face, missing missingFunc) []piece {
	// Most words are drawable as they are in the preferred face.
	simple := true
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r > 0xFFFF || r == utf8.RuneError || r == 0xAD || !pref.Has(r) || (r >= 0x2000 && isInvisibleFormat(r)) {
			simple = false
			break
		}
	}
	if simple {
		return []piece{{s, pref}}
	}
	var out []piece
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
		case r == utf8.RuneError, r > 0xFFFF, r < 0x20, r >= 0x7f && r < 0xa0:
			if missing != nil && r != utf8.RuneError && r >= 0x20 {
				missing(r)
			}
			if r < 0x20 || (r >= 0x7f && r < 0xa0) {
				continue
			}
			r, face = placeholder, fb
		case isInvisibleFormat(r):
			// Zero-width and bidi controls carry no glyph; drawing them
			// would show boxes, so they are dropped from print.
			continue
		case !pref.Has(r):
			if fb.Has(r) {
				face = fb
			} else {
				if missing != nil {
					missing(r)
				}
				r, face = placeholder, fb
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

func isInvisibleFormat(r rune) bool {
	if r == 0xAD { // soft hyphen: fpdf would print it as a hyphen
		return true
	}
	return unicode.Is(unicode.Cf, r)
}
