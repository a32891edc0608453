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

// caseFileMode says what saveCaseFile expects to find.
type caseFileMode int

const (
	createOrUpdate caseFileMode = iota // the importer: a file's header describes its case
	createOnly                         // createCaseFile: an existing id is a conflict
	updateOnly                         // updateCaseFile: a missing id is not found
)

// SaveCaseFile creates a case file or updates its descriptive fields: the
// importer's, for which a file's header is the case's description, again
// on every import of the file.
func (s *Store) SaveCaseFile(ctx context.Context, in graph.CaseFileInput) (graph.WriteResult, error) {
	props, err := in.Props()
	if err != nil {
		return graph.WriteResult{}, err
	}
	return s.saveCaseFile(ctx, in.ID, props, createOrUpdate)
}

// CreateCaseFile creates a case file. An id that exists is ErrConflict and
// nothing changes: the API's createCaseFile must not quietly retitle a
// case someone else opened under the same number (updateCaseFile is the
// deliberate change).
func (s *Store) CreateCaseFile(ctx context.Context, in graph.CaseFileInput) (graph.WriteResult, error) {
	props, err := in.Props()
	if err != nil {
		return graph.WriteResult{}, err
	}
	return s.saveCaseFile(ctx, in.ID, props, createOnly)
}

// UpdateCaseFile changes the given fields of an existing case file; one
// that does not exist is ErrNotFound and nothing is created.
func (s *Store) UpdateCaseFile(ctx context.Context, id string, in graph.CaseFileUpdateInput) (graph.WriteResult, error) {
	props, err := in.Props(id)
	if err != nil {
		return graph.WriteResult{}, err
	}
	return s.saveCaseFile(ctx, id, props, updateOnly)
}

// saveCaseFile runs saveCaseFileCypher in one write transaction; when what
// it finds is not what mode expects, it returns an error, which rolls the
// transaction back: the check and the write are one atomic step, so two
// creates of one id at once give one case and one CONFLICT.
func (s *Store) saveCaseFile(ctx context.Context, id string, props map[string]any, mode caseFileMode) (graph.WriteResult, error) {
	var res graph.WriteResult
	err := s.write(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "save_case_file", saveCaseFileCypher, map[string]any{"id": id, "caseLabel": caseLabel(id), "props": props})
		if err != nil {
			return err
		}
		if isCase, _ := recs[0].Values[2].(bool); !isCase {
			return fmt.Errorf("%w: id %s is taken by another kind of node", graph.ErrConflict, id)
		}
		res = graph.WriteResult{ID: id}
		res.Created, _ = recs[0].Values[0].(bool)
		res.Updated, _ = recs[0].Values[1].(bool)
		switch {
		case mode == createOnly && !res.Created:
			return fmt.Errorf("%w: case file %s exists; change it with updateCaseFile", graph.ErrConflict, id)
		case mode == updateOnly && res.Created:
			return fmt.Errorf("%w: case file %s", graph.ErrNotFound, id)
		}
		return nil
	})
	if err != nil {
		return graph.WriteResult{}, err
	}
	return res, nil
}
