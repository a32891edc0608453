package server

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/resolvers/generated"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// servedSchema is the schema the server serves, directives and all.
func servedSchema() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{}).Schema()
}

// TestSchemaDeclaresEveryPermission: every Query and Mutation field
// declares who may call it, in a form the checker follows; the permission
// directives appear nowhere they would be ignored.
func TestSchemaDeclaresEveryPermission(t *testing.T) {
	schema := servedSchema()
	perms := compilePermissions(schema)
	for _, typeName := range rootTypes {
		def := schema.Types[typeName]
		if def == nil {
			t.Fatalf("no type %s in the schema", typeName)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			p := perms[typeName+"."+f.Name]
			switch {
			case p == nil:
				t.Errorf("%s.%s declares no permission (@can)", typeName, f.Name)
			case p.problem != "":
				t.Errorf("%s.%s: %s", typeName, f.Name, p.problem)
			case typeName == "Mutation" && p.action == auth.ActionWrite && p.writesInto == nil:
				t.Errorf("%s.%s writes but names no case (@writesInto)", typeName, f.Name)
			}
		}
	}
	if len(perms) < 40 {
		t.Errorf("only %d root fields declared: is the schema the served one?", len(perms))
	}

	// Directives where the checker never looks would be declarations
	// nobody enforces: @can and @writesInto only on root fields, the id
	// directives only where a mutation's arguments lead.
	reached := map[string]bool{} // "Type.field" of input fields reached
	for _, f := range schema.Types["Mutation"].Fields {
		for _, a := range f.Arguments {
			markInputs(schema, a.Type, reached, 0)
			if isID(a.Type) && !declaresID(a.Directives) {
				t.Errorf("Mutation.%s(%s) is an ID with no @caseId, @entityId or @linkId: it would not be parsed at the edge", f.Name, a.Name)
			}
		}
	}
	for name := range reached {
		typeName, fieldName, _ := strings.Cut(name, ".")
		if f := schema.Types[typeName].Fields.ForName(fieldName); isID(f.Type) && !declaresID(f.Directives) {
			t.Errorf("%s is an ID a mutation takes, with no @caseId, @entityId or @linkId: it would not be parsed at the edge", name)
		}
	}
	for _, def := range schema.Types {
		if def.BuiltIn {
			continue
		}
		for _, f := range def.Fields {
			root := slices.Contains(rootTypes, def.Name)
			for _, d := range []string{"can", "writesInto"} {
				if !root && f.Directives.ForName(d) != nil {
					t.Errorf("@%s on %s.%s, not a root field: nothing checks it", d, def.Name, f.Name)
				}
			}
			if def.Kind == ast.InputObject && declaresID(f.Directives) && !reached[def.Name+"."+f.Name] {
				t.Errorf("an id directive on %s.%s, which no mutation argument reaches", def.Name, f.Name)
			}
			for _, a := range f.Arguments {
				if def.Name != "Mutation" && declaresID(a.Directives) {
					t.Errorf("an id directive on %s.%s(%s): ids of reads are not parsed at the edge", def.Name, f.Name, a.Name)
				}
			}
		}
	}
}

// isID: a single ID (lists of ids are not parsed at the edge).
func isID(t *ast.Type) bool { return t != nil && t.Elem == nil && t.NamedType == "ID" }

// declaresID: one of the id directives is there.
func declaresID(dirs ast.DirectiveList) bool {
	return dirs.ForName(string(idCase)) != nil || dirs.ForName(string(idEntity)) != nil || dirs.ForName(string(idLink)) != nil
}

// markInputs records the input fields reachable through t as walkIDArgs
// goes (into input objects, not into lists).
func markInputs(schema *ast.Schema, t *ast.Type, reached map[string]bool, depth int) {
	if def := inputObjectOf(schema, t, depth); def != nil {
		for _, f := range def.Fields {
			reached[def.Name+"."+f.Name] = true
			markInputs(schema, f.Type, reached, depth+1)
		}
	}
}

