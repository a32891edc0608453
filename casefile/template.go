package casefile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/scamgraph/scamgraph/graph"
)

// A template is the sheets an agency fills in: each sheet with its header
// row and one worked example (a victim recruited and held at a compound)
// that imports as it is, and the values each closed field accepts, so
// that the first file an agency sends is right without reading
// docs/formats.md. It is written from the same column lists and
// vocabularies the importer checks against, so it cannot drift from them.

// TemplateWorkbook is the file name of a template workbook.
const TemplateWorkbook = "case-file.xlsx"

// TemplateValuesFile is the CSV template's list of accepted values.
const TemplateValuesFile = "accepted-values.csv"

// ErrTemplateDirNotEmpty refuses to write a template over files.
var ErrTemplateDirNotEmpty = errors.New("the folder is not empty: give a new or empty folder (a template never overwrites files)")

// TemplateCaseID is the example case's id.
const TemplateCaseID = "EXAMPLE-2025-001"

// templateSheet is one sheet: its columns and the example rows.
type templateSheet struct {
	name    string // case.csv ...
	columns []string
	rows    []map[string]string
}

func templateSheets() []templateSheet {
	entityCols := slices.DeleteFunc(slices.Clone(entityColumns), func(c string) bool { return strings.HasPrefix(c, "location.") })
	return []templateSheet{
		{"case.csv", caseColumns, []map[string]string{{
			"id": TemplateCaseID, "title": "Example case: replace this row with your case", "agency": "Example unit (fictional)",
			"country": "TH", "openedAt": "2025-01-15", "classification": "RESTRICTED", "status": "OPEN",
			"description": "A fictional example: a victim recruited through a job offer and held at a compound.", "fictional": "yes",
		}}},
		{"entities.csv", entityCols, []map[string]string{
			{"ref": "V1", "type": "Victim", "name": "Example Victim", "nationality": "VN", "gender": "FEMALE", "birthDate": "1998-03-02",
				"victimType": "TRAFFICKED_WORKER", "status": "HELD", "controlMethods": "WITHHELD_DOCUMENTS; DEBT_BONDAGE", "consentToShare": "no"},
			{"ref": "R1", "type": "Recruiter", "name": "Example Recruiter", "aliases": "Recruiter X", "nationality": "TH", "gender": "MALE",
				"identifiers": "EMAIL:recruiter@example.org"},
			{"ref": "C1", "type": "Compound", "name": "Example Compound", "status": "ACTIVE", "country": "KH", "city": "Sihanoukville",
				"lat": "10.6", "lon": "103.5", "estimatedWorkers": "500", "scamTypes": "PIG_BUTCHERING; ROMANCE"},
		}},
		{"links.csv", linkColumns, []map[string]string{
			{"type": "RECRUITED", "from": "R1", "to": "V1", "date": "2024-05-20", "channel": "FACEBOOK", "method": "JOB_OFFER",
				"promisedJob": "Customer service", "promisedSalary": "1,000 USD a month"},
			{"type": "HELD_AT", "from": "V1", "to": "C1", "since": "2024-06-01"},
		}},
	}
}

// acceptedValue is one row of the accepted values: the values a column
// takes (for the entity or link types it applies to).
type acceptedValue struct {
	sheet, column, appliesTo, values, note string
}

