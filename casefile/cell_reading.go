package casefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// cellReading decides how a sheet reads the cells that could be read two
// ways: a date whose day and month could swap (1/6/2024) and an amount
// whose one separator could be a decimal or a thousands one (1.500,
// 1,500). The import's options decide first (--date-order,
// --number-format) and then hold for every such cell of the file;
// otherwise a column decides by its own evidence, gathered by observe
// over every row of the file when the first such cell is met (one cell
// that can be read only one way decides for the whole column); with neither, the cell
// is rejected with both readings. Guessing silently is what this
// prevents: 1/6/2024 read as 6 January in a file that meant 1 June moves
// a victim's recruitment by five months, and 1.500 read as 1.5 loses a
// transfer's size a thousand times over.
type cellReading struct {
	dateOrder    string // DateOrderDMY, DateOrderMDY, or "" to go by evidence
	numberFormat string // DecimalPoint, DecimalComma, or "" to go by evidence
}

// The values of --date-order and --number-format.
const (
	DateOrderDMY = "dmy" // 1/6/2024 is 1 June
	DateOrderMDY = "mdy" // 1/6/2024 is 6 January
	DecimalPoint = "point"
	DecimalComma = "comma"
)

// DateOrders and NumberFormats are the values the options take.
var (
	DateOrders    = []string{DateOrderDMY, DateOrderMDY}
	NumberFormats = []string{DecimalPoint, DecimalComma}
)

func newCellReading(opts Options) *cellReading {
	return &cellReading{dateOrder: opts.DateOrder, numberFormat: opts.NumberFormat}
}

// sheetEvidence is what the cells of one sheet that can be read only one
// way say of their column's convention.
type sheetEvidence struct {
	dates   map[string]*evidence // by column (and wholeSheet): day first, month first
	amounts map[string]*evidence // by column (and wholeSheet): decimal point, decimal comma
}

// evidence is which of a column's two conventions its cells show.
type evidence struct{ first, second bool }

func newSheetEvidence() *sheetEvidence {
	return &sheetEvidence{dates: map[string]*evidence{}, amounts: map[string]*evidence{}}
}

// observe gathers one row's evidence; header names the row's columns as
// the case file's fields. typed flags the cells that are a workbook's
// numbers, not text: they show nothing of how the file's text is written.
func (ev *sheetEvidence) observe(header, rec []string, typed []bool) {
	for i, col := range header {
		if i >= len(rec) {
			break
		}
		v := strings.TrimSpace(rec[i])
		switch {
		case v == "" || (i < len(typed) && typed[i]):
		case dateColumns[col]:
			c := dateConvention(v)
			note(ev.dates, col, c)
			note(ev.dates, wholeSheet, c)
		case decimalColumns[col]:
			c := amountConvention(compactAmount(v))
			note(ev.amounts, col, c)
			note(ev.amounts, wholeSheet, c)
		}
	}
}

func note(m map[string]*evidence, col, convention string) {
	if convention == "" {
		return
	}
	e := m[col]
	if e == nil {
		e = &evidence{}
		m[col] = e
	}
	switch convention {
	case DateOrderDMY, DecimalPoint:
		e.first = true
	default:
		e.second = true
	}
}

// wholeSheet keys the evidence of all the sheet's columns of a kind.
const wholeSheet = ""

// decide is the convention a column follows: the option's, else its
// evidence's when it shows one convention only; "" when nothing decides,
// conflict when its cells show both. A column whose cells show neither
// (a "since" column of one date) follows the rest of its sheet, and then
// the rest of the file, when they show one convention: a file is written
// in one locale, and one cell elsewhere deciding for it is what a clerk
// expects.
func decide(option string, col, first, second string, evs ...map[string]*evidence) (convention string, conflict bool) {
	if option != "" {
		return option, false
	}
	e := evs[0][col]
	for _, ev := range evs {
		if e != nil {
			break
		}
		if s := ev[wholeSheet]; s != nil && !(s.first && s.second) {
			e = s
		}
	}
	switch {
	case e == nil:
		return "", false
	case e.first && e.second:
		return "", true
	case e.first:
		return first, false
	}
	return second, false
}

