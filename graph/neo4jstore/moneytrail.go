package neo4jstore

import (
	"context"
	"slices"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// Bounds of a money trail.
const (
	MaxTrailHops  = 8
	MaxTrailPaths = 500
	maxTrailLinks = 5000
)

// trailStepTmpl is one hop of a money trail from the frontier's nodes, in
// the direction ARROW says: out of the frontier to accounts, or into it
// from any entity (a victim pays, an account transfers).
const trailStepTmpl = `
UNWIND $frontier AS fid
MATCH (a:Entity {id: fid})ARROW
WHERE VIS_R AND VIS_B
  AND ($since IS NULL OR DATE >= $since) AND ($until IS NULL OR DATE <= $until)
OPTIONAL MATCH (b)-[loc:LOCATED_IN]->(c:Country) WHERE VIS_LOC
RETURN fid, r, startNode(r).id AS from, endNode(r).id AS to, b AS far, WHERE_B AS farWhere
LIMIT $cap`

// trailStepQueries holds the statement of each direction.
var trailStepQueries = map[graph.TrailDirection]string{
	graph.TrailDirectionOut: trailStep("-[r:TRANSFERRED|PAID]->(b:BankAccount)"),
	graph.TrailDirectionIn:  trailStep("<-[r:TRANSFERRED|PAID]-(b:Entity)"),
}

func trailStep(arrow string) string {
	return strings.NewReplacer("ARROW", arrow, "VIS_R", visible("r"), "VIS_B", visible("b"), "VIS_LOC", visible("loc"),
		"DATE", linkViewProp("r", "date"), "WHERE_B", placeOf("b", "c")).Replace(trailStepTmpl)
}

// placeOf is where money sits, as a flow map draws it: the country of an
// account (c, its visible LOCATED_IN), or "chain:<chain>" for a crypto
// wallet, which has no country.
func placeOf(account, country string) string {
	return "CASE WHEN " + account + ".kind = 'CRYPTO_WALLET' THEN 'chain:' + coalesce(" + account + ".chain, '') ELSE " + country + ".code END"
}

var whereOfCypher = `
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[loc:LOCATED_IN]->(c:Country) WHERE ` + visible("loc") + `
RETURN ` + placeOf("n", "c") + ` AS where`

// MoneyTrail follows money from an account or a victim along PAID and
// TRANSFERRED, hop by hop, one statement per hop, capped in paths and
// relationships (Truncated says when a cap cut it).
func (s *Store) MoneyTrail(ctx context.Context, scope graph.Scope, q graph.TrailQuery) (graph.Trail, error) {
	var errs graph.ValidationErrors
	errs.Within("maxHops", q.MaxHops, 1, MaxTrailHops)
	errs.Within("first", q.First, 1, MaxTrailPaths)
	dirs := map[graph.TrailDirection][]graph.TrailDirection{
		graph.TrailDirectionOut:  {graph.TrailDirectionOut},
		graph.TrailDirectionIn:   {graph.TrailDirectionIn},
		graph.TrailDirectionBoth: {graph.TrailDirectionOut, graph.TrailDirectionIn},
	}[q.Direction]
	if dirs == nil {
		errs.Add("direction", "one of OUT, IN, BOTH")
	}
	if err := errs.Err(); err != nil {
		return graph.Trail{}, err
	}
	start, err := s.Node(ctx, scope, q.From)
	if err != nil {
		return graph.Trail{}, err
	}
	trail := graph.Trail{Graph: graph.Subgraph{Nodes: []graph.Node{start}}, UsdComplete: true}
	nodes := map[string]bool{q.From: true}
	links := map[string]bool{}
	err = s.read(ctx, func(r runner) error {
		startIDs := []string{q.From}
		if q.SameAs {
			// The money of an entity's other names is its money: the
			// trail starts from each of them, joined by their SAME_AS pairs.
			clusters, err := sameAsClusters(ctx, r, scope, []string{q.From})
			if err != nil {
				return err
			}
			for _, n := range clusters[q.From].nodes {
				nodes[n.GetID()] = true
				trail.Graph.Nodes = append(trail.Graph.Nodes, n)
				startIDs = append(startIDs, n.GetID())
			}
			for _, l := range clusters[q.From].links {
				links[l.LinkID()] = true
				trail.Graph.Links = append(trail.Graph.Links, l)
			}
		}
		var starts []graph.PartialPath
		for _, id := range startIDs {
			recs, err := r.collect(ctx, "trail_where", whereOfCypher, scopeParams(scope, map[string]any{"id": id}))
			if err != nil {
				return err
			}
			where := ""
			if len(recs) > 0 {
				where, _ = recs[0].Values[0].(string)
			}
			starts = append(starts, graph.PartialPath{At: id, Where: where, Nodes: []string{id}})
		}
		for _, dir := range dirs {
			if err := s.trailDirection(ctx, r, scope, q, dir, starts, &trail, nodes, links); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return graph.Trail{}, err
	}
	trail.Totals()
	return trail, nil
}

func nullable(d graph.PartialDate) any {
	if d == "" {
		return nil
	}
	return string(d)
}

func (s *Store) trailDirection(ctx context.Context, r runner, scope graph.Scope, q graph.TrailQuery, dir graph.TrailDirection, starts []graph.PartialPath,
	trail *graph.Trail, nodes, links map[string]bool) error {
	frontier := starts
	for hop := 0; hop < q.MaxHops && len(frontier) > 0; hop++ {
		ids := map[string]bool{}
		var list []string
		for _, p := range frontier {
			if !ids[p.At] {
				ids[p.At] = true
				list = append(list, p.At)
			}
		}
		recs, err := r.collect(ctx, "trail_step", trailStepQueries[dir], scopeParams(scope, map[string]any{
			"frontier": list, "since": nullable(q.Since), "until": nullable(q.Until), "cap": maxTrailLinks + 1,
		}))
		if err != nil {
			return err
		}
		if len(recs) > maxTrailLinks {
			trail.Truncated = true
			recs = recs[:maxTrailLinks]
		}
		byNode := map[string][]graph.TrailHop{}
		for _, rec := range recs {
			fid, _ := rec.Get("fid")
			l, err := linkFromRecord(rec, scope)
			if err != nil {
				return err
			}
			far, err := asNode(rec, "far", scope)
			if err != nil {
				return err
			}
			farWhere, _ := rec.Get("farWhere")
			from, to := l.Ends()
			h := graph.TrailHop{Link: l, FromID: from, ToID: to}
			h.ToWhere, _ = farWhere.(string)
			switch v := l.(type) {
			case *graph.Transfer:
				h.Amount, h.Currency, h.AmountUsd, h.Date = v.Amount, v.Currency, v.AmountUsd, v.Date
			case *graph.Payment:
				h.Amount, h.Currency, h.AmountUsd, h.Date = v.Amount, v.Currency, v.AmountUsd, v.Date
			}
			if q.MinAmount != nil {
				value := h.Amount
				if h.AmountUsd != nil {
					value = *h.AmountUsd
				}
				if value.Value().LessThan(q.MinAmount.Value()) {
					continue
				}
			}
			if !nodes[far.GetID()] {
				nodes[far.GetID()] = true
				trail.Graph.Nodes = append(trail.Graph.Nodes, far)
			}
			byNode[fid.(string)] = append(byNode[fid.(string)], h)
		}
		var next []graph.PartialPath
		for _, p := range frontier {
			extended := false
			for _, h := range byNode[p.At] {
				if q.TimeOrdered && len(p.Hops) > 0 && !graph.DatedInOrder(p.Hops[len(p.Hops)-1].Date, h.Date, dir) {
					continue
				}
				h := h
				if dir == graph.TrailDirectionOut {
					h.FromWhere = p.Where
				} else {
					h.FromWhere, h.ToWhere = h.ToWhere, p.Where
				}
				h.CrossesBorder = h.FromWhere != "" && h.ToWhere != "" && h.FromWhere != h.ToWhere
				farID, farWhere := h.ToID, h.ToWhere
				if dir == graph.TrailDirectionIn {
					farID, farWhere = h.FromID, h.FromWhere
				}
				if slices.Contains(p.Nodes, farID) {
					continue // money going round in a circle: the path stops before it
				}
				np := graph.PartialPath{Hops: append(append([]graph.TrailHop{}, p.Hops...), h), Nodes: append(append([]string{}, p.Nodes...), farID), At: farID, Where: farWhere}
				next = append(next, np)
				extended = true
				if !links[h.Link.LinkID()] {
					links[h.Link.LinkID()] = true
					trail.Graph.Links = append(trail.Graph.Links, h.Link)
				}
			}
			if !extended && len(p.Hops) > 0 {
				trail.AddPath(dir, p, false, q.First)
			}
		}
		if len(next) > MaxTrailPaths {
			trail.Truncated = true
			next = next[:MaxTrailPaths]
		}
		frontier = next
	}
	for _, p := range frontier {
		trail.AddPath(dir, p, true, q.First)
	}
	return nil
}
