package casefile

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// CSVSource reads CSV sheets from a folder or a .zip: case.csv (one row),
// entities.csv and links.csv, whose columns are the JSON case file's field
// names. Spreadsheet habits are accepted (see docs/formats.md). An .xlsx
// workbook is the same sheets as worksheets (xlsx_table.go): the format
// is the same, only the table each sheet is read from differs.
type CSVSource struct {
	path, name string
	isZip      bool
	book       *xlsxBook // an .xlsx workbook; nil for CSV files
	te         textEncoding
	reading    *cellReading
}

// NewCSVSource opens a folder or .zip of CSV sheets, or an .xlsx workbook.
func NewCSVSource(path, name string) (*CSVSource, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &RunError{err}
	}
	s := &CSVSource{path: path, name: name, isZip: !info.IsDir(), reading: &cellReading{}}
	if s.isZip && isWorkbook(path) {
		if s.book, err = openBook(path, name); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *CSVSource) Format() string { return FormatCSV }

// Unmapped counts the rows of a workbook's worksheets that are not
// sheets of the format, so that none is left out without a word.
func (s *CSVSource) Unmapped() map[string]int {
	if s.book == nil {
		return nil
	}
	return s.book.unmapped()
}

// workbook reports whether the sheets are an .xlsx workbook's worksheets.
func (s *CSVSource) workbook() bool { return s.book != nil }

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

// rows streams a sheet's rows as JSON objects in the case file's shape.
func (s *CSVSource) rows(sheet string, allowed []string, fn func(loc Location, obj map[string]any, rowErr error) error) error {
	t, err := s.table(sheet)
	if err != nil {
		return err
	}
	if t == nil {
		if sheet == "case.csv" {
			return nil
		}
		if s.book != nil {
			return &FileError{Location{File: s.name}, fmt.Sprintf("has no worksheet %q (nor %q)", strings.TrimSuffix(sheet, ".csv"), sheet)}
		}
		return &FileError{Location{File: s.name}, "has no " + sheet}
	}
	defer t.Close()
	file := s.name + "/" + sheet
	if s.book != nil {
		file = s.name + "/" + s.book.sheets[sheet].name
	}
	headerLine, header, err := t.Next()
	if err == io.EOF {
		return &FileError{Location{File: file}, "is empty: the first row names the columns"}
	}
	if err != nil {
		return err
	}
	allow := map[string]bool{}
	for _, c := range allowed {
		allow[c] = true
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		if !allow[h] && h != "" {
			return &FileError{Location{File: file, Line: headerLine}, fmt.Sprintf("unknown column %q; the columns are %s", h, strings.Join(allowed, ", "))}
		}
	}
	for {
		line, rec, err := t.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		obj, rowErr := csvObject(header, rec, s.reading)
		if err := fn(Location{File: file, Line: line}, obj, rowErr); err != nil {
			return err
		}
	}
}

// table opens one of the sheets; missing is nil.
func (s *CSVSource) table(sheet string) (table, error) {
	if s.book != nil {
		return s.book.table(sheet)
	}
	rc, err := s.sheet(sheet)
	if err != nil || rc == nil {
		return nil, err
	}
	return newCSVTable(rc, s.name+"/"+sheet), nil
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
			return &FileError{loc, "the case sheet (case.csv) has one row, describing the case"}
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
