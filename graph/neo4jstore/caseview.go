package neo4jstore

import (
	"github.com/scamgraph/scamgraph/graph"

	"context"
	"encoding/json"
	"fmt"
	"strings"
)

var (
	caseViewsDoneCypher = `OPTIONAL MATCH (m:SchemaState {name: 'caseViews'}) RETURN m IS NOT NULL AS done`

	// caseViewsPageCypher reads, and locks, the next page of nodes in id
	// order (the id index gives the order).
	caseViewsPageCypher = `
MATCH (n:Entity) WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $page
SET n._lock = true
REMOVE n._lock
RETURN n`

	caseViewsWriteCypher = `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.set
WITH n, row WHERE row.erased
MERGE (t:ErasureTombstone {id: row.id})
ON CREATE SET t.erasedAt = n.erasedAt`

	caseViewsMarkCypher = `MERGE (m:SchemaState {name: 'caseViews'}) SET m.at = datetime()`
)

// BackfillCaseViews gives the entities of a database written before the
// per-case view keys existed their names, sort keys and times per case
// (from the claims; the times from the node's, the only ones known: the
// update time is the node's when one case speaks of it, else its creation
// time, which no other case can have moved), and an erased victim its
// tombstone. Once per database, marked by a SchemaState node. It returns
// the nodes visited.
func (s *Store) BackfillCaseViews(ctx context.Context) (int, error) {
	done, err := s.readValue(ctx, "case_views_done", caseViewsDoneCypher, nil)
	if err != nil || done == true {
		return 0, err
	}
	after, visited := "", 0
	for {
		var last string
		var n int
		pageAfter := after
		err := s.write(ctx, func(r runner) error {
			recs, err := r.collect(ctx, "case_views_page", caseViewsPageCypher, map[string]any{"after": pageAfter, "page": sortNameBackfillPage})
			if err != nil {
				return err
			}
			rows := make([]map[string]any, 0, len(recs))
			for _, rec := range recs {
				node := rec.Values[0].(dbtypeNode)
				last, _ = node.Props["id"].(string)
				rows = append(rows, caseViewsOf(node.Props))
			}
			n = len(recs)
			if n == 0 {
				return nil
			}
			_, err = r.collect(ctx, "case_views_write", caseViewsWriteCypher, map[string]any{"rows": rows})
			return err
		})
		if err != nil {
			return visited, fmt.Errorf("case views backfill after %d nodes: %w", visited, err)
		}
		if n == 0 {
			break
		}
		visited += n
		after = last
	}
	return visited, s.write(ctx, func(r runner) error {
		_, err := r.collect(ctx, "case_views_mark", caseViewsMarkCypher, nil)
		return err
	})
}

// caseViewsOf computes the per-case view keys a node lacks.
func caseViewsOf(props map[string]any) map[string]any {
	set := map[string]any{}
	var cases []string
	for k := range props {
		if c, ok := strings.CutPrefix(k, "claim:"); ok {
			cases = append(cases, c)
		}
	}
	claimless := len(cases) == 0
	if claimless {
		cases = graph.AsStrings(props["sources"])
	}
	created, updated := props["createdAt"], props["createdAt"]
	if len(cases) == 1 {
		updated = props["updatedAt"]
	}
	for _, c := range cases {
		if _, ok := props[graph.CreatedKeyPrefix+c]; ok {
			continue
		}
		if created != nil {
			set[graph.CreatedKeyPrefix+c] = created
		}
		if updated != nil {
			set[graph.UpdatedKeyPrefix+c] = updated
		}
		if claimless {
			continue
		}
		raw, _ := props[graph.ClaimKey(c)].(string)
		var cj graph.ClaimJSON
		if json.Unmarshal([]byte(raw), &cj) != nil {
			continue
		}
		var names []string
		for _, name := range namesOf(cj.Props) {
			names = append(names, strings.ToLower(name))
		}
		set[graph.NamesKeyPrefix+c] = graph.NonNil(names)
		if src, ok := graph.ClaimSortSource(cj.Props).(string); ok {
			set[graph.SortKeyPrefix+c] = strings.ToLower(src)
		}
	}
	if _, ok := props["ownCase"]; !ok && !claimless {
		if src := graph.AsStrings(props["sources"]); len(src) > 0 {
			set["ownCase"] = src[0] // see ownCase: kept from now on
		}
	}
	erased, _ := props["erased"].(bool)
	return map[string]any{"id": props["id"], "set": set, "erased": erased}
}
