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

	"github.com/scamgraph/scamgraph/graph"
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
	// evidence (by sheet, and for the file) is gathered when a cell first
	// needs it; columnProblems once per sheet, the first time it is read.
	evidence       map[string]*sheetEvidence
	fileEvidence   *sheetEvidence
	columnProblems map[string][]Rejection
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
// A column it does not know is recorded (see ColumnProblems) and its
// cells left out, and the rows are read on, so that one dry run reports
// every problem of the file.
func (s *CSVSource) rows(sheet string, allowed []string, fn func(loc Location, obj map[string]any, rowErr error) error) error {
	t, header, err := s.openSheet(sheet, allowed)
	if err != nil || t == nil {
		return err
	}
	defer t.Close()
	sr := s.sheetReading(sheet)
	file := s.sheetFile(sheet)
	for {
		line, rec, err := t.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if tc, ok := t.(typedCells); ok {
			sr.typed = tc.Typed()
		}
		obj, rowErr := csvObject(header, rec, sr)
		if err := fn(Location{File: file, Line: line}, obj, rowErr); err != nil {
			return err
		}
	}
}

// openSheet opens a sheet and reads its header as the case file's field
// names ("" for a column it does not know). A missing case.csv is nil.
func (s *CSVSource) openSheet(sheet string, allowed []string) (table, []string, error) {
	t, err := s.table(sheet)
	if err != nil {
		return nil, nil, err
	}
	if t == nil {
		if sheet == "case.csv" {
			return nil, nil, nil
		}
		if s.book != nil {
			return nil, nil, &FileError{Location{File: s.name}, fmt.Sprintf("has no worksheet %q (nor %q)", strings.TrimSuffix(sheet, ".csv"), sheet)}
		}
		return nil, nil, &FileError{Location{File: s.name}, "has no " + sheet}
	}
	file := s.sheetFile(sheet)
	headerLine, header, err := t.Next()
	if err == io.EOF {
		err = &FileError{Location{File: file}, "is empty: the first row names the columns"}
	}
	if err != nil {
		t.Close()
		return nil, nil, err
	}
	header, problems := matchColumns(header, allowed)
	if s.columnProblems == nil {
		s.columnProblems = map[string][]Rejection{}
	}
	if _, seen := s.columnProblems[sheet]; !seen {
		for _, p := range problems {
			p.Location = Location{File: file, Line: headerLine}
			s.columnProblems[sheet] = append(s.columnProblems[sheet], p)
		}
		if len(problems) == 0 {
			s.columnProblems[sheet] = nil
		}
	}
	return t, header, nil
}

// hasSheet says whether the file has the sheet.
func (s *CSVSource) hasSheet(sheet string) (bool, error) {
	if s.book != nil {
		_, ok := s.book.sheets[sheet]
		return ok, nil
	}
	rc, err := s.rawSheet(sheet)
	if rc != nil {
		rc.Close()
	}
	return rc != nil, err
}

// sheetFile names a sheet in reports: the CSV file in its folder or
// .zip, or the workbook's worksheet.
func (s *CSVSource) sheetFile(sheet string) string {
	if s.book != nil {
		return s.name + "/" + s.book.sheets[sheet].name
	}
	return s.name + "/" + sheet
}

// sheetReading is how a sheet's cells are read. The evidence of the
// file's dates and amounts (see cellReading) is gathered the first time a
// cell needs it, by scanning every sheet once: a file with no ambiguous
// cell, the usual case, is not read an extra time.
func (s *CSVSource) sheetReading(sheet string) sheetReading {
	return sheetReading{rd: s.reading, evidence: func() (*sheetEvidence, *sheetEvidence) {
		if s.evidence == nil {
			s.gatherEvidence()
		}
		return s.evidence[sheet], s.fileEvidence
	}}
}

// gatherEvidence scans every sheet for the evidence its cells give. A
// sheet that cannot be read gives none: its own error is reported when it
// is read.
func (s *CSVSource) gatherEvidence() {
	s.evidence, s.fileEvidence = map[string]*sheetEvidence{}, newSheetEvidence()
	for _, sh := range sheetColumns {
		ev := newSheetEvidence()
		s.evidence[sh.name] = ev
		if has, err := s.hasSheet(sh.name); err != nil || !has {
			continue
		}
		t, header, err := s.openSheet(sh.name, sh.columns)
		if err != nil || t == nil {
			continue
		}
		for {
			_, rec, err := t.Next()
			if err != nil {
				break
			}
			var typed []bool
			if tc, ok := t.(typedCells); ok {
				typed = tc.Typed()
			}
			ev.observe(header, rec, typed)
			s.fileEvidence.observe(header, rec, typed)
		}
		t.Close()
	}
}

// sheetColumns are the sheets of a CSV case file and their columns.
var sheetColumns = []struct {
	name    string
	columns []string
}{{"case.csv", caseColumns}, {"entities.csv", entityColumns}, {"links.csv", linkColumns}}

// ColumnProblems are the columns of the sheets read so far that the
// format does not have: the file is refused as a whole for them, after
// its rows have been checked.
func (s *CSVSource) ColumnProblems() []Rejection {
	var out []Rejection
	for _, sheet := range []string{"case.csv", "entities.csv", "links.csv"} {
		out = append(out, s.columnProblems[sheet]...)
	}
	return out
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
		// the cells that could be read are decoded even when others
		// could not, so the record's own checks report their problems too
		rowErr = graph.Combine(rowErr, decodeRow(obj, &v))
		name(&v, obj)
		return fn(loc, v, rowErr)
	})
}
