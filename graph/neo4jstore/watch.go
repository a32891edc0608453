package neo4jstore

import (
	"context"
	"time"

	"github.com/scamgraph/scamgraph/graph"
)

// Watches are nodes of their own (:Watch, :WatchState, :Alert), never
// :Entity and never linked to an entity by a relationship: they hold the
// watched entity's id as a property, so no entity read, neighbourhood,
// path or export can meet them.

// watchSchemaStatements are the constraints and indexes of watches and
// alerts (see EnsureSchema).
var watchSchemaStatements = []string{
	"CREATE CONSTRAINT watch_id IF NOT EXISTS FOR (n:Watch) REQUIRE n.id IS UNIQUE",
	"CREATE INDEX watch_principal IF NOT EXISTS FOR (n:Watch) ON (n.principal)",
	"CREATE CONSTRAINT watch_state_key IF NOT EXISTS FOR (n:WatchState) REQUIRE n.key IS UNIQUE",
	"CREATE INDEX watch_state_watch IF NOT EXISTS FOR (n:WatchState) ON (n.watchId)",
	"CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.id IS UNIQUE",
	"CREATE INDEX alert_watcher_at IF NOT EXISTS FOR (n:Alert) ON (n.watcher, n.at)",
	"CREATE INDEX watch_entity IF NOT EXISTS FOR (n:Watch) ON (n.entityId)",
	"CREATE INDEX alert_watch IF NOT EXISTS FOR (n:Alert) ON (n.watchId)",
	"CREATE INDEX alert_other IF NOT EXISTS FOR (n:Alert) ON (n.otherId)",
}

// MaxWatchesPerPrincipal bounds one principal's watchlist.
const MaxWatchesPerPrincipal = 1000

// maxWatchedLinks bounds the relationships a check reads at one watched
// entity for one case (and a new watch for all cases): past it, a
// relationship may go unnoticed (docs/alerts.md, "Limits").
const maxWatchedLinks = 2000

// watchCypher creates (or renotes) a watch of a visible entity and returns
// what every case says at it now, the baseline of the first check.
var watchCypher = `
MATCH (e:Entity {id: $entityId})
WHERE NOT e:Country AND ` + visible("e") + `
OPTIONAL MATCH (old:Watch {id: $watchId})
WITH e, old IS NULL AS isNew
MERGE (w:Watch {id: $watchId})
ON CREATE SET w.principal = $principal, w.entityId = $entityId, w.createdAt = $now
// The watcher's compartments as they watch: a new resolution candidate is
// judged on what they see of the entity (NewCandidateAlerts).
SET w.note = $note, w.scopeAll = $scopeAll, w.scopeCases = $scopeCases, w.redactVictim = $redactVictim
WITH e, w, isNew
CALL (e) {
  OPTIONAL MATCH (e)-[r]-()
  WHERE r.id IS NOT NULL
  WITH r ORDER BY r.id LIMIT $maxLinks
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {id: r.id, sources: coalesce(r.sources, [])} END) AS links
}
RETURN w.id AS id, w.entityId AS entityId, w.note AS note, w.createdAt AS createdAt, isNew,
       coalesce(e.sources, []) AS sources, links`

// watchBaselineCypher stores what each case says at a new watch's entity.
const watchBaselineCypher = `
UNWIND $states AS st
MERGE (s:WatchState {key: st.key})
SET s.watchId = $watchId, s.caseId = st.caseId, s.mentioned = st.mentioned, s.links = st.links, s.checkedAt = $now`

