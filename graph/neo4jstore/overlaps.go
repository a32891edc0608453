package neo4jstore

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
)

// maxSharedPerCase caps the shared nodes listed per overlapping case.
const maxSharedPerCase = 200

// The overlap statements look at every case on purpose: a hit in a case
// outside the caller's scope is reported as its id and agency only (the
// deliberate exception of access control), and the shared nodes are
// filtered to the scope in Go before they leave this package. A victim's
// identifier that the scope must not see (a VIEWER's) is left out in the
// statement, so that it is neither counted nor makes a hit.
// It starts from the case's label (CASE_LABEL, see caseStatement): a scan
// of the case's nodes, not of every entity.
const caseOverlapsTmpl = `
MATCH (n:CASE_LABEL)
WHERE NOT n:CaseFile AND size(n.sources) > 1 AND NOT ($redactVictim AND coalesce(n.victimData, false))
UNWIND n.sources AS other
WITH n, other WHERE other <> $caseId
MATCH (c:CaseFile {id: other})
WITH c, collect(n) AS shared
RETURN c.id AS caseId, c.agency AS agency, shared[..$cap] AS shared, size(shared) AS total
ORDER BY total DESC, caseId
LIMIT 500`

var linkedCasesCypher = `
MATCH (x:Entity {id: $id})
OPTIONAL MATCH (x)-[u:USES|HOLDS]->(k:Entity) WHERE (k:Identifier OR k:BankAccount) AND ` + visible("u") + ` AND ` + visible("k") + `
WITH x, collect(DISTINCT k) + [x] AS keys
UNWIND keys AS k
UNWIND k.sources AS other
MATCH (c:CaseFile {id: other})
WITH c, collect(DISTINCT k) AS shared
RETURN c.id AS caseId, c.agency AS agency, shared[..$cap] AS shared, size(shared) AS total
ORDER BY total DESC, caseId
LIMIT 500`

// CaseOverlaps lists the other cases that mention entities of caseID
// (shared accounts, phones, handles, passports meet on one node).
func (s *Store) CaseOverlaps(ctx context.Context, scope graph.Scope, caseID string) ([]graph.CaseOverlap, error) {
	if _, err := s.Node(ctx, scope, caseID); err != nil {
		return nil, err
	}
	cypher, ok := caseStatement(caseOverlapsTmpl, caseID)
	if !ok {
		return []graph.CaseOverlap{}, nil
	}
	return s.overlaps(ctx, scope, "case_overlaps", cypher, scopeParams(scope, map[string]any{"caseId": caseID, "cap": maxSharedPerCase}))
}

// LinkedCases lists the cases that mention an entity or one of the
// identifiers and accounts it uses or holds.
func (s *Store) LinkedCases(ctx context.Context, scope graph.Scope, id string) ([]graph.CaseOverlap, error) {
	if _, err := s.Node(ctx, scope, id); err != nil {
		return nil, err
	}
	return s.overlaps(ctx, scope, "linked_cases", linkedCasesCypher, scopeParams(scope, map[string]any{"id": id, "cap": maxSharedPerCase}))
}

func (s *Store) overlaps(ctx context.Context, scope graph.Scope, name, cypher string, params map[string]any) ([]graph.CaseOverlap, error) {
	recs, err := s.readRecords(ctx, name, cypher, params)
	if err != nil {
		return nil, err
	}
	out := []graph.CaseOverlap{}
	for _, rec := range recs {
		o := graph.CaseOverlap{CaseID: rec.Values[0].(string)}
		o.Agency, _ = rec.Values[1].(string)
		total, _ := rec.Values[3].(int64)
		o.SharedCount = int(total)
		for _, v := range rec.Values[2].([]any) {
			raw := v.(dbtypeNode)
			if !scope.SeesProps(raw.Props) {
				continue
			}
			n, err := decodeNode(raw, scope)
			if err != nil {
				return nil, err
			}
			o.Shared = append(o.Shared, n)
		}
		if !scope.Sees([]string{o.CaseID}) {
			// A hit outside the scope says that, not how much or what.
			o.SharedCount, o.Shared = 0, nil
			scope.Reads().CrossCaseHit(o.CaseID)
		}
		out = append(out, o)
	}
	return out, nil
}
