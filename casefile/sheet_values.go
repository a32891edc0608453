package casefile

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
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
func csvObject(header, rec []string, rd *cellReading) (map[string]any, error) {
	obj := map[string]any{}
	var loc map[string]any
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
					return nil, fieldError("identifiers", "each identifier is KIND:value, separated by ';'")
				}
				ids = append(ids, map[string]string{"kind": strings.ToUpper(strings.TrimSpace(kind)), "value": strings.TrimSpace(value)})
			}
			obj[col] = ids
		case dateColumns[col]:
			d, err := spreadsheetDate(v)
			if err != nil {
				return nil, fieldError(col, err.Error())
			}
			obj[col] = d
		case intColumns[col]:
			n, err := strconv.Atoi(strings.NewReplacer(",", "", " ", "", ".", "").Replace(v))
			if err != nil {
				return nil, fieldError(col, "must be a whole number")
			}
			obj[col] = n
		case boolColumns[col]:
			b, ok := spreadsheetBool(v)
			if !ok {
				return nil, fieldError(col, "must be true or false (yes/no, 1/0)")
			}
			obj[col] = b
		case decimalColumns[col]:
			d, err := spreadsheetAmount(v)
			if err != nil {
				return nil, fieldError(col, err.Error())
			}
			obj[col] = d
		case col == "lat" || col == "lon" || col == "location.lat" || col == "location.lon":
			f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fieldError(col, "must be a number")
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
			return nil, fieldError("location", "give both lat and lon")
		}
		obj["location"] = loc
	}
	return obj, nil
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

var (
	dmy       = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	ymdDotted = regexp.MustCompile(`^(\d{4})[./](\d{1,2})[./](\d{1,2})$`)
	isoPrefix = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2})?`)
)

// spreadsheetDate accepts ISO dates (of any precision), DD/MM/YYYY and
// YYYY.MM.DD, and an ISO date with a time of day (which is dropped).
func spreadsheetDate(v string) (string, error) {
	if m := isoPrefix.FindStringSubmatch(v); m != nil {
		v = m[1]
	}
	if m := dmy.FindStringSubmatch(v); m != nil {
		v = m[3] + "-" + pad(m[2]) + "-" + pad(m[1])
	} else if m := ymdDotted.FindStringSubmatch(v); m != nil {
		v = m[1] + "-" + pad(m[2]) + "-" + pad(m[3])
	}
	if _, err := graph.ParsePartialDate(v); err != nil {
		return "", errors.New("dates are YYYY-MM-DD (or YYYY-MM, YYYY), DD/MM/YYYY or YYYY.MM.DD")
	}
	return v, nil
}

func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
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

var (
	thousandsComma = regexp.MustCompile(`^-?\d{1,3}(,\d{3})+$`)
	thousandsDot   = regexp.MustCompile(`^-?\d{1,3}(\.\d{3}){2,}$`)
)

// spreadsheetAmount accepts 12500.50, 12,500.50, 12.500,50, 12 500,50,
// 1.250.000 and 1,250,000, and returns a plain decimal.
// plainAmount is what an amount must be once the spreadsheet's
// separators are resolved: digits with an optional fraction. (ParseFloat
// would also take "100.", "Inf", "NaN", "0x1p3" and "1_0".)
var plainAmount = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func spreadsheetAmount(v string) (json.Number, error) {
	v = strings.NewReplacer(" ", "", "\u00a0", "", "'", "", "\u202f", "").Replace(v)
	lastComma, lastDot := strings.LastIndex(v, ","), strings.LastIndex(v, ".")
	switch {
	case lastComma >= 0 && lastDot >= 0 && lastComma > lastDot: // 12.500,50
		v = strings.ReplaceAll(v[:lastComma], ".", "") + "." + v[lastComma+1:]
	case lastComma >= 0 && lastDot >= 0: // 12,500.50
		v = strings.ReplaceAll(v, ",", "")
	case thousandsComma.MatchString(v): // 1,250,000
		v = strings.ReplaceAll(v, ",", "")
	case strings.Count(v, ",") == 1: // 12500,50
		v = strings.Replace(v, ",", ".", 1)
	case thousandsDot.MatchString(v): // 1.250.000
		v = strings.ReplaceAll(v, ".", "")
	}
	if !plainAmount.MatchString(v) {
		return "", errors.New("must be an amount such as 12,500.50")
	}
	return json.Number(v), nil
}
