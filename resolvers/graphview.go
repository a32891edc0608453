package resolvers

import (
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

func graphNode(n graph.Node) *model.GraphNode {
	d := graph.Draw(n)
	return &model.GraphNode{ID: d.ID, Type: d.Type, Label: d.Label, Roles: d.Roles, Properties: d.Properties, Node: n}
}

func graphEdge(l graph.Link) *model.GraphEdge {
	from, to := l.Ends()
	props := graph.LinkProperties(l)
	delete(props, "sources")
	return &model.GraphEdge{ID: l.LinkID(), Type: l.LinkType(), Source: from, Target: to, Properties: props, CaseIds: graph.LinkCases(l)}
}

func graphModel(sg graph.Subgraph) *model.Graph {
	out := &model.Graph{Nodes: []*model.GraphNode{}, Edges: []*model.GraphEdge{}, Truncated: sg.Truncated}
	for _, n := range sg.Nodes {
		out.Nodes = append(out.Nodes, graphNode(n))
	}
	for _, l := range sg.Links {
		out.Edges = append(out.Edges, graphEdge(l))
	}
	return out
}

func pathModel(p graph.Path) *model.GraphPath {
	out := &model.GraphPath{Hops: len(p.Links), Nodes: []*model.GraphNode{}, Edges: []*model.GraphEdge{}}
	for _, n := range p.Nodes {
		out.Nodes = append(out.Nodes, graphNode(n))
	}
	for _, l := range p.Links {
		out.Edges = append(out.Edges, graphEdge(l))
	}
	return out
}