// sheetReading reads the cells of one sheet. evidence gives the sheet's
// and the whole file's evidence; it is asked only for a cell that reads
// two ways and no option decides. typed flags the current row's cells
// that are a workbook's numbers and dates (see typedCells).
type sheetReading struct {
	rd       *cellReading
	evidence func() (sheet, file *sheetEvidence)
	typed    []bool
}

// isTyped says the row's i-th cell is a workbook's number or date.
func (sr sheetReading) isTyped(i int) bool { return i < len(sr.typed) && sr.typed[i] }

func (sr sheetReading) date(col, v string) (string, error) {
	order, conflict := sr.rd.dateOrder, false
	if order == "" && ambiguousDate(v) {
		sheet, file := sr.evidence()
		order, conflict = decide("", col, DateOrderDMY, DateOrderMDY, sheet.dates, file.dates)
	}
	return spreadsheetDate(v, order, conflict, sr.rd.dateOrder != "")
}

func (sr sheetReading) amount(col, v string) (json.Number, error) {
	format, conflict := sr.rd.numberFormat, false
	if format == "" && oneGroup.MatchString(compactAmount(v)) {
		sheet, file := sr.evidence()
		format, conflict = decide("", col, DecimalPoint, DecimalComma, sheet.amounts, file.amounts)
	}
	return spreadsheetAmount(v, format, conflict, sr.rd.numberFormat != "")
}

// ambiguousDate says a year-last date's day and month could swap.
func ambiguousDate(v string) bool {
	a, b, _, ok := yearLast(v)
	return ok && a != b && a >= 1 && a <= 12 && b >= 1 && b <= 12
}

var (
	// dayMonthYear is a date with the year last: 20/05/1998, 5-6-2024,
	// 20.05.1998 (one separator throughout).
	dayMonthYear = regexp.MustCompile(`^(\d{1,2})([./-])(\d{1,2})([./-])(\d{4})$`)
	ymdDotted    = regexp.MustCompile(`^(\d{4})[./](\d{1,2})[./](\d{1,2})$`)
	isoPrefix    = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2})?`)
)

// yearLast reads a year-last date's two leading numbers.
func yearLast(v string) (a, b int, year string, ok bool) {
	m := dayMonthYear.FindStringSubmatch(v)
	if m == nil || m[2] != m[4] {
		return 0, 0, "", false
	}
	a, _ = strconv.Atoi(m[1])
	b, _ = strconv.Atoi(m[3])
	return a, b, m[5], true
}

// dateConvention is the order a year-last date shows, or "" when it could
// be either (or is no date).
func dateConvention(v string) string {
	a, b, _, ok := yearLast(v)
	switch {
	case !ok:
		return ""
	case a > 12 && b >= 1 && b <= 12:
		return DateOrderDMY
	case b > 12 && a >= 1 && a <= 12:
		return DateOrderMDY
	}
	return ""
}

const dateForms = "dates are YYYY-MM-DD (or YYYY-MM, YYYY), DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY or YYYY.MM.DD"

// spreadsheetDate accepts ISO dates (of any precision), year-last dates
// with '/', '.' or '-' read in order (DateOrderDMY or DateOrderMDY; ""
// reads only those whose day and month cannot swap), YYYY.MM.DD and
// YYYY/MM/DD, and an ISO date with a time of day (which is dropped).
// conflict says the column shows both orders; given says the order was
// an option, not evidence. The reasons describe the readings, never the
// value: a birth date is a victim's personal data.
func spreadsheetDate(v, order string, conflict, given bool) (string, error) {
	if m := isoPrefix.FindStringSubmatch(v); m != nil {
		v = m[1]
	}
	if a, b, year, ok := yearLast(v); ok {
		day, month := a, b
		switch {
		case order == DateOrderMDY:
			day, month = b, a
		case order == DateOrderDMY:
		case a == b || a > 12:
		case b > 12:
			day, month = b, a
		case conflict:
			return "", errors.New("day and month could swap (DD/MM/YYYY or MM/DD/YYYY) and this column has dates written both ways: give --date-order dmy or mdy")
		default:
			return "", errors.New("day and month could swap (DD/MM/YYYY or MM/DD/YYYY) and no other date in this file decides: give --date-order dmy or mdy")
		}
		if month > 12 || month < 1 {
			if given {
				return "", errors.New("not a date in the order --date-order " + order + " gives (" + orderForm(order) + ")")
			}
			return "", errors.New(dateForms)
		}
		v = year + "-" + pad(strconv.Itoa(month)) + "-" + pad(strconv.Itoa(day))
	} else if m := ymdDotted.FindStringSubmatch(v); m != nil {
		v = m[1] + "-" + pad(m[2]) + "-" + pad(m[3])
	}
	if _, err := graph.ParsePartialDate(v); err != nil {
		if strings.HasPrefix(err.Error(), "want an ISO date") {
			return "", errors.New(dateForms)
		}
		return "", err // no such day, a year out of range: the form was right
	}
	return v, nil
}

func orderForm(order string) string {
	if order == DateOrderMDY {
		return "MM/DD/YYYY"
	}
	return "DD/MM/YYYY"
}

func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

var (
	thousandsComma = regexp.MustCompile(`^-?\d{1,3}(,\d{3})+$`)
	thousandsDot   = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})+$`)
	// oneGroup is a number with one separator followed by three digits:
	// a thousands group or a fraction of three decimals.
	oneGroup = regexp.MustCompile(`^-?\d{1,3}[.,]\d{3}$`)
	// plainAmount is what an amount must be once the spreadsheet's
	// separators are resolved: digits with an optional fraction.
	// (ParseFloat would also take "100.", "Inf", "NaN", "0x1p3" and "1_0".)
	plainAmount = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

