package server

import (
	"context"
	"fmt"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodeQueryTooComplex is the `extensions.code` of an operation refused
// before execution because its shape or cost is over a limit of Limits.
// Its `extensions.limit` says which one ("depth", "aliases", "rootFields",
// "complexity"), `extensions.maximum` the limit and `extensions.value` the
// operation's figure.
const CodeQueryTooComplex = "QUERY_TOO_COMPLEX"

func init() {
	// A refused operation never ran: it is a protocol error like a
	// validation error, so gqlgen answers it with HTTP 422 instead of 200.
	// The registry is a plain map, written here once before any request.
	errcode.RegisterErrorType(CodeQueryTooComplex, errcode.KindProtocol)
}

// Limits bound what one GraphQL request may ask of the server, so that the
// API can be exposed beyond the investigators' own machines: a recursive
// schema (a person's contacts' contacts' …) otherwise lets one request walk
// the whole graph. A zero field turns its limit off.
type Limits struct {
	// MaxDepth bounds the nesting of fields (a root field is depth 1).
	MaxDepth int
	// MaxAliases bounds the aliased fields, counted once per place they
	// appear in the expanded operation: aliases are how a client asks for
	// the same expensive field many times in one request.
	MaxAliases int
	// MaxRootFields bounds the distinct root fields (response keys), each
	// of which starts its own resolver and database queries.
	MaxRootFields int
	// MaxComplexity bounds gqlgen's cost estimate of the operation.
	MaxComplexity int
	// ParserTokenLimit bounds the tokens of the query text, so that a huge
	// document is refused while parsing, before validation walks it.
	ParserTokenLimit int
}

// DefaultLimits are the limits of an exposed server.
func DefaultLimits() Limits {
	return Limits{
		// The deepest legitimate queries of the README nest 9 levels
		// (recruiters > edges > node > recruited > victim > heldAt >
		// compound > country > name); 12 leaves room for a fragment or two
		// more while refusing walks of the recursive person graph.
		MaxDepth: 12,
		// Investigators alias to compare a few entities side by side
		// (caseA: … caseB: …); 30 is far above that and far below the
		// thousands of aliases of a batching attack.
		MaxAliases: 30,
		// A dashboard asks a handful of root fields at once; 10 allows it
		// while bounding the independent resolvers of one request.
		MaxRootFields: 10,
		// gqlgen counts 1 per field times the list multipliers of fields
		// with complexity functions; 5000 admits the README queries with
		// their page sizes and refuses pages of pages of pages.
		MaxComplexity: 5000,
		// The GraphiQL introspection query and the largest README queries
		// are a few hundred tokens; 10000 leaves room for long hand-written
		// queries and refuses megabyte documents before validation.
		ParserTokenLimit: 10000,
	}
}

// Extension returns the gqlgen extension enforcing MaxDepth, MaxAliases and
// MaxRootFields. It runs after validation (so fragments are known to exist
// and to be acyclic) and before execution: a refused operation costs no
// database query. Add it with handler.Server.Use.
func (l Limits) Extension() graphql.HandlerExtension {
	return shapeLimits{l}
}

// ComplexityExtension returns gqlgen's fixed complexity limit at
// MaxComplexity (none when it is zero), with its refusal recoded from
// gqlgen's "COMPLEXITY_LIMIT_EXCEEDED" to CodeQueryTooComplex, so that
// clients handle every too-big operation with one code and get HTTP 422.
func (l Limits) ComplexityExtension() graphql.HandlerExtension {
	limit := l.MaxComplexity
	if limit <= 0 {
		limit = math.MaxInt
	}
	return complexityLimit{extension.FixedComplexityLimit(limit)}
}

// ApplyParserTokenLimit sets the parser token limit of srv to
// l.ParserTokenLimit (zero: no limit). gqlgen refuses a longer document
// with code "GRAPHQL_PARSE_FAILED" and "exceeded token limit of N".
func ApplyParserTokenLimit(srv *handler.Server, l Limits) {
	srv.SetParserTokenLimit(l.ParserTokenLimit)
}

// shapeLimits is the handler extension of Limits.Extension.
type shapeLimits struct{ l Limits }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = shapeLimits{}

func (shapeLimits) ExtensionName() string { return "ScamgraphShapeLimits" }

func (s shapeLimits) Validate(graphql.ExecutableSchema) error {
	if s.l.MaxDepth < 0 || s.l.MaxAliases < 0 || s.l.MaxRootFields < 0 {
		return fmt.Errorf("server: Limits: negative limit in %+v", s.l)
	}
	return nil
}

func (s shapeLimits) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Operation
	if op == nil {
		op = opCtx.Doc.Operations.ForName(opCtx.OperationName)
	}
	if op == nil {
		return nil // gqlgen has refused it already
	}
	return s.l.check(measure(opCtx.Doc, op))
}