// TestActionsMatchAuth: the schema's Action enum is auth's actions.
func TestActionsMatchAuth(t *testing.T) {
	var got []auth.Action
	for _, a := range model.AllAction {
		if actionOf[a] == "" {
			t.Errorf("schema action %s maps to no auth.Action", a)
		}
		got = append(got, actionOf[a])
	}
	if !slices.Equal(got, auth.Actions()) {
		t.Errorf("schema actions map to %v, auth has %v", got, auth.Actions())
	}
}

// toySchema has one declared field, one undeclared, and declarations the
// checker cannot follow.
const toySchema = `
enum Action { READ WRITE IMPORT ADMIN }
directive @can(action: Action!) on FIELD_DEFINITION
directive @writesInto(case: String!) on FIELD_DEFINITION
directive @caseId on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
directive @entityId(orCountryCodeBy: String) on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
directive @linkId on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
input In { caseId: ID! @caseId, who: ID @entityId }
type Query {
  declared: Int @can(action: READ)
  undeclared: Int
}
type Mutation {
  write(input: In!): Int @can(action: WRITE) @writesInto(case: "input.caseId")
  writeNowhere(input: In!): Int @can(action: WRITE)
  writeUndeclaredCase(caseId: ID!): Int @can(action: WRITE) @writesInto(case: "caseId")
  readOnly: Int @can(action: READ)
  forget: Int
}
`

// checkToy runs the checker on the one root field of query against the
// toy schema, as principal p.
func checkToy(t *testing.T, p auth.Principal, query string) error {
	t.Helper()
	schema := gqlparser.MustLoadSchema(&ast.Source{Name: "toy.graphqls", Input: toySchema})
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		t.Fatalf("query %s: %v", query, errs)
	}
	op := doc.Operations[0]
	typeName := "Query"
	if op.Operation == ast.Mutation {
		typeName = "Mutation"
	}
	f := op.SelectionSet[0].(*ast.Field)
	// No store: none of these reaches the visibility check.
	return compilePermissions(schema).authorizeField(context.Background(), nil, p, typeName, f, nil)
}

// TestUndeclaredFieldRefused: the checker fails closed. A root field
// without @can, a write that names no case, a mutation that asks only for
// READ and a case path not declared a case id are refused, even to the
// development principal (ADMIN of every case).
func TestUndeclaredFieldRefused(t *testing.T) {
	dev := auth.Dev()
	if err := checkToy(t, dev, `{ declared }`); err != nil {
		t.Fatalf("declared field refused: %v", err)
	}
	if err := checkToy(t, dev, `mutation { write(input: {caseId: "A-1"}) }`); err != nil {
		t.Fatalf("declared write refused: %v", err)
	}
	for query, want := range map[string]string{
		`{ undeclared }`:      "undeclared declares no permission (@can in the schema)",
		`mutation { forget }`: "forget declares no permission (@can in the schema)",
		`mutation { writeNowhere(input: {caseId: "A-1"}) }`: "writeNowhere names no case; writes go into a case",
		`mutation { readOnly }`:                             "readOnly has a permission declaration the server cannot follow: a mutation needs more than READ",
		`mutation { writeUndeclaredCase(caseId: "A-1") }`:   "writeUndeclaredCase has a permission declaration the server cannot follow: @writesInto names no argument declared @caseId",
	} {
		err := checkToy(t, dev, query)
		var gerr *gqlerror.Error
		if !asGQL(err, &gerr) || gerr.Message != want || gerr.Extensions["code"] != CodeForbidden {
			t.Errorf("%s: got %v, want FORBIDDEN %q", query, err, want)
		}
	}
	// The declared ids are parsed before any right is checked.
	err := checkToy(t, auth.Principal{ID: "v", Role: auth.RoleViewer, AllCases: true}, `mutation { write(input: {caseId: "A-1", who: " person:A-1:x"}) }`)
	var gerr *gqlerror.Error
	if !asGQL(err, &gerr) || gerr.Extensions["code"] != CodeForbidden {
		t.Errorf("a VIEWER's write: got %v, want FORBIDDEN before the ids are parsed", err)
	}
	err = checkToy(t, dev, `mutation { write(input: {caseId: "A-1", who: " person:A-1:x"}) }`)
	if !asGQL(err, &gerr) || gerr.Extensions["code"] != CodeBadUserInput || !strings.HasPrefix(gerr.Message, "invalid input: input.who: ") {
		t.Errorf("a badly written id: got %v, want BAD_USER_INPUT naming input.who", err)
	}
}

