package graph

import (
	"fmt"
	"slices"
)

// Subgraph is a bounded piece of the graph for a link chart: nodes, the
// relationships between them, and whether a cap cut it.
type Subgraph struct {
	Nodes     []Node
	Links     []Link
	Truncated bool
}

// CountryLinkTypes join any two people of one nationality in two hops;
// traversals leave them out unless asked.
var CountryLinkTypes = []string{"NATIONAL_OF", "LOCATED_IN", "TRANSITED"}

// checkLinkTypes validates a requested list of relationship types; empty
// means every type, or every type but the country links when
// withCountries is false.
func CheckLinkTypes(types []string, withCountries bool) ([]string, error) {
	if len(types) == 0 {
		for _, t := range LinkTypes() {
			if withCountries || !slices.Contains(CountryLinkTypes, t) {
				types = append(types, t)
			}
		}
		return types, nil
	}
	for _, t := range types {
		if _, ok := LinkRules[t]; !ok {
			return nil, &ValidationError{Field: "relationshipTypes", Reason: fmt.Sprintf("unknown relationship type; the types are %v", LinkTypes())}
		}
	}
	return types, nil
}

// Path is an ordered walk: Nodes[i] and Nodes[i+1] are joined by Links[i].
type Path struct {
	Nodes []Node
	Links []Link
}

// MaxCaseExport caps the nodes and relationships of a case export.
const MaxCaseExport = 20000
