package casefile

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDatesReadOneWayOrRefused(t *testing.T) {
	for _, tc := range []struct {
		v, order, want, reason string
		conflict               bool
	}{
		{v: "20.05.1998", want: "1998-05-20"},
		{v: "20/05/1998", want: "1998-05-20"},
		{v: "05/20/1998", want: "1998-05-20"},
		{v: "5-5-2020", want: "2020-05-05"},
		{v: "1998.05.20", want: "1998-05-20"},
		{v: "2024-06-01T10:30", want: "2024-06-01"},
		{v: "01/06/2024", order: DateOrderDMY, want: "2024-06-01"},
		{v: "01/06/2024", order: DateOrderMDY, want: "2024-01-06"},
		{v: "01.06.2024", reason: "no other date in this file decides"},
		{v: "01/06/2024", conflict: true, reason: "written both ways"},
		{v: "25/12/2024", order: DateOrderMDY, reason: "not a date in the order --date-order mdy gives"},
		{v: "31/02/1999", reason: "no such day: February 1999 has 28 days"},
		{v: "31.02.1999", order: DateOrderDMY, reason: "no such day"},
		{v: "1/6/24", reason: "dates are YYYY-MM-DD"},
		{v: "01/06-2024", reason: "dates are YYYY-MM-DD"},
	} {
		got, err := spreadsheetDate(tc.v, tc.order, tc.conflict, tc.order != "")
		switch {
		case tc.reason == "" && (err != nil || got != tc.want):
			t.Errorf("%s (%s): %q %v, want %s", tc.v, tc.order, got, err, tc.want)
		case tc.reason != "" && (err == nil || !strings.Contains(err.Error(), tc.reason)):
			t.Errorf("%s (%s): %q %v, want an error saying %q", tc.v, tc.order, got, err, tc.reason)
		}
	}
}

func TestAmountsReadOneWayOrRefused(t *testing.T) {
	for _, tc := range []struct {
		v, format, want, reason string
	}{
		{v: "12,500.50", want: "12500.50"},
		{v: "12.500,50", want: "12500.50"},
		{v: "12 500,50", want: "12500.50"},
		{v: "1,250,000", want: "1250000"},
		{v: "1.250.000", want: "1250000"},
		{v: "12500,5", want: "12500.5"},
		{v: "1.5", want: "1.5"},
		{v: "1500", want: "1500"},
		{v: "1.500", format: DecimalPoint, want: "1.500"},
		{v: "1.500", format: DecimalComma, want: "1500"},
		{v: "1,500", format: DecimalPoint, want: "1500"},
		{v: "1,500", format: DecimalComma, want: "1.500"},
		{v: "1.500", reason: "reads as 1.5 with a decimal point or as 1500 with a decimal comma"},
		{v: "-1,500", reason: "reads as -1500 with a decimal point or as -1.5 with a decimal comma"},
		{v: "12,50", format: DecimalPoint, reason: "not the one --number-format point gives"},
		{v: "1,2,3", reason: "must be an amount"},
		{v: "12,5x", reason: "must be an amount"},
	} {
		got, err := spreadsheetAmount(tc.v, tc.format, false, tc.format != "")
		switch {
		case tc.reason == "" && (err != nil || string(got) != tc.want):
			t.Errorf("%s (%s): %q %v, want %s", tc.v, tc.format, got, err, tc.want)
		case tc.reason != "" && (err == nil || !strings.Contains(err.Error(), tc.reason)):
			t.Errorf("%s (%s): %q %v, want an error saying %q", tc.v, tc.format, got, err, tc.reason)
		}
	}
}

func TestColumnNamesAsClerksWriteThem(t *testing.T) {
	got, problems := matchColumns([]string{"\ufeffRef", "Birth date", "birth_date", "nationalty", "", "LOCATION.LAT"}, entityColumns)
	if got[0] != "ref" || got[1] != "birthDate" || got[2] != "" || got[3] != "" || got[5] != "location.lat" {
		t.Fatalf("columns %q", got)
	}
	if len(problems) != 2 || problems[0].Reason != "is named twice in the header" ||
		!strings.Contains(problems[1].Reason, "did you mean nationality?") {
		t.Fatalf("problems %v", problems)
	}
}

// A workbook's numbers and dates are typed values with one reading: an
// amount of 1.125 stored as a number is one and an eighth whatever the
// text cells of its column say, and it decides nothing for them.
func TestTypedCellsHaveOneReading(t *testing.T) {
	header := []string{"amount", "date"}
	ev := newSheetEvidence()
	ev.observe(header, []string{"1.125", "2024-06-01"}, []bool{true, true})
	ev.observe(header, []string{"2.500", "01/06/2024"}, nil)
	sr := sheetReading{rd: &cellReading{}, evidence: func() (*sheetEvidence, *sheetEvidence) { return ev, ev }, typed: []bool{true, true}}
	obj, err := csvObject(header, []string{"1.125", "2024-06-01"}, sr)
	if err != nil || obj["amount"] != json.Number("1.125") || obj["date"] != "2024-06-01" {
		t.Fatalf("typed: %v %v", obj, err)
	}
	sr.typed = nil
	if _, err := csvObject(header, []string{"2.500", "01/06/2024"}, sr); err == nil ||
		!strings.Contains(err.Error(), "decimal comma") || !strings.Contains(err.Error(), "day and month could swap") {
		t.Fatalf("text cells take no evidence from typed ones: %v", err)
	}
}
