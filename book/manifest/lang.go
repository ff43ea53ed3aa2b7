package manifest

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// CheckLanguage explains what is wrong with a language tag, or returns "".
func CheckLanguage(tag string) string {
	if tag == "" {
		return ""
	}
	if _, err := language.Parse(tag); err != nil || strings.ContainsAny(tag, " _") {
		return fmt.Sprintf("%q is not a language code; use a BCP 47 code such as en, ru, fr, de, zh-Hans or fa-AF", tag)
	}
	return ""
}
