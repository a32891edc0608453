package graph

// RetractResult says what retracting a case did.
type RetractResult struct {
	CaseID       string
	NodesDeleted int // entities and identifiers no other case mentions
	NodesKept    int // entities other cases still mention, without this case's word
	LinksDeleted int // relationships no other case asserts
}
