package server_test

import (
	"context"
	"testing"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/resolvers"
)

// Every field a list's prefetch reads ahead is then resolved from what it
// read: asking a list for it costs one statement, the list's page with
// its tree, and no second. A field whose resolver reads another
// relationship (or direction) than the prefetch table says would cost a
// second.
func TestPrefetchedFieldsReadWhatTheyPrefetch(t *testing.T) {
	store := testneo4j.Open(t)
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	api := newAPI(t, store, true)
	roots := map[string]string{"Recruiter": "recruiters", "Victim": "victims", "Person": "persons",
		"Compound": "compounds", "Organization": "organizations", "BankAccount": "bankAccounts"}
	for typ, fields := range resolvers.PrefetchedFields() {
		root, ok := roots[typ]
		if !ok {
			t.Fatalf("no list of %s to test its prefetched fields on", typ)
		}
		for _, f := range fields {
			q := `{ ` + root + `(first: 20) { edges { node { id ` + f + ` { __typename } } } } }`
			before := store.RoundTrips()
			data := mustQuery(t, api, q, nil)
			if got := store.RoundTrips() - before; got != 1 {
				t.Errorf("%s.%s: %d round trips, want 1 (the list with its tree)", typ, f, got)
			}
			if edges, _ := dig(data, root, "edges").([]any); len(edges) == 0 {
				t.Errorf("%s: the demo has none to test on", root)
			}
		}
	}
}
