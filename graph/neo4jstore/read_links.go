package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/graph"
)

var linkByIDQueries = map[graph.RelType]string{}

func init() {
	for t := range graph.LinkRules {
		linkByIDQueries[t] = "MATCH (a)-[r:" + string(t) + " {id: $id}]->(b)\nWHERE " + visible("r") +
			"\nRETURN r, a.id AS from, b.id AS to LIMIT 1"
	}
}

// Link returns one visible relationship by id, or ErrNotFound.
func (s *Store) Link(ctx context.Context, scope graph.Scope, id string) (graph.Link, error) {
	t, ok := graph.LinkTypeOfID(id)
	if !ok {
		return nil, fmt.Errorf("link %q: %w", id, graph.ErrNotFound)
	}
	recs, err := s.readRecords(ctx, "link_by_id", linkByIDQueries[t], scopeParams(scope, map[string]any{"id": id}))
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("link %q: %w", id, graph.ErrNotFound)
	}
	rel, _ := recs[0].Get("r")
	from, _ := recs[0].Get("from")
	to, _ := recs[0].Get("to")
	return decodeLink(rel.(dbtype.Relationship), from.(string), to.(string), scope)
}