func acceptedValues() []acceptedValue {
	list := func(v []string) string { return strings.Join(v, ", ") }
	const date = "a date: YYYY-MM-DD, YYYY-MM or YYYY (also DD/MM/YYYY, YYYY.MM.DD, or a date cell)"
	const country = "an ISO 3166-1 code or an English name: TH, THA, Thailand"
	const several = "several separated by ;"
	const spellings = "any case, spaces or hyphens for underscores: held, Pig butchering"
	return []acceptedValue{
		{"case", "id", "", "your case number", "required; the same id again updates the case"},
		{"case", "title, agency", "", "text", "required"},
		{"case", "country", "", country, ""},
		{"case", "openedAt", "", date, ""},
		{"case", "status", "", list(graph.CaseStatuses), ""},
		{"case", "fictional", "", "yes or no", "yes for training and test data"},
		{"entities", "ref", "", "your own short name for the row: V1, R1", "required; links use it"},
		{"entities", "type", "", list(fileTypes), "required"},
		{"entities", "roles", "Person", "Victim, Recruiter", several},
		{"entities", "id", "", "the id of an entity already in the graph", "attaches the row to it instead of creating one"},
		{"entities", "aliases", "", "text", several},
		{"entities", "identifiers", "", "KIND:value with KIND one of " + list(graph.IdentifierKinds), several + ": PHONE:+66 81 234 5678; TELEGRAM:@name"},
		{"entities", "gender", "Person, Victim, Recruiter", list(graph.Genders), "also M, F, X, U"},
		{"entities", "birthDate, activeFrom, activeTo", "", date, ""},
		{"entities", "nationality", "Person, Victim, Recruiter", country, several},
		{"entities", "victimType", "Victim", list(graph.VictimTypes), spellings},
		{"entities", "status", "Victim", list(graph.VictimStatuses), spellings},
		{"entities", "status", "Compound", list(graph.CompoundStatuses), spellings},
		{"entities", "status", "BankAccount", list(graph.AccountStatuses), spellings},
		{"entities", "controlMethods", "Victim", list(graph.ControlMethods), several},
		{"entities", "consentToShare", "Victim", "yes or no", ""},
		{"entities", "kind", "Organization", list(graph.OrgKinds), spellings},
		{"entities", "kind", "BankAccount", list(graph.AccountKinds), "also ewallet, crypto"},
		{"entities", "country", "Organization, Compound, BankAccount", country, ""},
		{"entities", "lat, lon", "Compound", "decimal degrees: 10.6093, 103.5296", "give both"},
		{"entities", "estimatedWorkers", "Compound", "a whole number", ""},
		{"entities", "scamTypes", "Organization, Compound", list(graph.ScamTypes), several},
		{"entities", "accountNumber, iban, bankCode", "BankAccount", "text", "type an account number as text (the template's column is text) so Excel keeps every digit"},
		{"links", "type", "", list(fileLinkTypes), "required"},
		{"links", "from, to", "", "a ref of the entities sheet (TRANSITED: to a country code)", "required"},
		{"links", "date, since, until", "", date, "HELD_AT, RECRUITS_FOR, OPERATED_BY: since and until"},
		{"links", "channel", "RECRUITED", list(graph.Channels), spellings},
		{"links", "method", "RECRUITED", list(graph.RecruitMethods), spellings},
		{"links", "order", "TRANSITED", "1, 2, 3 ... the steps of the journey", ""},
		{"links", "mode", "TRANSITED", list(graph.TravelModes), ""},
		{"links", "role", "HOLDS", list(graph.HoldingRoles), ""},
		{"links", "amount, amountUsd", "TRANSFERRED, PAID", "an amount: 12500.50, 12,500.50, 12.500,50", ""},
		{"links", "currency", "TRANSFERRED, PAID", "an ISO 4217 code: USD, THB", ""},
		{"links", "reason", "PAID", list(graph.PaymentReasons), ""},
	}
}

// WriteTemplate writes an empty case file into dir (created if missing;
// refused with ErrTemplateDirNotEmpty if it holds anything): the CSV
// sheets and accepted-values.csv, or with xlsx one workbook,
// case-file.xlsx. It returns the paths it wrote.
func WriteTemplate(dir string, xlsx bool) ([]string, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case len(entries) > 0:
		return nil, ErrTemplateDirNotEmpty
	}
	if xlsx {
		p := filepath.Join(dir, TemplateWorkbook)
		return []string{p}, writeTemplateWorkbook(p)
	}
	var written []string
	for _, sh := range templateSheets() {
		rows := [][]string{sh.columns}
		for _, r := range sh.rows {
			rows = append(rows, rowOf(sh.columns, r))
		}
		p := filepath.Join(dir, sh.name)
		if err := writeNewCSV(p, rows); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	rows := [][]string{{"sheet", "column", "for", "accepted values", "note"}}
	for _, a := range acceptedValues() {
		rows = append(rows, []string{a.sheet, a.column, a.appliesTo, a.values, a.note})
	}
	p := filepath.Join(dir, TemplateValuesFile)
	if err := writeNewCSV(p, rows); err != nil {
		return written, err
	}
	return append(written, p), nil
}

func rowOf(columns []string, r map[string]string) []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = r[c]
	}
	return out
}

