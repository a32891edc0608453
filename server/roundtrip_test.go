package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// networkCase builds a case of n recruiters, each of whom recruited one
// victim held at one of three compounds in Cambodia.
func networkCase(n int) *casefile.Case {
	s := func(v string) *string { return &v }
	c := &casefile.Case{Case: casefile.CaseHeader{ID: "RT-1", Title: "round trips", Agency: "test", Country: s("KR")}}
	for i := 0; i < 3; i++ {
		c.Entities = append(c.Entities, casefile.Entity{Ref: fmt.Sprintf("C%d", i), Type: "Compound", Name: s(fmt.Sprintf("Compound %d", i)), Country: s("KH")})
	}
	for i := 0; i < n; i++ {
		r, v := fmt.Sprintf("R%02d", i), fmt.Sprintf("V%02d", i)
		c.Entities = append(c.Entities,
			casefile.Entity{Ref: r, Type: "Recruiter", Name: s("Recruiter " + r)},
			casefile.Entity{Ref: v, Type: "Victim", Name: s("Victim " + v)})
		c.Links = append(c.Links,
			casefile.Link{Type: "RECRUITED", From: r, To: v},
			casefile.Link{Type: "HELD_AT", From: v, To: fmt.Sprintf("C%d", i%3)})
	}
	return c
}

const nestedQuery = `query($n: Int) {
  recruiters(first: $n) {
    edges { node { name recruited { victim { name heldAt { compound { name country { code } } } } } } }
  }
}`

// TestNestedQueryRoundTripsBoundedByDepth proves the dataloaders: a query
// four levels deep below a list costs the same number of Neo4j statements
// for 5 recruiters as for 50, instead of one or more per row.
func TestNestedQueryRoundTripsBoundedByDepth(t *testing.T) {
	store := testneo4j.Open(t)
	if rep, err := casefile.ImportCase(context.Background(), store, networkCase(50), casefile.Options{}); err != nil || rep.ExitCode != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
	api := newAPI(t, store, true)
	trips := func(n int) int64 {
		before := store.RoundTrips()
		data := mustQuery(t, api, nestedQuery, map[string]any{"n": n})
		edges := dig(data, "recruiters", "edges").([]any)
		if len(edges) != n {
			t.Fatalf("asked for %d recruiters, got %d", n, len(edges))
		}
		for _, e := range edges {
			if dig(e, "node", "recruited", 0, "victim", "heldAt", 0, "compound", "country", "code") != "KH" {
				t.Fatalf("incomplete row: %v", e)
			}
		}
		return store.RoundTrips() - before
	}
	five, fifty := trips(5), trips(50)
	t.Logf("Neo4j round trips: %d for 5 recruiters, %d for 50 (list, recruitments, detentions, compound countries)", five, fifty)
	// One statement per level: the list, RECRUITED, HELD_AT, LOCATED_IN (far
	// nodes come with their edges). A level may split into two batches on a
	// busy machine, so allow that, but never anything that grows with rows.
	const levels = 4
	if fifty > 2*levels {
		t.Fatalf("50 recruiters cost %d round trips; bounded by depth means at most %d", fifty, 2*levels)
	}
	if fifty > five+levels {
		t.Fatalf("round trips grow with rows: %d for 5, %d for 50", five, fifty)
	}
}
