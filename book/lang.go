package book

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// LanguageName returns the English name of a BCP 47 tag ("ru" → "Russian"),
// or "" for an empty or unknown tag.
func LanguageName(tag string) string {
	if tag == "" {
		return ""
	}
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	return display.English.Languages().Name(t)
}

// checkLanguage explains what is wrong with a language tag, or returns "".
func checkLanguage(tag string) string {
	if tag == "" {
		return ""
	}
	if _, err := language.Parse(tag); err != nil || strings.ContainsAny(tag, " _") {
		return fmt.Sprintf("%q is not a language code; use a BCP 47 code such as en, ru, fr, de, zh-Hans or fa-AF", tag)
	}
	return ""
}
