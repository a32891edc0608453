package neo4jstore

import (
	"context"
	"sort"

	"github.com/scamgraph/scamgraph/graph"
)

const maxTimelineEvents = 2000

var timelineCypher = `
MATCH (x:Entity {id: $id})-[r]-(o:Entity)
WHERE ` + visible("r") + ` AND (o:Country OR ` + visible("o") + `)
  AND (r.date IS NOT NULL OR r.since IS NOT NULL OR r.until IS NOT NULL)
RETURN r, startNode(r).id AS from, endNode(r).id AS to, o
LIMIT $cap`

// Timeline returns the dated events around an entity in date order
// (partial dates sort before the full dates within them), at most 2,000.
func (s *Store) Timeline(ctx context.Context, scope graph.Scope, id string) ([]graph.Event, bool, error) {
	if _, err := s.Node(ctx, scope, id); err != nil {
		return nil, false, err
	}
	recs, err := s.readRecords(ctx, "timeline", timelineCypher, scopeParams(scope, map[string]any{"id": id, "cap": maxTimelineEvents + 1}))
	if err != nil {
		return nil, false, err
	}
	truncated := len(recs) > maxTimelineEvents
	if truncated {
		recs = recs[:maxTimelineEvents]
	}
	var events []graph.Event
	for _, rec := range recs {
		l, err := linkFromRecord(rec, scope)
		if err != nil {
			return nil, false, err
		}
		other, err := asNode(rec, "o", scope)
		if err != nil {
			return nil, false, err
		}
		props := graph.LinkProperties(l)
		date := func(k string) graph.PartialDate { d, _ := props[k].(string); return graph.PartialDate(d) }
		add := func(kind string, d graph.PartialDate) {
			if d != "" {
				events = append(events, graph.Event{Date: d, Kind: kind, Link: l, Other: other})
			}
		}
		t := string(l.LinkType())
		add(t, date("date"))
		add(t+"_SINCE", date("since"))
		add(t+"_UNTIL", date("until"))
	}
	sort.SliceStable(events, func(i, j int) bool {
		if events[i].Date != events[j].Date {
			return events[i].Date < events[j].Date
		}
		return events[i].Kind < events[j].Kind
	})
	return events, truncated, nil
}
