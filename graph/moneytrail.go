package graph

import (
	"context"
	"slices"
	"sort"

	"github.com/shopspring/decimal"
)

// Bounds of a money trail.
const (
	MaxTrailHops  = 8
	MaxTrailPaths = 500
	maxTrailLinks = 5000
)

// TrailQuery asks for a money trail.
type TrailQuery struct {
	From        string
	Direction   string // OUT (where the money went), IN (where it came from), BOTH
	MaxHops     int
	Since       PartialDate
	Until       PartialDate
	MinAmount   *Decimal // compared with amountUsd where known, else amount
	TimeOrdered bool     // each hop dated on or after the one before (OUT) or before it (IN)
	First       int      // paths
}

// TrailHop is one payment or transfer of a trail.
type TrailHop struct {
	Link          Link
	FromID, ToID  string
	Amount        Decimal
	Currency      string
	AmountUsd     *Decimal
	Date          PartialDate
	FromWhere     string // country code, or "chain:TRON" for a wallet
	ToWhere       string
	CrossesBorder bool
}

// TrailPath is a chain of hops from the start, OUT (following the money)
// or IN (tracing where it came from).
type TrailPath struct {
	Direction string
	Hops      []TrailHop
	// ReachedMaxHops: the path was cut by maxHops, the money may go on.
	ReachedMaxHops bool
}

// Trail is the answer: the paths, the subgraph they draw, the accounts where
// money comes to rest, and totals in USD.
type Trail struct {
	Paths           []TrailPath
	Graph           Subgraph
	RestingAccounts []string
	// EnteredUsd sums the USD value of the first hops; RestingUsd of the
	// hops into resting accounts (each hop counted once).
	EnteredUsd, RestingUsd decimal.Decimal
	// UsdComplete is false when some hop has no USD value: the totals
	// then leave it out rather than mixing currencies.
	UsdComplete bool
	Truncated   bool
}

var trailStepQueries = map[string]string{
	"OUT": `
UNWIND $frontier AS fid
MATCH (a:Entity {id: fid})-[r:TRANSFERRED|PAID]->(b:BankAccount)
WHERE ` + visible("r") + ` AND ` + visible("b") + `
  AND ($since IS NULL OR ` + linkViewProp("r", "date") + ` >= $since) AND ($until IS NULL OR ` + linkViewProp("r", "date") + ` <= $until)
OPTIONAL MATCH (b)-[loc:LOCATED_IN]->(c:Country) WHERE ` + visible("loc") + `
RETURN fid, r, startNode(r).id AS from, endNode(r).id AS to, b AS far,
       CASE WHEN b.kind = 'CRYPTO_WALLET' THEN 'chain:' + coalesce(b.chain, '') ELSE c.code END AS farWhere
LIMIT $cap`,
	"IN": `
UNWIND $frontier AS fid
MATCH (a:Entity {id: fid})<-[r:TRANSFERRED|PAID]-(b:Entity)
WHERE ` + visible("r") + ` AND ` + visible("b") + `
  AND ($since IS NULL OR ` + linkViewProp("r", "date") + ` >= $since) AND ($until IS NULL OR ` + linkViewProp("r", "date") + ` <= $until)
OPTIONAL MATCH (b)-[loc:LOCATED_IN]->(c:Country) WHERE ` + visible("loc") + `
RETURN fid, r, startNode(r).id AS from, endNode(r).id AS to, b AS far,
       CASE WHEN b.kind = 'CRYPTO_WALLET' THEN 'chain:' + coalesce(b.chain, '') ELSE c.code END AS farWhere
LIMIT $cap`,
}

var whereOfCypher = `
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[loc:LOCATED_IN]->(c:Country) WHERE ` + visible("loc") + `
RETURN CASE WHEN n.kind = 'CRYPTO_WALLET' THEN 'chain:' + coalesce(n.chain, '') ELSE c.code END AS where`

// MoneyTrail follows money from an account or a victim along PAID and
// TRANSFERRED, hop by hop, one statement per hop, capped in paths and
// relationships (Truncated says when a cap cut it).
func (s *Store) MoneyTrail(ctx context.Context, scope Scope, q TrailQuery) (Trail, error) {
	var errs ValidationErrors
	if q.MaxHops < 1 || q.MaxHops > MaxTrailHops {
		errs.add("maxHops", "must be between 1 and %d", MaxTrailHops)
	}
	if q.First < 1 || q.First > MaxTrailPaths {
		errs.add("first", "must be between 1 and %d", MaxTrailPaths)
	}
	dirs := map[string][]string{"OUT": {"OUT"}, "IN": {"IN"}, "BOTH": {"OUT", "IN"}}[q.Direction]
	if dirs == nil {
		errs.add("direction", "one of OUT, IN, BOTH")
	}
	if err := errs.err(); err != nil {
		return Trail{}, err
	}
	start, err := s.Node(ctx, scope, q.From)
	if err != nil {
		return Trail{}, err
	}
	trail := Trail{Graph: Subgraph{Nodes: []Node{start}}, UsdComplete: true}
	nodes := map[string]bool{q.From: true}
	links := map[string]bool{}
	err = s.read(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "trail_where", whereOfCypher, scope.params(map[string]any{"id": q.From}))
		if err != nil {
			return err
		}
		startWhere, _ := recs[0].Values[0].(string)
		for _, dir := range dirs {
			if err := s.trailDirection(ctx, r, scope, q, dir, startWhere, &trail, nodes, links); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Trail{}, err
	}
	trail.totals()
	return trail, nil
}

