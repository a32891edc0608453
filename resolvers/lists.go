package resolvers

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/loaders"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// The top-level lists (countries, victims, caseFiles, ...) differ only in
// the label they list, the filter fields they take and the edge type of
// their connection: connection does the rest for all of them.

// listQuery turns the GraphQL list arguments into a graph list query.
func listQuery(label graph.Label, f graph.ListFilter, orderBy *model.ListOrder, first *int, after *string) graph.ListQuery {
	q := graph.ListQuery{Label: label, Filter: f, Order: graph.SortOrder{Field: graph.ListOrderFieldName}, First: 20}
	if orderBy != nil {
		q.Order = graph.SortOrder{Field: orderBy.Field, Descending: orderBy.Direction == graph.OrderDirectionDesc}
	}
	if first != nil {
		q.First = *first
	}
	if after != nil {
		q.After = *after
	}
	return q
}

// connection runs a list query and returns its page as a connection whose
// edges edge makes from each node and its cursor. The connection keeps the
// query, for totalCount.
func connection[E any](ctx context.Context, r *Resolver, q graph.ListQuery, edge func(n graph.Node, cursor string) *E) (*model.Connection[E], error) {
	page, info, err := list(ctx, r, q)
	if err != nil {
		return nil, err
	}
	conn := &model.Connection[E]{ListQuery: model.ListQuery{Query: q}, PageInfo: info, Edges: make([]*E, 0, len(page.Nodes))}
	for i, n := range page.Nodes {
		conn.Edges = append(conn.Edges, edge(n, page.Cursors[i]))
	}
	return conn, nil
}

// list runs a list query and primes the loaders with its nodes.
func list(ctx context.Context, r *Resolver, q graph.ListQuery) (graph.Page, *model.PageInfo, error) {
	var page graph.Page
	var tree []graph.StepPages
	var err error
	// What the selection asks below the list's nodes is read with the
	// page, in the same statement (one round trip for the field).
	if steps := connectionPlan(ctx); len(steps) > 0 {
		page, tree, err = r.Store.ListWithTree(ctx, scope(ctx), q, steps, requestProjection(ctx))
	} else {
		page, err = r.Store.List(ctx, scope(ctx), q)
	}
	if err != nil {
		return page, nil, err
	}
	info := &model.PageInfo{HasNextPage: page.HasNextPage}
	if n := len(page.Cursors); n > 0 {
		info.EndCursor = &page.Cursors[n-1]
	}
	for _, n := range page.Nodes {
		loaders.For(ctx).Prime(n) // whole, before any far node of the tree
	}
	loaders.For(ctx).PrimeTree(tree)
	return page, info, nil
}

// totalCount counts what a connection's query lists, on every page.
func (r *Resolver) totalCount(ctx context.Context, q model.ListQuery) (int, error) {
	return r.Store.Count(ctx, scope(ctx), q.Query)
}