// check returns the refusal of the first limit the shape is over, or nil.
func (l Limits) check(sh queryShape) *gqlerror.Error {
	switch {
	case l.MaxDepth > 0 && sh.depth > l.MaxDepth:
		return tooComplex("depth", l.MaxDepth, sh.depth,
			fmt.Sprintf("query depth %d exceeds the limit of %d", sh.depth, l.MaxDepth))
	case l.MaxAliases > 0 && sh.aliases > l.MaxAliases:
		return tooComplex("aliases", l.MaxAliases, sh.aliases,
			fmt.Sprintf("query has %d aliased fields, over the limit of %d", sh.aliases, l.MaxAliases))
	case l.MaxRootFields > 0 && sh.rootFields > l.MaxRootFields:
		return tooComplex("rootFields", l.MaxRootFields, sh.rootFields,
			fmt.Sprintf("query has %d root fields, over the limit of %d", sh.rootFields, l.MaxRootFields))
	}
	return nil
}

func tooComplex(limit string, maximum, value int, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{
		"code": CodeQueryTooComplex, "limit": limit, "maximum": maximum, "value": value,
	}}
}

// queryShape is what Limits bounds of an operation.
type queryShape struct {
	depth      int // deepest field, a root field being 1
	aliases    int // aliased fields, once per place in the expanded operation
	rootFields int // distinct response keys at the root
}

// measure walks op, expanding fragment spreads and inline fragments.
//
// Each fragment is walked once and its result reused, so a document whose
// fragments each spread the previous one twice costs a linear walk, not an
// exponential one; counts saturate instead of overflowing. A spread of a
// fragment being walked (a cycle, which validation refuses anyway) counts
// as empty, so the walk always ends.
//
// The subtrees of the introspection fields __schema and __type count for
// aliases but not for depth: the standard introspection query of GraphiQL
// nests ofType 9 times and reaches depth 15, its nesting is bounded by
// gqlparser's MaxIntrospectionDepth rule and the schema's own shape, and it
// is answered from memory without touching the database.
func measure(doc *ast.QueryDocument, op *ast.OperationDefinition) queryShape {
	w := walker{doc: doc, memo: map[string]walked{}, inProgress: map[string]bool{}}
	top := w.selectionSet(op.SelectionSet)
	keys := map[string]bool{}
	w.rootKeys(op.SelectionSet, keys, map[string]bool{})
	return queryShape{depth: top.depth, aliases: top.aliases, rootFields: len(keys)}
}

// walked is the depth (relative to the selection set) and alias count of
// a selection set.
type walked struct{ depth, aliases int }

type walker struct {
	doc        *ast.QueryDocument
	memo       map[string]walked // fragments walked already
	inProgress map[string]bool   // fragments being walked (cycle guard)
}

func (w *walker) selectionSet(set ast.SelectionSet) walked {
	var r walked
	for _, sel := range set {
		var sub walked
		switch s := sel.(type) {
		case *ast.Field:
			child := w.selectionSet(s.SelectionSet)
			sub = walked{depth: 1 + child.depth, aliases: child.aliases}
			if s.Name == "__schema" || s.Name == "__type" {
				sub.depth = 1
			}
			if s.Alias != "" && s.Alias != s.Name {
				sub.aliases = saturatingAdd(sub.aliases, 1)
			}
		case *ast.InlineFragment:
			sub = w.selectionSet(s.SelectionSet)
		case *ast.FragmentSpread:
			sub = w.fragment(s.Name)
		}
		r.depth = max(r.depth, sub.depth)
		r.aliases = saturatingAdd(r.aliases, sub.aliases)
	}
	return r
}

func (w *walker) fragment(name string) walked {
	if r, ok := w.memo[name]; ok {
		return r
	}
	def := w.doc.Fragments.ForName(name)
	if def == nil || w.inProgress[name] {
		return walked{}
	}
	w.inProgress[name] = true
	r := w.selectionSet(def.SelectionSet)
	delete(w.inProgress, name)
	w.memo[name] = r
	return r
}

// rootKeys adds the response keys of the root fields of set to keys. Two
// root fields with one response key are merged into one resolver call by
// GraphQL, so they count once; each fragment is expanded once, which also
// ends cycles.
func (w *walker) rootKeys(set ast.SelectionSet, keys, seen map[string]bool) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			key := s.Alias
			if key == "" {
				key = s.Name
			}
			keys[key] = true
		case *ast.InlineFragment:
			w.rootKeys(s.SelectionSet, keys, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if def := w.doc.Fragments.ForName(s.Name); def != nil {
				w.rootKeys(def.SelectionSet, keys, seen)
			}
		}
	}
}

func saturatingAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// complexityLimit is gqlgen's ComplexityLimit with its refusal recoded to
// CodeQueryTooComplex and worded like the other limits. The embedded
// extension keeps its name, so extension.GetComplexityStats still works.
type complexityLimit struct{ *extension.ComplexityLimit }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = complexityLimit{}

func (c complexityLimit) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	err := c.ComplexityLimit.MutateOperationContext(ctx, opCtx)
	if err == nil {
		return nil
	}
	stats := extension.GetComplexityStats(graphql.WithOperationContext(ctx, opCtx))
	if stats == nil {
		errcode.Set(err, CodeQueryTooComplex)
		return err
	}
	return tooComplex("complexity", stats.ComplexityLimit, stats.Complexity,
		fmt.Sprintf("query complexity %d exceeds the limit of %d", stats.Complexity, stats.ComplexityLimit))
}
