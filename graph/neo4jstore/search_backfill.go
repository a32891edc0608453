package neo4jstore

import (
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/textsearch"

	"context"
	"encoding/json"
	"fmt"
)

// Search tokens of nodes written before search existed, or by a version
// whose SearchTokens differed, are recomputed at start-up. Counting first
// keeps a start on an up-to-date database cheap: label counts come from
// Neo4j's count store and the current ones from the searchVersion index.
const (
	searchableCountCypher = `
CALL { MATCH (n:Person) RETURN count(n) AS c
       UNION ALL MATCH (n:Organization) RETURN count(n) AS c
       UNION ALL MATCH (n:Compound) RETURN count(n) AS c
       UNION ALL MATCH (n:BankAccount) RETURN count(n) AS c }
WITH sum(c) AS total
OPTIONAL MATCH (m:Entity) WHERE m.searchVersion = $version
RETURN total, count(m) AS current`

	staleSearchCypher = `
MATCH (n:Entity)
WHERE (n:Person OR n:Organization OR n:Compound OR n:BankAccount)
  AND (n.searchVersion IS NULL OR n.searchVersion <> $version)
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases,
       [k IN keys(n) WHERE k STARTS WITH 'claim:' | n[k]] AS claims
LIMIT $batch`

	setSearchTokensCypher = `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.searchTokens = row.tokens, n.searchVersion = $version`

	backfillBatch = 2000
)

// BackfillSearchTokens computes the search tokens of every searchable node
// that lacks current ones, in batches of their own write transactions, and
// returns how many it updated.
func (s *Store) BackfillSearchTokens(ctx context.Context) (int, error) {
	var total, current int64
	err := s.read(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "search_backfill_count", searchableCountCypher, map[string]any{"version": textsearch.SearchTokensVersion})
		if err == nil && len(recs) == 1 {
			total, current = recs[0].Values[0].(int64), recs[0].Values[1].(int64)
		}
		return err
	})
	if err != nil || total == current {
		return 0, err
	}
	done := 0
	for {
		var rows []map[string]any
		err := s.read(ctx, func(r runner) error {
			recs, err := r.collect(ctx, "search_backfill_read", staleSearchCypher, map[string]any{"version": textsearch.SearchTokensVersion, "batch": backfillBatch})
			if err != nil {
				return err
			}
			rows = rows[:0]
			for _, rec := range recs {
				var names []string
				if n, ok := rec.Values[1].(string); ok {
					names = append(names, n)
				}
				for _, a := range rec.Values[2].([]any) {
					if s, ok := a.(string); ok {
						names = append(names, s)
					}
				}
				for _, c := range rec.Values[3].([]any) {
					raw, _ := c.(string)
					var cj graph.ClaimJSON
					if json.Unmarshal([]byte(raw), &cj) == nil {
						names = append(names, namesOf(cj.Props)...)
					}
				}
				rows = append(rows, map[string]any{"id": rec.Values[0], "tokens": graph.NonNil(textsearch.SearchTokens(names...))})
			}
			return nil
		})
		if err != nil {
			return done, fmt.Errorf("search backfill: %w", err)
		}
		if len(rows) == 0 {
			return done, nil
		}
		if err := s.write(ctx, func(r runner) error {
			_, err := r.collect(ctx, "search_backfill_write", setSearchTokensCypher, map[string]any{"rows": rows, "version": textsearch.SearchTokensVersion})
			return err
		}); err != nil {
			return done, fmt.Errorf("search backfill: %w", err)
		}
		done += len(rows)
	}
}

// namesOf returns the name and aliases among an entity's properties (as
// validated, []string; as decoded from a claim's JSON, []any).
func namesOf(props map[string]any) []string {
	var out []string
	if n, ok := props["name"].(string); ok {
		out = append(out, n)
	}
	switch as := props["aliases"].(type) {
	case []string:
		out = append(out, as...)
	case []any:
		for _, a := range as {
			if s, ok := a.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
