package server_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

func get(t *testing.T, h http.Handler, url string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	return rec
}

func TestExportsOpenInLinkAnalysisTools(t *testing.T) {
	store := testneo4j.Open(t)
	twoCases(t, store, 3)
	api := newAPI(t, store, true)

	rec := get(t, api, "/export?view=neighborhood&id=person:KR-1:R1&depth=2&format=cytoscape")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("cytoscape: %d %s", rec.Code, rec.Body.String())
	}
	var cy struct {
		Elements struct {
			Nodes []struct{ Data map[string]any }
			Edges []struct{ Data map[string]any }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &cy); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, n := range cy.Elements.Nodes {
		ids[n.Data["id"].(string)] = true
	}
	for _, e := range cy.Elements.Edges {
		if !ids[e.Data["source"].(string)] || !ids[e.Data["target"].(string)] {
			t.Fatalf("an edge to a node not in the export: %v", e.Data)
		}
	}
	if len(cy.Elements.Edges) != 5 {
		t.Fatalf("R1 depth 2: %d edges, want 5 (recruited, his phone and nationality; the victim's nationality, R2's use of the phone)", len(cy.Elements.Edges))
	}

	rec = get(t, api, "/export?view=case&caseId=KH-1&format=graphml")
	var gml struct {
		Graph struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if rec.Code != 200 || xml.Unmarshal(rec.Body.Bytes(), &gml) != nil {
		t.Fatalf("graphml: %d %s", rec.Code, rec.Body.String())
	}
	// KH-1: R2, V1, C1, HUB, 3 hub victims, the phone, and the countries reached.
	if len(gml.Graph.Nodes) < 8 || len(gml.Graph.Edges) < 6 {
		t.Fatalf("case KH-1 as GraphML: %d nodes, %d edges", len(gml.Graph.Nodes), len(gml.Graph.Edges))
	}

	rec = get(t, api, "/export?view=paths&from=person:KR-1:R1&to=person:KH-1:V1&format=edges.csv")
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if rec.Code != 200 || len(lines) != 4 || !strings.HasPrefix(lines[0], "id,source,target,type,caseIds") {
		t.Fatalf("paths as edges.csv: %d\n%s", rec.Code, rec.Body.String())
	}

	if rec := get(t, api, "/export?view=neighborhood&id=person:KR-1:R1&depth=7"); rec.Code != 400 {
		t.Fatalf("depth 7: %d", rec.Code)
	}
	// Every problem of the request at once, as the API gives them.
	if rec := get(t, api, "/export?view=neighborhood&id=person:KR-1:R1&depth=7&types=HOLDS,NOPE"); rec.Code != 400 ||
		!strings.Contains(rec.Body.String(), "depth") || !strings.Contains(rec.Body.String(), "relationshipTypes") {
		t.Fatalf("depth 7 and an unknown type: %d %s", rec.Code, rec.Body.String())
	}
	if rec := get(t, api, "/export?view=case&caseId=NOPE"); rec.Code != 404 {
		t.Fatalf("unknown case: %d", rec.Code)
	}
}

// TestFtMExportImportsBack exports a case as FollowTheMoney and imports it
// as another case: every person, organisation, account, identifier,
// transfer and holding FtM can express comes back.
func TestFtMExportImportsBack(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	if r := upload(t, api, "../testdata/json/good-case.json", nil); dig(r.Data, "importCaseFile", "exitCode") != float64(0) {
		t.Fatalf("%+v", r)
	}
	rec := get(t, api, "/export?view=case&caseId=TEST-TH-2025-07&format=ftm")
	if rec.Code != 200 {
		t.Fatalf("ftm export: %d %s", rec.Code, rec.Body.String())
	}
	path := filepath.Join(t.TempDir(), "export.ftm.jsonl")
	if err := os.WriteFile(path, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := casefile.Import(context.Background(), store, path, casefile.Options{CaseID: "TEST-FTM-ROUNDTRIP"})
	if err != nil || rep.ExitCode != 0 {
		t.Fatalf("re-import: %v %+v", err, rep)
	}
	got := func(kind string) int {
		c := rep.Counts[kind]
		if c == nil {
			return 0
		}
		return c.Created + c.Updated + c.Unchanged
	}
	want := map[string]int{"Person": 5, "Organization": 1, "BankAccount": 3, "TRANSFERRED": 2, "HOLDS": 1}
	for kind, n := range want {
		if got(kind) != n {
			t.Errorf("%s: %d came back, want %d (%v)", kind, got(kind), n, rep.Counts)
		}
	}
	// The identifiers came back onto the re-imported people.
	r1, err := store.Node(context.Background(), graph.AllCases(), "identifier:TELEGRAM:chai_jobs_th")
	if err != nil || len(r1.(*graph.Identifier).CaseIDs) != 2 {
		t.Fatalf("the Telegram handle should be known to both cases: %v %v", r1, err)
	}
	pp, err := store.Node(context.Background(), graph.AllCases(), "identifier:PASSPORT:C1234567")
	if err != nil || len(pp.(*graph.Identifier).CaseIDs) != 2 {
		t.Fatalf("the passport should come back: %v %v", pp, err)
	}
}
