package book

import (
	"sort"
	"strings"
	"unicode/utf8"

	"sourcebook/book/input"
	"sourcebook/book/markup"
)

// Entry is one source as the catalogue lists it: its record, where it is,
// and reading metrics computed from its text.
type Entry struct {
	ID         string   `json:"id"`
	Date       string   `json:"date"` // EDTF, as written in the file
	Title      string   `json:"title"`
	ShortTitle string   `json:"short_title,omitempty"`
	Type       string   `json:"type"`
	Words      int      `json:"words"`
	Minutes    int      `json:"reading_minutes"`
	Grade      float64  `json:"grade"` // Flesch–Kincaid grade level
	Rights     string   `json:"rights"`
	Summary    string   `json:"summary"`
	Subjects   []string `json:"subjects"`
	Authors    []string `json:"authors"`
	File       string   `json:"file"`

	Source *Source `json:"-"`
}

// Filter selects entries. Zero fields select everything.
type Filter struct {
	// Query is searched for, case-insensitively, in the title, summary,
	// authors, subjects and text; every word of it must occur somewhere.
	Query string
	// Subject must be one of the source's subjects (case-insensitive).
	Subject string
	// Type must be the source's type (case-insensitive).
	Type string
	// From and To bound the date, inclusively and by whole periods: To
	// 1989 admits 1989-12-31, and a source dated 1989 is admitted by From
	// 1989-06. A source dated by an interval is admitted if the interval
	// meets the range.
	From, To Date
}

// Catalog lists the library's sources that pass f, by date and then id.
func Catalog(lib *Library, f Filter) []Entry {
	words := strings.Fields(strings.ToLower(f.Query))
	var out []Entry
	for _, id := range lib.Order {
		s := lib.Sources[id]
		if !f.admits(s) {
			continue
		}
		var text string
		// A table too large to parse safely is listed without metrics.
		if input.CheckTables(s.Body, s.File, s.BodyLine, DefaultLimits()) == nil {
			text = markup.BlocksText(markup.ParseString(s.Body, markup.Options{FirstLine: s.BodyLine}).Blocks)
		}
		if len(words) > 0 && !matchAll(words, s, text) {
			continue
		}
		n := WordCount(text)
		out = append(out, Entry{
			ID: s.ID, Date: s.Date.Raw, Title: s.Title, ShortTitle: s.ShortTitle, Type: s.Type,
			Words: n, Minutes: ReadingMinutes(n), Grade: FleschKincaidGrade(text),
			Rights: s.Rights.Status, Summary: s.Summary,
			Subjects: nonNil(s.Subjects), Authors: nonNil(s.Authors), File: s.File, Source: s,
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Source.Date, out[j].Source.Date
		if a.Before(b) || b.Before(a) {
			return a.Before(b)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// nonNil makes empty lists print as [] in JSON, not null.
func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func (f Filter) admits(s *Source) bool {
	if f.Type != "" && !strings.EqualFold(f.Type, s.Type) {
		return false
	}
	if f.Subject != "" {
		found := false
		for _, sub := range s.Subjects {
			found = found || strings.EqualFold(strings.TrimSpace(f.Subject), sub)
		}
		if !found {
			return false
		}
	}
	if !f.From.IsZero() && periodEnd(s.Date).Before(firstDay(f.From)) {
		return false
	}
	if !f.To.IsZero() && periodEnd(f.To).Before(firstDay(s.Date)) {
		return false
	}
	return true
}

// firstDay is the start of a date's period (of an interval's first date);
// Before already orders 1989 before 1989-01-01.
func firstDay(d Date) Date { return Date{Raw: d.Raw, Year: d.Year, Month: d.Month, Day: d.Day} }

// periodEnd is the last day of a date's period, or of an interval's end:
// 1989 → 1989-12-31, 1989-02 → 1989-02-31 (a bound for comparison only).
func periodEnd(d Date) Date {
	if d.End != nil {
		d = *d.End
	}
	e := Date{Raw: d.Raw, Year: d.Year, Month: d.Month, Day: d.Day}
	if e.Month == 0 {
		e.Month = 12
	}
	if e.Day == 0 {
		e.Day = 31
	}
	return e
}

func matchAll(words []string, s *Source, text string) bool {
	hay := strings.ToLower(strings.Join([]string{
		s.Title, s.ShortTitle, s.Summary, strings.Join(s.Authors, "\n"),
		strings.Join(s.Subjects, "\n"), text,
	}, "\n"))
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// Truncate shortens s to at most n characters, at a word boundary when
// one is near, ending in "…".
func Truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n || n < 2 {
		return s
	}
	r := []rune(s)
	cut := string(r[:n-1])
	// Back up to the last word boundary unless the cut falls on one.
	if r[n-1] != ' ' {
		if i := strings.LastIndexByte(cut, ' '); i >= len(cut)*2/3 {
			cut = cut[:i]
		}
	}
	return strings.TrimRight(cut, " ,;:.-–—") + "…"
}

// LibraryDirs returns the library folders a manifest names (resolved
// against its folder), or the sources folder beside it: the folders a
// build of it reads.
func LibraryDirs(m *Manifest) ([]string, error) { return m.LibraryDirs() }
