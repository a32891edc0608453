package server_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/resolvers"
	"github.com/scamgraph/scamgraph/resolvers/generated"
)

// A root field read in one statement marshals its lists in order
// (resolvers.ListsInOrder); it answers exactly what the same field
// answers through gqlgen's goroutine per element, which one extra field
// the statement does not read (uncovered, stripped before comparing)
// brings back, for every reader.
func TestListsInOrderAnswerAsConcurrently(t *testing.T) {
	api, keys := demoBesideTwoAgencies(t)
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	cases := []struct{ root, query, uncovered string }{
		{"recruiters", `{ recruiters(first: 50) { totalCount edges { node { id name aliases kind activeFrom activeTo caseIds UNCOVERED
			recruited { id date channel method promisedJob promisedSalary caseIds victim { id name gender birthDate status victimType consentToShare controlMethods caseIds
				nationality { code } heldAt { since until compound { name city status country { code name } } } } }
			recruitsFor { since until compound { name } agency { name } } } } } }`, `uncovered: person { id }`},
		{"victims", `{ victims(first: 50) { edges { node { id name status UNCOVERED recruitedBy { date recruiter { name } }
			journey { order date mode country { code } } payments { amount currency date account { accountKey kind } }
			heldAt { compound { name operatedBy { since organization { name } } } } } } } }`, `uncovered: variants { property }`},
		{"bankAccounts", `{ bankAccounts(first: 50) { edges { node { accountKey currency UNCOVERED
			transfersOut { amount currency date to { accountKey country { code } } } transfersIn { amount from { accountKey } } } } } }`, `uncovered: variants { property }`},
		{"node", `{ node(id: "person:DEMO-KH-2025-001:V03") { UNCOVERED ... on Person { name asVictim { recruitedBy { recruiter { name
			recruited { victim { name heldAt { compound { name country { code } } } } } } } } } } }`, `... on CaseFile { id }`},
	}
	for _, c := range cases {
		inOrder := strings.Replace(c.query, "UNCOVERED", "", 1)
		concurrent := strings.Replace(c.query, "UNCOVERED", c.uncovered, 1)
		if covers, err := resolvers.PrefetchCoversQuery(schema, inOrder); err != nil || !covers[c.root] {
			t.Fatalf("%s: covered %v (%v), want its lists in order", c.root, covers, err)
		}
		if covers, err := resolvers.PrefetchCoversQuery(schema, concurrent); err != nil || covers[c.root] {
			t.Fatalf("%s with %s: covered %v (%v), want gqlgen's goroutines", c.root, c.uncovered, covers, err)
		}
		for _, who := range []string{"viewer-a", "analyst-a", "analyst-b", "viewer-all", "admin"} {
			a := dataAs(t, api, keys[who], inOrder)
			b := withoutKey(dataAs(t, api, keys[who], concurrent), "uncovered")
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s as %s: in order and concurrently the answers differ\nin order     %.2000s\nconcurrently %.2000s", c.root, who, mustJSON(t, a), mustJSON(t, b))
			}
		}
		if n := len(mustJSON(t, dataAs(t, api, keys["admin"], inOrder))); n < 500 {
			t.Errorf("%s: %d bytes as admin: too little to compare", c.root, n)
		}
	}
}

// withoutKey is v without the map entries named key, at any depth.
func withoutKey(v any, key string) map[string]any {
	var strip func(v any) any
	strip = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range x {
				if k != key {
					out[k] = strip(e)
				}
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = strip(e)
			}
			return out
		}
		return v
	}
	m, _ := strip(v).(map[string]any)
	return m
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
