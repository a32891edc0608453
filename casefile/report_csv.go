package casefile

import (
	"encoding/csv"
	"io"
	"strconv"
)

// problemColumns are the columns of WriteProblemsCSV's sheet.
var problemColumns = []string{"file", "sheet", "line", "record", "kind", "ref", "field", "severity", "problem"}

// WriteProblemsCSV writes the rejections and warnings of reports as one
// CSV sheet, a row a problem, for a clerk to sort and filter in a
// spreadsheet while cleaning a file (`import --errors-csv`). It starts
// with a UTF-8 byte order mark, without which Excel reads the sheet in
// the local code page. Like the reports, it never holds a rejected value.
func WriteProblemsCSV(w io.Writer, reports []*Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(problemColumns); err != nil {
		return err
	}
	for _, r := range reports {
		if r.FileError != "" {
			if err := cw.Write([]string{r.File, "", "", "", "file", "", "", "rejected", r.FileError}); err != nil {
				return err
			}
		}
		for _, list := range []struct {
			severity string
			problems []Rejection
		}{{"rejected", r.Rejections}, {"warning", r.Warnings}} {
			for _, p := range list.problems {
				if err := cw.Write(problemRow(r.File, list.severity, p)); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// problemRow is one problem as a row; a location inside a folder of
// sheets ("messy/links.csv") names the sheet apart from the file.
func problemRow(file, severity string, p Rejection) []string {
	sheet := ""
	if len(p.File) > len(file) && p.File[:len(file)] == file && p.File[len(file)] == '/' {
		sheet = p.File[len(file)+1:]
	}
	line := ""
	if p.Line > 0 {
		line = strconv.Itoa(p.Line)
	}
	return []string{file, sheet, line, p.Record, p.Kind, p.Ref, p.Field, severity, p.Reason}
}
