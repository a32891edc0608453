package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// deleteBatchCypher deletes nodes in batches so that emptying a large
// database does not need one huge transaction.
const deleteBatchCypher = `
MATCH (n) WITH n LIMIT 10000
DETACH DELETE n
RETURN count(*) AS deleted`

// DeleteEverything empties the database (tests and `scamgraph reset` only).
func (s *Store) DeleteEverything(ctx context.Context) error {
	for {
		var deleted int64
		err := s.write(ctx, func(r runner) error {
			recs, err := r.collect(ctx, "delete_everything", deleteBatchCypher, nil)
			if err != nil {
				return err
			}
			deleted, _ = recs[0].Values[0].(int64)
			return nil
		})
		if err != nil {
			return err
		}
		if deleted == 0 {
			return nil
		}
	}
}

const snapshotNodesCypher = `
MATCH (n) WHERE NOT n:Country
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id`

const snapshotRelsCypher = `
MATCH (a)-[r]->(b)
RETURN coalesce(r.id, '') AS id, type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
ORDER BY type, id, from, to`

// Snapshot describes the whole graph but countries as sorted lines,
// leaving out timestamps and the import log: two imports that should leave
// the same graph give the same snapshot. For tests and debugging.
func (s *Store) Snapshot(ctx context.Context) ([]string, error) {
	volatile := map[string]bool{"createdAt": true, "updatedAt": true, "importedAt": true, "importedBy": true,
		"importSha256": true, "importFileName": true, "importFormat": true}
	clean := func(props map[string]any) string {
		keys := make([]string, 0, len(props))
		for k := range props {
			if !volatile[k] {
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
