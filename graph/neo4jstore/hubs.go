package neo4jstore

import (
	"context"
	"fmt"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/rank"
)

const maxHubs = 100

var domainHubQueries = map[graph.HubMetric]string{
	graph.HubMetricVictimsRecruited: `
MATCH (n:Recruiter)-[x:RECRUITED]->(v:Victim)
WHERE ` + visible("n") + ` AND ` + visible("x") + ` AND ` + visible("v") + ` AND ($caseId IS NULL OR $caseId IN x.sources)
RETURN n, toFloat(count(DISTINCT v)) AS score ORDER BY score DESC, n.id LIMIT $first`,
	graph.HubMetricMoneyReceived: `
MATCH (n:BankAccount)<-[x:TRANSFERRED|PAID]-(p:Entity)
WHERE ` + visible("n") + ` AND ` + visible("x") + ` AND ($caseId IS NULL OR $caseId IN x.sources)
WITH n, ` + linkViewProp("x", "amountUsd") + ` AS usd WHERE usd IS NOT NULL
RETURN n, sum(toFloat(usd)) AS score ORDER BY score DESC, n.id LIMIT $first`,
	graph.HubMetricDistinctPayers: `
MATCH (n:BankAccount)<-[x:TRANSFERRED|PAID]-(p:Entity)
WHERE ` + visible("n") + ` AND ` + visible("x") + ` AND ` + visible("p") + ` AND ($caseId IS NULL OR $caseId IN x.sources)
RETURN n, toFloat(count(DISTINCT p)) AS score ORDER BY score DESC, n.id LIMIT $first`,
	graph.HubMetricVictimsHeld: `
MATCH (n:Compound)<-[x:HELD_AT]-(v:Victim)
WHERE ` + visible("n") + ` AND ` + visible("x") + ` AND ` + visible("v") + ` AND ($caseId IS NULL OR $caseId IN x.sources)
RETURN n, toFloat(count(DISTINCT v)) AS score ORDER BY score DESC, n.id LIMIT $first`,
}

// metricTypes: the entity type each domain metric ranks.
var metricTypes = map[graph.HubMetric]graph.HubType{
	graph.HubMetricVictimsRecruited: graph.HubTypeRecruiter, graph.HubMetricMoneyReceived: graph.HubTypeAccount,
	graph.HubMetricDistinctPayers: graph.HubTypeAccount, graph.HubMetricVictimsHeld: graph.HubTypeCompound,
}

// Hubs ranks entities by a metric. The structural metrics use gonum's
// graph algorithms on a bounded subgraph, with the country links left out
// (through a country everyone of one nationality would be a hub).
func (s *Store) Hubs(ctx context.Context, scope graph.Scope, q graph.HubQuery) ([]graph.Hub, error) {
	var errs graph.ValidationErrors
	if q.First < 1 || q.First > maxHubs {
		errs.Add("first", "must be between 1 and %d", maxHubs)
	}
	if want, ok := metricTypes[q.Metric]; ok && q.Type != "" && q.Type != want {
		errs.Add("type", "%s ranks %s entities", q.Metric, want)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if q.CaseID != "" && !scope.SeesCase(q.CaseID) {
		return []graph.Hub{}, nil // ranking by a hidden case would tell what it holds
	}
	if cypher, ok := domainHubQueries[q.Metric]; ok {
		caseID := any(nil)
		if q.CaseID != "" {
			caseID = q.CaseID
		}
		recs, err := s.readRecords(ctx, "hubs_"+string(q.Metric), cypher, scopeParams(scope, map[string]any{"caseId": caseID, "first": q.First}))
		if err != nil {
			return nil, err
		}
		out := make([]graph.Hub, 0, len(recs))
		for _, rec := range recs {
			n, err := asNode(rec, "n", scope)
			if err != nil {
				return nil, err
			}
			score, _ := rec.Values[1].(float64)
			out = append(out, graph.Hub{Node: n, Score: score})
		}
		return out, nil
	}
	if !q.Metric.Structural() {
		return nil, &graph.ValidationError{Field: "metric", Reason: "one of VICTIMS_RECRUITED, MONEY_RECEIVED, DISTINCT_PAYERS, VICTIMS_HELD, DEGREE, PAGERANK, BETWEENNESS"}
	}
	var sg graph.Subgraph
	var err error
	switch {
	case q.Around != "":
		depth := q.Depth
		if depth == 0 {
			depth = 2
		}
		types, _ := graph.CheckLinkTypes(nil, false)
		sg, err = s.Neighborhood(ctx, scope, graph.NeighborhoodQuery{Around: q.Around, Depth: depth, Types: types, Limit: graph.MaxNeighborhoodLimit})
	case q.CaseID != "":
		sg, err = s.CaseSubgraph(ctx, scope, q.CaseID)
	default:
		return nil, &graph.ValidationError{Field: "caseId", Reason: string(q.Metric) + " is computed on a bounded subgraph: give caseId or around"}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: reading the subgraph for %s", graph.ErrAnalyticsDeadline, q.Metric)
		}
		return nil, err
	}
	return rank.RankStructural(ctx, sg, q)
}
