package casefile

import (
	"io"
	"os"

	"github.com/scamgraph/scamgraph/graph"
)

// MappedSource reads a sheet of someone else's (a bank statement, an
// intake sheet, a contact export) through a mapping (mapping.go). It names
// no case, as FollowTheMoney does not: --case names it. Its records are
// converted by the code that converts our CSV sheets (csvObject, then
// decodeRow), so a mapped sheet's dates, amounts and spellings are read,
// warned about and rejected exactly as ours are.
type MappedSource struct {
	path, name string
	te         textEncoding
	m          *mapping
	reading    *cellReading
	evidence   *sheetEvidence // what the records' cells show of their conventions
	rowTyped   []bool         // the current row's typed cells (a workbook's numbers), by column
	observed   bool
	unmapped   map[string]int
}

// openMapped opens the sheet at path (named name in reports) with the
// mapping of opts.Mapping, which it checks against the sheet's header.
func openMapped(path, name string, opts Options, te textEncoding) (*MappedSource, error) {
	if info, err := os.Stat(opts.Mapping); err != nil || info.IsDir() {
		if err == nil {
			err = os.ErrInvalid
		}
		return nil, &RunError{&os.PathError{Op: "--mapping", Path: opts.Mapping, Err: err}}
	}
	if info, err := os.Stat(path); err != nil {
		return nil, &RunError{err}
	} else if info.IsDir() {
		return nil, &FileError{Location{File: name}, "is a folder: a mapping reads one sheet, a CSV file or an .xlsx workbook"}
	}
	if !isWorkbook(path) { // a workbook is XML in UTF-8
		if err := te.checkText(func() (io.ReadCloser, error) { return os.Open(path) }, name); err != nil {
			return nil, err
		}
	}
	t, err := openMappedTable(path, name, te)
	if err != nil {
		return nil, err
	}
	_, header, err := t.Next()
	t.Close()
	if err == io.EOF {
		return nil, &FileError{Location{File: name}, "is empty: the first row names the columns"}
	}
	if err != nil {
		return nil, err
	}
	m, err := loadMapping(opts.Mapping, header, name)
	if err != nil {
		return nil, err
	}
	return &MappedSource{path: path, name: name, te: te, m: m, reading: newCellReading(opts), evidence: newSheetEvidence()}, nil
}

// openMappedTable is the one place a mapped sheet is opened as a table:
// a CSV file (its delimiter sniffed, decoded as --encoding says), or the
// first worksheet of an .xlsx workbook.
func openMappedTable(path, name string, te textEncoding) (table, error) {
	if isWorkbook(path) {
		sheets, err := workbookSheets(path)
		if err != nil || len(sheets) == 0 {
			return nil, &FileError{Location{File: name}, "not a readable .xlsx workbook with a worksheet"}
		}
		// the first worksheet: exports put their rows there
		return openXLSXTable(path, sheets[0], name+"/"+sheets[0].name)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &RunError{err}
	}
	rc, _, _ := te.decoded(f)
	return newCSVTable(rc, name), nil
}

// Format is csv: a mapped sheet is a CSV sheet whose columns the mapping
// names, not a format of its own.
func (s *MappedSource) Format() string { return FormatCSV }

// Header is nil: the sheet names no case.
func (s *MappedSource) Header() (*CaseHeader, error) { return nil, nil }

// Unmapped counts the rows from which the mapping made nothing (every
// entity's ref empty or its condition false), so that rows are not left
// out silently.
func (s *MappedSource) Unmapped() map[string]int { return s.unmapped }

// rowsWithNoRecord is Unmapped's key.
const rowsWithNoRecord = "rows with no record"

// scan streams the sheet's rows after the header.
func (s *MappedSource) scan(fn func(line int, cells []string) error) error {
	t, err := openMappedTable(s.path, s.name, s.te)
	if err != nil {
		return err
	}
	defer t.Close()
	if _, _, err := t.Next(); err != nil {
		if err == io.EOF {
			return nil
		}
		return err
	}
	for {
		line, cells, err := t.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		s.rowTyped = nil
		if tc, ok := t.(typedCells); ok {
			s.rowTyped = tc.Typed()
		}
		if err := fn(line, cells); err != nil {
			return err
		}
	}
}

// see gathers the evidence of one record's cells (typed: which are a
// workbook's numbers and dates, see typedCells).
func (s *MappedSource) see(header, rec []string, typed []bool) {
	s.evidence.observe(header, rec, typed)
}

// sheetReading reads a record's cells: the input is one sheet, so its
// evidence is the file's too.
func (s *MappedSource) sheetReading(typed []bool) sheetReading {
	evidence := func() (*sheetEvidence, *sheetEvidence) { return s.evidence, s.evidence }
	return sheetReading{rd: s.reading, evidence: evidence, typed: typed}
}

