package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
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

// TestNestedQueryRoundTripsBoundedByDepth: a query four levels deep below
// a list costs one Neo4j statement, the list's page and its nested
// selection read together (resolvers/prefetch.go), for 5 recruiters as
// for 50; below a node too, the node and its selection. And so
// under load as alone: at 16 concurrent clients every request still costs
// as much (the loaders' batches, which wait for a level's fields, split
// on a busy machine; the plan has no window to miss).
func TestNestedQueryRoundTripsBoundedByDepth(t *testing.T) {
	store := testneo4j.Open(t)
	if rep, err := casefile.ImportCase(context.Background(), store, networkCase(50), casefile.Options{}); err != nil || rep.ExitCode != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
	api := newAPI(t, store, true)
	askList := func(n int) func() error {
		return func() error {
			data, err := queryData(api, nestedQuery, map[string]any{"n": n})
			if err != nil {
				return err
			}
			edges, _ := dig(data, "recruiters", "edges").([]any)
			if len(edges) != n {
				return fmt.Errorf("asked for %d recruiters, got %d", n, len(edges))
			}
			for _, e := range edges {
				if dig(e, "node", "recruited", 0, "victim", "heldAt", 0, "compound", "country", "code") != "KH" {
					return fmt.Errorf("incomplete row: %v", e)
				}
			}
			return nil
		}
	}
	// From one node (the benchmark's nested family).
	askNode := func() error {
		data, err := queryData(api, `{ node(id: "person:RT-1:V07") { ... on Person { asVictim { recruitedBy { recruiter { name
		  recruited { victim { name heldAt { compound { name } } } } } } } } } }`, nil)
		if err == nil && dig(data, "node", "asVictim", "recruitedBy", 0, "recruiter", "recruited", 0, "victim", "heldAt", 0, "compound", "name") != "Compound 1" {
			err = fmt.Errorf("nested from a node: %v", data)
		}
		return err
	}
	// Two nodes at once (nodes), and one of them missing.
	askNodes := func() error {
		data, err := queryData(api, `{ nodes(ids: ["person:RT-1:V07", "person:RT-1:V08", "person:RT-1:NOBODY"]) { ... on Person { asVictim { recruitedBy { recruiter { name } } heldAt { compound { name } } } } } }`, nil)
		if err != nil {
			return err
		}
		nodes, _ := data["nodes"].([]any)
		if len(nodes) != 3 || nodes[2] != nil || dig(nodes[1], "asVictim", "heldAt", 0, "compound", "name") == nil {
			return fmt.Errorf("nodes: %v", data)
		}
		return nil
	}
	for _, c := range []struct {
		name       string
		ask        func() error
		perRequest int
	}{
		{"5 recruiters", askList(5), 1}, // the list with the tree below it
		{"50 recruiters", askList(50), 1},
		{"a node", askNode, 1}, // the node with the tree below it
		{"nodes", askNodes, 1},
	} {
		for _, clients := range []int{1, 16} {
			const rounds = 5
			before := store.RoundTrips()
			var wg sync.WaitGroup
			errs := make(chan error, clients*rounds)
			for range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range rounds {
						errs <- c.ask()
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			got := store.RoundTrips() - before
			t.Logf("%s: %d Neo4j round trips for %d requests at %d clients", c.name, got, clients*rounds, clients)
			if got != int64(c.perRequest*clients*rounds) {
				t.Errorf("%s: %d requests at %d clients cost %d round trips, want %d each (%d)", c.name, clients*rounds, clients, got, c.perRequest, c.perRequest*clients*rounds)
			}
		}
	}
}

// queryData serves a query from any goroutine (t.Fatal is not for them):
// its data, or its first error.
func queryData(h http.Handler, q string, vars map[string]any) (map[string]any, error) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, graphqlRequest("", q, vars))
	var out gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("status %d: %v", rec.Code, err)
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("%s", out.Errors[0].Message)
	}
	return out.Data, nil
}
