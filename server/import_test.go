package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// upload sends importCaseFile as a GraphQL multipart request, the way
// Apollo's and urql's upload clients do.
func upload(t *testing.T, h http.Handler, path string, vars map[string]any) gqlResponse {
	t.Helper()
	const q = `mutation($file: Upload!, $dryRun: Boolean, $caseId: ID) {
	  importCaseFile(file: $file, dryRun: $dryRun, caseId: $caseId) {
	    file format caseId sha256 dryRun exitCode fileError
	    counts { kind created updated unchanged rejected valid }
	    rejections { file line record kind ref field reason }
	    warnings { file record kind ref field reason }
	    unmapped { schema count }
	  }
	}`
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, out := answer(t, h, uploadRequest("", q, vars, "file", filepath.Base(path), data))
	return out
}

func TestImportCaseFileOverGraphQLMultipart(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	r := upload(t, api, "../testdata/json/good-case.json", map[string]any{"dryRun": true})
	if len(r.Errors) > 0 {
		t.Fatalf("%+v", r.Errors)
	}
	if dig(r.Data, "importCaseFile", "dryRun") != true || dig(r.Data, "importCaseFile", "exitCode") != float64(0) {
		t.Fatalf("dry run: %v", r.Data)
	}
	if got := query(t, api, `{ node(id: "TEST-TH-2025-07") { id } }`, nil); dig(got.Data, "node") != nil {
		t.Fatal("a dry run wrote the case")
	}
	r = upload(t, api, "../testdata/json/good-case.json", nil)
	if len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(0) {
		t.Fatalf("import: %+v %v", r.Errors, r.Data)
	}
	created := 0.0
	for _, c := range dig(r.Data, "importCaseFile", "counts").([]any) {
		created += dig(c, "created").(float64)
	}
	if created != 23 {
		t.Fatalf("created %v, the file has 10 entities and 13 links", created)
	}
	data := mustQuery(t, api, `{ node(id: "TEST-TH-2025-07") { ... on CaseFile { imports { fileName by sha256 } } } }`, nil)
	if imports := dig(data, "node", "imports").([]any); len(imports) != 1 || dig(imports[0], "by") != "dev" {
		t.Fatalf("import log: %v", data)
	}
	// A file with bad rows: rejected records come back with field and reason.
	r = upload(t, api, "../testdata/json/bad-rows.json", nil)
	if dig(r.Data, "importCaseFile", "exitCode") != float64(1) || len(dig(r.Data, "importCaseFile", "rejections").([]any)) < 10 {
		t.Fatalf("bad rows: %+v %v", r.Errors, r.Data)
	}
	// Values outside their vocabularies: written without them, warned of.
	r = upload(t, api, "../testdata/json/warnings.json", nil)
	if dig(r.Data, "importCaseFile", "exitCode") != float64(0) || len(dig(r.Data, "importCaseFile", "warnings").([]any)) != 3 {
		t.Fatalf("warnings: %+v %v", r.Errors, r.Data)
	}
	// FtM without a case is the caller's mistake.
	r = upload(t, api, "../testdata/ftm/good.ftm.jsonl", nil)
	if r.code() != server.CodeBadUserInput {
		t.Fatalf("FtM without caseId: %+v", r.Errors)
	}
}

func TestVariantsShowEachCasesValue(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	for _, f := range []string{"../testdata/json/good-case.json", "../testdata/json/good-case.json"} {
		upload(t, api, f, nil)
	}
	mustQuery(t, api, `mutation { createCaseFile(input: {id: "OTHER-1", title: "t", agency: "a", country: "TH"}) { id } }`, nil)
	mustQuery(t, api, `mutation { updateRecruiter(id: "person:TEST-TH-2025-07:R1", input: {caseId: "OTHER-1", name: "Somchai Rattanakorn (alias Chai)"}) { id } }`, nil)
	data := mustQuery(t, api, `{ node(id: "person:TEST-TH-2025-07:R1") { ... on Person { name nameVariants { value caseId } variants { property value caseIds } } } }`, nil)
	nv := dig(data, "node", "nameVariants").([]any)
	if len(nv) != 2 {
		t.Fatalf("two cases, two names: %v", nv)
	}
	v := dig(data, "node", "variants").([]any)
	if len(v) != 2 || dig(v[0], "property") != "name" {
		t.Fatalf("variants: %v", v)
	}
}

// A recruiter who works for a recruiting agency: the RECRUITS_FOR link
// ends at an organisation, which the API shows as the link's agency (its
// compound is null) and as one of the organisation's recruiters.
func TestRecruitsForAnAgencyOverGraphQL(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	if r := upload(t, api, "../testdata/json/agency-spellings.json", nil); len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(0) {
		t.Fatalf("import: %+v %v", r.Errors, r.Data)
	}
	data := mustQuery(t, api, `{ node(id: "organization:TEST-SPELLINGS-1:O1") { ... on Organization {
	  recruiters { since compound { id } agency { id } recruiter { id } } } } }`, nil)
	rs := dig(data, "node", "recruiters").([]any)
	if len(rs) != 1 || dig(rs[0], "agency", "id") != "organization:TEST-SPELLINGS-1:O1" || dig(rs[0], "compound") != nil ||
		dig(rs[0], "since") != "2023-11" || dig(rs[0], "recruiter", "id") != "person:TEST-SPELLINGS-1:R1" {
		t.Fatalf("recruiters: %v", data)
	}
}
