package casefile_test

import (
	"context"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// testdata/xlsx/agency.xlsx is a workbook as an agency's Excel saves it
// (testdata/xlsx/generate.go): every value must be stored as the cell
// stands for it, not as Excel shows it.
func TestXLSXWorkbookImportsAsTheSheets(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	rep := importFile(t, s, td+"xlsx/agency.xlsx", casefile.Options{})
	var text strings.Builder
	rep.WriteText(&text)
	// P3's birth date, 31/02/1990, is no day: that row alone is refused,
	// at its worksheet row.
	if rep.ExitCode != casefile.ExitRejected || rep.Format != "csv" || len(rep.Rejections) != 1 {
		t.Fatalf("agency.xlsx:\n%s", text.String())
	}
	if rj := rep.Rejections[0]; rj.File != "agency.xlsx/Entities" || rj.Line != 10 || rj.Field != "birthDate" {
		t.Fatalf("rejection: %+v", rj)
	}
	if rep.Unmapped[`worksheet "Notes" (rows)`] != 2 || !strings.Contains(text.String(), `worksheet "Notes" (rows) 2`) {
		t.Fatalf("the Notes worksheet is not read but must be reported: %v\n%s", rep.Unmapped, text.String())
	}

	cf := node[graph.CaseFile](t, s, "TEST-TH-XLSX-01")
	if cf.OpenedAt != "2025-02-03" || !cf.Fictional || cf.Country == nil || *cf.Country != "TH" {
		t.Fatalf("Case worksheet (a date cell, a TRUE cell): %+v", cf)
	}
	if p := node[graph.Person](t, s, "person:TEST-TH-XLSX-01:P2"); p.BirthDate != "1997-07-12" || p.Name != "Nguyễn Văn An" {
		t.Fatalf("a dd/mm/yyyy date cell: %+v", p)
	}
	if c := node[graph.Compound](t, s, "compound:TEST-TH-XLSX-01:C1"); c.EstimatedWorkers == nil || *c.EstimatedWorkers != 1200 || c.Location() == nil {
		t.Fatalf("1,200 as a #,##0 number and lat/lon numbers: %+v", c)
	}
	for id, number := range map[string]string{
		"account:BANK:TH:SRBKTHBK:123456789012":     "123456789012",     // a number in General
		"account:BANK:TH:SRBKTHBK:4111111111111111": "4111111111111111", // shown as 4.11E+15
		"account:BANK:KH:MKTBKHPP:0012345678":       "0012345678",       // 12345678 in the format 0000000000
	} {
		a := node[graph.BankAccount](t, s, id)
		if a.AccountNumber == nil || *a.AccountNumber != number {
			t.Errorf("%s: account number %v, want %s", id, a.AccountNumber, number)
		}
	}

	edge := func(rel graph.RelType, from string) graph.Link {
		t.Helper()
		pages, err := s.EdgesOf(ctx, graph.AllCases(), rel, graph.Outgoing, []string{from})
		if err != nil || len(pages[from].Items) != 1 {
			t.Fatalf("%s from %s: %v %+v", rel, from, err, pages)
		}
		return pages[from].Items[0].Link
	}
	if r := edge("RECRUITED", "person:TEST-TH-XLSX-01:P1").(*graph.Recruitment); r.Date != "2024-05-20" || r.Channel == nil || *r.Channel != "FACEBOOK" {
		t.Errorf("RECRUITED (a d-mmm-yy date cell): %+v", r)
	}
	if d := edge("HELD_AT", "person:TEST-TH-XLSX-01:P2").(*graph.Detention); d.Since != "2024-06-01" || d.Until != "2024-11-30" {
		t.Errorf("HELD_AT (a date cell, a date typed as text): %+v", d)
	}
	if p := edge("PAID", "person:TEST-TH-XLSX-01:P2").(*graph.Payment); p.Amount != "12500.5" || p.Date != "2024-07-01" {
		t.Errorf("PAID (12500.499999999998 stored): %+v", p)
	}
	tr := edge("TRANSFERRED", "account:BANK:TH:SRBKTHBK:4111111111111111").(*graph.Transfer)
	if tr.Amount != "52350" || tr.AmountUsd == nil || *tr.AmountUsd != "1450.095" {
		t.Errorf("TRANSFERRED (a #,##0.00 amount; amountUsd a formula's saved result): %+v", tr)
	}

	// The same workbook again changes nothing.
	again := importFile(t, s, td+"xlsx/agency.xlsx", casefile.Options{})
	created, updated, _, _ := total(again)
	if created+updated != 0 || again.SHA256 != rep.SHA256 || rep.SHA256 == "" {
		t.Fatalf("re-import: created %d updated %d, sha256 %q then %q", created, updated, rep.SHA256, again.SHA256)
	}
}
