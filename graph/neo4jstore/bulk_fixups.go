package neo4jstore

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// The bulk importer's CSV has no empty list (an empty field is no
// property; a quoted "" is an empty string), and a value with a line
// break would make it read every file in its slow multi-line mode. Those
// values (the names of an
// account without a holder's name, empty search tokens, ...) are written
// after the import, by id, through these statements: constant text, one
// per relationship type, with the values as parameters.
const fixupNodesCypher = `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.props`

const fixupRelsTmpl = `
UNWIND $rows AS row
MATCH ()-[r:TYPE {id: row.id}]->()
SET r += row.props`

var fixupRelQueries = map[graph.RelType]string{}

func init() {
	for _, t := range graph.LinkTypes() {
		fixupRelQueries[t] = strings.ReplaceAll(fixupRelsTmpl, "TYPE", string(t))
	}
}

// fixupBatch is how many elements a fix-up transaction sets.
const fixupBatch = 5000

// ApplyBulkFixups sets the values a bulk import's CSV could not hold
// (WriteBulk's fix-ups file), once the imported database runs and its
// indexes are online (Bootstrap has waited for them). Setting a value
// again changes nothing, so a run cut off half-way can be run again.
func (s *Store) ApplyBulkFixups(ctx context.Context, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	batches := map[string][]map[string]any{}
	done := 0
	flush := func(typ string) error {
		rows := batches[typ]
		if len(rows) == 0 {
			return nil
		}
		cypher := fixupNodesCypher
		if typ != "" {
			t, err := graph.ParseRelType(typ)
			if err != nil {
				return err
			}
			if cypher = fixupRelQueries[t]; cypher == "" {
				return fmt.Errorf("bulk fix-ups: no relationship type %s", typ)
			}
		}
		err := s.write(ctx, func(r runner) error {
			_, err := r.collect(ctx, "bulk_fixups", cypher, map[string]any{"rows": rows})
			return err
		})
		done += len(rows)
		batches[typ] = rows[:0]
		return err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var fx BulkFixup
		if err := json.Unmarshal(sc.Bytes(), &fx); err != nil {
			return done, fmt.Errorf("bulk fix-ups: %w", err)
		}
		batches[fx.Type] = append(batches[fx.Type], map[string]any{"id": fx.ID, "props": fx.Props})
		if len(batches[fx.Type]) >= fixupBatch {
			if err := flush(fx.Type); err != nil {
				return done, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return done, err
	}
	for typ := range batches {
		if err := flush(typ); err != nil {
			return done, err
		}
	}
	return done, nil
}
