package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/scamgraph/scamgraph/graph"
)

var claimsCypher = `
UNWIND $ids AS key
MATCH (n:Entity {id: key})
UNWIND [k IN keys(n) WHERE k STARTS WITH 'claim:'] AS claimKey
WITH n, key, substring(claimKey, 6) AS caseId, n[claimKey] AS claim
WHERE $scopeAll OR caseId IN $scopeCases
RETURN key, caseId, claim, n.sources AS sources, n.consentToShare AS consent, n.ownCase AS ownCase
ORDER BY caseId`

// Claims returns, for each id, the claims of the visible case files.
func (s *Store) Claims(ctx context.Context, scope graph.Scope, ids []string) (map[string][]graph.Claim, error) {
	if len(ids) > maxIDsPerLookup {
		return nil, fmt.Errorf("lookup of %d ids exceeds the limit of %d", len(ids), maxIDsPerLookup)
	}
	recs, err := s.readRecords(ctx, "claims", claimsCypher, scopeParams(scope, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := map[string][]graph.Claim{}
	sources := map[string][]any{}
	consent := map[string]any{}
	owner := map[string]any{}
	for _, rec := range recs {
		key := rec.Values[0].(string)
		var cj graph.ClaimJSON
		if err := json.Unmarshal([]byte(rec.Values[2].(string)), &cj); err != nil {
			return nil, fmt.Errorf("claim of %s on %s: %w", rec.Values[1], key, err)
		}
		out[key] = append(out[key], graph.Claim{CaseID: rec.Values[1].(string), Props: cj.Props, Roles: cj.Roles})
		sources[key], _ = rec.Values[3].([]any)
		consent[key] = rec.Values[4]
		owner[key] = rec.Values[5]
	}
	for key, claims := range out {
		props := map[string]any{"sources": sources[key], "ownCase": owner[key]}
		if consent[key] != nil {
			props["consentToShare"] = consent[key]
		}
		scope.ProtectVictimClaims(claims, props)
	}
	return out, nil
}
