package neo4jstore_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// pageAll pages through a list three at a time and returns its ids.
func pageAll(t *testing.T, s *neo4jstore.Store, q graph.ListQuery) []string {
	t.Helper()
	var ids []string
	q.First = 3
	for range 100 {
		page, err := s.List(context.Background(), graph.AllCases(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range page.Nodes {
			ids = append(ids, n.GetID())
		}
		if !page.HasNextPage {
			n, err := s.Count(context.Background(), graph.AllCases(), q)
			if err != nil || n != len(ids) {
				t.Fatalf("%+v: totalCount %d (%v), pages gave %d", q.Filter, n, err, len(ids))
			}
			return ids
		}
		q.After = page.Cursors[len(page.Cursors)-1]
	}
	t.Fatal("the list did not end")
	return nil
}

// Each filter and order builds its own statement (list_statements.go):
// every one must give exactly the matching nodes, in order, across pages.
func TestListFiltersAndOrdersGiveExactlyTheMatchingNodes(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "FLT-1", "KH")
	newCase(t, s, "FLT-2", "TH")
	type victim struct {
		name, alias, status, nationality, caseID string
	}
	victims := []victim{
		{"Sok Dara", "", "HELD", "KH", "FLT-1"},
		{"Nguyen An", "Anh", "RESCUED", "VN", "FLT-1"},
		{"Lee Ji-ho", "Jiho", "HELD", "KR", "FLT-2"},
		{"Wang Fang", "", "ESCAPED", "CN", "FLT-2"},
		{"Chan Dara", "Dara C", "HELD", "KH", "FLT-2"},
		{"Tan Mei", "", "RESCUED", "MY", "FLT-1"},
		{"Ahmed Ali", "Ali", "HELD", "IN", "FLT-1"},
	}
	byName := map[string]string{}
	for i, v := range victims {
		in := graph.PersonInput{CaseID: v.caseID, Ref: ptr(fmt.Sprintf("V%d", i)), Name: ptr(v.name), Status: ptr(graph.VictimStatus(v.status)), Nationality: []string{v.nationality}}
		if v.alias != "" {
			in.Aliases = []string{v.alias}
		}
		res, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, in)
		if err != nil {
			t.Fatal(err)
		}
		byName[v.name] = res.ID
	}
	expect := func(keep func(victim) bool) []string {
		var names []string
		for _, v := range victims {
			if keep(v) {
				names = append(names, v.name)
			}
		}
		sort.Slice(names, func(i, j int) bool { return lower(names[i]) < lower(names[j]) })
		ids := make([]string, len(names))
		for i, n := range names {
			ids[i] = byName[n]
		}
		return ids
	}
	all := func(victim) bool { return true }
	cases := []struct {
		name   string
		filter graph.ListFilter
		keep   func(victim) bool
	}{
		{"no filter", graph.ListFilter{}, all},
		{"status", graph.ListFilter{Status: "HELD"}, func(v victim) bool { return v.status == "HELD" }},
		{"name or alias", graph.ListFilter{NameContains: "DARA"}, func(v victim) bool { return v.name == "Sok Dara" || v.name == "Chan Dara" }},
		{"alias only", graph.ListFilter{NameContains: "jiho"}, func(v victim) bool { return v.name == "Lee Ji-ho" }},
		{"nationality", graph.ListFilter{Country: "kh"}, func(v victim) bool { return v.nationality == "KH" }},
		{"case", graph.ListFilter{CaseID: "FLT-2"}, func(v victim) bool { return v.caseID == "FLT-2" }},
		{"case, status and name", graph.ListFilter{CaseID: "FLT-1", Status: "HELD", NameContains: "a"},
			func(v victim) bool { return v.caseID == "FLT-1" && v.status == "HELD" }},
		{"nothing matches", graph.ListFilter{CaseID: "FLT-2", Status: "RESCUED"}, func(victim) bool { return false }},
		{"a case no node names", graph.ListFilter{CaseID: "NOPE-404"}, func(victim) bool { return false }},
		{"not a case id", graph.ListFilter{CaseID: "no such`case"}, func(victim) bool { return false }},
	}
	for _, c := range cases {
		want := expect(c.keep)
		for _, desc := range []bool{false, true} {
			got := pageAll(t, s, graph.ListQuery{Label: graph.RoleVictim, Filter: c.filter, Order: graph.SortOrder{Field: "NAME", Descending: desc}})
			w := slices.Clone(want)
			if desc {
				slices.Reverse(w)
			}
			if !slices.Equal(got, w) {
				t.Errorf("%s, by name (descending %v): got %q, want %q", c.name, desc, got, w)
			}
		}
		for _, field := range []graph.ListOrderField{graph.ListOrderFieldCreatedAt, graph.ListOrderFieldUpdatedAt, graph.ListOrderFieldID} {
			got := pageAll(t, s, graph.ListQuery{Label: graph.RoleVictim, Filter: c.filter, Order: graph.SortOrder{Field: field, Descending: true}})
			if !sameSet(got, want) {
				t.Errorf("%s, by %s: got %q, want the set %q", c.name, field, got, want)
			}
		}
	}
	// Countries by region.
	got := pageAll(t, s, graph.ListQuery{Label: graph.KindCountry, Filter: graph.ListFilter{Region: "Asia"}, Order: graph.SortOrder{Field: "NAME"}})
	if len(got) < 40 || !slices.Contains(got, graph.CountryID("KH")) || slices.Contains(got, graph.CountryID("FR")) {
		t.Fatalf("countries of region Asia: %d, %q", len(got), got)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func lower(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= 'A' && r <= 'Z' {
			out[i] = r + 32
		}
	}
	return string(out)
}
