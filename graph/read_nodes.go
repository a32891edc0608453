package graph

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
