package casefile_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// problems lists a report's rejections as "location field: reason".
func problems(rep *casefile.Report) []string {
	var out []string
	for _, r := range rep.Rejections {
		out = append(out, r.Location.String()+" "+r.Field+": "+r.Reason)
	}
	return out
}

func hasProblem(list []string, location, field, reason string) bool {
	for _, p := range list {
		if strings.HasPrefix(p, location+" "+field+": ") && strings.Contains(p, reason) {
			return true
		}
	}
	return false
}

// One dry run of a messy sheet reports every problem at once: an unknown
// column (with its likely name), every bad cell of a row, a link to a
// rejected entity and a link to a ref the file lacks, while the values
// clerks type (lower-case types, country names, M/F, dotted dates, a
// semicolon sheet, decimal commas) are read.
func TestAMessySheetReportsEveryProblemInOnePass(t *testing.T) {
	rep, err := casefile.Import(context.Background(), nil, td+"csv/messy", casefile.Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	got := problems(rep)
	for _, want := range [][3]string{
		{"messy/entities.csv:1", "nationalty", "did you mean nationality?"},
		{"messy/links.csv:1", "kind", "unknown column"},
		{"messy/entities.csv:4", "birthDate", "no such day: February 1999 has 28 days"},
		{"messy/entities.csv:4", "identifiers", "KIND:value"},
		{"messy/entities.csv:4", "consentToShare", "must be yes or no"},
		{"messy/links.csv:4", "to", "entity V3 was rejected"},
		{"messy/links.csv:6", "to", "no entity has ref C9"},
		{"messy/links.csv:9", "amount", "must be an amount"},
		{"messy/links.csv:9", "to", "no entity has ref A9"},
	} {
		if !hasProblem(got, want[0], want[1], want[2]) {
			t.Errorf("missing %v in\n%s", want, strings.Join(got, "\n"))
		}
	}
	if len(got) != 9 {
		t.Errorf("%d problems, want 9:\n%s", len(got), strings.Join(got, "\n"))
	}
	if rep.ExitCode != casefile.ExitFile || rep.FileError == "" {
		t.Errorf("unknown columns refuse the file as a whole: exit %d %q", rep.ExitCode, rep.FileError)
	}
	if c := rep.Counts["Person"]; c == nil || c.Valid != 3 || c.Rejected != 1 {
		t.Errorf("people: %+v", c)
	}
	if c := rep.Counts["RECRUITED"]; c == nil || c.Valid != 2 {
		t.Errorf("lower-case link types are link types: %+v", rep.Counts)
	}
	var sheet bytes.Buffer
	if err := casefile.WriteProblemsCSV(&sheet, []*casefile.Report{rep}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(sheet.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// the header, the file's own problem, then one row a problem
	if len(rows) != 2+len(got) || rows[0][1] != "sheet" || rows[2][1] != "entities.csv" || rows[2][2] != "1" || rows[2][6] != "nationalty" {
		t.Fatalf("errors sheet: %q", rows)
	}
	if strings.Contains(sheet.String(), "081 234") || strings.Contains(sheet.String(), "Ana Test") {
		t.Fatal("the errors sheet must not carry values of the file")
	}
}

// A date whose day and month could swap and an amount whose separator
// could be either are rejected with both readings when nothing in the
// file decides, and read as --date-order and --number-format say.
func TestAmbiguousDatesAndAmountsAreNeverGuessed(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importFile(t, s, td+"csv/ambiguous", casefile.Options{DryRun: true})
	got := problems(rep)
	for _, want := range [][3]string{
		{"ambiguous/entities.csv:2", "birthDate", "day and month could swap (DD/MM/YYYY or MM/DD/YYYY)"},
		{"ambiguous/links.csv:2", "amount", "reads as 1.5 with a decimal point or as 1500 with a decimal comma"},
		{"ambiguous/links.csv:3", "amount", "reads as 2250 with a decimal point or as 2.25 with a decimal comma"},
		{"ambiguous/links.csv:3", "date", "--date-order dmy or mdy"},
	} {
		if !hasProblem(got, want[0], want[1], want[2]) {
			t.Errorf("missing %v in\n%s", want, strings.Join(got, "\n"))
		}
	}
	for _, tc := range []struct {
		order, format      string
		birth, paid        string
		paidAmt, transfAmt string
	}{
		{casefile.DateOrderDMY, casefile.DecimalComma, "1998-06-05", "2024-07-01", "1500", "2.25"},
		{casefile.DateOrderMDY, casefile.DecimalPoint, "1998-05-06", "2024-01-07", "1.5", "2250"},
	} {
		rep := importFile(t, s, td+"csv/ambiguous", casefile.Options{DateOrder: tc.order, NumberFormat: tc.format})
		if rep.ExitCode != casefile.ExitOK {
			t.Fatalf("%s %s: %v", tc.order, tc.format, problems(rep))
		}
		p := node[graph.Person](t, s, "person:TEST-AMBIG-01:V1")
		if string(p.BirthDate) != tc.birth {
			t.Errorf("%s: birth date %s, want %s", tc.order, p.BirthDate, tc.birth)
		}
		sub, err := s.CaseSubgraph(context.Background(), graph.AllCases(), "TEST-AMBIG-01")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range sub.Links {
			switch l := l.(type) {
			case *graph.Payment:
				if string(l.Date) != tc.paid || l.Amount.Value().String() != tc.paidAmt {
					t.Errorf("%s %s: payment on %s of %s, want %s of %s", tc.order, tc.format, l.Date, l.Amount.Value(), tc.paid, tc.paidAmt)
				}
			case *graph.Transfer:
				if l.Amount.Value().String() != tc.transfAmt {
					t.Errorf("%s: transfer of %s, want %s", tc.format, l.Amount.Value(), tc.transfAmt)
				}
			}
		}
		// the next reading replaces these values: start again
		if _, err := s.RetractCase(context.Background(), "TEST-AMBIG-01"); err != nil {
			t.Fatal(err)
		}
	}
}

// One cell that can be read only one way decides for its column, and a
// column with none follows the rest of the file.
func TestAColumnsOwnEvidenceDecides(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importFile(t, s, td+"csv/good", casefile.Options{})
	if rep.ExitCode != casefile.ExitOK {
		t.Fatalf("%v", problems(rep))
	}
	// 12/07/1997 is the only birth date; links.csv's 20/05/2024 says day first
	if p := node[graph.Person](t, s, "person:TEST-KH-CSV-01:P2"); p.BirthDate != "1997-07-12" {
		t.Fatalf("birth date %s", p.BirthDate)
	}
}

// A dry run that reaches the database says how many valid records it
// already holds and how many are new, counting only what the importer's
// compartments see.
func TestADryRunCountsNewAndStoredRecords(t *testing.T) {
	s := testneo4j.Open(t)
	sum := func(rep *casefile.Report) (valid, isNew, stored int) {
		for _, c := range rep.Counts {
			valid, isNew, stored = valid+c.Valid, isNew+c.New, stored+c.Stored
		}
		return
	}
	first := importFile(t, s, td+"csv/good", casefile.Options{DryRun: true})
	if valid, isNew, stored := sum(first); valid == 0 || isNew != valid || stored != 0 {
		t.Fatalf("on an empty graph every valid record is new: valid %d new %d stored %d", valid, isNew, stored)
	}
	importFile(t, s, td+"csv/good", casefile.Options{})
	again := importFile(t, s, td+"csv/good", casefile.Options{DryRun: true})
	if valid, isNew, stored := sum(again); stored != valid || isNew != 0 {
		t.Fatalf("after the import every valid record is stored: valid %d new %d stored %d", valid, isNew, stored)
	}
	var text strings.Builder
	again.WriteText(&text)
	if !strings.Contains(text.String(), "stored") || !strings.Contains(text.String(), "new") {
		t.Fatalf("the report must show new and stored:\n%s", text.String())
	}
	other := graph.OnlyCases("SOME-OTHER-CASE")
	blind := importFile(t, s, td+"csv/good", casefile.Options{DryRun: true, Scope: &other})
	if _, _, stored := sum(blind); stored != 0 {
		t.Fatalf("an importer who cannot see the case must learn nothing of what it holds: stored %d", stored)
	}
}
