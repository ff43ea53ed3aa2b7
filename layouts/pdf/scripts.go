package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/segmenter"
	"golang.org/x/text/unicode/norm"

	"sourcebook/book/markup"
	"sourcebook/fonts"
	"sourcebook/layouts/typeset"
)

// display returns a word as printed: composed (NFC), so that text stored
// decomposed (Vietnamese from some editors) draws its accents on the
// letters. The source is never changed; only what is drawn.
func display(word string) string {
	for i := 0; i < len(word); i++ {
		if word[i] >= 0x80 {
			if !norm.NFC.IsNormalString(word) {
				return norm.NFC.String(word)
			}
			return word
		}
	}
	return word
}

// hasCJK reports Chinese or Japanese characters, which are set without
// spaces and break between characters. Korean separates words with
// spaces and is broken only there, as Korean books usually are.
func hasCJK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xE1 { // lead bytes of U+1000 and above
			for _, r := range s[i:] {
				if fonts.ScriptOf(r) == fonts.ScriptCJK && !unicode.Is(unicode.Hangul, r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// Kinsoku: characters that may not start a line (closing marks, small
// kana, prolonged sound mark, iteration marks) and that may not end one
// (opening marks), added to the line-break rules of UAX #14.
const (
	noLineStart = "、。，．・：；？！ー）」』】〕〉》〙〗｝］＞’”ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～!%),.:;?]}"
	noLineEnd   = "（「『【〔〈《〘〖｛［＜‘“([{"
)

// addCJK sets text without spaces: one box per unit between line-break
// opportunities (UAX #14, by go-text's segmenter, with the kinsoku rules
// above), joined by glue that can stretch a little so that justified
// lines spread their space between characters rather than within words.
func (s *setter) addCJK(pieces []piece, size float64, style markup.Style, link string, off int) {
	var seg segmenter.Segmenter
	for _, p := range pieces {
		if err := seg.InitWithString(p.text); err != nil {
			continue
		}
		var units []string
		it := seg.LineIterator()
		for it.Next() {
			l := it.Line()
			u := p.text[l.OffsetInBytes : l.OffsetInBytes+l.LengthInBytes]
			if n := len(units); n > 0 {
				first, _ := utf8.DecodeRuneInString(u)
				last, _ := utf8.DecodeLastRuneInString(units[n-1])
				if strings.ContainsRune(noLineStart, first) || strings.ContainsRune(noLineEnd, last) {
					units[n-1] += u
					continue
				}
			}
			units = append(units, u)
		}
		for i, u := range units {
			if i > 0 {
				s.push(typeset.Item{Kind: typeset.Glue, Stretch: size * 0.25, Shrink: 0}, nil)
			}
			f := s.newFrag()
			*f = frag{text: u, face: p.face, size: size, link: link, style: style, offset: off}
			f.width = p.face.Width(u, size)
			s.push(typeset.Item{Kind: typeset.Box, Width: f.width}, f)
			off += utf8.RuneCountInString(u)
		}
	}
}
