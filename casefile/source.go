package casefile

import (
	"fmt"
)

// Location says where in a file a record is, for rejection reports: a line
// (CSV sheets, FtM JSON lines) or a record path (JSON case files).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Record string `json:"record,omitempty"`
}

func (l Location) String() string {
	switch {
	case l.Line > 0 && l.Record != "":
		return fmt.Sprintf("%s:%d (%s)", l.File, l.Line, l.Record)
	case l.Line > 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	case l.Record != "":
		return l.File + " " + l.Record
	}
	return l.File
}

// EntityFunc receives one entity record, or the reason it could not be
// read (a row-level problem: the rest of the file goes on).
type EntityFunc func(loc Location, e Entity, rowErr error) error

// LinkFunc receives one link record, or the reason it could not be read.
type LinkFunc func(loc Location, l Link, rowErr error) error

// Source is a case file in one of the formats. Entities and Links stream
// the file from its start each time they are called, so a file larger than
// memory can be validated in one pass and written in the next. An error
// they return rejects the file as a whole.
type Source interface {
	Format() string
	// Header is the case the file describes, or nil when the format has
	// none (FollowTheMoney): then --case names it.
	Header() (*CaseHeader, error)
	Entities(fn EntityFunc) error
	Links(fn LinkFunc) error
	// Unmapped counts the records the format has and our model does not
	// map (FtM schemata such as Vessel), so nothing is dropped silently.
	Unmapped() map[string]int
}

// FileError rejects a file as a whole: it cannot be parsed at all.
type FileError struct {
	Loc    Location
	Reason string
}

func (e *FileError) Error() string { return e.Loc.String() + ": " + e.Reason }

// wholeRecord is a row error after which the record's other fields are
// not checked: the source could not build the record at all (an FtM
// entity it cannot map to the model), so what it hands on is a stand-in
// whose checks would report problems the file does not have.
type wholeRecord struct{ err error }

func (w wholeRecord) Error() string { return w.err.Error() }
func (w wholeRecord) Unwrap() error { return w.err }

// wholeRecords marks every row error fn receives as a wholeRecord.
func wholeRecords[R any](fn func(Location, R, error) error) func(Location, R, error) error {
	return func(loc Location, r R, rowErr error) error {
		if rowErr != nil {
			rowErr = wholeRecord{rowErr}
		}
		return fn(loc, r, rowErr)
	}
}

// columnChecker is a source whose sheets name their columns (CSV sheets,
// workbooks): a column the format does not have refuses the file as a
// whole, but only after every row has been checked without it, so that
// one dry run shows every problem of the file.
type columnChecker interface {
	ColumnProblems() []Rejection
}
