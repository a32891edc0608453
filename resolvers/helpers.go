package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/loaders"
)

// edgesOf loads the relationships of one type and direction of a node:
// batched with the same field of the other elements when the object is in
// a list, at once when it is not (nothing would join its batch).
func edgesOf(ctx context.Context, relType graph.RelType, dir graph.Direction, id string) (graph.EdgePage, error) {
	if inList(ctx) {
		return loaders.For(ctx).Edges(ctx, relType, dir, id)
	}
	return loaders.For(ctx).EdgesNow(ctx, relType, dir, id)
}

// inList says whether the field being resolved belongs to an element of a
// list somewhere up its path.
func inList(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return true // not resolving a field: batch, the safe choice
	}
	for _, el := range fc.Path() {
		if _, ok := el.(ast.PathIndex); ok {
			return true
		}
	}
	return false
}

// edgesAs loads the relationships of one type and direction of a node as
// their domain type (T is the struct, the loader holds *T).
func edgesAs[T any](ctx context.Context, relType graph.RelType, dir graph.Direction, id string) ([]*T, error) {
	return pickEdges(ctx, relType, dir, id, func(it graph.EdgeItem) (*T, bool) { return any(it.Link).(*T), true })
}

// farAs loads the nodes at the far end of a node's relationships.
func farAs[T any](ctx context.Context, relType graph.RelType, dir graph.Direction, id string) ([]*T, error) {
	return pickEdges(ctx, relType, dir, id, func(it graph.EdgeItem) (*T, bool) { t, ok := any(it.Far).(*T); return t, ok })
}

// pickEdges loads the relationships of one type and direction of a node
// and keeps what pick takes of each (the link, or the node at its far end).
func pickEdges[T any](ctx context.Context, relType graph.RelType, dir graph.Direction, id string, pick func(graph.EdgeItem) (*T, bool)) ([]*T, error) {
	page, err := edgesOf(ctx, relType, dir, id)
	if err != nil {
		return nil, err
	}
	out := make([]*T, 0, len(page.Items))
	for _, it := range page.Items {
		if t, ok := pick(it); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// firstFar is farAs for a to-one relationship such as LOCATED_IN.
func firstFar[T any](ctx context.Context, relType graph.RelType, id string) (*T, error) {
	all, err := farAs[T](ctx, relType, graph.Outgoing, id)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	return all[0], nil
}

// nodeAs loads a node of a given type through the request's loader; absent,
// invisible or of another type gives nil.
func nodeAs[T any](ctx context.Context, id string) (*T, error) {
	return nodeIn(ctx, id, func(n graph.Node) *T { t, _ := any(n).(*T); return t })
}

// endAs is nodeAs for a link end that may be of several kinds (RECRUITS_FOR
// ends at a compound or an organisation): nil, with nothing loaded, when
// the id is of another kind than kind.
func endAs[T any](ctx context.Context, kind graph.Label, id string) (*T, error) {
	if k, err := graph.ParseEntityID(id); err != nil || k != kind {
		return nil, nil
	}
	return nodeAs[T](ctx, id)
}

// victimByID loads a node through the request's loader as a victim; absent,
// invisible or not a victim gives nil.
func victimByID(ctx context.Context, id string) (*graph.Victim, error) {
	return nodeIn(ctx, id, graph.VictimOf)
}

// recruiterByID loads a node through the request's loader as a recruiter;
// absent, invisible or not a recruiter gives nil.
func recruiterByID(ctx context.Context, id string) (*graph.Recruiter, error) {
	return nodeIn(ctx, id, graph.RecruiterOf)
}

// nodeIn loads a node through the request's loader and returns view of it
// (nil when it has no such view); absent or invisible gives nil.
func nodeIn[T any](ctx context.Context, id string, view func(graph.Node) *T) (*T, error) {
	n, err := loaders.For(ctx).Node(ctx, id)
	if err != nil || n == nil {
		return nil, err
	}
	return view(n), nil
}

// caseFiles loads the visible case files among ids.
func caseFiles(ctx context.Context, ids []string) ([]*graph.CaseFile, error) {
	out := make([]*graph.CaseFile, 0, len(ids))
	for _, id := range ids {
		c, err := nodeAs[graph.CaseFile](ctx, id)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

func scope(ctx context.Context) graph.Scope { return loaders.For(ctx).Scope() }

// deref is a pointer's string, or "" for nil; T is a string or one of the
// enum types GraphQL binds (graph.VictimStatus ...).
func deref[T ~string](s *T) string {
	if s == nil {
		return ""
	}
	return string(*s)
}

// strs are enum values (graph.SearchType ...) as the strings the domain's
// query types take; the domain checks them against its own lists.
func strs[T ~string](xs []T) []string {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}
