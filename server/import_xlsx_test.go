package server_test

import (
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// An .xlsx workbook uploaded over GraphQL imports as from the command
// line: its rows, the rejected row at its worksheet line, the worksheet
// that is not read counted under unmapped.
func TestImportXLSXWorkbookOverGraphQL(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	r := upload(t, api, "../testdata/xlsx/agency.xlsx", nil)
	if len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(1) || dig(r.Data, "importCaseFile", "format") != "csv" {
		t.Fatalf("upload: %+v %v", r.Errors, r.Data)
	}
	rejections := dig(r.Data, "importCaseFile", "rejections").([]any)
	if len(rejections) != 1 || dig(rejections[0], "file") != "agency.xlsx/Entities" || dig(rejections[0], "line") != float64(10) {
		t.Fatalf("rejections: %v", rejections)
	}
	unmapped := dig(r.Data, "importCaseFile", "unmapped").([]any)
	if len(unmapped) != 1 || dig(unmapped[0], "schema") != `worksheet "Notes" (rows)` || dig(unmapped[0], "count") != float64(2) {
		t.Fatalf("unmapped: %v", unmapped)
	}
	data := mustQuery(t, api, `{ node(id: "person:TEST-TH-XLSX-01:P2") { ... on Person { birthDate } } }`, nil)
	if dig(data, "node", "birthDate") != "1997-07-12" {
		t.Fatalf("victim: %v", data)
	}
}
