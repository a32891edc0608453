package casefile

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// Columns each sheet may have, by kind of value.
var (
	listColumns    = map[string]bool{"aliases": true, "nationality": true, "roles": true, "controlMethods": true, "scamTypes": true}
	dateColumns    = map[string]bool{"birthDate": true, "activeFrom": true, "activeTo": true, "openedAt": true, "date": true, "since": true, "until": true}
	intColumns     = map[string]bool{"estimatedWorkers": true, "order": true}
	boolColumns    = map[string]bool{"consentToShare": true, "fictional": true}
	decimalColumns = map[string]bool{"amount": true, "amountUsd": true}
	caseColumns    = []string{"id", "title", "agency", "country", "openedAt", "classification", "status", "description", "fictional"}
	entityColumns  = []string{"ref", "type", "roles", "id", "name", "aliases", "identifiers", "gender", "birthDate", "nationality",
		"victimType", "status", "controlMethods", "consentToShare", "activeFrom", "activeTo", "kind", "country", "registrationNumber",
		"city", "address", "lat", "lon", "location.lat", "location.lon", "estimatedWorkers", "scamTypes", "institution", "bankCode",
		"accountNumber", "iban", "currency", "chain"}
	linkColumns = []string{"type", "from", "to", "date", "since", "until", "channel", "method", "promisedJob", "promisedSalary",
		"order", "mode", "role", "txId", "amount", "currency", "amountUsd", "reference", "reason"}
)

// csvObject converts one row to the JSON case file's shape, so both
// formats share one decoding and validation.
func csvObject(header, rec []string, sr sheetReading) (map[string]any, error) {
	obj := map[string]any{}
	var loc map[string]any
	// Every cell is read, so a row with several problems reports them
	// all at once; a cell that cannot be read is left out of obj.
	var errs graph.ValidationErrors
	for i, col := range header {
		if i >= len(rec) || col == "" {
			continue
		}
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue
		}
		switch {
		case listColumns[col]:
			obj[col] = splitList(v)
		case col == "identifiers":
			var ids []map[string]string
			for _, item := range splitList(v) {
				kind, value, ok := strings.Cut(item, ":")
				if !ok {
					errs.Add("identifiers", "each identifier is KIND:value, separated by ';'")
					ids = nil
					break
				}
				ids = append(ids, map[string]string{"kind": strings.ToUpper(strings.TrimSpace(kind)), "value": strings.TrimSpace(value)})
			}
			if ids != nil {
				obj[col] = ids
			}
		case dateColumns[col] && sr.isTyped(i):
			// a workbook's date is an ISO date (a number in a date
			// column that is no date is refused as one)
			if d, err := spreadsheetDate(v, "", false, false); err != nil {
				errs.Add(col, "%s", err.Error())
			} else {
				obj[col] = d
			}
		case decimalColumns[col] && sr.isTyped(i):
			// a workbook's number is a plain decimal: one reading
			if d, err := spreadsheetAmount(v, DecimalPoint, false, true); err != nil {
				errs.Add(col, "%s", err.Error())
			} else {
				obj[col] = d
			}
		case dateColumns[col]:
			if d, err := sr.date(col, v); err != nil {
				errs.Add(col, "%s", err.Error())
			} else {
				obj[col] = d
			}
		case intColumns[col]:
			if n, err := strconv.Atoi(strings.NewReplacer(",", "", " ", "", ".", "").Replace(v)); err != nil {
				errs.Add(col, "must be a whole number")
			} else {
				obj[col] = n
			}
		case boolColumns[col]:
			if b, ok := spreadsheetBool(v); !ok {
				errs.Add(col, "must be yes or no (true/false, y/n, 1/0)")
			} else {
				obj[col] = b
			}
		case decimalColumns[col]:
			if d, err := sr.amount(col, v); err != nil {
				errs.Add(col, "%s", err.Error())
			} else {
				obj[col] = d
			}
		case col == "lat" || col == "lon" || col == "location.lat" || col == "location.lon":
			f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				errs.Add(col, "must be a number")
				continue
			}
			if loc == nil {
				loc = map[string]any{}
			}
			loc[strings.TrimPrefix(col, "location.")] = f
		default:
			obj[col] = v
		}
	}
	if loc != nil {
		if len(loc) != 2 {
			errs.Add("location", "give both lat and lon")
		} else {
			obj["location"] = loc
		}
	}
	return obj, errs.Err()
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func spreadsheetBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "yes", "y", "1", "x":
		return true, true
	case "false", "no", "n", "0":
		return false, true
	}
	return false, false
}

// columnKey is a column name as matched: without case, spaces, '_', '-'
// and '.', so "Birth date", "birth_date" and "BIRTHDATE" are birthDate.
func columnKey(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	return strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "", ".", "").Replace(s))
}

// matchColumns names a sheet's header cells by the format's columns
// (allowed): a cell that names none becomes "" (its cells are left out)
// and a problem, with the nearest column when one is a likely typo. A
// column named twice is a problem too: which of its cells would count?
func matchColumns(header, allowed []string) ([]string, []Rejection) {
	byKey := make(map[string]string, len(allowed))
	keys := make([]string, len(allowed))
	for i, c := range allowed {
		keys[i] = columnKey(c)
		byKey[keys[i]] = c
	}
	out := make([]string, len(header))
	seen := map[string]bool{}
	var problems []Rejection
	for i, h := range header {
		k := columnKey(h)
		if k == "" {
			continue
		}
		c, ok := byKey[k]
		switch {
		case !ok:
			reason := fmt.Sprintf("unknown column %q", strings.TrimSpace(h))
			if n := graph.Nearest(k, keys); n != "" {
				reason += "; did you mean " + byKey[n] + "?"
			}
			problems = append(problems, Rejection{Kind: "column", Field: strings.TrimSpace(h), Reason: reason + "; the columns are " + strings.Join(allowed, ", ")})
		case seen[c]:
			problems = append(problems, Rejection{Kind: "column", Field: c, Reason: "is named twice in the header"})
		default:
			seen[c] = true
			out[i] = c
		}
	}
	return out, problems
}
