package casefile_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// A bank statement exported as an .xlsx workbook imports through the same
// mapping as its CSV: its first worksheet is read, its dates and amounts
// as the workbook stores them (an amount of 1.125 stored as a number is
// one and an eighth, never a question of separators).
func TestMappedStatementFromAWorkbook(t *testing.T) {
	s := testneo4j.Open(t)
	f := excelize.NewFile()
	sheet := "Statement"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	rows := [][]any{
		{"Date", "Description", "Counterparty Name", "Counterparty Account", "Counterparty Bank", "Debit", "Credit", "Currency", "Reference"},
		{day(6), "Transfer out", "Golden Tide Trading", "555-0-11111-1", "SICOTHBK", 1.125, nil, "THB", "INV-1001"},
		{day(11), "Refund", "Golden Tide Trading", "555-0-11111-1", "SICOTHBK", nil, 2500, "THB", "RF-77"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	dates, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err := f.SetCellStyle(sheet, "A2", "A3", dates); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "statement.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	rep := importFile(t, s, p, casefile.Options{CaseID: "TEST-MAP-XLSX", Mapping: td + "mappings/statement.yml"})
	if rep.ExitCode != casefile.ExitOK {
		t.Fatalf("workbook statement:\n%s", reportText(rep))
	}
	const holder = "account:BANK:TH:KASITHBK:7021448103"
	for dir, want := range map[graph.Direction][2]string{graph.Outgoing: {"1.125", "2024-03-06"}, graph.Incoming: {"2500", "2024-03-11"}} {
		items := edges(t, s, graph.RelTransferred, dir, holder)
		if len(items) != 1 {
			t.Fatalf("%v: %d transfers", dir, len(items))
		}
		if tr := items[0].Link.(*graph.Transfer); string(tr.Amount) != want[0] || string(tr.Date) != want[1] {
			t.Fatalf("%v: %s on %s, want %s on %s", dir, tr.Amount, tr.Date, want[0], want[1])
		}
	}
}