// Watch makes principal watch entityID, which must be visible in scope
// (else graph.ErrNotFound, as for a missing id). Watching again changes the
// note only.
func (s *Store) Watch(ctx context.Context, scope graph.Scope, principal, entityID string, note *string, now time.Time) (*graph.Watch, error) {
	var out *graph.Watch
	err := s.write(ctx, func(r runner) error {
		out = nil
		n, err := r.collect(ctx, "watch_count", `MATCH (w:Watch {principal: $principal}) RETURN count(w) AS n`, map[string]any{"principal": principal})
		if err != nil {
			return err
		}
		watchID := graph.WatchID(principal, entityID)
		recs, err := r.collect(ctx, "watch", watchCypher, scopeParams(scope, map[string]any{
			"entityId": entityID, "watchId": watchID, "principal": principal, "note": derefOrNil(note),
			"now": now.UTC(), "maxLinks": maxWatchedLinks,
		}))
		if err != nil || len(recs) == 0 {
			return err
		}
		rec := recs[0].AsMap()
		isNew, _ := rec["isNew"].(bool)
		if isNew && len(n) > 0 && asInt(n[0].Values[0]) >= MaxWatchesPerPrincipal {
			return &graph.ValidationError{Field: "id", Reason: "your watchlist is full (at most 1000 watches): unwatch something first"}
		}
		out = watchOf(rec)
		if !isNew {
			return nil
		}
		states := map[string]*graph.WatchCaseState{}
		state := func(c string) *graph.WatchCaseState {
			if states[c] == nil {
				states[c] = &graph.WatchCaseState{Links: []string{}}
			}
			return states[c]
		}
		for _, c := range graph.AsStrings(rec["sources"]) {
			state(c).Mentioned = true
		}
		links, _ := rec["links"].([]any)
		for _, l := range links {
			m, _ := l.(map[string]any)
			id, _ := m["id"].(string)
			for _, c := range graph.AsStrings(m["sources"]) {
				state(c).Links = append(state(c).Links, id)
			}
		}
		rows := make([]map[string]any, 0, len(states))
		for c, st := range states {
			rows = append(rows, map[string]any{"key": watchStateKey(watchID, c), "caseId": c, "mentioned": st.Mentioned, "links": st.Links})
		}
		_, err = r.collect(ctx, "watch_baseline", watchBaselineCypher, map[string]any{"states": rows, "watchId": watchID, "now": now.UTC()})
		return err
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, graph.ErrNotFound
	}
	return out, nil
}

// Unwatch ends principal's watch of entityID and says whether there was
// one. Its alerts stay (they were audited; alerts(since) still lists them
// while the entity is visible).
func (s *Store) Unwatch(ctx context.Context, principal, entityID string) (bool, error) {
	var removed bool
	err := s.write(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "unwatch", `
MATCH (w:Watch {id: $watchId})
OPTIONAL MATCH (s:WatchState {watchId: w.id})
WITH w, collect(s) AS states
FOREACH (s IN states | DELETE s)
DELETE w
RETURN count(*) AS n`, map[string]any{"watchId": graph.WatchID(principal, entityID)})
		removed = err == nil && len(recs) > 0 && asInt(recs[0].Values[0]) > 0
		return err
	})
	return removed, err
}

// watchlistCypher lists a principal's watches of entities visible in scope.
var watchlistCypher = `
MATCH (w:Watch {principal: $principal})
WITH w ORDER BY w.createdAt DESC, w.id LIMIT $max
MATCH (e:Entity {id: w.entityId})
WHERE NOT e:Country AND ` + visible("e") + `
RETURN w.id AS id, w.entityId AS entityId, w.note AS note, w.createdAt AS createdAt`

// Watchlist is principal's watches, newest first, of the entities scope
// still sees: a watch of an entity the principal no longer sees says
// nothing (not even that it exists).
func (s *Store) Watchlist(ctx context.Context, scope graph.Scope, principal string) ([]*graph.Watch, error) {
	recs, err := s.readRecords(ctx, "watchlist", watchlistCypher, scopeParams(scope, map[string]any{"principal": principal, "max": MaxWatchesPerPrincipal}))
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Watch, 0, len(recs))
	for _, rec := range recs {
		out = append(out, watchOf(rec.AsMap()))
	}
	return out, nil
}

func watchOf(m map[string]any) *graph.Watch {
	w := &graph.Watch{}
	w.ID, _ = m["id"].(string)
	w.EntityID, _ = m["entityId"].(string)
	if n, ok := m["note"].(string); ok {
		w.Note = &n
	}
	w.CreatedAt, _ = m["createdAt"].(time.Time)
	return w
}

// watchStateKey names the state of one watch for one case.
func watchStateKey(watchID, caseID string) string { return watchID + "|" + caseID }

func derefOrNil(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func asInt(v any) int64 {
	n, _ := v.(int64)
	return n
}
