package casefile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// CSVSource reads CSV sheets from a folder or a .zip: case.csv (one row),
// entities.csv and links.csv, whose columns are the JSON case file's field
// names. Spreadsheet habits are accepted (see docs/formats.md).
type CSVSource struct {
	path, name string
	isZip      bool
	te         textEncoding
}

// NewCSVSource opens a folder or .zip of CSV sheets.
func NewCSVSource(path, name string) (*CSVSource, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &RunError{err}
	}
	return &CSVSource{path: path, name: name, isZip: !info.IsDir()}, nil
}

func (s *CSVSource) Format() string           { return FormatCSV }
func (s *CSVSource) Unmapped() map[string]int { return nil }

// sheet opens one of the three sheets as text (see textEncoding.decoded);
// missing is reported as nil.
func (s *CSVSource) sheet(name string) (io.ReadCloser, error) {
	rc, err := s.rawSheet(name)
	if err != nil || rc == nil {
		return nil, err
	}
	r, _, _ := s.te.decoded(rc)
	return r, nil
}

// rawSheet opens one of the three sheets as bytes; missing is nil.
func (s *CSVSource) rawSheet(name string) (io.ReadCloser, error) {
	if !s.isZip {
		f, err := os.Open(filepath.Join(s.path, name))
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return f, err
	}
	z, err := zip.OpenReader(s.path)
	if err != nil {
		return nil, &FileError{Location{File: s.name}, "not a readable .zip: " + err.Error()}
	}
	for _, f := range z.File {
		if strings.EqualFold(filepath.Base(f.Name), name) && !strings.HasPrefix(filepath.Base(f.Name), ".") {
			rc, err := f.Open()
			if err != nil {
				z.Close()
				return nil, err
			}
			return zipEntry{rc, z}, nil
		}
	}
	z.Close()
	return nil, nil
}

type zipEntry struct {
	io.ReadCloser
	z *zip.ReadCloser
}

func (e zipEntry) Close() error { e.ReadCloser.Close(); return e.z.Close() }

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

// rows streams a sheet's rows as JSON objects in the case file's shape.
func (s *CSVSource) rows(sheet string, allowed []string, fn func(loc Location, obj map[string]any, rowErr error) error) error {
	rc, err := s.sheet(sheet)
	if err != nil {
		return err
	}
	if rc == nil {
		if sheet == "case.csv" {
			return nil
		}
		return &FileError{Location{File: s.name}, "has no " + sheet}
	}
	defer rc.Close()
	file := s.name + "/" + sheet
	br := bufio.NewReaderSize(rc, sniffBytes)
	head, _ := br.Peek(sniffBytes)
	r := csv.NewReader(br)
	r.Comma = sniffDelimiter(head)
	r.FieldsPerRecord = -1
	// a tab is white space: trimming it would merge empty cells
	r.TrimLeadingSpace = r.Comma != '\t'
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return &FileError{Location{File: file}, "is empty: the first row names the columns"}
		}
		return &FileError{Location{File: file, Line: 1}, "not CSV: " + err.Error()}
	}
	allow := map[string]bool{}
	for _, c := range allowed {
		allow[c] = true
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		if !allow[h] && h != "" {
			return &FileError{Location{File: file, Line: 1}, fmt.Sprintf("unknown column %q; the columns are %s", h, strings.Join(allowed, ", "))}
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// FieldPos is only valid after a successful Read: a broken
			// row's place comes from the parse error.
			var perr *csv.ParseError
			if errors.As(err, &perr) && perr.Err == csv.ErrFieldCount {
				continue
			}
			line := 0
			if perr != nil {
				line = perr.StartLine
			}
			return &FileError{Location{File: file, Line: line}, "not CSV: " + err.Error()}
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		obj, rowErr := csvObject(header, rec)
		if err := fn(Location{File: file, Line: line}, obj, rowErr); err != nil {
			return err
		}
	}
}

// sniffBytes is how much of a sheet sniffDelimiter sees.
const sniffBytes = 64 << 10

// delimiters are the separators spreadsheets write: Excel writes ';' where
// the decimal separator is a comma, and '\t' for "Unicode text".
var delimiters = []rune{',', ';', '\t', '|'}

// sniffDelimiter chooses a sheet's separator from its first lines: the one
// that splits the header into the most columns and splits the next rows
// (up to five) into as many; when none does for every row, the one that
// splits the header most; ',' when the header is one column.
func sniffDelimiter(head []byte) rune {
	if len(head) == sniffBytes {
		// the last line may be cut short
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i+1]
		}
	}
	best, bestCols, bestConsistent := ',', 1, false
	for _, d := range delimiters {
		r := csv.NewReader(bytes.NewReader(head))
		r.Comma = d
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		header, err := r.Read()
		if err != nil || len(header) < 2 {
			continue
		}
		consistent := true
		for i := 0; i < 5; i++ {
			rec, err := r.Read()
			if err != nil {
				break
			}
			if len(rec) != len(header) && !blank(rec) {
				consistent = false
				break
			}
		}
		if (consistent && !bestConsistent) || (consistent == bestConsistent && len(header) > bestCols) {
			best, bestCols, bestConsistent = d, len(header), consistent
		}
	}
	return best
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// csvObject converts one row to the JSON case file's shape, so both
// formats share one decoding and validation.
func csvObject(header, rec []string) (map[string]any, error) {
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

// decodeRow turns a converted row into a record through the JSON decoder,
// so CSV and JSON files are validated by the same code.
func decodeRow(obj map[string]any, into any) error {
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	return strictUnmarshal(b, into)
}

// Header reads case.csv.
func (s *CSVSource) Header() (*CaseHeader, error) {
	var h *CaseHeader
	n := 0
	err := s.rows("case.csv", caseColumns, func(loc Location, obj map[string]any, rowErr error) error {
		n++
		if n > 1 {
			return &FileError{loc, "case.csv has one row, describing the case"}
		}
		if rowErr == nil {
			h = &CaseHeader{}
			rowErr = decodeRow(obj, h)
		}
		if rowErr != nil {
			return &FileError{loc, rowErr.Error()}
		}
		return nil
	})
	return h, err
}

// Entities streams entities.csv.
func (s *CSVSource) Entities(fn EntityFunc) error {
	return streamSheet(s, "entities.csv", entityColumns, fn, func(e *Entity, obj map[string]any) {
		if ref, ok := obj["ref"].(string); ok {
			e.Ref = ref
		}
		if t, ok := obj["type"].(string); ok {
			e.Type = t
		}
	})
}

// Links streams links.csv.
func (s *CSVSource) Links(fn LinkFunc) error {
	return streamSheet(s, "links.csv", linkColumns, fn, func(l *Link, obj map[string]any) {
		if t, ok := obj["type"].(string); ok {
			l.Type = t
		}
	})
}

// streamSheet streams the rows of a sheet as T. name copies a row's ref
// and type into its record even when the rest of the row does not decode,
// so that the rejection of the row can say what it was.
func streamSheet[T any](s *CSVSource, sheet string, columns []string, fn func(loc Location, v T, rowErr error) error, name func(v *T, obj map[string]any)) error {
	return s.rows(sheet, columns, func(loc Location, obj map[string]any, rowErr error) error {
		var v T
		if rowErr == nil {
			rowErr = decodeRow(obj, &v)
		}
		name(&v, obj)
		return fn(loc, v, rowErr)
	})
}
