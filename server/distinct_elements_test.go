package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// A graph the API returns never holds one element twice: Cytoscape.js
// refuses a second element of one id ("Can not create second element with
// ID"), and GraphML and CSV tools count a duplicate twice. Every view of
// the export and every graph of the GraphQL API is checked on the demo,
// where a neighbourhood of depth 2 around R01 reaches relationships
// between two nodes of one level (which it used to read from both ends).
func TestEveryViewHoldsEachElementOnce(t *testing.T) {
	store := testneo4j.Open(t)
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	api := newAPI(t, store, true)
	const r01, r04, v03 = "person:DEMO-KH-2025-001:R01", "person:DEMO-KH-2025-001:R04", "person:DEMO-KH-2025-001:V03"
	views := []string{
		"view=case&caseId=DEMO-KH-2025-001",
		"view=paths&from=" + r01 + "&to=" + r04 + "&maxHops=6",
	}
	for depth := 1; depth <= 3; depth++ {
		views = append(views, fmt.Sprintf("view=neighborhood&id=%s&depth=%d", r01, depth),
			fmt.Sprintf("view=neighborhood&id=%s&depth=%d&types=RECRUITED,HELD_AT,USES,HOLDS,TRANSFERRED,PAID", v03, depth))
	}
	for _, view := range views {
		for _, format := range []string{"cytoscape", "graphml", "nodes.csv", "edges.csv"} {
			rec := get(t, api, "/export?"+view+"&format="+url.QueryEscape(format))
			if rec.Code != 200 {
				t.Fatalf("%s as %s: %d %s", view, format, rec.Code, rec.Body.String())
			}
			ids, err := elementIDs(format, rec.Body.Bytes())
			if err != nil {
				t.Fatalf("%s as %s: %v", view, format, err)
			}
			if len(ids) == 0 {
				t.Errorf("%s as %s: nothing drawn", view, format)
			}
			if dup := repeated(ids); len(dup) > 0 {
				t.Errorf("%s as %s: %d elements, these more than once: %v", view, format, len(ids), dup)
			}
		}
	}

	graphQueries := map[string]string{
		"neighborhood depth 2": `{ g: neighborhood(id: "` + r01 + `", depth: 2) { nodes { id } edges { id } } }`,
		"neighborhood depth 3": `{ g: neighborhood(id: "` + r01 + `", depth: 3, limit: 2000) { nodes { id } edges { id } } }`,
		"money trail":          `{ t: moneyTrail(from: "` + v03 + `") { graph { nodes { id } edges { id } } } }`,
	}
	for name, q := range graphQueries {
		code, resp := queryAs(t, api, "", q, nil)
		if code != 200 || len(resp.Errors) > 0 {
			t.Fatalf("%s: %d %v", name, code, resp.Errors)
		}
		g, _ := resp.Data["g"].(map[string]any)
		if g == nil {
			g, _ = dig(resp.Data, "t", "graph").(map[string]any)
		}
		var ids []string
		for _, part := range []string{"nodes", "edges"} {
			list, _ := g[part].([]any)
			for _, e := range list {
				ids = append(ids, e.(map[string]any)["id"].(string))
			}
		}
		if len(ids) < 2 {
			t.Errorf("%s: %d elements", name, len(ids))
		}
		if dup := repeated(ids); len(dup) > 0 {
			t.Errorf("%s: %d elements, these more than once: %v", name, len(ids), dup)
		}
	}
}

// elementIDs are the ids of what an export draws: nodes and edges
// together for Cytoscape.js and GraphML (one id space in Cytoscape.js),
// the id column of a CSV table.
func elementIDs(format string, body []byte) ([]string, error) {
	var ids []string
	switch format {
	case "cytoscape":
		var cy struct {
			Elements struct {
				Nodes, Edges []struct{ Data map[string]any }
			}
		}
		if err := json.Unmarshal(body, &cy); err != nil {
			return nil, err
		}
		for _, e := range append(cy.Elements.Nodes, cy.Elements.Edges...) {
			ids = append(ids, fmt.Sprint(e.Data["id"]))
		}
	case "graphml":
		var gml struct {
			Graph struct {
				Nodes []struct {
					ID string `xml:"id,attr"`
				} `xml:"node"`
				Edges []struct {
					ID string `xml:"id,attr"`
				} `xml:"edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal(body, &gml); err != nil {
			return nil, err
		}
		for _, n := range gml.Graph.Nodes {
			ids = append(ids, n.ID)
		}
		for _, e := range gml.Graph.Edges {
			ids = append(ids, e.ID)
		}
	default:
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), "\uFEFF"))).ReadAll()
		if err != nil {
			return nil, err
		}
		for _, row := range rows[1:] {
			ids = append(ids, row[0])
		}
	}
	return ids, nil
}

// repeated are the ids found more than once.
func repeated(ids []string) []string {
	seen := map[string]int{}
	var out []string
	for _, id := range ids {
		if seen[id]++; seen[id] == 2 {
			out = append(out, id)
		}
	}
	return out
}
