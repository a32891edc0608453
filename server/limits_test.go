package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// limitsSDL is recursive like the real schema: a person's friends have
// friends, without end.
const limitsSDL = `
type Query {
  person: Person
  people: [Person]
  a: Int
}
type Person {
  name: String
  friends: [Person]
}
`

var limitsSchema = gqlparser.MustLoadSchema(&ast.Source{Name: "limits.graphqls", Input: limitsSDL})

// shapeOf parses and validates query against limitsSchema and measures its
// only operation.
func shapeOf(t *testing.T, query string) queryShape {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(limitsSchema, query)
	if len(errs) > 0 {
		t.Fatalf("invalid test query: %v", errs)
	}
	return measure(doc, doc.Operations[0])
}

// nested returns a query of the given depth: person > friends… > name.
func nested(depth int) string {
	return "{ person { " + strings.Repeat("friends { ", depth-2) + "name" + strings.Repeat(" }", depth-1) + " }"
}

func TestLimitsDepthAtAndOverTheLimit(t *testing.T) {
	l := DefaultLimits()
	if sh := shapeOf(t, nested(12)); sh.depth != 12 {
		t.Fatalf("depth of nested(12) = %d", sh.depth)
	}
	if err := l.check(shapeOf(t, nested(12))); err != nil {
		t.Fatalf("depth 12 refused: %v", err)
	}
	err := l.check(shapeOf(t, nested(15)))
	if err == nil {
		t.Fatal("depth 15 accepted")
	}
	if err.Message != "query depth 15 exceeds the limit of 12" || err.Extensions["code"] != CodeQueryTooComplex {
		t.Fatalf("got %q %v", err.Message, err.Extensions)
	}
}

func TestLimitsDepthCountsFragments(t *testing.T) {
	sh := shapeOf(t, `
query { person { ...F } }
fragment F on Person { friends { ... on Person { friends { ...G } } } }
fragment G on Person { friends { name } }`)
	// person 1, friends 2, friends 3, friends 4, name 5
	if sh.depth != 5 {
		t.Fatalf("depth = %d, want 5", sh.depth)
	}
}

func TestLimitsFragmentCycleEnds(t *testing.T) {
	const query = `
query { person { ...A } }
fragment A on Person { x: friends { ...B } }
fragment B on Person { friends { ...A name } }`
	if _, errs := gqlparser.LoadQuery(limitsSchema, query); len(errs) == 0 {
		t.Fatal("validation accepted a fragment cycle")
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan queryShape, 1)
	go func() { done <- measure(doc, doc.Operations[0]) }()
	select {
	case sh := <-done:
		if sh.depth < 3 {
			t.Fatalf("depth = %d, want at least person > friends > friends", sh.depth)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("measure loops on a fragment cycle")
	}
}

func TestLimitsFragmentFanOutIsLinear(t *testing.T) {
	// F0 has one alias; Fi spreads F(i-1) twice, so F80 expands to 2^80
	// aliases: the count must saturate, and the walk must not take 2^80 steps.
	var b strings.Builder
	b.WriteString("query { person { ...F80 } }\nfragment F0 on Person { x: name }\n")
	for i := 1; i <= 80; i++ {
		fmt.Fprintf(&b, "fragment F%d on Person { ...F%d friends { ...F%d } }\n", i, i-1, i-1)
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: b.String()})
	if err != nil {
		t.Fatal(err)
	}
	sh := measure(doc, doc.Operations[0])
	if sh.depth != 82 || sh.aliases <= 1<<62 {
		t.Fatalf("shape = %+v, want depth 82 and saturated aliases", sh)
	}
	if err := DefaultLimits().check(sh); err == nil {
		t.Fatal("accepted")
	}
}

func TestLimitsAliases(t *testing.T) {
	l := DefaultLimits()
	aliases := func(n int) string { return repeatedFields("{ person { ", "n%d: name ", n, "} }") }
	if err := l.check(shapeOf(t, aliases(30))); err != nil {
		t.Fatalf("30 aliases refused: %v", err)
	}
	err := l.check(shapeOf(t, aliases(31)))
	if err == nil || err.Message != "query has 31 aliased fields, over the limit of 30" {
		t.Fatalf("31 aliases: %v", err)
	}
	// A fragment spread twice counts its aliases twice.
	sh := shapeOf(t, `{ person { ...F friends { ...F } } }
fragment F on Person { x: name y: name name }`)
	if sh.aliases != 4 {
		t.Fatalf("aliases = %d, want 4", sh.aliases)
	}
}

func TestLimitsRootFields(t *testing.T) {
	l := DefaultLimits()
	roots := func(n int) string { return repeatedFields("{ ", "p%d: person { name } ", n, "}") }
	if err := l.check(shapeOf(t, roots(10))); err != nil {
		t.Fatalf("10 root fields refused: %v", err)
	}
	err := l.check(shapeOf(t, roots(11)))
	if err == nil || err.Message != "query has 11 root fields, over the limit of 10" {
		t.Fatalf("11 root fields: %v", err)
	}
	// Root fields in fragments count; one response key asked twice is one field.
	sh := shapeOf(t, `{ a a ...R ... on Query { people { name } } }
fragment R on Query { person { name } a }`)
	if sh.rootFields != 3 {
		t.Fatalf("root fields = %d, want 3 (a, person, people)", sh.rootFields)
	}
}

