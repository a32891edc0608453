package server_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
	if rec := get(t, api, "/export?view=case&caseId=NOPE"); rec.Code != 404 {
		t.Fatalf("unknown case: %d", rec.Code)
	}
}