func asGQL(err error, target **gqlerror.Error) bool {
	g, ok := err.(*gqlerror.Error)
	if ok {
		*target = g
	}
	return ok
}

// TestCanDirectiveNeedsTheOperationCheck: @can at run time lets a root
// field run only when authorizeOperation approved it.
func TestCanDirectiveNeedsTheOperationCheck(t *testing.T) {
	ran := false
	next := func(context.Context) (any, error) { ran = true; return 1, nil }
	ctx := auth.WithPrincipal(context.Background(), auth.Dev())
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Name: "createVictim", Alias: "a"}}})

	if _, err := canDirective(ctx, nil, next, model.ActionWrite); err == nil || ran {
		t.Fatalf("ran without the operation check (err %v)", err)
	}
	other := context.WithValue(ctx, approvedKey{}, map[string]bool{"b": true})
	if _, err := canDirective(other, nil, next, model.ActionWrite); err == nil || ran {
		t.Fatalf("ran though only another field was approved (err %v)", err)
	}
	approved := context.WithValue(ctx, approvedKey{}, map[string]bool{"a": true})
	viewer := auth.WithPrincipal(approved, auth.Principal{ID: "v", Role: auth.RoleViewer, AllCases: true})
	if _, err := canDirective(viewer, nil, next, model.ActionWrite); err == nil || ran {
		t.Fatalf("a VIEWER's write ran (err %v)", err)
	}
	if _, err := canDirective(approved, nil, next, model.ActionWrite); err != nil || !ran {
		t.Fatalf("an approved field did not run: %v", err)
	}
}

// The permissions table of docs/access.md sits between these lines.
const (
	docTableBegin = "<!-- permissions table: generated from the schema, see server/permissions_test.go -->"
	docTableEnd   = "<!-- end of permissions table -->"
)

// permissionsMarkdown renders the declarations as the table of
// docs/access.md, root fields in the order of the schema.
func permissionsMarkdown(schema *ast.Schema, perms permissions) string {
	var b strings.Builder
	b.WriteString("| Root field | Needs | Writes into | Ids parsed at the edge |\n|---|---|---|---|\n")
	for _, typeName := range rootTypes {
		for _, f := range schema.Types[typeName].Fields {
			p := perms[typeName+"."+f.Name]
			if strings.HasPrefix(f.Name, "__") || p == nil {
				continue
			}
			needs := "`" + string(p.action) + "`"
			if p.action == auth.ActionAdmin {
				needs += " of every case"
			}
			into := ""
			if p.writesInto != nil {
				into = "`" + strings.Join(p.writesInto, ".") + "`"
			} else if p.action == auth.ActionImport {
				into = "the file's case"
			} else if p.personal {
				into = "your own watchlist (`@personal`)"
				if p.personalBlind {
					into = "your own watchlist (`@personal`; the entity need not be visible)"
				}
			}
			var ids []string
			for _, id := range p.ids {
				s := "`" + id.name() + "` " + strings.TrimSuffix(string(id.kind), "Id")
				if id.countryCodeBy != "" {
					s += " or country code (by `" + id.countryCodeBy + "`)"
				}
				ids = append(ids, s)
			}
			b.WriteString("| `" + strings.ToLower(typeName) + " " + f.Name + "` | " + needs + " | " + into + " | " + strings.Join(ids, ", ") + " |\n")
		}
	}
	return b.String()
}

