package server_test

import (
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// A link chart gets each node's and relationship's properties when it
// asks for them (they are built only then, see resolvers/model/graphview.go).
func TestLinkChartPropertiesOfNodesAndEdges(t *testing.T) {
	store := testneo4j.Open(t)
	twoCases(t, store, 0)
	api := newAPI(t, store, true)
	data := mustQuery(t, api, `{ neighborhood(id: "person:KH-1:V1", depth: 1) {
		nodes { id type label roles properties } edges { id type source target caseIds properties } } }`, nil)
	props := map[string]map[string]any{}
	for _, n := range dig(data, "neighborhood", "nodes").([]any) {
		props[dig(n, "id").(string)] = dig(n, "properties").(map[string]any)
	}
	if v := props["person:KH-1:V1"]; v["name"] != "Lee" || v["sources"] == nil || v["id"] != nil {
		t.Fatalf("the victim's properties: %v", v)
	}
	if c := props["compound:KH-1:C1"]; c["name"] != "Golden Bay" {
		t.Fatalf("the compound's properties: %v (nodes %v)", c, props)
	}
	edges := dig(data, "neighborhood", "edges").([]any)
	if len(edges) == 0 {
		t.Fatal("no edges")
	}
	for _, e := range edges {
		p := dig(e, "properties").(map[string]any)
		if _, ok := p["sources"]; ok {
			t.Fatalf("edge properties repeat the sources, which caseIds gives: %v", p)
		}
		if cases := dig(e, "caseIds").([]any); len(cases) != 1 || cases[0] != "KH-1" {
			t.Fatalf("edge caseIds: %v", cases)
		}
	}
}
