package graph

// MaxPageSize is the largest page a list returns. Asking for more is an
// error, not a silent cut, so a client never mistakes a page for the whole.
const MaxPageSize = 100

// ListFilter narrows a list. Empty fields do not filter.
type ListFilter struct {
	NameContains string // name, title or any alias, case-insensitive
	Country      string // ISO code: nationality or location
	Status       string
	Kind         string
	CaseID       string // mentioned by this case file
	Region       string // countries only
}

// SortOrder is a sort field from sortKeys and a direction.
type SortOrder struct {
	Field      ListOrderField
	Descending bool
}

// ListQuery asks for one page of a label.
type ListQuery struct {
	Label  Label
	Filter ListFilter
	Order  SortOrder
	First  int
	After  string // cursor from a previous page
}

// Page is one page of nodes with the cursors to continue.
type Page struct {
	Nodes       []Node
	Cursors     []string
	HasNextPage bool
}

// EdgeItem is one relationship of a node with the node at its far end.
type EdgeItem struct {
	Link Link
	Far  Node
}

// EdgePage is the relationships of one type and direction of one node,
// capped at edgesPerNode; Truncated says the cap cut it.
type EdgePage struct {
	Items     []EdgeItem
	Truncated bool
}
