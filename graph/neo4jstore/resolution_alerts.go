package neo4jstore

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/resolution"
)

// A watched person or organisation is told when a write brings a new
// resolution candidate for it (docs/alerts.md, kind CANDIDATE): after a
// write into a case, the watched entities are blocked against that case's
// entities alone and scored at the default threshold. Each watch is
// scored on what its watcher saw of the entity when they watched (the
// compartments stored with the watch), never on what a hidden case says
// of it: else a watcher could write look-alikes into their own case and
// learn a hidden birth date from which one alerts. The candidate is
// scored on its whole record, as a hit of resolutionCandidates is; whether
// the watcher is shown more than the hit (the case and its agency) is
// decided when the alert is read (AlertsFor), as for every alert. The
// score is not in the alert: the watcher reads the reasons through
// resolutionCandidates, in their own scope.

const resolvableWatchesCypher = `
MATCH (w:Watch) WITH w LIMIT $max
MATCH (n:Entity {id: w.entityId}) WHERE n:Person OR n:Organization
RETURN w.id, w.entityId, coalesce(w.scopeAll, false), coalesce(w.scopeCases, []), coalesce(w.redactVictim, true)`

// alertedCandidatesCypher says which (watch, candidate) pairs were
// alerted before.
const alertedCandidatesCypher = `
UNWIND $pairs AS p
MATCH (a:Alert {otherId: p[1]}) WHERE a.watchId = p[0] AND a.kind = 'CANDIDATE'
RETURN DISTINCT p[0], p[1]`

// watchToResolve is a watch of a person or organisation, with the scope
// its watcher had.
type watchToResolve struct {
	id, entityID string
	scope        graph.Scope
}

// NewCandidateAlerts returns a CANDIDATE alert for each watch of a person
// or organisation that one of caseID's entities now resembles at the
// default threshold, where the watch had no such alert before (store them
// with AddAlerts: each names its watch).
func (s *Store) NewCandidateAlerts(ctx context.Context, caseID, causedBy string) ([]graph.Alert, error) {
	whole := graph.AllCases()
	var out []graph.Alert
	err := s.read(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "resolvable_watches", resolvableWatchesCypher, map[string]any{"max": maxWatchesChecked})
		if err != nil || len(recs) == 0 {
			return err
		}
		var watches []watchToResolve
		var entities []string
		for _, rec := range recs {
			w := watchToResolve{id: rec.Values[0].(string), entityID: rec.Values[1].(string), scope: graph.OnlyCases(graph.AsStrings(rec.Values[3])...)}
			if all, _ := rec.Values[2].(bool); all {
				w.scope = graph.AllCases()
			}
			if redact, _ := rec.Values[4].(bool); redact {
				w.scope = w.scope.WithVictimDetailsRedacted()
			}
			watches = append(watches, w)
			entities = append(entities, w.entityID)
		}
		facts, err := readResolutionFacts(ctx, r, entities)
		if err != nil {
			return err
		}
		// Blocking on the whole record only proposes candidates; each
		// watch then scores in its watcher's view.
		var blocked []blockSubject
		for id, f := range facts {
			p, _, _, err := f.profile(whole)
			if err != nil {
				return err
			}
			blocked = append(blocked, blockSubject{id, resolution.Prepare(p)})
		}
		candidatesOf, ids, err := block(ctx, r, blocked, caseID)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		candidateFacts, err := readResolutionFacts(ctx, r, ids)
		if err != nil {
			return err
		}
		prepared := map[string]resolution.Prepared{}
		type found struct {
			watch watchToResolve
			other string
		}
		var hits []found
		var pairs [][]string
		for _, w := range watches {
			f, ok := facts[w.entityID]
			if !ok || len(candidatesOf[w.entityID]) == 0 {
				continue
			}
			pw, _, seen, err := f.profile(w.scope.WithReadLog(nil))
			if err != nil {
				return err
			}
			if !seen {
				continue // the watcher saw nothing of it
			}
			seenBy := resolution.Prepare(pw)
			for _, c := range candidatesOf[w.entityID] {
				cf, ok := candidateFacts[c]
				if !ok {
					continue
				}
				pc, done := prepared[c]
				if !done {
					p, _, _, err := cf.profile(whole)
					if err != nil {
						return err
					}
					pc = resolution.Prepare(p)
					prepared[c] = pc
				}
				if seenBy.Compare(pc).Score >= resolution.DefaultThreshold {
					hits = append(hits, found{w, c})
					pairs = append(pairs, []string{w.id, c})
				}
			}
		}
		if len(pairs) == 0 {
			return nil
		}
		recs, err = r.collect(ctx, "alerted_candidates", alertedCandidatesCypher, map[string]any{"pairs": pairs})
		if err != nil {
			return err
		}
		alerted := map[string]bool{}
		for _, rec := range recs {
			alerted[rec.Values[0].(string)+"\x00"+rec.Values[1].(string)] = true
		}
		for _, h := range hits {
			if alerted[h.watch.id+"\x00"+h.other] {
				continue
			}
			other, summary := h.other, "resolution candidate "+h.other
			a := graph.Alert{WatchID: h.watch.id, EntityID: h.watch.entityID, Kind: graph.AlertCandidate, CaseID: caseID, OtherID: &other, Summary: &summary}
			if causedBy != "" {
				by := causedBy
				a.CausedBy = &by
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}
