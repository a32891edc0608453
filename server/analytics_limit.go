package server

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/graph"
)

// MaxStructuralHubsPerRequest bounds the expensive analytics of one
// request: `hubs` with DEGREE, PAGERANK or BETWEENNESS reads a whole case
// or neighbourhood and runs a graph algorithm over it (betweenness costs
// nodes x (nodes + links)). One such root field per request; a dashboard
// that wants two rankings sends two requests, each with its own deadline.
const MaxStructuralHubsPerRequest = 1

// analyticsLimit refuses, before anything runs, an operation with more than
// MaxStructuralHubsPerRequest structural `hubs` root fields (metric given
// literally or by a variable, in fragments too). The refusal is
// QUERY_TOO_COMPLEX with `extensions.limit` "analytics".
type analyticsLimit struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = analyticsLimit{}

func (analyticsLimit) ExtensionName() string { return "ScamgraphAnalyticsLimit" }

func (analyticsLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (analyticsLimit) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Operation
	if op == nil || op.Operation != ast.Query {
		return nil
	}
	n := countStructuralHubs(opCtx.Doc, op.SelectionSet, opCtx.Variables, map[string]bool{})
	if n > MaxStructuralHubsPerRequest {
		return tooComplex("analytics", MaxStructuralHubsPerRequest, n,
			fmt.Sprintf("query has %d hubs fields with DEGREE, PAGERANK or BETWEENNESS, over the limit of %d per request", n, MaxStructuralHubsPerRequest))
	}
	return nil
}

// countStructuralHubs counts the root `hubs` fields with a structural
// metric, expanding inline fragments and each named fragment once.
func countStructuralHubs(doc *ast.QueryDocument, set ast.SelectionSet, vars map[string]any, seen map[string]bool) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name != "hubs" {
				continue
			}
			metric, _ := s.ArgumentMap(vars)["metric"].(string)
			if graph.HubMetric(metric).Structural() { // the metric is text in the document
				n++
			}
		case *ast.InlineFragment:
			n += countStructuralHubs(doc, s.SelectionSet, vars, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if def := doc.Fragments.ForName(s.Name); def != nil {
				n += countStructuralHubs(doc, def.SelectionSet, vars, seen)
			}
		}
	}
	return n
}