// writeNewCSV writes a CSV file that must not exist, in UTF-8 with a byte
// order mark: without it Excel opens UTF-8 as the local code page.
func writeNewCSV(p string, rows [][]string) error {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return writeNew(p, b.Bytes())
}

func writeNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// templateDropDowns are the columns of one value from a closed vocabulary
// that get a drop-down list in the workbook. The list only helps: other
// spellings (held, m) are still accepted by Excel and by the importer.
func templateDropDowns() map[string]map[string][]string {
	return map[string]map[string][]string{
		"case":     {"status": graph.CaseStatuses},
		"entities": {"type": fileTypes, "gender": graph.Genders, "victimType": graph.VictimTypes},
		"links": {"type": fileLinkTypes, "channel": graph.Channels, "method": graph.RecruitMethods, "mode": graph.TravelModes,
			"role": graph.HoldingRoles, "reason": graph.PaymentReasons},
	}
}

// textColumns are typed as text in the workbook, so that Excel keeps an
// account number's digits and leading zeros as typed.
var textColumns = map[string]bool{"id": true, "accountNumber": true, "iban": true, "bankCode": true, "registrationNumber": true, "txId": true, "reference": true, "identifiers": true}

func writeTemplateWorkbook(p string) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	isoDate := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &isoDate})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	drops := templateDropDowns()
	for i, sh := range templateSheets() {
		name := strings.TrimSuffix(sh.name, ".csv")
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		for c, col := range sh.columns {
			letter, _ := excelize.ColumnNumberToName(c + 1)
			if err := f.SetColWidth(name, letter, letter, float64(max(12, len(col)+2))); err != nil {
				return err
			}
			switch {
			case dateColumns[col]:
				err = f.SetColStyle(name, letter, dateStyle)
			case textColumns[col]:
				err = f.SetColStyle(name, letter, textStyle)
			}
			if err != nil {
				return err
			}
			if values, ok := drops[name][col]; ok {
				dv := excelize.NewDataValidation(true)
				dv.Sqref = fmt.Sprintf("%s2:%s%d", letter, letter, excelize.TotalRows)
				if err := dv.SetDropList(values); err != nil {
					return err
				}
				if err := f.AddDataValidation(name, dv); err != nil {
					return err
				}
			}
		}
		if err := setRow(f, name, 1, anySlice(sh.columns)); err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(sh.columns), 1)
		if err := f.SetCellStyle(name, "A1", last, bold); err != nil {
			return err
		}
		for r, row := range sh.rows {
			cells := make([]any, len(sh.columns))
			for c, col := range sh.columns {
				v := row[col]
				cells[c] = v
				if v == "" {
					cells[c] = nil
				} else if dateColumns[col] {
					// a date cell, as Excel stores a typed date
					if d, err := time.Parse("2006-01-02", v); err == nil {
						cells[c] = d
					}
				}
			}
			if err := setRow(f, name, r+2, cells); err != nil {
				return err
			}
		}
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(templateValuesSheet); err != nil {
		return err
	}
	if err := setRow(f, templateValuesSheet, 1, []any{"sheet", "column", "for", "accepted values", "note"}); err != nil {
		return err
	}
	if err := f.SetCellStyle(templateValuesSheet, "A1", "E1", bold); err != nil {
		return err
	}
	for i, a := range acceptedValues() {
		if err := setRow(f, templateValuesSheet, i+2, []any{a.sheet, a.column, a.appliesTo, a.values, a.note}); err != nil {
			return err
		}
	}
	for col, width := range map[string]float64{"A": 10, "B": 30, "C": 28, "D": 80, "E": 60} {
		if err := f.SetColWidth(templateValuesSheet, col, col, width); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return err
	}
	return writeNew(p, b.Bytes())
}

func setRow(f *excelize.File, sheet string, row int, cells []any) error {
	for c, v := range cells {
		if v == nil {
			continue
		}
		name, _ := excelize.CoordinatesToCellName(c+1, row)
		if d, ok := v.(time.Time); ok {
			// SetCellValue would give a time its own date-and-time style
			if err := f.SetCellFloat(sheet, name, excelDays(d), -1, 64); err != nil {
				return err
			}
			continue
		}
		if err := f.SetCellValue(sheet, name, v); err != nil {
			return err
		}
	}
	return nil
}

// excelDays is a date as Excel's serial number (days since 1899-12-30).
func excelDays(d time.Time) float64 {
	return d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
