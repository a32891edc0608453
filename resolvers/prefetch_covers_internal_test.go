package resolvers

import (
	"reflect"
	"testing"

	"github.com/scamgraph/scamgraph/resolvers/generated"
)

// A root field is marshalled in order only when its statement reads all
// that its selection asks: one field read any other way, and its lists
// keep a goroutine an element so that the loaders can batch.
func TestPrefetchCoversWhatThePlanReads(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	cases := []struct {
		name, query string
		want        map[string]bool
	}{
		{"the issue's nested list", `query($c: ID!) { recruiters(first: 20, filter: {caseId: $c}) { totalCount pageInfo { hasNextPage } edges { cursor node { name recruited { victim { name heldAt { compound { name country { code } } } } } } } } }`,
			map[string]bool{"recruiters": true}},
		{"the bench's nested node", `query($id: ID!) { node(id: $id) { ... on Person { asVictim { recruitedBy { recruiter { name recruited { victim { name heldAt { compound { name } } } } } } } } } }`,
			map[string]bool{"node": true}},
		{"two node types and a fragment on Node", `fragment N on Node { id } { nodes(ids: ["a"]) { ...N ... on Person { roles nationality { code } } ... on Compound { name country { name } } ... on Country { code } } }`,
			map[string]bool{"nodes": true}},
		{"a flat list", `{ victims(first: 5) { edges { node { id name status caseIds } } } }`, map[string]bool{"victims": true}},
		{"variants, from the claims loader", `{ victims(first: 5) { edges { node { name variants { property } } } } }`, map[string]bool{"victims": false}},
		{"a link's near end", `{ victims(first: 5) { edges { node { heldAt { victim { name } } } } } }`, map[string]bool{"victims": false}},
		{"another node by id", `{ victims(first: 5) { edges { node { person { name } } } } }`, map[string]bool{"victims": false}},
		{"a field read from elsewhere", `{ bankAccounts(first: 5) { edges { node { transfersOut { crossesBorder } } } } }`, map[string]bool{"bankAccounts": false}},
		{"a type the plan does not read", `{ persons(first: 5) { edges { node { identifiers { value } } } } }`, map[string]bool{"persons": false}},
		{"a node type nothing is read below", `{ node(id: "x") { ... on CaseFile { id } } }`, map[string]bool{"node": false}},
		{"plain fields of a country beside a victim's detentions", `{ node(id: "x") { ... on Country { code } ... on Victim { heldAt { since } } } }`, map[string]bool{"node": true}},
		{"one root field of two", `{ a: victims(first: 5) { edges { node { name } } } b: victims(first: 5) { edges { node { variants { property } } } } search(text: "x") { truncated } }`,
			map[string]bool{"a": true, "b": false, "search": false}},
	}
	for _, c := range cases {
		got, err := PrefetchCoversQuery(schema, c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
