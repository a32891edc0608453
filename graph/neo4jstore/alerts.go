package neo4jstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/scamgraph/scamgraph/graph"
)

// maxWatchesChecked bounds the watches one check looks at (every
// principal's: MaxWatchesPerPrincipal each).
const maxWatchesChecked = 100000

// checkWatchesCypher finds the watches whose entity the case touches now,
// or touched at the last check (also when the entity is gone since: a
// retracted case, imported again, alerts again), and locks their state
// for this case (the
// SET takes the write lock before the state is read, so two checks of one
// case never both alert for the same element). It returns, per watch, the
// state of the last check and what the case says now.
const checkWatchesCypher = `
MATCH (w:Watch)
WITH w LIMIT $maxWatches
OPTIONAL MATCH (e:Entity {id: w.entityId})
OPTIONAL MATCH (old:WatchState {key: w.id + '|' + $caseId})
WITH w, e, old, $caseId IN coalesce(e.sources, []) AS mentioned
CALL (e) {
  OPTIONAL MATCH (e)-[r]-(o)
  WHERE r.id IS NOT NULL AND $caseId IN coalesce(r.sources, [])
  WITH e, r, o ORDER BY r.id LIMIT $maxLinks
  RETURN collect(CASE WHEN r IS NULL THEN null
    ELSE {id: r.id, type: type(r), other: coalesce(o.id, ''), out: startNode(r) = e, labels: labels(o)} END) AS links
}
WITH w, e, old, mentioned, links
WHERE mentioned OR size(links) > 0 OR old IS NOT NULL
MERGE (s:WatchState {key: w.id + '|' + $caseId})
ON CREATE SET s.watchId = w.id, s.caseId = $caseId, s.mentioned = false, s.links = []
SET s.checkedAt = $now
RETURN w.id AS watchId, w.principal AS watcher, w.entityId AS entityId,
       s.mentioned AS wasMentioned, s.links AS wasLinks, mentioned, links`

// saveWatchStatesCypher keeps what the check saw, for the next one.
const saveWatchStatesCypher = `
UNWIND $states AS st
MATCH (s:WatchState {key: st.key})
SET s.mentioned = st.mentioned, s.links = st.links`

// createAlertsCypher stores alerts. Their properties are the fields of
// graph.Alert (alertRow), so an alert read back is the alert stored.
const createAlertsCypher = `
UNWIND $alerts AS a
MERGE (n:Alert {id: a.id})
ON CREATE SET n += a`

