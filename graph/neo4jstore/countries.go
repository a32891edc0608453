package neo4jstore

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
)

// seedCountriesCypher creates or refreshes every country; re-running it
// changes nothing.
var seedCountriesCypher = `
UNWIND $countries AS row
MERGE (c:Country {code: row.code})
ON CREATE SET c:Entity, c.id = row.id, c.name = row.name, c.region = row.region, c.sortName = toLower(row.name)
WITH c, row WHERE c.name <> row.name OR c.region <> row.region OR c.sortName IS NULL
SET c.name = row.name, c.region = row.region, c.sortName = toLower(row.name)`

// SeedCountries makes sure all countries exist.
func (s *Store) SeedCountries(ctx context.Context) error {
	rows := make([]map[string]any, 0, 260)
	for _, c := range graph.AllCountries() {
		rows = append(rows, map[string]any{"id": c.ID, "code": c.Code, "name": c.Name, "region": c.Region})
	}
	return s.write(ctx, func(r runner) error {
		_, err := r.collect(ctx, "seed_countries", seedCountriesCypher, map[string]any{"countries": rows})
		return err
	})
}
