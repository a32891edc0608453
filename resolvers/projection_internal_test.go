package resolvers

import (
	"reflect"
	"testing"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers/generated"
)

// What a request reads of nodes and relationships is what its fields
// name, and whole (the zero Projection) as soon as one field reads what
// the tables do not say or a root field is not a projecting one.
func TestRequestProjectionFollowsTheFieldsAsked(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	nested := `query($id: ID!) { node(id: $id) { ... on Person { asVictim { recruitedBy { recruiter { name recruited { victim { name heldAt { compound { name } } } } } } } } } }`
	cases := []struct {
		name, query string
		want        graph.Projection
	}{
		{"the bench's nested query", nested, graph.Projection{NodeProps: []string{"name"}, LinkProps: []string{}}},
		{"fragments and link fields", `fragment V on Victim { name birthDate status }
			{ victims(first: 5) { edges { node { ...V recruitedBy { date channel caseIds recruiter { aliases } } } } } }`,
			graph.Projection{NodeProps: []string{"aliases", "birthDate", "name", "status"}, LinkProps: []string{"channel", "date", "sources"}}},
		{"variants of a link", `{ victims(first: 5) { edges { node { id heldAt { variants { property } compound { location { lat } } } } } } }`,
			graph.Projection{NodeProps: []string{"latitude", "longitude"}, LinkProps: []string{}, LinkVariants: true}},
		{"a field read from elsewhere", `{ bankAccounts(first: 5) { edges { node { transfersOut { crossesBorder } } } } }`, graph.Projection{}},
		{"a node type not listed", `{ persons(first: 5) { edges { node { identifiers { value } } } } }`, graph.Projection{}},
		{"another root field beside", `{ victims(first: 5) { edges { node { name } } } search(text: "x") { truncated } }`, graph.Projection{}},
	}
	for _, c := range cases {
		got, err := ProjectionOfQuery(schema, c.query)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
