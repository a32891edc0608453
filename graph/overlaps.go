package graph

// CaseOverlap is another case that knows some of the same entities: its id
// and agency (always: this is how agencies find each other) and the shared
// nodes the caller's scope may see.
type CaseOverlap struct {
	CaseID      string
	Agency      string
	Shared      []Node
	SharedCount int
}

// seesProps is visible() in Go, for a stored node's properties.
func (s Scope) SeesProps(props map[string]any) bool {
	if s.redactVictims {
		if marked, _ := props["victimData"].(bool); marked {
			return false
		}
	}
	return s.all || len(s.visibleSources(props)) > 0
}
