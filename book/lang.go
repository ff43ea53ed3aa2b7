package book

import (
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
