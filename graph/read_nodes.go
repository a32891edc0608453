package graph

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
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
func (s *Store) NodesByID(ctx context.Context, scope Scope, ids []string) (map[string]Node, error) {
	if len(ids) > maxIDsPerLookup {
		return nil, fmt.Errorf("lookup of %d ids exceeds the limit of %d", len(ids), maxIDsPerLookup)
	}
	recs, err := s.readRecords(ctx, "nodes_by_id", nodesByIDCypher, scope.params(map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]Node, len(recs))
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
func (s *Store) Node(ctx context.Context, scope Scope, id string) (Node, error) {
	m, err := s.NodesByID(ctx, scope, []string{id})
	if err != nil {
		return nil, err
	}
	n, ok := m[id]
	if !ok {
		return nil, fmt.Errorf("node %q: %w", id, ErrNotFound)
	}
	return n, nil
}

// EdgeItem is one relationship of a node with the node at its far end.
type EdgeItem struct {
	Link Link
	Far  Node
}

// EdgePage is the relationships of one type and direction of one node,
// capped at edgesPerNode; Truncated says the cap cut it.
type EdgePage struct {
	Items     []EdgeItem
	Truncated bool
}

// EdgesOf loads the visible relationships of type relType (from the
// allow-list) of many nodes in one statement.
func (s *Store) EdgesOf(ctx context.Context, scope Scope, relType string, dir Direction, ids []string) (map[string]EdgePage, error) {
	qs, ok := edgeQueries[relType]
	if !ok {
		return nil, fmt.Errorf("unknown relationship type %q", relType)
	}
	if len(ids) > maxIDsPerLookup {
		return nil, fmt.Errorf("lookup of %d ids exceeds the limit of %d", len(ids), maxIDsPerLookup)
	}
	recs, err := s.readRecords(ctx, "edges_"+relType, qs[dir], scope.params(map[string]any{"ids": ids, "cap": edgesPerNode}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]EdgePage, len(recs))
	for _, rec := range recs {
		key, _ := rec.Get("key")
		itemsV, _ := rec.Get("items")
		trunc, _ := rec.Get("truncated")
		page := EdgePage{Truncated: trunc == true}
		for _, it := range itemsV.([]any) {
			m := it.(map[string]any)
			rel := m["r"].(dbtype.Relationship)
			link, err := decodeLink(rel, m["from"].(string), m["to"].(string), scope)
			if err != nil {
				return nil, err
			}
			far, err := decodeNode(m["b"].(dbtype.Node), scope)
			if err != nil {
				return nil, err
			}
			page.Items = append(page.Items, EdgeItem{Link: link, Far: far})
		}
		out[key.(string)] = page
	}
	return out, nil
}
