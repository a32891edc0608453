package neo4jstore

import (
	"context"
	"fmt"

	"github.com/scamgraph/scamgraph/graph"
)

// A case file belongs to itself (sources = [its id]) so that scope filters
// treat it like any other node.
var saveCaseFileCypher = `
MERGE (c:Entity {id: $id})
ON CREATE SET c:CaseFile, c.createdAt = datetime(), c.updatedAt = datetime(), c.sources = [$id], c.created = true
WITH c, coalesce(c.created, false) AS created
REMOVE c.created
WITH c, created, [k IN keys($props) WHERE c[k] IS NULL OR c[k] <> $props[k]] AS changed
SET c += $props, c:$($caseLabel)
SET c.sortName = ` + sortNameOf("c") + `
FOREACH (_ IN CASE WHEN NOT created AND size(changed) > 0 THEN [1] ELSE [] END | SET c.updatedAt = datetime())
RETURN created, NOT created AND size(changed) > 0 AS updated, 'CaseFile' IN labels(c) AS isCase`

// SaveCaseFile creates a case file or updates its descriptive fields.
func (s *Store) SaveCaseFile(ctx context.Context, in graph.CaseFileInput) (graph.WriteResult, error) {
	props, err := in.Props()
	if err != nil {
		return graph.WriteResult{}, err
	}
	var res graph.WriteResult
	err = s.write(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "save_case_file", saveCaseFileCypher, map[string]any{"id": in.ID, "caseLabel": caseLabel(in.ID), "props": props})
		if err != nil {
			return err
		}
		if isCase, _ := recs[0].Values[2].(bool); !isCase {
			return fmt.Errorf("%w: id %s is taken by another kind of node", graph.ErrConflict, in.ID)
		}
		res = graph.WriteResult{ID: in.ID}
		res.Created, _ = recs[0].Values[0].(bool)
		res.Updated, _ = recs[0].Values[1].(bool)
		return nil
	})
	return res, err
}
