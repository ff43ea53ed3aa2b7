package manifest

import "testing"

// ParseDate reads the EDTF subset archives use and explains a date it
// cannot read.
func TestParseDate(t *testing.T) {
	for in, want := range map[string]Date{
		"1989-09-02": {Raw: "1989-09-02", Year: 1989, Month: 9, Day: 2},
		"1989-09":    {Raw: "1989-09", Year: 1989, Month: 9},
		"1989?":      {Raw: "1989?", Year: 1989, Uncertain: true},
		"1989~":      {Raw: "1989~", Year: 1989, Approximate: true},
		"1989%":      {Raw: "1989%", Year: 1989, Uncertain: true, Approximate: true},
	} {
		d, err := ParseDate(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if d != want {
			t.Errorf("%s: got %+v want %+v", in, d, want)
		}
	}
	r, err := ParseDate("1989-09/1989-10")
	if err != nil || r.End == nil || r.Year != 1989 || r.Month != 9 || r.End.Month != 10 {
		t.Errorf("interval: %+v, %v", r, err)
	}
	for bad, msg := range map[string]string{
		"1989-02-30": `"1989-02-30" has day 30; February 1989 has 28 days`,
		"1990/1989":  `the interval "1990/1989" ends before it starts`,
		"01/12/1989": `"01/12/1989" could be month/day/year (1989-01-12) or day/month/year (1989-12-01); write the one you mean as YYYY-MM-DD`,
	} {
		if _, err := ParseDate(bad); err == nil || err.Error() != msg {
			t.Errorf("%s: got %v, want %s", bad, err, msg)
		}
	}
}