// partial is a path being extended: its hops, its nodes (to refuse
// cycles) and the node it ends at.
type partial struct {
	hops  []TrailHop
	nodes []string
	at    string
	where string
}

func nullable(d PartialDate) any {
	if d == "" {
		return nil
	}
	return string(d)
}

func (s *Store) trailDirection(ctx context.Context, r runner, scope Scope, q TrailQuery, dir, startWhere string,
	trail *Trail, nodes, links map[string]bool) error {
	frontier := []partial{{at: q.From, where: startWhere, nodes: []string{q.From}}}
	for hop := 0; hop < q.MaxHops && len(frontier) > 0; hop++ {
		ids := map[string]bool{}
		var list []string
		for _, p := range frontier {
			if !ids[p.at] {
				ids[p.at] = true
				list = append(list, p.at)
			}
		}
		recs, err := r.collect(ctx, "trail_step", trailStepQueries[dir], scope.params(map[string]any{
			"frontier": list, "since": nullable(q.Since), "until": nullable(q.Until), "cap": maxTrailLinks + 1,
		}))
		if err != nil {
			return err
		}
		if len(recs) > maxTrailLinks {
			trail.Truncated = true
			recs = recs[:maxTrailLinks]
		}
		byNode := map[string][]TrailHop{}
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
			h := TrailHop{Link: l, FromID: from, ToID: to}
			h.ToWhere, _ = farWhere.(string)
			switch v := l.(type) {
			case *Transfer:
				h.Amount, h.Currency, h.AmountUsd, h.Date = v.Amount, v.Currency, v.AmountUsd, v.Date
			case *Payment:
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
		var next []partial
		for _, p := range frontier {
			extended := false
			for _, h := range byNode[p.at] {
				if q.TimeOrdered && len(p.hops) > 0 && !inOrder(p.hops[len(p.hops)-1].Date, h.Date, dir) {
					continue
				}
				h := h
				if dir == "OUT" {
					h.FromWhere = p.where
				} else {
					h.FromWhere, h.ToWhere = h.ToWhere, p.where
				}
				h.CrossesBorder = h.FromWhere != "" && h.ToWhere != "" && h.FromWhere != h.ToWhere
				farID, farWhere := h.ToID, h.ToWhere
				if dir == "IN" {
					farID, farWhere = h.FromID, h.FromWhere
				}
				if slices.Contains(p.nodes, farID) {
					continue // money going round in a circle: the path stops before it
				}
				np := partial{hops: append(append([]TrailHop{}, p.hops...), h), nodes: append(append([]string{}, p.nodes...), farID), at: farID, where: farWhere}
				next = append(next, np)
				extended = true
				if !links[h.Link.LinkID()] {
					links[h.Link.LinkID()] = true
					trail.Graph.Links = append(trail.Graph.Links, h.Link)
				}
			}
			if !extended && len(p.hops) > 0 {
				trail.addPath(dir, p, false, q.First)
			}
		}
		if len(next) > MaxTrailPaths {
			trail.Truncated = true
			next = next[:MaxTrailPaths]
		}
		frontier = next
	}
	for _, p := range frontier {
		trail.addPath(dir, p, true, q.First)
	}
	return nil
}

func (t *Trail) addPath(dir string, p partial, cut bool, first int) {
	if len(t.Paths) >= first {
		t.Truncated = true
		return
	}
	t.Paths = append(t.Paths, TrailPath{Direction: dir, Hops: p.hops, ReachedMaxHops: cut})
}

// inOrder: going OUT, money cannot leave before it arrived; going IN, the
// earlier hop must be dated on or before the later one. Partial dates
// compare as the strings they are, so 2024-10 is before 2024-10-03.
func inOrder(prev, next PartialDate, dir string) bool {
	if prev == "" || next == "" {
		return true
	}
	if dir == "OUT" {
		return next >= prev || (len(next) < len(prev) && prev[:len(next)] == next)
	}
	return next <= prev || (len(prev) < len(next) && next[:len(prev)] == prev)
}

// totals sums the USD values of the OUT paths: what entered the trail
// (first hops) and what reached the resting accounts (the last hops), each
// hop once. The accounts where OUT paths end are where the money rests.
func (t *Trail) totals() {
	first, last := map[string]TrailHop{}, map[string]TrailHop{}
	resting := map[string]bool{}
	for _, p := range t.Paths {
		if p.Direction != "OUT" {
			continue
		}
		h0, hn := p.Hops[0], p.Hops[len(p.Hops)-1]
		first[h0.Link.LinkID()] = h0
		last[hn.Link.LinkID()] = hn
		if !p.ReachedMaxHops {
			resting[hn.ToID] = true
		}
	}
	sum := func(hops map[string]TrailHop) decimal.Decimal {
		total := decimal.Zero
		for _, h := range hops {
			if h.AmountUsd == nil {
				t.UsdComplete = false
				continue
			}
			total = total.Add(h.AmountUsd.Value())
		}
		return total
	}
	t.EnteredUsd, t.RestingUsd = sum(first), sum(last)
	for id := range resting {
		t.RestingAccounts = append(t.RestingAccounts, id)
	}
	sort.Strings(t.RestingAccounts)
}
