package resolution

import (
	"fmt"
	"strconv"
	"strings"
)

// partialDate is a birth date known to the year, the month or the day
// (graph.PartialDate's forms; parsed here again so that this package
// stays free of the graph package).
type partialDate struct {
	raw        string
	parts      [3]int // year, month, day
	known      int    // how many of parts are known: 1 to 3
	parsedOkay bool
}

func parsePartialDate(s string) partialDate {
	s = strings.TrimSpace(s)
	d := partialDate{raw: s}
	if s == "" {
		return d
	}
	fields := strings.Split(s, "-")
	if len(fields) > 3 {
		return d
	}
	limits := [3][2]int{{1000, 9999}, {1, 12}, {1, 31}}
	for i, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil || n < limits[i][0] || n > limits[i][1] {
			return partialDate{raw: s}
		}
		d.parts[i] = n
	}
	d.known, d.parsedOkay = len(fields), true
	return d
}

// Weights of the birth-date signal, in log-odds. A full date in common
// is rare between two people; a year in common is not. Any disagreement
// in what both dates state is a contradiction.
const (
	wSameDay    = 3.0
	wSameMonth  = 1.2
	wSameYear   = 0.6
	wDateDiffer = -4.0
)

// compareDates compares two partial dates on what both state: 1993 and
// 1993-05-17 are compatible, 1992-10-10 and 1992-11-10 are not. It gives
// the weight and a reason, or 0 and "" when either date is unknown.
func compareDates(a, b string) (float64, string) {
	x, y := parsePartialDate(a), parsePartialDate(b)
	if !x.parsedOkay || !y.parsedOkay {
		return 0, ""
	}
	if x.parts[0] != y.parts[0] {
		return wDateDiffer, fmt.Sprintf("birth years differ: %d vs %d", x.parts[0], y.parts[0])
	}
	common := min(x.known, y.known)
	for i := 1; i < common; i++ {
		if x.parts[i] != y.parts[i] {
			return wDateDiffer, fmt.Sprintf("birth dates differ: %s vs %s", x.raw, y.raw)
		}
	}
	w := [4]float64{0, wSameYear, wSameMonth, wSameDay}[common]
	if x.raw == y.raw {
		if common == 1 {
			return w, "same birth year " + x.raw
		}
		return w, "same birth date " + x.raw
	}
	return w, fmt.Sprintf("birth dates compatible: %s ~ %s", x.raw, y.raw)
}

// DatesCompatible reports whether two partial dates agree on all they
// both state; an unknown date is compatible with any.
func DatesCompatible(a, b string) bool {
	w, _ := compareDates(a, b)
	return w >= 0
}
