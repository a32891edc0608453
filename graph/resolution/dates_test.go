package resolution

import "testing"

func TestPartialDatesCompatible(t *testing.T) {
	for _, c := range []struct {
		a, b string
		ok   bool
	}{
		{"1993", "1993-05-17", true},
		{"1993-05", "1993-05-17", true},
		{"1993-05-17", "1993-05-17", true},
		{"", "1993-05-17", true}, // unknown: no contradiction
		{"1993-05-17", "1993-05-18", false},
		{"1992-10-10", "1992-11-10", false},
		{"1993", "1994-05-17", false},
		{"1993-05", "1993-06", false},
		{"not a date", "1993", true}, // unreadable: no evidence either way
	} {
		if got := DatesCompatible(c.a, c.b); got != c.ok {
			t.Errorf("DatesCompatible(%q, %q) = %v", c.a, c.b, got)
		}
		if DatesCompatible(c.a, c.b) != DatesCompatible(c.b, c.a) {
			t.Errorf("%q, %q: not symmetric", c.a, c.b)
		}
	}
}

// The more of a date two files agree on, the stronger the evidence.
func TestMorePreciseAgreementWeighsMore(t *testing.T) {
	year, _ := compareDates("1993", "1993-05-17")
	month, _ := compareDates("1993-05", "1993-05-17")
	day, reason := compareDates("1993-05-17", "1993-05-17")
	if !(0 < year && year < month && month < day) {
		t.Errorf("year %.1f, month %.1f, day %.1f", year, month, day)
	}
	if reason != "same birth date 1993-05-17" {
		t.Errorf("reason %q", reason)
	}
	if _, r := compareDates("1982", "1991-02"); r != "birth years differ: 1982 vs 1991" {
		t.Errorf("reason %q", r)
	}
}
