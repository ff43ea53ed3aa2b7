package book

import (
	"strings"
)

// Bibliography is the source's entry in the list of sources, in the
// Chicago notes-bibliography style for archival and published documents:
//
//	Masoud, Ahmad Shah. Letter to Yuli Vorontsov. September 2, 1989. In A. A.
//	Lyakhovskiy, Plamya Afgana (Moscow: Iskon, 1999), 523. Translated by
//	Gary Goldberg. Wilson Center Digital Archive.
//
// Titles are given as the source gives them; italics are the renderer's
// business, so the entry is returned in parts.
func (s *Source) Bibliography() []string {
	var parts []string
	if len(s.Authors) > 0 {
		parts = append(parts, strings.TrimSuffix(invertName(s.Authors[0])+andOthers(s.Authors[1:]), ".")+".")
	}
	title := s.Title
	if strings.HasPrefix(strings.ToLower(title), "letter from") && len(s.Recipients) > 0 {
		title = "Letter to " + joinNames(s.Recipients)
	}
	parts = append(parts, "“"+strings.TrimSuffix(title, ".")+".”")
	if d := s.DateText(); d != "" {
		parts = append(parts, d+".")
	}
	if s.Citation.PublishedIn != "" {
		in := "In " + s.Citation.PublishedIn
		if s.Citation.Page != "" {
			in += ", " + s.Citation.Page
		}
		parts = append(parts, in+".")
	}
	if s.Citation.Archive != "" {
		a := s.Citation.Archive
		if s.Citation.ArchiveLocation != "" {
			a = s.Citation.ArchiveLocation + ". " + a
		}
		parts = append(parts, a+".")
	}
	if len(s.Translators) > 0 {
		parts = append(parts, "Translated by "+joinNames(s.Translators)+".")
	}
	if s.DigitalCopy.Repository != "" {
		r := s.DigitalCopy.Repository
		if s.DigitalCopy.URL != "" {
			r += ". " + s.DigitalCopy.URL
		}
		parts = append(parts, r+".")
	}
	if s.Citation.PublishedIn == "" && s.Citation.Archive == "" && s.Citation.Text != "" {
		parts = append(parts, strings.TrimSuffix(s.Citation.Text, ".")+".")
	}
	return parts
}

// invertName turns "Ahmad Shah Masoud" into "Masoud, Ahmad Shah" for
// alphabetising; single names are left as they are.
func invertName(n string) string {
	f := strings.Fields(n)
	if len(f) < 2 {
		return n
	}
	return f[len(f)-1] + ", " + strings.Join(f[:len(f)-1], " ")
}

func andOthers(ns []string) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ", and " + ns[0]
	}
	return ", " + strings.Join(ns[:len(ns)-1], ", ") + ", and " + ns[len(ns)-1]
}

// SortKey orders the list of sources by author then title.
func (s *Source) SortKey() string {
	if len(s.Authors) > 0 {
		return strings.ToLower(invertName(s.Authors[0]) + " " + s.Title)
	}
	return strings.ToLower(s.Title)
}