// TestPermissionsDoc: the table in docs/access.md is the schema's
// declarations. SCAMGRAPH_UPDATE_DOCS=1 rewrites it.
func TestPermissionsDoc(t *testing.T) {
	schema := servedSchema()
	want := permissionsMarkdown(schema, compilePermissions(schema))
	path := filepath.Join("..", "docs", "access.md")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	begin, end := strings.Index(doc, docTableBegin), strings.Index(doc, docTableEnd)
	if begin < 0 || end < begin {
		t.Fatalf("docs/access.md has no permissions table between %q and %q", docTableBegin, docTableEnd)
	}
	got := strings.TrimPrefix(doc[begin+len(docTableBegin):end], "\n")
	if got == want {
		return
	}
	if os.Getenv("SCAMGRAPH_UPDATE_DOCS") == "1" {
		doc = doc[:begin+len(docTableBegin)] + "\n" + want + doc[end:]
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("docs/access.md: permissions table rewritten")
		return
	}
	t.Errorf("docs/access.md's permissions table differs from the schema; run SCAMGRAPH_UPDATE_DOCS=1 go test ./server -run TestPermissionsDoc. Want:\n%s", want)
}

// TestParseDeclaredIDs: the ids the served schema declares are parsed as
// the checks did before they were declared: case ids first, a country
// code where a link may end at a country, countries never to be checked
// for visibility.
func TestParseDeclaredIDs(t *testing.T) {
	perms := compilePermissions(servedSchema())
	for _, c := range []struct {
		field string
		args  map[string]any
		refs  []string
		bad   string // the argument named BAD_USER_INPUT
	}{
		{"Mutation.addLink", map[string]any{"input": map[string]any{"caseId": "A-1", "type": "TRANSITED", "from": "person:A-1:v", "to": "KH"}}, []string{"person:A-1:v"}, ""},
		{"Mutation.addLink", map[string]any{"input": map[string]any{"caseId": "A-1", "type": "RECRUITED", "from": "person:A-1:r", "to": "KH"}}, nil, "input.to"},
		{"Mutation.addLink", map[string]any{"input": map[string]any{"caseId": "A-1", "type": "TRANSITED", "from": "person:A-1:v", "to": "country:KH"}}, []string{"person:A-1:v"}, ""},
		{"Mutation.deleteVictim", map[string]any{"id": " person:A-1:v", "caseId": " A-1"}, nil, "caseId"},
		{"Mutation.updateVictim", map[string]any{"id": " person:A-1:v", "input": map[string]any{"caseId": "A-1"}}, nil, "id"},
		{"Mutation.updateVictim", map[string]any{"id": "person:A-1:v", "input": map[string]any{"caseId": "A-1", "personId": "person:A-1:p"}}, []string{"person:A-1:v", "person:A-1:p"}, ""},
		{"Mutation.removeLink", map[string]any{"input": map[string]any{"caseId": "A-1", "id": "person:A-1:v"}}, nil, "input.id"},
		{"Mutation.createCaseFile", map[string]any{"input": map[string]any{"id": "A 1"}}, nil, "input.id"},
		{"Mutation.updateCaseFile", map[string]any{"id": "A 1", "input": map[string]any{"title": "t"}}, nil, "id"},
		{"Mutation.updateCaseFile", map[string]any{"id": "A-1", "input": map[string]any{"title": "t"}}, nil, ""},
	} {
		refs, bad := perms[c.field].parseIDs(c.args)
		switch {
		case c.bad != "" && (bad == nil || !strings.HasPrefix(bad.Message, "invalid input: "+c.bad+": ")):
			t.Errorf("%s %v: got %v, want BAD_USER_INPUT naming %s", c.field, c.args, bad, c.bad)
		case c.bad == "" && bad != nil:
			t.Errorf("%s %v: refused: %v", c.field, c.args, bad)
		case c.bad == "" && !slices.Equal(refs, c.refs):
			t.Errorf("%s %v: entities to check %v, want %v", c.field, c.args, refs, c.refs)
		}
	}
}
