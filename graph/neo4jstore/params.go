package neo4jstore

// How graph's values travel to Cypher: the reader's scope, a case's
// per-case property names, lists that must not be null.

import (
	"github.com/scamgraph/scamgraph/graph"
)

// scopeParams is how a Scope travels to Cypher: `$scopeAll OR any(s IN n.sources
// WHERE s IN $scopeCases)`.
func scopeParams(s graph.Scope, p map[string]any) map[string]any {
	if p == nil {
		p = map[string]any{}
	}
	p["scopeAll"] = s.SeesAll()
	// In order: statements that compute what a reader is shown take the
	// first visible claim by case id, as ViewProps does.
	p["scopeCases"] = nonNil(s.SortedScopeCases())
	p["redactVictim"] = s.RedactsVictimDetails()
	return p
}

// visible is the Cypher predicate for a node or relationship variable v:
// one of its cases is in scope, and it is not a victim's identifier that
// the scope must not see (victimData is set on identifiers of sensitive
// kinds that a victim uses, see markVictimData). It is concatenated only
// with constant variable names from this package.
func visible(v string) string {
	return "(($scopeAll OR any(s IN coalesce(" + v + ".sources, []) WHERE s IN $scopeCases))" +
		" AND NOT ($redactVictim AND coalesce(" + v + ".victimData, false)))"
}

// caseKeyParams are the statement parameters naming a case's per-case
// properties: $claimKey, $namesKey, $sortKey, $createdKey, $updatedKey.
func caseKeyParams(caseID string, p map[string]any) map[string]any {
	if p == nil {
		p = map[string]any{}
	}
	p["claimKey"] = graph.ClaimKey(caseID)
	p["namesKey"] = graph.NamesKeyPrefix + caseID
	p["sortKey"] = graph.SortKeyPrefix + caseID
	p["createdKey"] = graph.CreatedKeyPrefix + caseID
	p["updatedKey"] = graph.UpdatedKeyPrefix + caseID
	return p
}

// nonNil gives Neo4j an empty list where Go has nil (a nil slice is sent
// as null, which UNWIND and list functions treat differently).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
