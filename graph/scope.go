package graph

// Scope is the set of case files a caller may see. Every read takes one and
// filters inside the Cypher, so access control (issue: compartments) only has
// to build the right Scope. Countries are visible in every scope.
type Scope struct {
	all   bool
	cases []string
}

// AllCases sees everything: development mode and administrators.
func AllCases() Scope { return Scope{all: true} }

// OnlyCases sees the nodes and relationships mentioned by at least one of
// the given case files. An empty list sees nothing but countries.
func OnlyCases(caseIDs ...string) Scope {
	return Scope{cases: append([]string{}, caseIDs...)}
}

// Sees reports whether a record with these sources is visible.
func (s Scope) Sees(sources []string) bool {
	if s.all {
		return true
	}
	for _, src := range sources {
		for _, c := range s.cases {
			if src == c {
				return true
			}
		}
	}
	return false
}

// params is how a Scope travels to Cypher: `$scopeAll OR any(s IN n.sources
// WHERE s IN $scopeCases)`.
func (s Scope) params(p map[string]any) map[string]any {
	if p == nil {
		p = map[string]any{}
	}
	p["scopeAll"] = s.all
	cases := s.cases
	if cases == nil {
		cases = []string{}
	}
	p["scopeCases"] = cases
	return p
}

// visible is the Cypher predicate for a node or relationship variable v.
// It is concatenated only with constant variable names from this package.
func visible(v string) string {
	return "($scopeAll OR any(s IN coalesce(" + v + ".sources, []) WHERE s IN $scopeCases))"
}
