package neo4jstore

import (
	"context"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/scamgraph/scamgraph/graph"
)

// Victims' journeys: nationality, then the countries transited in order,
// then the country of each compound where they were held.
var victimJourneysCypher = `
MATCH (v:Victim) WHERE ` + visible("v") + `
OPTIONAL MATCH (v)-[nr:NATIONAL_OF]->(nat:Country) WHERE ` + visible("nr") + `
WITH v, collect(DISTINCT nat.code)[..1] AS origin
OPTIONAL MATCH (v)-[t:TRANSITED]->(c:Country) WHERE ` + visible("t") + `
  AND ($since IS NULL OR ` + linkViewProp("t", "date") + ` IS NULL OR ` + linkViewProp("t", "date") + ` >= $since)
  AND ($until IS NULL OR ` + linkViewProp("t", "date") + ` IS NULL OR ` + linkViewProp("t", "date") + ` <= $until)
WITH v, origin, t, c ORDER BY t.order
WITH v, origin, collect(c.code) AS steps
OPTIONAL MATCH (v)-[h:HELD_AT]->(cp:Compound)-[cl:LOCATED_IN]->(cc:Country)
WHERE ` + visible("h") + ` AND ` + visible("cp") + ` AND ` + visible("cl") + `
RETURN v.id AS victim, origin, steps, collect(DISTINCT cc.code) AS held
LIMIT 200000`

// Money between places: every visible transfer between accounts whose
// places differ.
var moneyFlowsCypher = `
MATCH (a:BankAccount)-[r:TRANSFERRED]->(b:BankAccount)
WHERE ` + visible("r") + ` AND ` + visible("a") + ` AND ` + visible("b") + `
  AND ($since IS NULL OR ` + linkViewProp("r", "date") + ` >= $since) AND ($until IS NULL OR ` + linkViewProp("r", "date") + ` <= $until)
OPTIONAL MATCH (a)-[la:LOCATED_IN]->(ca:Country) WHERE ` + visible("la") + `
OPTIONAL MATCH (b)-[lb:LOCATED_IN]->(cb:Country) WHERE ` + visible("lb") + `
WITH ` + placeOf("a", "ca") + ` AS src, ` + placeOf("b", "cb") + ` AS dst, r
WHERE src IS NOT NULL AND dst IS NOT NULL AND src <> dst
RETURN src, dst, ` + linkViewProp("r", "amount") + ` AS amount, ` + linkViewProp("r", "currency") + ` AS currency,
       ` + linkViewProp("r", "amountUsd") + ` AS amountUsd
LIMIT 1000000`

// CrossBorderFlows aggregates victims' journeys (kind VICTIMS) or money
// between places (kind MONEY), optionally within dates.
func (s *Store) CrossBorderFlows(ctx context.Context, scope graph.Scope, kind graph.FlowKind, since, until graph.PartialDate) ([]graph.Flow, error) {
	params := scopeParams(scope, map[string]any{"since": nullable(since), "until": nullable(until)})
	flows := map[[2]string]*graph.Flow{}
	flow := func(from, to string) *graph.Flow {
		k := [2]string{from, to}
		if flows[k] == nil {
			flows[k] = &graph.Flow{From: from, To: to, ByCurrency: map[string]decimal.Decimal{}}
		}
		return flows[k]
	}
	switch kind {
	case graph.FlowKindVictims:
		recs, err := s.readRecords(ctx, "flows_victims", victimJourneysCypher, params)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			var route []string
			for _, col := range rec.Values[1:3] { // origin, then the steps
				for _, c := range col.([]any) {
					if code, ok := c.(string); ok && (len(route) == 0 || route[len(route)-1] != code) {
						route = append(route, code)
					}
				}
			}
			held := rec.Values[3].([]any)
			seen := map[[2]string]bool{} // a victim counts once per flow
			add := func(from, to string) {
				if from != to && !seen[[2]string{from, to}] {
					seen[[2]string{from, to}] = true
					flow(from, to).Count++
				}
			}
			for i := 1; i < len(route); i++ {
				add(route[i-1], route[i])
			}
			for _, h := range held {
				if code, ok := h.(string); ok && len(route) > 0 {
					add(route[len(route)-1], code)
				}
			}
		}
	case graph.FlowKindMoney:
		recs, err := s.readRecords(ctx, "flows_money", moneyFlowsCypher, params)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			f := flow(rec.Values[0].(string), rec.Values[1].(string))
			f.Count++
			if usd, ok := rec.Values[4].(string); ok && usd != "" {
				f.SumUsd = f.SumUsd.Add(graph.Decimal(usd).Value())
				continue
			}
			amount, _ := rec.Values[2].(string)
			currency, _ := rec.Values[3].(string)
			f.ByCurrency[currency] = f.ByCurrency[currency].Add(graph.Decimal(amount).Value())
		}
	default:
		return nil, &graph.ValidationError{Field: "kind", Reason: "VICTIMS or MONEY"}
	}
	out := make([]graph.Flow, 0, len(flows))
	for _, f := range flows {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].From+out[i].To < out[j].From+out[j].To
	})
	return out, nil
}
