package casefile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// table is one sheet of a case file as rows of text cells: a CSV file
// (its delimiter sniffed) or, through the same interface, another kind of
// sheet. The first row it returns is the header.
type table interface {
	// Next returns the next row that is not blank, and the line it
	// starts on (1 is the header's); io.EOF after the last. Any other
	// error rejects the file as a whole.
	Next() (line int, cells []string, err error)
	Close() error
}

// typedCells is a table some of whose cells are typed values rather than
// text (a workbook's numbers and dates): Typed flags them in the row Next
// returned last.
type typedCells interface {
	Typed() []bool
}

// csvTable reads a CSV sheet from decoded text.
type csvTable struct {
	rc   io.ReadCloser
	r    *csv.Reader
	file string
}

// newCSVTable reads the sheet named file (for reports) from rc, which it
// closes.
func newCSVTable(rc io.ReadCloser, file string) table {
	br := bufio.NewReaderSize(rc, sniffBytes)
	head, _ := br.Peek(sniffBytes)
	r := csv.NewReader(br)
	r.Comma = sniffDelimiter(head)
	r.FieldsPerRecord = -1
	// a tab is white space: trimming it would merge empty cells
	r.TrimLeadingSpace = r.Comma != '\t'
	return &csvTable{rc: rc, r: r, file: file}
}

func (t *csvTable) Close() error { return t.rc.Close() }

func (t *csvTable) Next() (int, []string, error) {
	for {
		rec, err := t.r.Read()
		if err == io.EOF {
			return 0, nil, io.EOF
		}
		if err != nil {
			// FieldPos is only valid after a successful Read: a broken
			// row's place comes from the parse error.
			var perr *csv.ParseError
			line := 0
			if errors.As(err, &perr) {
				line = perr.StartLine
			}
			return 0, nil, &FileError{Location{File: t.file, Line: line}, "not CSV: " + err.Error()}
		}
		line, _ := t.r.FieldPos(0)
		if line > 1 && blank(rec) {
			continue
		}
		return line, rec, nil
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