// observe is the first scan, before any record is converted: the cell
// reading sees every record it will convert, so that a column's own
// evidence can decide its ambiguous dates and amounts.
func (s *MappedSource) observe() error {
	if s.observed {
		return nil
	}
	for _, r := range s.m.entities {
		if r.constant() {
			s.see(r.record(nil, nil))
		}
	}
	for _, r := range s.m.links {
		if r.constant() {
			s.see(r.record(nil, nil))
		}
	}
	empty := 0
	err := s.scan(func(line int, cells []string) error {
		made := false
		for _, r := range s.m.entities {
			if !r.constant() && r.applies(cells) {
				s.see(r.record(cells, s.rowTyped))
				made = true
			}
		}
		for _, r := range s.m.links {
			if !r.constant() && r.applies(cells) {
				s.see(r.record(cells, s.rowTyped))
				made = true
			}
		}
		if !made {
			empty++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if empty > 0 {
		s.unmapped = map[string]int{rowsWithNoRecord: empty}
	}
	s.observed = true
	return nil
}

// Entities streams the mapping's constant entities, then, row by row, the
// entities each row makes. A ref makes one entity: the first row that
// names it gives its fields, later rows naming it add nothing.
func (s *MappedSource) Entities(fn EntityFunc) error {
	if err := s.observe(); err != nil {
		return err
	}
	seen := map[string]bool{}
	emit := func(loc Location, r *entityRule, cells []string) error {
		header, rec, typed := r.record(cells, s.rowTyped)
		ref := rec[0]
		if seen[ref] {
			return nil
		}
		seen[ref] = true
		var e Entity
		obj, rowErr := csvObject(header, rec, s.sheetReading(typed))
		rowErr = graph.Combine(rowErr, decodeRow(obj, &e))
		e.Ref, e.Type = ref, r.typ
		return fn(loc, e, rowErr)
	}
	for _, r := range s.m.entities {
		if r.constant() {
			if err := emit(Location{File: s.m.file, Line: r.line}, r, nil); err != nil {
				return err
			}
		}
	}
	return s.scan(func(line int, cells []string) error {
		for _, r := range s.m.entities {
			if !r.constant() && r.applies(cells) {
				if err := emit(Location{File: s.name, Line: line}, r, cells); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Links streams the mapping's constant links, then the links each row
// makes: a link rule makes a link in a row where its condition holds and
// both its ends make an entity (an end whose ref is empty there takes its
// links with it).
func (s *MappedSource) Links(fn LinkFunc) error {
	if err := s.observe(); err != nil {
		return err
	}
	emit := func(loc Location, r *linkRule, cells []string) error {
		header, rec, typed := r.record(cells, s.rowTyped)
		var l Link
		obj, rowErr := csvObject(header, rec, s.sheetReading(typed))
		rowErr = graph.Combine(rowErr, decodeRow(obj, &l))
		l.Type = r.typ
		return fn(loc, l, rowErr)
	}
	for _, r := range s.m.links {
		if r.constant() {
			if err := emit(Location{File: s.m.file, Line: r.line}, r, nil); err != nil {
				return err
			}
		}
	}
	return s.scan(func(line int, cells []string) error {
		for _, r := range s.m.links {
			if !r.constant() && r.applies(cells) {
				if err := emit(Location{File: s.name, Line: line}, r, cells); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// record is the entity a row makes as a row of our entities sheet: a
// header of the case file's field names (ref first), the cells' text, and
// which of those are a workbook's typed numbers (rowTyped: the row's).
func (r *entityRule) record(cells []string, rowTyped []bool) (header, rec []string, typed []bool) {
	header = make([]string, 0, 3+len(r.fields))
	rec = make([]string, 0, cap(header))
	typed = make([]bool, 2, cap(header))
	header = append(header, "ref", "type")
	rec = append(rec, mappedRef(r.ref.text(cells)), r.typ)
	for _, f := range r.fields {
		header = append(header, f.name)
		rec = append(rec, f.value.text(cells))
		typed = append(typed, f.value.typed(rowTyped))
	}
	if len(r.identifiers) > 0 {
		ids := ""
		for _, id := range r.identifiers {
			// a cell may hold several, separated by ';'
			for _, v := range splitList(id.value.text(cells)) {
				if ids != "" {
					ids += ";"
				}
				ids += id.kind + ":" + v
			}
		}
		header = append(header, "identifiers")
		rec = append(rec, ids)
		typed = append(typed, false)
	}
	return header, rec, typed
}

// record is the link a row makes as a row of our links sheet.
func (r *linkRule) record(cells []string, rowTyped []bool) (header, rec []string, typed []bool) {
	header = make([]string, 0, 3+len(r.fields))
	rec = make([]string, 0, cap(header))
	typed = make([]bool, 3, cap(header))
	header = append(header, "type", "from", "to")
	rec = append(rec, r.typ, mappedRef(r.from.ref.text(cells)), mappedRef(r.to.ref.text(cells)))
	for _, f := range r.fields {
		header = append(header, f.name)
		rec = append(rec, f.value.text(cells))
		typed = append(typed, f.value.typed(rowTyped))
	}
	return header, rec, typed
}

var _ Source = (*MappedSource)(nil)