// graphiqlIntrospectionQuery is the query the bundled GraphiQL sends
// (server/graphiql/assets/graphiql.min.js): descriptions on, TypeRef nesting
// ofType 9 times.
var graphiqlIntrospectionQuery = `
query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives {
      name
      description
      locations
      args { ...InputValue }
    }
  }
}
fragment FullType on __Type {
  kind
  name
  description
  fields(includeDeprecated: true) {
    name
    description
    args { ...InputValue }
    type { ...TypeRef }
    isDeprecated
    deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) {
    name
    description
    isDeprecated
    deprecationReason
  }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name
  description
  type { ...TypeRef }
  defaultValue
}
fragment TypeRef on __Type {
  kind
  name` + strings.Repeat(" ofType { kind name", 9) + strings.Repeat(" }", 9) + `
}
`

func TestLimitsIntrospectionQueryPasses(t *testing.T) {
	if n := strings.Count(graphiqlIntrospectionQuery, "ofType"); n != 9 {
		t.Fatalf("%d ofType", n)
	}
	if err := DefaultLimits().check(shapeOf(t, graphiqlIntrospectionQuery)); err != nil {
		t.Fatalf("GraphiQL introspection refused: %v", err)
	}
	// And through gqlgen, with the complexity and token limits too.
	resp := postLimited(t, DefaultLimits(), graphiqlIntrospectionQuery)
	if resp.status != http.StatusOK || len(resp.Errors) > 0 {
		t.Fatalf("GraphiQL introspection: %d %+v", resp.status, resp.Errors)
	}
}

// limitedResponse is the answer of postLimited.
type limitedResponse struct {
	status int
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// postLimited POSTs query to a gqlgen server over limitsSchema with every
// limit of l; its resolvers answer {} without running anything.
func postLimited(t *testing.T, l Limits, query string) limitedResponse {
	t.Helper()
	es := &graphql.ExecutableSchemaMock{
		SchemaFunc: func() *ast.Schema { return limitsSchema },
		ComplexityFunc: func(context.Context, string, string, int, map[string]any) (int, bool) {
			return 0, false
		},
		ExecFunc: func(context.Context) graphql.ResponseHandler {
			return graphql.OneShot(&graphql.Response{Data: json.RawMessage(`{}`)})
		},
	}
	srv := handler.New(es)
	srv.AddTransport(transport.POST{})
	ApplyParserTokenLimit(srv, l)
	srv.Use(l.Extension())
	srv.Use(l.ComplexityExtension())

	body, _ := json.Marshal(map[string]string{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var resp limitedResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("answer %q: %v", rec.Body.String(), err)
	}
	resp.status = rec.Code
	return resp
}

func TestLimitsExtensionRefusesThroughGqlgen(t *testing.T) {
	resp := postLimited(t, DefaultLimits(), nested(15))
	if resp.status != http.StatusUnprocessableEntity || len(resp.Errors) != 1 {
		t.Fatalf("got %d %+v", resp.status, resp.Errors)
	}
	e := resp.Errors[0]
	if e.Message != "query depth 15 exceeds the limit of 12" || e.Extensions["code"] != CodeQueryTooComplex ||
		e.Extensions["limit"] != "depth" || e.Extensions["maximum"] != 12.0 || e.Extensions["value"] != 15.0 {
		t.Fatalf("got %+v", e)
	}
	if resp := postLimited(t, DefaultLimits(), nested(12)); resp.status != http.StatusOK || len(resp.Errors) > 0 {
		t.Fatalf("depth 12: %d %+v", resp.status, resp.Errors)
	}
}

func TestLimitsComplexityIsQueryTooComplex(t *testing.T) {
	l := DefaultLimits()
	l.MaxComplexity = 3
	resp := postLimited(t, l, "{ person { name friends { name } } }") // 4 fields
	if resp.status != http.StatusUnprocessableEntity || len(resp.Errors) != 1 {
		t.Fatalf("got %d %+v", resp.status, resp.Errors)
	}
	e := resp.Errors[0]
	if e.Message != "query complexity 4 exceeds the limit of 3" || e.Extensions["code"] != CodeQueryTooComplex ||
		e.Extensions["limit"] != "complexity" {
		t.Fatalf("got %+v", e)
	}
	l.MaxComplexity = 0 // off
	if resp := postLimited(t, l, "{ person { name friends { name } } }"); len(resp.Errors) > 0 {
		t.Fatalf("complexity limit off: %+v", resp.Errors)
	}
}

func TestLimitsParserTokenLimit(t *testing.T) {
	l := DefaultLimits()
	l.ParserTokenLimit = 20
	resp := postLimited(t, l, nested(12)) // 34 tokens
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "GRAPHQL_PARSE_FAILED" ||
		!strings.Contains(resp.Errors[0].Message, "exceeded token limit of 20") {
		t.Fatalf("got %d %+v", resp.status, resp.Errors)
	}
	// The GraphiQL introspection query fits the default with room to spare.
	l.ParserTokenLimit = DefaultLimits().ParserTokenLimit / 5
	if resp := postLimited(t, l, graphiqlIntrospectionQuery); len(resp.Errors) > 0 {
		t.Fatalf("introspection over a fifth of the default token limit: %+v", resp.Errors)
	}
}

// repeatedFields is a query of n fields between start and end, the i-th
// written as field with i (aliases n0, n1, ... or p0, p1, ...).
func repeatedFields(start, field string, n int, end string) string {
	var b strings.Builder
	b.WriteString(start)
	for i := range n {
		fmt.Fprintf(&b, field, i)
	}
	b.WriteString(end)
	return b.String()
}
