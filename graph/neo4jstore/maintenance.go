package neo4jstore

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/graph"
)

// deleteAllCypher empties the database in transactions of its own
// (CALL ... IN TRANSACTIONS), relationships first, so that a database of
// millions of records empties in bounded memory. IN TRANSACTIONS needs an
// implicit (auto-commit) transaction: the one place this package does not
// use a managed one.
var deleteAllCypher = []string{
	"MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
	"MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS",
}

// DeleteEverything empties the database (tests and benchmarks only).
func (s *Store) DeleteEverything(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	for _, q := range deleteAllCypher {
		s.roundTrips.Add(1)
		res, err := sess.Run(ctx, q, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return classify(err)
		}
	}
	return nil
}

const snapshotNodesCypher = `
MATCH (n) WHERE NOT n:Country AND NOT n:SchemaState
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id`

const snapshotRelsCypher = `
MATCH (a)-[r]->(b)
RETURN coalesce(r.id, '') AS id, type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
ORDER BY type, id, from, to`

// Snapshot describes the whole graph but countries as sorted lines,
// leaving out timestamps (the per-case ones too) and the import log: two imports that should leave
// the same graph give the same snapshot. For tests and debugging.
func (s *Store) Snapshot(ctx context.Context) ([]string, error) {
	volatile := map[string]bool{"createdAt": true, "updatedAt": true, "importedAt": true, "importedBy": true,
		"importSha256": true, "importFileName": true, "importFormat": true}
	clean := func(props map[string]any) string {
		keys := make([]string, 0, len(props))
		for k := range props {
			if !volatile[k] && !strings.HasPrefix(k, graph.CreatedKeyPrefix) && !strings.HasPrefix(k, graph.UpdatedKeyPrefix) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%v", k, props[k])
		}
		return b.String()
	}
	var out []string
	err := s.read(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "snapshot_nodes", snapshotNodesCypher, nil)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			var ls []string
			for _, l := range rec.Values[1].([]any) {
				ls = append(ls, l.(string))
			}
			sort.Strings(ls)
			labels := strings.Join(ls, ":")
			out = append(out, fmt.Sprintf("node %v %s%s", rec.Values[0], labels, clean(rec.Values[2].(map[string]any))))
		}
		recs, err = r.collect(ctx, "snapshot_rels", snapshotRelsCypher, nil)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			out = append(out, fmt.Sprintf("rel %v %v %v->%v%s", rec.Values[1], rec.Values[0], rec.Values[2], rec.Values[3], clean(rec.Values[4].(map[string]any))))
		}
		return nil
	})
	return out, err
}

// Size counts the nodes and relationships of the whole database (from
// Neo4j's count store: constant time), for seeding and benchmark reports.
func (s *Store) Size(ctx context.Context) (nodes, rels int64, err error) {
	err = s.read(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "size", `CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels`, nil)
		if err == nil && len(recs) == 1 {
			nodes, rels = recs[0].Values[0].(int64), recs[0].Values[1].(int64)
		}
		return err
	})
	return nodes, rels, err
}
