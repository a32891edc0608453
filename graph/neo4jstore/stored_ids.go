package neo4jstore

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
)

// storedEntitiesCypher finds which entity ids the graph holds and the
// scope sees; storedLinksCypher does it per relationship type, whose
// pattern names the type so the id constraint's index answers.
var (
	storedEntitiesCypher = `
UNWIND $ids AS key
MATCH (n:Entity {id: key})
WHERE ` + visible("n") + `
RETURN n.id AS id`
	storedLinksCypher = map[graph.RelType]string{}
)

func init() {
	for t := range graph.LinkRules {
		storedLinksCypher[t] = "UNWIND $ids AS key\nMATCH ()-[r:" + string(t) + " {id: key}]->()\nWHERE " + visible("r") + "\nRETURN r.id AS id"
	}
}

// StoredIDs says which of ids (entities' and links', mixed) the graph
// already holds where scope sees them: a dry run's count of what an
// import would create and what it would find. An id outside the scope
// counts as not held, so a dry run tells an importer nothing of cases
// beyond its compartments.
func (s *Store) StoredIDs(ctx context.Context, scope graph.Scope, ids []string) (map[string]bool, error) {
	byType := map[graph.RelType][]string{}
	var entities []string
	for _, id := range ids {
		if t, ok := graph.LinkTypeOfID(id); ok {
			byType[t] = append(byType[t], id)
		} else {
			entities = append(entities, id)
		}
	}
	out := map[string]bool{}
	collect := func(name, cypher string, ids []string) error {
		if len(ids) == 0 {
			return nil
		}
		recs, err := s.readRecords(ctx, name, cypher, scopeParams(scope, map[string]any{"ids": ids}))
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if id, ok := rec.Values[0].(string); ok {
				out[id] = true
			}
		}
		return nil
	}
	if err := collect("stored_entities", storedEntitiesCypher, entities); err != nil {
		return nil, err
	}
	for t, ids := range byType {
		if err := collect("stored_links", storedLinksCypher[t], ids); err != nil {
			return nil, err
		}
	}
	return out, nil
}
