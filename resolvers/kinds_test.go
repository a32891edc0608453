package resolvers_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers"
	"github.com/scamgraph/scamgraph/resolvers/generated"
)

// enumValues reads an enum's values from the schema.
func enumValues(t *testing.T, schema *ast.Schema, name string) []string {
	t.Helper()
	def := schema.Types[name]
	if def == nil || def.Kind != ast.Enum {
		t.Fatalf("the schema has no enum %s", name)
	}
	var out []string
	for _, v := range def.EnumValues {
		out = append(out, v.Name)
	}
	slices.Sort(out)
	return out
}

func sortedStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	slices.Sort(out)
	return out
}

// The GraphQL enums are bound to graph's types (gqlgen.yml), so the
// schema's values and graph's allow-lists and vocabularies must be the
// same sets: a value only the schema has would reach the domain and be
// refused there; one only graph has could not be asked for.
func TestSchemaEnumsAgreeWithTheModel(t *testing.T) {
	// The schema the server serves: schema.graphqls and schema/*.graphqls.
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	check := func(enum string, want []string) {
		t.Helper()
		if got := enumValues(t, schema, enum); !slices.Equal(got, want) {
			t.Errorf("enum %s is %v; graph has %v", enum, got, want)
		}
	}
	check("RelationshipType", sortedStrings(append(graph.LinkTypes(), graph.RelSameAs)))
	// LinkType is what linkInput may write: every type but those set on
	// the entity itself (nationality, location, identifiers).
	var writable []graph.RelType
	for _, rt := range graph.LinkTypes() {
		if rt != graph.RelUses && rt != graph.RelNationalOf && rt != graph.RelLocatedIn {
			writable = append(writable, rt)
		}
	}
	check("LinkType", sortedStrings(writable))
	check("Role", sortedStrings([]graph.Role{graph.RecruiterRole, graph.VictimRole}))
	for enum, vocab := range map[string][]string{
		"Gender": graph.Genders, "VictimType": graph.VictimTypes, "VictimStatus": graph.VictimStatuses,
		"ControlMethod": graph.ControlMethods, "OrganizationKind": graph.OrgKinds, "CompoundStatus": graph.CompoundStatuses,
		"ScamType": graph.ScamTypes, "AccountKind": graph.AccountKinds, "AccountStatus": graph.AccountStatuses,
		"IdentifierKind": graph.IdentifierKinds, "Channel": graph.Channels, "RecruitMethod": graph.RecruitMethods,
		"TravelMode": graph.TravelModes, "HoldingRole": graph.HoldingRoles, "PaymentReason": graph.PaymentReasons,
	} {
		check(enum, sortedStrings(vocab))
	}
	// The enums that choose a code path: each value has a constant in
	// graph (enum_values.go), and graph's list of them is the schema's.
	check("HubType", sortedStrings(graph.HubTypes))
	check("HubMetric", sortedStrings(graph.HubMetrics))
	check("SearchType", sortedStrings(graph.SearchTypes))
	check("TrailDirection", sortedStrings(graph.TrailDirections))
	check("FlowKind", sortedStrings(graph.FlowKinds))
	check("ListOrderField", sortedStrings(graph.ListOrderFields))
	check("OrderDirection", sortedStrings(graph.OrderDirections))
	check("ImportFormat", sortedStrings(graph.ImportFormats))
}

// importCaseFile's dateOrder and numberFormat reach the importer in lower
// case: the schema's values must be casefile's.
func TestImportReadingOptionsAgreeWithTheImporter(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for enum, want := range map[string][]string{"DateOrder": casefile.DateOrders, "NumberFormat": casefile.NumberFormats} {
		var got []string
		for _, v := range enumValues(t, schema, enum) {
			got = append(got, strings.ToLower(v))
		}
		w := slices.Clone(want)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("enum %s is %v; casefile has %v", enum, got, want)
		}
	}
}

// The schema's descriptions are written a paragraph a line: GraphiQL's
// docs pane renders a newline inside a paragraph as a line break, so a
// description wrapped for the source broke mid-sentence there. A newline
// may end a paragraph (a blank line follows) or start a list item.
func TestSchemaDescriptionsAreNotHardWrapped(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	wrapped := regexp.MustCompile(`[^\n]\n([^\n\-*0-9])`)
	check := func(where, d string) {
		if m := wrapped.FindStringIndex(d); m != nil {
			t.Errorf("%s: the description breaks a line inside a paragraph: %q", where, d[max(0, m[0]-30):min(len(d), m[1]+30)])
		}
	}
	for _, typ := range schema.Types {
		check(typ.Name, typ.Description)
		for _, f := range typ.Fields {
			check(typ.Name+"."+f.Name, f.Description)
			for _, a := range f.Arguments {
				check(typ.Name+"."+f.Name+"("+a.Name+")", a.Description)
			}
		}
		for _, v := range typ.EnumValues {
			check(typ.Name+"."+v.Name, v.Description)
		}
	}
	for _, d := range schema.Directives {
		check("@"+d.Name, d.Description)
	}
}