// CheckWatches compares what caseID says at every watched entity with what
// it said at the last check, stores an alert for each new element, and
// returns them (graph.AlertsSince). Call it after a write into caseID has
// committed; causedBy is the writer. A failed check loses nothing: the
// next check of the case finds the same elements new.
func (s *Store) CheckWatches(ctx context.Context, caseID, causedBy string, now time.Time) ([]graph.Alert, error) {
	var out []graph.Alert
	err := s.write(ctx, func(r runner) error {
		out = nil
		recs, err := r.collect(ctx, "check_watches", checkWatchesCypher, map[string]any{
			"caseId": caseID, "now": now.UTC(), "maxWatches": maxWatchesChecked, "maxLinks": maxWatchedLinks,
		})
		if err != nil || len(recs) == 0 {
			return err
		}
		var agency *string
		agencies, err := caseAgencies(ctx, r, []string{caseID})
		if err != nil {
			return err
		}
		if a, ok := agencies[caseID]; ok {
			agency = &a
		}
		states := make([]map[string]any, 0, len(recs))
		for _, rec := range recs {
			m := rec.AsMap()
			watchID, _ := m["watchId"].(string)
			wasMentioned, _ := m["wasMentioned"].(bool)
			mentioned, _ := m["mentioned"].(bool)
			was := graph.WatchCaseState{Mentioned: wasMentioned, Links: graph.AsStrings(m["wasLinks"])}
			found, now2 := graph.AlertsSince(was, mentioned, watchedLinks(m["links"]))
			states = append(states, map[string]any{"key": watchStateKey(watchID, caseID), "mentioned": now2.Mentioned, "links": now2.Links})
			batch := uuid.NewString()
			for _, a := range found {
				a.ID = "alert:" + uuid.NewString()
				a.WatchID = watchID
				a.Watcher, _ = m["watcher"].(string)
				a.EntityID, _ = m["entityId"].(string)
				a.CaseID, a.Agency, a.At, a.Batch = caseID, agency, now.UTC(), batch
				if causedBy != "" {
					by := causedBy
					a.CausedBy = &by
				}
				out = append(out, a)
			}
		}
		if _, err := r.collect(ctx, "save_watch_states", saveWatchStatesCypher, map[string]any{"states": states}); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		_, err = r.collect(ctx, "create_alerts", createAlertsCypher, map[string]any{"alerts": alertRows(out)})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// watchedLinks decodes the links checkWatchesCypher returns.
func watchedLinks(v any) []graph.WatchedLink {
	xs, _ := v.([]any)
	out := make([]graph.WatchedLink, 0, len(xs))
	for _, x := range xs {
		m, _ := x.(map[string]any)
		if m == nil {
			continue
		}
		l := graph.WatchedLink{OtherLabels: graph.AsStrings(m["labels"])}
		l.ID, _ = m["id"].(string)
		l.Type, _ = m["type"].(string)
		l.OtherID, _ = m["other"].(string)
		l.Out, _ = m["out"].(bool)
		out = append(out, l)
	}
	return out
}

// maxAlertsAdded bounds one AddAlerts call.
const maxAlertsAdded = 10000

// AddAlerts stores alerts raised elsewhere (a new resolution candidate:
// kind graph.AlertCandidate) for the watches of their entity. Each alert
// needs EntityID, Kind and CaseID; it is stored once per watch of the
// entity (only for its WatchID's watch when it names one), with an id, time and batch of its own, and the stored alerts are
// returned (for delivery and the audit).
func (s *Store) AddAlerts(ctx context.Context, alerts []graph.Alert) ([]graph.Alert, error) {
	if len(alerts) > maxAlertsAdded {
		return nil, fmt.Errorf("AddAlerts: %d alerts exceed the limit of %d", len(alerts), maxAlertsAdded)
	}
	var out []graph.Alert
	err := s.write(ctx, func(r runner) error {
		out = nil
		for _, a := range alerts {
			recs, err := r.collect(ctx, "alert_watches", `
MATCH (w:Watch {entityId: $entityId}) WHERE $watchId = '' OR w.id = $watchId
WITH w LIMIT $max
OPTIONAL MATCH (c:CaseFile {id: $caseId})
RETURN w.id AS watchId, w.principal AS watcher, c.agency AS agency`,
				map[string]any{"entityId": a.EntityID, "caseId": a.CaseID, "watchId": a.WatchID, "max": maxWatchesChecked})
			if err != nil {
				return err
			}
			for _, rec := range recs {
				m := rec.AsMap()
				b := a
				b.ID, b.Batch = "alert:"+uuid.NewString(), uuid.NewString()
				b.WatchID, _ = m["watchId"].(string)
				b.Watcher, _ = m["watcher"].(string)
				if ag, ok := m["agency"].(string); ok && b.Agency == nil {
					b.Agency = &ag
				}
				if b.At.IsZero() {
					b.At = time.Now().UTC()
				}
				out = append(out, b)
			}
		}
		if len(out) == 0 {
			return nil
		}
		_, err := r.collect(ctx, "create_alerts", createAlertsCypher, map[string]any{"alerts": alertRows(out)})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// alertRows are alerts as the properties of their nodes.
func alertRows(alerts []graph.Alert) []map[string]any {
	rows := make([]map[string]any, 0, len(alerts))
	for _, a := range alerts {
		rows = append(rows, map[string]any{
			"id": a.ID, "watchId": a.WatchID, "watcher": a.Watcher, "entityId": a.EntityID, "kind": string(a.Kind),
			"caseId": a.CaseID, "agency": derefOrNil(a.Agency), "at": a.At.UTC(), "summary": derefOrNil(a.Summary),
			"otherId": derefOrNil(a.OtherID), "linkId": derefOrNil(a.LinkID), "causedBy": derefOrNil(a.CausedBy), "batch": a.Batch,
		})
	}
	return rows
}

// MaxAlertsRead bounds one read of alerts.
const MaxAlertsRead = 100

// alertsForCypher reads a watcher's alerts since a time, as scope shows
// them: only about entities the scope still sees; an alert about a case
// outside the scope is a hit, and one hit stands for its whole batch (the
// first alert of it), so a hit does not count what the case said. The
// other end is named only where the scope sees it (a VIEWER does not see
// a victim's phone, even in a case of theirs).
var alertsForCypher = `
MATCH (a:Alert {watcher: $watcher})
WHERE a.at >= $since
WITH a ORDER BY a.at DESC, a.id DESC LIMIT $window
MATCH (e:Entity {id: a.entityId})
WHERE NOT e:Country AND ` + visible("e") + `
WITH a, ($scopeAll OR a.caseId IN $scopeCases) AS full
ORDER BY a.at, a.id
WITH CASE WHEN full THEN a.id ELSE 'hit|' + a.batch END AS slot, full, collect(a)[0] AS a
OPTIONAL MATCH (o:Entity {id: a.otherId})
WITH a, full, (o IS NULL OR o:Country OR ` + visible("o") + `) AS otherShown
RETURN a {.*} AS a, full, otherShown
ORDER BY CASE WHEN $newestFirst THEN -a.at.epochMillis ELSE a.at.epochMillis END, a.id
LIMIT $first`

// alertsWindow bounds the stored alerts one read looks at.
const alertsWindow = 5000

// AlertsFor is watcher's alerts at or after since, as scope shows them
// (see alertsForCypher), at most first (up to MaxAlertsRead), newest first
// or oldest first. Hits are recorded in the scope's read log, for the
// audit's "cross-case hit" note.
func (s *Store) AlertsFor(ctx context.Context, scope graph.Scope, watcher string, since time.Time, first int, newestFirst bool) ([]graph.Alert, error) {
	if first <= 0 || first > MaxAlertsRead {
		first = MaxAlertsRead
	}
	recs, err := s.readRecords(ctx, "alerts_for", alertsForCypher, scopeParams(scope, map[string]any{
		"watcher": watcher, "since": since.UTC(), "window": alertsWindow, "first": first, "newestFirst": newestFirst,
	}))
	if err != nil {
		return nil, err
	}
	out := make([]graph.Alert, 0, len(recs))
	for _, rec := range recs {
		m, _ := rec.Values[0].(map[string]any)
		full, _ := rec.Values[1].(bool)
		otherShown, _ := rec.Values[2].(bool)
		a := alertOf(m)
		if !otherShown {
			a.Summary, a.OtherID, a.LinkID = nil, nil, nil
		}
		if !full {
			a = a.AsHit()
			if l := scope.Reads(); l != nil {
				l.CrossCaseHit(a.CaseID)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

func alertOf(m map[string]any) graph.Alert {
	str := func(k string) string { s, _ := m[k].(string); return s }
	ptr := func(k string) *string {
		if s, ok := m[k].(string); ok {
			return &s
		}
		return nil
	}
	a := graph.Alert{ID: str("id"), WatchID: str("watchId"), Watcher: str("watcher"), EntityID: str("entityId"),
		Kind: graph.AlertKind(str("kind")), CaseID: str("caseId"), Agency: ptr("agency"), Summary: ptr("summary"),
		OtherID: ptr("otherId"), LinkID: ptr("linkId"), CausedBy: ptr("causedBy"), Batch: str("batch")}
	a.At, _ = m["at"].(time.Time)
	a.At = a.At.UTC()
	return a
}
