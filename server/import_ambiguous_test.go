package server_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// zipped is a folder of sheets as a .zip, as a clerk uploads it.
func zipped(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(filepath.Base(n))
		_, _ = w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Over the API as on the command line, a sheet whose dates and amounts
// read two ways is refused with both readings, and imported as dateOrder
// and numberFormat say.
func TestImportAmbiguousSheetsOverGraphQL(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	const q = `mutation($file: Upload!, $dateOrder: DateOrder, $numberFormat: NumberFormat) {
	  importCaseFile(file: $file, dateOrder: $dateOrder, numberFormat: $numberFormat) {
	    exitCode rejections { field reason }
	  }
	}`
	file := zipped(t, "../testdata/csv/ambiguous")
	_, r := answer(t, api, uploadRequest("", q, nil, "file", "ambiguous.zip", file))
	if len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(1) || len(dig(r.Data, "importCaseFile", "rejections").([]any)) == 0 {
		t.Fatalf("without the options: %+v %v", r.Errors, r.Data)
	}
	_, r = answer(t, api, uploadRequest("", q, map[string]any{"dateOrder": "DMY", "numberFormat": "COMMA"}, "file", "ambiguous.zip", file))
	if len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(0) {
		t.Fatalf("with the options: %+v %v", r.Errors, r.Data)
	}
	data := mustQuery(t, api, `{ node(id: "person:TEST-AMBIG-01:V1") { ... on Person { birthDate } } }`, nil)
	if dig(data, "node", "birthDate") != "1998-06-05" {
		t.Fatalf("read day first: %v", data)
	}
}
