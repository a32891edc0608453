package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/resolvers"
	"github.com/scamgraph/scamgraph/resolvers/generated"
)

// A nested query whose prefetch reads only the properties its fields name
// (resolvers' nodeProps and linkProps) answers exactly what the same query
// answers from whole nodes and relationships, for every field of those
// tables and every reader: one case, another case, all cases, redacted
// or not. The whole answer is forced by a root field beside the query
// that is not a projecting one.
func TestProjectedNodesAnswerAsWholeNodes(t *testing.T) {
	api, keys := demoBesideTwoAgencies(t)
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	sel := selections{schema: schema, fields: resolvers.ProjectedFields(), edges: resolvers.PrefetchedFields()}
	roots := map[string]string{"Recruiter": "recruiters", "Victim": "victims", "Person": "persons",
		"Compound": "compounds", "Organization": "organizations", "BankAccount": "bankAccounts"}
	for typ, root := range roots {
		q := `{ ` + root + `(first: 50) { edges { node { ` + sel.of(typ, 4) + ` } } } }`
		whole := strings.TrimSuffix(q, "}") + ` countries(first: 1) { totalCount } }`
		if p, err := resolvers.ProjectionOfQuery(schema, q); err != nil || p.NodeProps == nil || p.LinkProps == nil {
			t.Fatalf("%s: read %+v (%v), want projected", root, p, err)
		}
		if p, _ := resolvers.ProjectionOfQuery(schema, whole); p.NodeProps != nil || p.LinkProps != nil {
			t.Fatalf("%s beside countries: read %+v, want whole", root, p)
		}
		for _, who := range []string{"viewer-a", "analyst-a", "analyst-b", "viewer-all", "admin"} {
			projected := dataAs(t, api, keys[who], q)
			wholeData := dataAs(t, api, keys[who], whole)
			delete(wholeData, "countries")
			if !reflect.DeepEqual(projected, wholeData) {
				a, _ := json.Marshal(projected)
				b, _ := json.Marshal(wholeData)
				t.Errorf("%s as %s: projected and whole answers differ\nprojected %s\nwhole     %s", root, who, a, b)
			}
		}
		if edges, _ := dig(dataAs(t, api, keys["admin"], q), root, "edges").([]any); len(edges) == 0 {
			t.Errorf("%s: nothing to compare", root)
		}
	}
}

// demoBesideTwoAgencies is the demo case and two agencies' cases (A-1,
// B-1) in the test Neo4j, behind the API as in production, with each
// principal's key.
func demoBesideTwoAgencies(t *testing.T) (http.Handler, map[string]string) {
	t.Helper()
	store := testneo4j.Open(t)
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	return api, keys
}

func dataAs(t *testing.T, api http.Handler, key, q string) map[string]any {
	t.Helper()
	code, resp := queryAs(t, api, key, q, nil)
	if code != http.StatusOK || len(resp.Errors) > 0 {
		t.Fatalf("%d %v\n%s", code, resp.Errors, q)
	}
	return resp.Data
}

// selections writes a selection of every field of the projection tables
// on a type, going on through the prefetched relationships (the links
// and their far nodes) depth levels deep.
type selections struct {
	schema        *ast.Schema
	fields, edges map[string][]string
}

func (s selections) of(typ string, depth int) string {
	def := s.schema.Types[typ]
	names := slices.Clone(s.fields[typ])
	if depth > 0 {
		names = append(names, s.edges[typ]...)
	}
	var b strings.Builder
	for _, name := range names {
		f := def.Fields.ForName(name)
		ft := s.schema.Types[f.Type.Name()]
		switch {
		case ft.Kind == ast.Scalar || ft.Kind == ast.Enum:
			b.WriteString(name + " ")
		case s.fields[ft.Name] != nil && depth > 0:
			b.WriteString(name + " { " + s.of(ft.Name, depth-1) + " } ")
		case ft.Name == "Identifier":
			// not projected: a request asking for it reads whole nodes
		case s.fields[ft.Name] != nil || ft.Kind == ast.Interface:
			b.WriteString(name + " { id } ")
		default: // Location, PropertyVariant, NameVariant: their scalars
			b.WriteString(name + " { ")
			for _, sub := range ft.Fields {
				b.WriteString(sub.Name + " ")
			}
			b.WriteString("} ")
		}
	}
	return b.String()
}
