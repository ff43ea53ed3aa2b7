package manifest

import (
	"fmt"
	"sourcebook/book/diag"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Date is a document date in the subset of EDTF (ISO 8601-2) that archives
// use: a year, year-month or full date, optionally uncertain ("1989?"),
// approximate ("1989~") or both ("1989%"), or an interval of two such
// dates ("1989-09/1989-10").
type Date struct {
	Raw         string
	Year        int
	Month, Day  int // 0 when not given
	Uncertain   bool
	Approximate bool
	End         *Date // for intervals
	Line, Col   int
}

// IsZero reports whether no date was given.
func (d Date) IsZero() bool { return d.Raw == "" }

// UnmarshalYAML keeps the literal text (YAML would otherwise turn
// 1989-09-02 into a timestamp) and validates it.
func (d *Date) UnmarshalYAML(v *yaml.Node) error {
	if v.Kind != yaml.ScalarNode {
		return &diag.Error{Line: v.Line, Col: v.Column, Field: "date", Msg: "expected a date such as 1989-09-02, found " + diag.DescribeNode(v)}
	}
	if v.Tag == "!!null" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(v.Value)
	if err != nil {
		return &diag.Error{Line: v.Line, Col: v.Column, Field: "date", Msg: err.Error()}
	}
	p.Line, p.Col = v.Line, v.Column
	*d = p
	return nil
}

// MarshalYAML writes the date as it was given.
func (d Date) MarshalYAML() (any, error) { return d.Raw, nil }

// ParseDate parses an EDTF date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if msg := slashDate(s); msg != "" {
		return Date{}, fmt.Errorf("%s", msg)
	}
	if start, end, ok := strings.Cut(s, "/"); ok {
		a, err := ParseDate(start)
		if err != nil {
			return Date{}, err
		}
		b, err := ParseDate(end)
		if err != nil {
			return Date{}, err
		}
		if b.sortKey() < a.sortKey() {
			return Date{}, fmt.Errorf("the interval %q ends before it starts", s)
		}
		a.Raw, a.End = s, &b
		return a, nil
	}
	d := Date{Raw: s}
	body := s
	switch {
	case strings.HasSuffix(body, "%"):
		d.Uncertain, d.Approximate = true, true
	case strings.HasSuffix(body, "?"):
		d.Uncertain = true
	case strings.HasSuffix(body, "~"):
		d.Approximate = true
	}
	body = strings.TrimRight(body, "?~%")
	bad := fmt.Errorf("%q is not a date; write YYYY-MM-DD (1989-09-02), YYYY-MM (1989-09) or YYYY (1989), adding ? if uncertain or ~ if approximate", s)
	parts := strings.Split(body, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || p == "" {
			return Date{}, bad
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, bad
		}
		nums[i] = n
	}
	d.Year = nums[0]
	if d.Year < 1 {
		return Date{}, fmt.Errorf("%q has the year 0; years run from 0001 to 9999", s)
	}
	if len(nums) > 1 {
		d.Month = nums[1]
		if d.Month < 1 || d.Month > 12 {
			return Date{}, fmt.Errorf("%q has month %d; months run from 01 to 12", s, d.Month)
		}
	}
	if len(nums) > 2 {
		d.Day = nums[2]
		last := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return Date{}, fmt.Errorf("%q has day %d; %s %d has %d days", s, d.Day, time.Month(d.Month), d.Year, last)
		}
	}
	return d, nil
}

func (d Date) sortKey() int { return d.Year*10000 + d.Month*100 + d.Day }

// Before orders dates for timelines and lists.
func (d Date) Before(o Date) bool { return d.sortKey() < o.sortKey() }

// String is the date as written (EDTF); book.Locale.Date writes it for
// readers, in their language.
func (d Date) String() string { return d.Raw }

// slashDate explains a date written with two slashes (01/12/2026), which
// reads as 12 January in the United States and 1 December elsewhere, so
// the reader cannot guess which was meant.
func slashDate(s string) string {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return ""
	}
	n := make([]int, 3)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || len(p) > 4 {
			return ""
		}
		n[i] = v
	}
	if len(parts[0]) == 4 {
		return fmt.Sprintf("%q is written with slashes; write it with hyphens: %04d-%02d-%02d (YYYY-MM-DD)", s, n[0], n[1], n[2])
	}
	y := n[2]
	if len(parts[2]) == 2 {
		return fmt.Sprintf("%q has a two-digit year and slashes; write the full date as YYYY-MM-DD, for example 19%02d-%02d-%02d or 20%02d-%02d-%02d", s, y, n[0], n[1], y, n[0], n[1])
	}
	us := fmt.Sprintf("%04d-%02d-%02d", y, n[0], n[1])
	eu := fmt.Sprintf("%04d-%02d-%02d", y, n[1], n[0])
	switch {
	case n[0] > 12 && n[1] <= 12:
		return fmt.Sprintf("%q is written day/month/year; write it as YYYY-MM-DD: %s", s, eu)
	case n[1] > 12 && n[0] <= 12:
		return fmt.Sprintf("%q is written month/day/year; write it as YYYY-MM-DD: %s", s, us)
	case us == eu:
		return fmt.Sprintf("%q is written with slashes; write it as YYYY-MM-DD: %s", s, us)
	}
	return fmt.Sprintf("%q could be month/day/year (%s) or day/month/year (%s); write the one you mean as YYYY-MM-DD", s, us, eu)
}
