package resolvers

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers/inorder"
)

// ListsInOrder marks each root field whose whole selection its prefetch
// reads (prefetchCovers) so that its lists are marshalled in order
// (package inorder); every other root field keeps gqlgen's goroutine per
// list element, which lets the resolvers below batch their loads. The
// server registers it (handler.Server.Use).
type ListsInOrder struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.RootFieldInterceptor
} = ListsInOrder{}

func (ListsInOrder) ExtensionName() string                   { return "ListsInOrder" }
func (ListsInOrder) Validate(graphql.ExecutableSchema) error { return nil }
func (ListsInOrder) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if rfc := graphql.GetRootFieldContext(ctx); rfc != nil && prefetchCovers(ctx, rfc.Field) {
		ctx = inorder.Lists(ctx)
	}
	return next(ctx)
}

// listRoots are the root fields that read a connection's page with its
// plan (list, lists.go); nodeRoots those that read nodes by id with theirs
// (nodesWithSelection).
var (
	listRoots = map[string]bool{"victims": true, "recruiters": true, "persons": true, "compounds": true,
		"organizations": true, "bankAccounts": true}
	nodeRoots = map[string]bool{"node": true, "nodes": true}
)

// prefetchCovers says whether a query's root field reads, in its own
// statement, everything its selection asks below it: every field is a
// stored property, the node's id or labels, or a relationship the plan
// reads (planSteps), down to the leaves. A field resolved any other way
// (another statement through the loaders, an argument, a node type the
// plan does not reach) makes it false. It follows planSteps field by
// field, so the two must change together; the round-trip tests check
// that a covered query costs one statement.
func prefetchCovers(ctx context.Context, root graphql.CollectedField) bool {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return false
	}
	switch {
	case listRoots[root.Name]:
		conn := typeOf(root)
		budget := new(int)
		for _, e := range collect(ctx, root, conn) {
			switch e.Name {
			case "pageInfo", "totalCount", "__typename": // not list elements
			case "edges":
				for _, n := range collect(ctx, e, typeOf(e)) {
					switch n.Name {
					case "cursor", "__typename":
					case "node":
						if !selectionCovered(ctx, typeOf(n), collect(ctx, n, typeOf(n)), budget) {
							return false
						}
					default:
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	case nodeRoots[root.Name]:
		if !typeConditionsPlanned(root.Selections) {
			return false
		}
		for typ := range nodeProps {
			budget := new(int)
			if !slices.Contains(prefetchedNodeTypes, typ) {
				*budget = graph.MaxEdgeSteps // nothing is read below it
			}
			if !selectionCovered(ctx, typ, collect(ctx, root, typ), budget) {
				return false
			}
		}
		return true
	}
	return false
}

// prefetchedNodeTypes are the types whose selections a node root field
// reads below them (nodeType).
var prefetchedNodeTypes = []string{"Person", "Organization", "Compound", "BankAccount", "Victim", "Recruiter"}

// typeConditionsPlanned says whether every fragment of a node root
// field's selection is on a type nodeProps knows, or on Node.
func typeConditionsPlanned(set ast.SelectionSet) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.InlineFragment:
			if s.TypeCondition != "" && s.TypeCondition != "Node" && nodeProps[s.TypeCondition] == nil {
				return false
			}
			if !typeConditionsPlanned(s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || (s.Definition.TypeCondition != "Node" && nodeProps[s.Definition.TypeCondition] == nil) {
				return false
			}
			if !typeConditionsPlanned(s.Definition.SelectionSet) {
				return false
			}
		}
	}
	return true
}

// selectionCovered is prefetchCovers for the fields of a node of
// typeName; budget counts the plan's steps as planSteps does.
func selectionCovered(ctx context.Context, typeName string, fields []graphql.CollectedField, budget *int) bool {
	for _, f := range fields {
		switch ef, isEdge := edgeFields[typeName][f.Name]; {
		case f.Name == "__typename" || storedOrLabels(nodeProps[typeName], f.Name):
		case sameNode[typeName][f.Name]:
			if !selectionCovered(ctx, typeOf(f), collect(ctx, f, typeOf(f)), budget) {
				return false
			}
		case isEdge:
			if len(f.Arguments) > 0 || *budget >= graph.MaxEdgeSteps {
				return false
			}
			*budget++
			if !edgeCovered(ctx, ef, f, budget) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// edgeCovered is selectionCovered for what a planned edge field selects:
// the far nodes, or the relationships with their far ends.
func edgeCovered(ctx context.Context, ef edgeField, f graphql.CollectedField, budget *int) bool {
	linkType := typeOf(f)
	if !ef.links {
		return selectionCovered(ctx, linkType, collect(ctx, f, linkType), budget)
	}
	ends := linkEnds[linkType]
	far := ends[1]
	if ef.dir == graph.Incoming {
		far = ends[0]
	}
	for _, lf := range collect(ctx, f, linkType) {
		switch {
		case lf.Name == "__typename" || storedOrLabels(linkProps[linkType], lf.Name):
		case slices.Contains(far, lf.Name):
			if !selectionCovered(ctx, typeOf(lf), collect(ctx, lf, typeOf(lf)), budget) {
				return false
			}
		default:
			return false // the near end, variants: read by the loaders
		}
	}
	return true
}

// storedOrLabels says whether a field of a type's table (nodeProps,
// linkProps) is read from the node or relationship the statement
// returns: a stored property, the id, or the labels (roles, kind).
func storedOrLabels(table map[string][]string, field string) bool {
	props, ok := table[field]
	return ok && (props != nil || field == "id" || field == "roles" || field == "kind")
}

// PrefetchCoversQuery is prefetchCovers for each root field of a query
// text, by alias: for tests that send a query expecting it marshalled in
// order, or not.
func PrefetchCoversQuery(schema *ast.Schema, query string) (map[string]bool, error) {
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		return nil, errs
	}
	if len(doc.Operations) != 1 {
		return nil, fmt.Errorf("%d operations", len(doc.Operations))
	}
	oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
	ctx := graphql.WithOperationContext(context.Background(), oc)
	out := map[string]bool{}
	for _, root := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Query"}) {
		out[root.Alias] = prefetchCovers(ctx, root)
	}
	return out, nil
}
