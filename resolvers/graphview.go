package resolvers

import (
	"context"
	"sort"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

func graphNode(n graph.Node) *model.GraphNode {
	d := graph.Describe(n)
	return &model.GraphNode{ID: d.ID, Type: string(d.Type), Label: d.Label, Roles: d.Roles, Node: n}
}

func graphEdge(l graph.Link) *model.GraphEdge {
	from, to := l.Ends()
	return &model.GraphEdge{ID: l.LinkID(), Type: l.LinkType(), Source: from, Target: to, CaseIds: graph.LinkCases(l), Link: l}
}

// edgeProperties are a drawn relationship's properties; its cases are a
// field of their own (caseIds).
func edgeProperties(l graph.Link) map[string]any {
	props := graph.LinkProperties(l)
	delete(props, "sources")
	return props
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

func trailModel(ctx context.Context, t graph.Trail) (*model.MoneyTrail, error) {
	out := &model.MoneyTrail{Graph: graphModel(t.Graph), Paths: []*model.MoneyTrailPath{}, RestingAccounts: []*graph.BankAccount{},
		UsdComplete: t.UsdComplete, Truncated: t.Truncated}
	entered, resting := graph.Decimal(t.EnteredUsd.String()), graph.Decimal(t.RestingUsd.String())
	out.EnteredUsd, out.RestingUsd = &entered, &resting
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	for _, p := range t.Paths {
		mp := &model.MoneyTrailPath{Direction: p.Direction, ReachedMaxHops: p.ReachedMaxHops, Hops: []*model.MoneyTrailHop{}}
		for _, h := range p.Hops {
			date := h.Date
			mp.Hops = append(mp.Hops, &model.MoneyTrailHop{ID: h.Link.LinkID(), Type: h.Link.LinkType(), From: h.FromID, To: h.ToID,
				Amount: h.Amount, Currency: h.Currency, AmountUsd: h.AmountUsd, Date: &date,
				FromWhere: opt(h.FromWhere), ToWhere: opt(h.ToWhere), CrossesBorder: h.CrossesBorder})
		}
		out.Paths = append(out.Paths, mp)
	}
	for _, id := range t.RestingAccounts {
		a, err := nodeAs[graph.BankAccount](ctx, id)
		if err != nil {
			return nil, err
		}
		if a != nil {
			out.RestingAccounts = append(out.RestingAccounts, a)
		}
	}
	return out, nil
}

func caseLinksModel(ctx context.Context, overlaps []graph.CaseOverlap) ([]*model.CaseLink, error) {
	out := make([]*model.CaseLink, 0, len(overlaps))
	for _, o := range overlaps {
		details, err := nodeAs[graph.CaseFile](ctx, o.CaseID) // nil outside the caller's scope
		if err != nil {
			return nil, err
		}
		shared := o.Shared
		if shared == nil {
			shared = []graph.Node{}
		}
		out = append(out, &model.CaseLink{CaseFile: &model.CaseHit{ID: o.CaseID, Agency: o.Agency, Details: details},
			Shared: shared, SharedCount: o.SharedCount})
	}
	return out, nil
}

func flowsModel(ctx context.Context, flows []graph.Flow, money bool) ([]*model.CountryFlow, error) {
	place := func(code string) (*model.FlowPlace, error) {
		p := &model.FlowPlace{Code: code}
		if len(code) == 2 {
			c, err := nodeAs[graph.Country](ctx, graph.CountryID(code))
			if err != nil {
				return nil, err
			}
			p.Country = c
		}
		return p, nil
	}
	out := make([]*model.CountryFlow, 0, len(flows))
	for _, f := range flows {
		from, err := place(f.From)
		if err != nil {
			return nil, err
		}
		to, err := place(f.To)
		if err != nil {
			return nil, err
		}
		m := &model.CountryFlow{From: from, To: to, Count: f.Count, Sums: []*model.CurrencySum{}}
		if money {
			usd := graph.Decimal(f.SumUsd.String())
			m.SumUsd = &usd
		}
		for cur, amount := range f.ByCurrency {
			m.Sums = append(m.Sums, &model.CurrencySum{Currency: cur, Amount: graph.Decimal(amount.String())})
		}
		sort.Slice(m.Sums, func(i, j int) bool { return m.Sums[i].Currency < m.Sums[j].Currency })
		out = append(out, m)
	}
	return out, nil
}
