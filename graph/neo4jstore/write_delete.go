package neo4jstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/scamgraph/scamgraph/graph"
)

// Deleting an entity from a case withdraws that case's word about it: the
// case leaves the entity's sources and those of its relationships.
// Relationships no case asserts any more are deleted; the entity is deleted
// (with what still hangs on it) only when no case mentions it; identifiers
// it used lose the case when nothing else in that case uses them. Each
// relationship loses the case's claim under its write lock, and its own
// properties fall back to the remaining claims (withdrawLinkClaim).
var deleteFromCaseCypher = `
MATCH (n:Entity {id: $id}) WHERE $caseId IN n.sources
OPTIONAL MATCH (n)-[:USES]->(i:Identifier)
WITH n, collect(i.id) AS identifierIds
OPTIONAL MATCH (n)-[r]-() WHERE $caseId IN coalesce(r.sources, [])
WITH n, identifierIds, collect(r) AS rels
FOREACH (r IN rels | ` + withdrawLinkClaim + `)
WITH n, identifierIds, [r IN rels WHERE size(r.sources) = 0] AS empty
FOREACH (r IN empty | DELETE r)
SET n.sources = [s IN n.sources WHERE s <> $caseId], n.updatedAt = datetime()
FOREACH (k IN $caseKeys | SET n[k] = null)
REMOVE n:$($caseLabel)
WITH n, identifierIds, size(n.sources) = 0 AS gone
CALL (n, gone) { WITH n WHERE gone DETACH DELETE n }
RETURN gone, identifierIds`

// refreshIdentifiersCypher recomputes an identifier's sources from the USES
// relationships that remain, and drops identifiers nothing uses.
var refreshIdentifiersCypher = `
UNWIND $ids AS key
MATCH (i:Identifier {id: key})
OPTIONAL MATCH ()-[u:USES]->(i)
WITH i, collect(u) AS uses
WITH i, uses, reduce(acc = [], u IN uses | acc + [s IN u.sources WHERE NOT s IN acc]) AS sources
FOREACH (c IN [x IN coalesce(i.sources, []) WHERE NOT x IN sources] |
  REMOVE i:$('` + caseLabelPrefix + `' + c) SET i['` + graph.CreatedKeyPrefix + `' + c] = null, i['` + graph.UpdatedKeyPrefix + `' + c] = null)
SET i.sources = sources
WITH i, size(uses) = 0 AS unused
CALL (i, unused) { WITH i WHERE unused DETACH DELETE i }
RETURN count(*)`

// DeleteFromCase removes an entity from a case. label, if set, must be one
// of the entity's labels (deleteVictim deletes only victims). It reports
// whether the entity is gone from the graph.
func (s *Store) DeleteFromCase(ctx context.Context, caseID, id string, label graph.Label) (gone bool, err error) {
	err = s.write(ctx, func(r runner) error {
		labels, err := labelsOf(ctx, r, id)
		if err != nil {
			return err
		}
		ls, ok := labels[id]
		if !ok || (label != "" && !slices.Contains(ls, string(label))) || slices.Contains(ls, string(graph.KindCountry)) || slices.Contains(ls, string(graph.KindCaseFile)) {
			return fmt.Errorf("%s %q: %w", label, id, graph.ErrNotFound)
		}
		// What the entity keeps if other cases still mention it: their
		// word only (see afterRetraction), computed before the claim goes.
		// Locked before it is read, as in RetractCase.
		before, err := r.collect(ctx, "delete_from_case_read", `MATCH (n:Entity {id: $id}) SET n._lock = true REMOVE n._lock RETURN n`, map[string]any{"id": id})
		if err != nil || len(before) == 0 {
			return err
		}
		n := before[0].Values[0].(dbtypeNode)
		keep, _ := afterRetraction(n.Props, n.Labels, caseID)
		recs, err := r.collect(ctx, "delete_from_case", deleteFromCaseCypher, map[string]any{"id": id, "caseId": caseID, "caseLabel": caseLabel(caseID), "caseKeys": graph.PerCaseKeysOf(caseID)})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return fmt.Errorf("%s %q in case %q: %w", label, id, caseID, graph.ErrNotFound)
		}
		gone, _ = recs[0].Values[0].(bool)
		if !gone && keep != nil {
			if _, err := r.collect(ctx, "delete_from_case_keep", retractWriteCypher, map[string]any{
				"deletes": []string{}, "keeps": []map[string]any{keep}, "caseKeys": graph.PerCaseKeysOf(caseID), "caseLabel": caseLabel(caseID)}); err != nil {
				return err
			}
		}
		ids, _ := recs[0].Values[1].([]any)
		if len(ids) > 0 {
			_, err = r.collect(ctx, "refresh_identifiers", refreshIdentifiersCypher, map[string]any{"ids": ids})
		}
		return err
	})
	return gone, err
}
