package neo4jstore

import (
	"context"
	"fmt"

	"github.com/scamgraph/scamgraph/graph"
)

// maxIDsPerLookup bounds one batched lookup; dataloaders batch below it.
const maxIDsPerLookup = 5000

var nodesByIDCypher = `
UNWIND $ids AS key
MATCH (n:Entity {id: key})
WHERE n:Country OR ` + visible("n") + `
RETURN n`

// NodesByID returns the visible nodes among ids, keyed by id. Missing and
// invisible ids are simply absent: the caller cannot tell them apart, which
// is what access control needs.
func (s *Store) NodesByID(ctx context.Context, scope graph.Scope, ids []string) (map[string]graph.Node, error) {
	if len(ids) > maxIDsPerLookup {
		return nil, fmt.Errorf("lookup of %d ids exceeds the limit of %d", len(ids), maxIDsPerLookup)
	}
	recs, err := s.readRecords(ctx, "nodes_by_id", nodesByIDCypher, scopeParams(scope, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]graph.Node, len(recs))
	for _, rec := range recs {
		n, err := asNode(rec, "n", scope)
		if err != nil {
			return nil, err
		}
		out[n.GetID()] = n
	}
	return out, nil
}

// Node returns one visible node or ErrNotFound.
func (s *Store) Node(ctx context.Context, scope graph.Scope, id string) (graph.Node, error) {
	m, err := s.NodesByID(ctx, scope, []string{id})
	if err != nil {
		return nil, err
	}
	n, ok := m[id]
	if !ok {
		return nil, fmt.Errorf("node %q: %w", id, graph.ErrNotFound)
	}
	return n, nil
}

// EdgesOf loads the visible relationships of type relType (from the
// allow-list) of many nodes in one statement.
func (s *Store) EdgesOf(ctx context.Context, scope graph.Scope, relType graph.RelType, dir graph.Direction, ids []string) (map[string]graph.EdgePage, error) {
	qs, ok := edgeQueries[relType]
	if !ok {
		return nil, fmt.Errorf("unknown relationship type %q", relType)
	}
	if len(ids) > maxIDsPerLookup {
		return nil, fmt.Errorf("lookup of %d ids exceeds the limit of %d", len(ids), maxIDsPerLookup)
	}
	recs, err := s.readRecords(ctx, "edges_"+string(relType), qs[dir], scopeParams(scope, map[string]any{"ids": ids, "cap": edgesPerNode}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]graph.EdgePage, len(recs))
	for _, rec := range recs {
		key, _ := rec.Get("key")
		items, _ := rec.Get("items")
		trunc, _ := rec.Get("truncated")
		page, err := decodeEdgePage(items, trunc, scope)
		if err != nil {
			return nil, err
		}
		out[key.(string)] = page
	}
	return out, nil
}

// decodeEdgePage decodes a page of an edge statement (EdgesOf, a step of
// EdgeTree): its items, each {r, b, from, to}, and whether the cap cut it.
func decodeEdgePage(items, truncated any, scope graph.Scope) (graph.EdgePage, error) {
	return decodeEdgePageWith(items, truncated, "", graph.EdgeStep{}, scope, wholeItems{})
}

// decodeEdgePageWith is decodeEdgePage of key's page of step st, with
// items as dec reads them.
func decodeEdgePageWith(items, truncated any, key string, st graph.EdgeStep, scope graph.Scope, dec itemDecoder) (graph.EdgePage, error) {
	page := graph.EdgePage{Truncated: truncated == true}
	for _, it := range items.([]any) {
		item, err := dec.decode(it, key, st, scope)
		if err != nil {
			return graph.EdgePage{}, err
		}
		page.Items = append(page.Items, item)
	}
	return page, nil
}
