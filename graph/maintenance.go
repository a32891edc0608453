package graph

import "context"

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
