package neo4jstore

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
)

const labelsOfCypher = `
UNWIND $ids AS key
OPTIONAL MATCH (n:Entity {id: key})
RETURN key, labels(n) AS labels`

const caseCountryCypher = `MATCH (c:CaseFile {id: $caseId}) RETURN coalesce(c.country, '') AS country`

// caseRegion returns the country of a case (the default region of phone
// numbers written in national form) or a validation error naming caseId.
func caseRegion(ctx context.Context, r runner, caseID string) (string, error) {
	recs, err := r.collect(ctx, "case_country", caseCountryCypher, map[string]any{"caseId": caseID})
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return "", &graph.ValidationError{Field: "input.caseId", Reason: "no such case file; create it first (createCaseFile)"}
	}
	c, _ := recs[0].Values[0].(string)
	return c, nil
}

// existing is what a batch needs to know of a node before writing it.
type existing struct {
	labels []string
	claim  string // this case's claim, "" if none
	erased bool   // a victim whose personal data was erased (see ErasureTombstone)
}

// existingOfCypher locks the existing nodes (a property write takes the
// node's write lock until the transaction ends) before it reads this
// case's claim, so that no other writer changes the claim between this
// read and the write that merges into it. It also tells an erased person
// by the tombstone, which outlives the node.
const existingOfCypher = `
UNWIND $ids AS key
OPTIONAL MATCH (n:Entity {id: key})
FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END | SET n._lock = true REMOVE n._lock)
WITH key, n, EXISTS { MATCH (:ErasureTombstone {id: key}) } AS erased
WHERE n IS NOT NULL OR erased
RETURN key, coalesce(labels(n), []) AS labels, coalesce(n[$claimKey], '') AS claim, erased`

// existingOf returns, locked, the labels and this case's claim of existing
// nodes, and whether an id was erased (absent ids never erased are absent).
func existingOf(ctx context.Context, r runner, caseID string, ids ...string) (map[string]existing, error) {
	recs, err := r.collect(ctx, "existing_of", existingOfCypher, map[string]any{"ids": ids, "claimKey": graph.ClaimKey(caseID)})
	if err != nil {
		return nil, err
	}
	out := make(map[string]existing, len(recs))
	for _, rec := range recs {
		var ex existing
		for _, l := range rec.Values[1].([]any) {
			ex.labels = append(ex.labels, l.(string))
		}
		ex.claim, _ = rec.Values[2].(string)
		ex.erased, _ = rec.Values[3].(bool)
		out[rec.Values[0].(string)] = ex
	}
	return out, nil
}

// labelsOf returns the labels of existing nodes (absent ids have none).
func labelsOf(ctx context.Context, r runner, ids ...string) (map[string][]string, error) {
	recs, err := r.collect(ctx, "labels_of", labelsOfCypher, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, rec := range recs {
		key, _ := rec.Get("key")
		ls, _ := rec.Get("labels")
		if ls == nil {
			continue
		}
		var labels []string
		for _, l := range ls.([]any) {
			labels = append(labels, l.(string))
		}
		out[key.(string)] = labels
	}
	return out, nil
}
