package server_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// TestImportCaseFileEncoding: over the API a Windows-874 JSON case file is
// refused whole naming its code page, imported with encoding:
// "windows-874" with the Thai names exact; a UTF-16 file with a byte
// order mark imports as it is; an unknown encoding is the caller's mistake.
func TestImportCaseFileEncoding(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	const q = `mutation($file: Upload!, $encoding: String) {
	  importCaseFile(file: $file, encoding: $encoding) { exitCode fileError }
	}`
	const name = "ประเสริฐ วงศ์ใหญ่"
	doc := func(caseID string) string {
		return `{"case": {"id": "` + caseID + `", "title": "Thai Excel", "agency": "Test unit (fictional)", "country": "TH", "fictional": true},
 "entities": [{"ref": "P1", "type": "Victim", "name": "` + name + `", "aliases": ["มาลี"]}], "links": []}`
	}
	thai, err := charmap.Windows874.NewEncoder().Bytes([]byte(doc("TEST-API-874")))
	if err != nil {
		t.Fatal(err)
	}
	send := func(file []byte, vars map[string]any) gqlResponse {
		_, out := answer(t, api, uploadRequest("", q, vars, "file", "case.json", file))
		return out
	}
	r := send(thai, nil)
	if len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(2) ||
		!strings.Contains(dig(r.Data, "importCaseFile", "fileError").(string), "it looks like windows-874 (Thai)") {
		t.Fatalf("without encoding: %+v %v", r.Errors, r.Data)
	}
	if got := query(t, api, `{ node(id: "TEST-API-874") { id } }`, nil); dig(got.Data, "node") != nil {
		t.Fatal("a refused file wrote its case")
	}
	r = send(thai, map[string]any{"encoding": "windows-874"})
	if len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(0) {
		t.Fatalf("with encoding: %+v %v", r.Errors, r.Data)
	}
	data := mustQuery(t, api, `{ node(id: "person:TEST-API-874:P1") { ... on Person { name aliases } } }`, nil)
	if dig(data, "node", "name") != name || dig(data, "node", "aliases", 0) != "มาลี" {
		t.Fatalf("stored: %v", data)
	}

	utf16, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte(doc("TEST-API-UTF16")))
	if err != nil {
		t.Fatal(err)
	}
	if r = send(utf16, nil); len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(0) {
		t.Fatalf("UTF-16: %+v %v", r.Errors, r.Data)
	}
	data = mustQuery(t, api, `{ node(id: "person:TEST-API-UTF16:P1") { ... on Person { name } } }`, nil)
	if dig(data, "node", "name") != name {
		t.Fatalf("UTF-16 stored: %v", data)
	}

	if r = send(thai, map[string]any{"encoding": "klingon"}); r.code() != server.CodeBadUserInput || !strings.Contains(r.Errors[0].Message, "windows-874") {
		t.Fatalf("unknown encoding: %+v", r.Errors)
	}
}
