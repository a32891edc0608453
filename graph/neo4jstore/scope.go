package neo4jstore

import (
	"github.com/scamgraph/scamgraph/graph"
)

// params is how a Scope travels to Cypher: `$scopeAll OR any(s IN n.sources
// WHERE s IN $scopeCases)`.
func scopeParams(s graph.Scope, p map[string]any) map[string]any {
	if p == nil {
		p = map[string]any{}
	}
	p["scopeAll"] = s.SeesAll()
	// In order: statements that compute what a reader is shown take the
	// first visible claim by case id, as ViewProps does.
	p["scopeCases"] = s.SortedScopeCases()
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