// compactAmount drops the spaces and apostrophes spreadsheets group
// thousands with.
func compactAmount(v string) string {
	return strings.NewReplacer(" ", "", "\u00a0", "", "'", "", "\u202f", "").Replace(v)
}

// amountConvention is the decimal separator an amount shows, or "" when
// it shows none or could be either.
func amountConvention(v string) string {
	lastComma, lastDot := strings.LastIndex(v, ","), strings.LastIndex(v, ".")
	switch {
	case lastComma >= 0 && lastDot >= 0 && lastComma > lastDot: // 12.500,50
		return DecimalComma
	case lastComma >= 0 && lastDot >= 0: // 12,500.50
		return DecimalPoint
	case oneGroup.MatchString(v): // 1.500, 1,500
		return ""
	case thousandsComma.MatchString(v): // 1,250,000
		return DecimalPoint
	case thousandsDot.MatchString(v): // 1.250.000
		return DecimalComma
	case strings.Count(v, ",") == 1: // 12500,50
		return DecimalComma
	case strings.Count(v, ".") == 1: // 12500.50
		return DecimalPoint
	}
	return ""
}

// spreadsheetAmount accepts 12500.50, 12,500.50, 12.500,50, 12 500,50,
// 1.250.000 and 1,250,000, and returns a plain decimal. An amount whose
// one separator is followed by three digits (1.500, 1,500) is read by
// format (DecimalPoint or DecimalComma), and refused when format is "".
// An amount that shows the other convention than a given format is
// refused rather than read against it.
func spreadsheetAmount(v, format string, conflict, given bool) (json.Number, error) {
	v = compactAmount(v)
	shows := amountConvention(v)
	switch {
	case given && shows != "" && shows != format:
		return "", errors.New("its decimal separator is not the one --number-format " + format + " gives")
	case shows == "" && oneGroup.MatchString(v) && format == "":
		// An amount is no personal data: the reason may show the two
		// readings (a date's reason does not: it may be a birth date).
		point, _ := spreadsheetAmount(v, DecimalPoint, false, true)
		comma, _ := spreadsheetAmount(v, DecimalComma, false, true)
		why := "no other amount in this file decides"
		if conflict {
			why = "this column has amounts written both ways"
		}
		return "", fmt.Errorf("reads as %s with a decimal point or as %s with a decimal comma, and %s: give --number-format point or comma", shortest(point), shortest(comma), why)
	case shows == "":
		shows = format
	}
	switch shows {
	case DecimalComma:
		v = strings.ReplaceAll(v, ".", "")
		v = strings.Replace(v, ",", ".", 1)
	case DecimalPoint:
		v = strings.ReplaceAll(v, ",", "")
	}
	if !plainAmount.MatchString(v) {
		return "", errors.New("must be an amount such as 12500.50, 12,500.50 or 12.500,50")
	}
	return json.Number(v), nil
}

// shortest writes a decimal without the zeros that end its fraction.
func shortest(n json.Number) string {
	s := string(n)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}
