package graph

import (
	"context"
	"sort"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// HubQuery asks which entities are the hubs.
type HubQuery struct {
	// Type: RECRUITER, ACCOUNT, COMPOUND, PERSON, ORGANIZATION, IDENTIFIER or ANY.
	Type string
	// Metric: VICTIMS_RECRUITED, MONEY_RECEIVED (USD), DISTINCT_PAYERS,
	// VICTIMS_HELD over the whole (visible) graph or one case; DEGREE,
	// PAGERANK, BETWEENNESS over a bounded subgraph: a case, or the
	// neighbourhood of Around within Depth hops.
	Metric string
	CaseID string
	Around string
	Depth  int
	First  int
}

// Hub is a ranked entity.
type Hub struct {
	Node  Node
	Score float64
}

const maxHubs = 100

var domainHubQueries = map[string]string{
	"VICTIMS_RECRUITED": `
MATCH (n:Recruiter)-[x:RECRUITED]->(v:Victim)
WHERE ` + visible("n") + ` AND ` + visible("x") + ` AND ` + visible("v") + ` AND ($caseId IS NULL OR $caseId IN x.sources)
RETURN n, toFloat(count(DISTINCT v)) AS score ORDER BY score DESC, n.id LIMIT $first`,
	"MONEY_RECEIVED": `
MATCH (n:BankAccount)<-[x:TRANSFERRED|PAID]-(p:Entity)
WHERE ` + visible("n") + ` AND ` + visible("x") + ` AND ($caseId IS NULL OR $caseId IN x.sources)
WITH n, ` + linkViewProp("x", "amountUsd") + ` AS usd WHERE usd IS NOT NULL
RETURN n, sum(toFloat(usd)) AS score ORDER BY score DESC, n.id LIMIT $first`,
	"DISTINCT_PAYERS": `
MATCH (n:BankAccount)<-[x:TRANSFERRED|PAID]-(p:Entity)
WHERE ` + visible("n") + ` AND ` + visible("x") + ` AND ` + visible("p") + ` AND ($caseId IS NULL OR $caseId IN x.sources)
RETURN n, toFloat(count(DISTINCT p)) AS score ORDER BY score DESC, n.id LIMIT $first`,
	"VICTIMS_HELD": `
MATCH (n:Compound)<-[x:HELD_AT]-(v:Victim)
WHERE ` + visible("n") + ` AND ` + visible("x") + ` AND ` + visible("v") + ` AND ($caseId IS NULL OR $caseId IN x.sources)
RETURN n, toFloat(count(DISTINCT v)) AS score ORDER BY score DESC, n.id LIMIT $first`,
}

// metricTypes: the entity type each domain metric ranks.
var metricTypes = map[string]string{
	"VICTIMS_RECRUITED": "RECRUITER", "MONEY_RECEIVED": "ACCOUNT", "DISTINCT_PAYERS": "ACCOUNT", "VICTIMS_HELD": "COMPOUND",
}

// Hubs ranks entities by a metric. The structural metrics use gonum's
// graph algorithms on a bounded subgraph, with the country links left out
// (through a country everyone of one nationality would be a hub).
func (s *Store) Hubs(ctx context.Context, scope Scope, q HubQuery) ([]Hub, error) {
	var errs ValidationErrors
	if q.First < 1 || q.First > maxHubs {
		errs.add("first", "must be between 1 and %d", maxHubs)
	}
	if want, ok := metricTypes[q.Metric]; ok && q.Type != "" && q.Type != want {
		errs.add("type", "%s ranks %s entities", q.Metric, want)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	if q.CaseID != "" && !scope.SeesCase(q.CaseID) {
		return []Hub{}, nil // ranking by a hidden case would tell what it holds
	}
	if cypher, ok := domainHubQueries[q.Metric]; ok {
		caseID := any(nil)
		if q.CaseID != "" {
			caseID = q.CaseID
		}
		recs, err := s.readRecords(ctx, "hubs_"+q.Metric, cypher, scope.params(map[string]any{"caseId": caseID, "first": q.First}))
		if err != nil {
			return nil, err
		}
		out := make([]Hub, 0, len(recs))
		for _, rec := range recs {
			n, err := asNode(rec, "n", scope)
			if err != nil {
				return nil, err
			}
			score, _ := rec.Values[1].(float64)
			out = append(out, Hub{Node: n, Score: score})
		}
		return out, nil
	}
	switch q.Metric {
	case "DEGREE", "PAGERANK", "BETWEENNESS":
	default:
		return nil, &ValidationError{Field: "metric", Reason: "one of VICTIMS_RECRUITED, MONEY_RECEIVED, DISTINCT_PAYERS, VICTIMS_HELD, DEGREE, PAGERANK, BETWEENNESS"}
	}
	var sg Subgraph
	var err error
	switch {
	case q.Around != "":
		depth := q.Depth
		if depth == 0 {
			depth = 2
		}
		types, _ := checkLinkTypes(nil, false)
		sg, err = s.Neighborhood(ctx, scope, q.Around, depth, types, MaxNeighborhoodLimit)
	case q.CaseID != "":
		sg, err = s.CaseSubgraph(ctx, scope, q.CaseID)
	default:
		return nil, &ValidationError{Field: "caseId", Reason: q.Metric + " is computed on a bounded subgraph: give caseId or around"}
	}
	if err != nil {
		return nil, err
	}
	return rankStructural(sg, q), nil
}

// rankStructural computes degree, PageRank or betweenness on a subgraph
// without its countries, and ranks the nodes of the asked type.
func rankStructural(sg Subgraph, q HubQuery) []Hub {
	ids := map[string]int64{}
	byNum := map[int64]Node{}
	for _, n := range sg.Nodes {
		if _, isCountry := n.(*Country); isCountry {
			continue
		}
		num := int64(len(ids))
		ids[n.GetID()] = num
		byNum[num] = n
	}
	directed, undirected := simple.NewDirectedGraph(), simple.NewUndirectedGraph()
	for num := range byNum {
		directed.AddNode(simple.Node(num))
		undirected.AddNode(simple.Node(num))
	}
	degree := map[int64]float64{}
	for _, l := range sg.Links {
		from, to := l.Ends()
		a, okA := ids[from]
		b, okB := ids[to]
		if !okA || !okB || a == b {
			continue
		}
		degree[a]++
		degree[b]++
		directed.SetEdge(directed.NewEdge(simple.Node(a), simple.Node(b)))
		undirected.SetEdge(undirected.NewEdge(simple.Node(a), simple.Node(b)))
	}
	var scores map[int64]float64
	switch q.Metric {
	case "DEGREE":
		scores = degree
	case "PAGERANK":
		scores = network.PageRank(directed, 0.85, 1e-8)
	case "BETWEENNESS":
		scores = network.Betweenness(gonum.Undirected(undirected))
	}
	var out []Hub
	for num, n := range byNum {
		if ofType(n, q.Type) {
			out = append(out, Hub{Node: n, Score: scores[num]})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Node.GetID() < out[j].Node.GetID()
	})
	if len(out) > q.First {
		out = out[:q.First]
	}
	return out
}

func ofType(n Node, t string) bool {
	switch t {
	case "", "ANY":
		return true
	case "RECRUITER":
		return RecruiterOf(n) != nil
	case "ACCOUNT":
		_, ok := n.(*BankAccount)
		return ok
	case "COMPOUND":
		_, ok := n.(*Compound)
		return ok
	case "PERSON":
		_, ok := n.(*Person)
		return ok
	case "ORGANIZATION":
		_, ok := n.(*Organization)
		return ok
	case "IDENTIFIER":
		_, ok := n.(*Identifier)
		return ok
	}
	return false
}
