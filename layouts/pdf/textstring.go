package pdf

import "unicode/utf16"

// cesu8 writes each character above U+FFFF of s as its UTF-16 surrogate
// pair, each surrogate in three bytes (CESU-8). fpdf turns metadata and
// bookmark text into UTF-16BE three bytes at a time and garbles a
// four-byte character; given CESU-8 it writes the surrogate pair, which
// is how PDF text strings carry such characters.
func cesu8(s string) string {
	simple := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xF0 {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for _, r := range s {
		if r <= 0xFFFF {
			b = append(b, string(r)...)
			continue
		}
		hi, lo := utf16.EncodeRune(r)
		for _, u := range []rune{hi, lo} {
			b = append(b, byte(0xE0|u>>12), byte(0x80|(u>>6)&0x3F), byte(0x80|u&0x3F))
		}
	}
	return string(b)
}
