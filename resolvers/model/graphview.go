package model

import "github.com/scamgraph/scamgraph/graph"

// GraphNode and GraphEdge are written by hand (not generated) so that they
// carry the node or relationship they draw: properties, the costliest
// field to build (a map of every property), is then resolved only when a
// client asks for it; a link chart of 500 nodes that asks for ids, types
// and labels does not build 1,000 maps.

// GraphNode is a node as a link chart draws it.
type GraphNode struct {
	ID    string
	Type  string
	Label string
	Roles []graph.Role
	Node  graph.Node
}

// GraphEdge is a relationship as a link chart draws it.
type GraphEdge struct {
	ID      string
	Type    graph.RelType
	Source  string
	Target  string
	CaseIds []string
	Link    graph.Link
}
