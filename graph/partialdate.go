package graph

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// PartialDate is an ISO 8601 calendar date of year, month or day precision
// ("2025", "2025-06", "2025-06-20"): case files often know only the year a
// victim was born or the month a transfer was made. Stored as that string,
// which also sorts correctly against dates of the same precision.
type PartialDate string

// ParsePartialDate checks s and returns it in canonical form.
func ParsePartialDate(s string) (PartialDate, error) {
	var layout string
	switch len(s) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = "2006-01-02"
	default:
		return "", fmt.Errorf("want an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		if y, m, d, ok := dateParts(s); ok && m >= 1 && m <= 12 && d > 28 {
			// The form is right and the day is not in the month: say so
			// rather than that the form is wrong.
			days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			return "", fmt.Errorf("no such day: %s %d has %d days", time.Month(m), y, days)
		}
		return "", fmt.Errorf("want an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
	}
	if t.Year() < 1900 || t.Year() > 2100 {
		return "", fmt.Errorf("year out of range 1900-2100")
	}
	return PartialDate(s), nil
}

// dateParts reads YYYY-MM-DD as numbers, whether or not it is a day.
func dateParts(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y, e1 := strconv.Atoi(s[:4])
	m, e2 := strconv.Atoi(s[5:7])
	d, e3 := strconv.Atoi(s[8:])
	return y, m, d, e1 == nil && e2 == nil && e3 == nil
}

// MarshalGQL writes the date as a GraphQL string (gqlgen scalar).
func (d PartialDate) MarshalGQL(w io.Writer) {
	if d == "" {
		_, _ = io.WriteString(w, "null") // unknown date: every Date field is nullable
		return
	}
	_, _ = io.WriteString(w, strconv.Quote(string(d)))
}

// UnmarshalGQL accepts a string in one of the three precisions.
func (d *PartialDate) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return &ValidationError{Reason: "a Date is a string such as \"2025\", \"2025-06\" or \"2025-06-20\""}
	}
	p, err := ParsePartialDate(s)
	if err != nil {
		return &ValidationError{Reason: err.Error()}
	}
	*d = p
	return nil
}

// UnmarshalJSON reads a date from a case file as it is written: the
// write's validation checks it, so that one record's problems are all
// reported together, each with its field.
func (d *PartialDate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &ValidationError{Reason: "a date is a string such as \"2025\", \"2025-06\" or \"2025-06-20\""}
	}
	*d = PartialDate(s)
	return nil
}
