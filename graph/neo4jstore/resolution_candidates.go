package neo4jstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/resolution"
)

// Candidates come from blocking, not from every pair: the entities that
// share a name key with a subject (BlockingKeys, stored among the search
// tokens with the prefix blockingKeyPrefix and found through the full-text
// index) or an identifier or account (through the graph). Only those are
// read and scored.
const (
	// maxResolutionSubjects bounds the entities of one case resolved at once.
	maxResolutionSubjects = 5000
	// recentResolutionSubjects is how many entities are resolved when no
	// case is named: those the reader may see that changed last.
	recentResolutionSubjects = 1000
	// perSubjectCandidates bounds the entities a subject is compared with
	// (by name keys, and again by shared identifiers and accounts).
	perSubjectCandidates = 50
	// maxSharedKeyUsers leaves out identifiers and accounts used by more
	// entities than this (a switchboard number, an exchange's hot wallet):
	// sharing one says little about who someone is.
	maxSharedKeyUsers = 50
	// blockingKeyPrefix marks a resolution key among the search tokens.
	blockingKeyPrefix = "rk_"
)

const caseSubjectsTmpl = `
MATCH (n:CASE_LABEL) WHERE any(l IN labels(n) WHERE l IN $labels) AND ` + "VISIBLE_N" + `
RETURN n.id LIMIT $cap`

// recentSubjectsCypher orders by the latest time a visible case changed
// its word (as the UPDATED_AT order of lists): another case's change must
// not decide which entities a reader's review holds.
var recentSubjectsCypher = `
MATCH (n:Entity) WHERE any(l IN labels(n) WHERE l IN $labels) AND ` + visible("n") + `
RETURN n.id ORDER BY CASE WHEN $scopeAll THEN n.updatedAt.epochMillis ELSE ` + visibleTime(graph.UpdatedKeyPrefix, ">", "n.updatedAt") + ` END DESC, n.id LIMIT $cap`

// blockCypher finds each subject's candidates: by name keys in the
// full-text index, and by identifiers and accounts shared in the graph
// (only among one case's entities when $inCase names it).
// Neither filters on the reader's scope: a candidate in a hidden case is
// scored on its whole record to decide a hit (see ResolutionCandidates).
const blockCypher = `
UNWIND $rows AS row
CALL (row) {
  CALL db.index.fulltext.queryNodes('entity_search', row.q, {limit: $per}) YIELD node
  WHERE node.id <> row.id AND row.label IN labels(node) AND ($inCase IS NULL OR $inCase IN node.sources)
  RETURN collect(node.id) AS byName
}
CALL (row) {
  MATCH (:Entity {id: row.id})-[:USES|HOLDS]->(k:Entity)
  WHERE COUNT { (k)<-[:USES|HOLDS]-() } <= $maxUsers
  MATCH (k)<-[:USES|HOLDS]-(m:Entity)
  WHERE m.id <> row.id AND row.label IN labels(m) AND ($inCase IS NULL OR $inCase IN m.sources)
  RETURN collect(DISTINCT m.id)[..$per] AS byKey
}
RETURN row.id AS id, byName + byKey AS candidates`

const caseAgenciesCypher = `
MATCH (c:CaseFile) WHERE c.id IN $ids RETURN c.id, coalesce(c.agency, '')`

// ResolutionCandidates suggests pairs that may be one entity, as scope may
// see them (docs/resolution.md). A pair is scored on what the reader sees
// of both; a candidate the reader does not see at all is scored on its
// whole record, and answered as a hit per hidden case (id and agency), as
// linkedCases does, recorded in the read log for the audit.
func (s *Store) ResolutionCandidates(ctx context.Context, scope graph.Scope, q graph.ResolutionQuery) ([]graph.ResolutionCandidate, error) {
	q, err := q.Checked()
	if err != nil {
		return nil, err
	}
	out := []graph.ResolutionCandidate{}
	if q.CaseID != "" && !scope.SeesCase(q.CaseID) {
		// Like a list's caseId filter: a case outside the compartments
		// finds nothing.
		return out, nil
	}
	labels := make([]string, 0, len(q.Types))
	for _, t := range q.Types {
		labels = append(labels, string(t.Label()))
	}
	whole := graph.AllCases()
	// Profiles are decoded without the read log: of the thousands of
	// candidates scored, the audit records only those answered.
	reader := scope
	scope = scope.WithReadLog(nil)
	type scored struct {
		a, b    string
		aNode   graph.Node
		bNode   graph.Node
		match   resolution.Match
		hitCase string
	}
	var visiblePairs []scored
	hits := map[string]scored{} // subject + hidden case
	err = s.read(ctx, func(r runner) error {
		subjectIDs, err := s.resolutionSubjects(ctx, r, scope, q, labels)
		if err != nil || len(subjectIDs) == 0 {
			return err
		}
		subjectFacts, err := readResolutionFacts(ctx, r, subjectIDs)
		if err != nil {
			return err
		}
		subjects := map[string]resolution.Prepared{}
		subjectNodes := map[string]graph.Node{}
		var blocked []blockSubject
		for _, id := range subjectIDs {
			f, ok := subjectFacts[id]
			if !ok {
				continue
			}
			p, n, seen, err := f.profile(scope)
			if err != nil {
				return err
			}
			if !seen {
				continue
			}
			prepared := resolution.Prepare(p)
			subjects[id], subjectNodes[id] = prepared, n
			blocked = append(blocked, blockSubject{id, prepared})
		}
		candidatesOf, candidateIDs, err := block(ctx, r, blocked, nil)
		if err != nil {
			return err
		}
		candidateFacts, err := readResolutionFacts(ctx, r, candidateIDs)
		if err != nil {
			return err
		}
		// Each candidate is read and parsed once, as the reader sees it
		// and, when the reader sees none of it, whole.
		type view struct {
			p    resolution.Prepared
			node graph.Node
			seen bool
		}
		views, wholes := map[string]view{}, map[string]resolution.Prepared{}
		viewOf := func(id string, f entityFacts) (view, error) {
			if v, ok := views[id]; ok {
				return v, nil
			}
			p, n, seen, err := f.profile(scope)
			v := view{p: resolution.Prepare(p), node: n, seen: seen}
			views[id] = v
			return v, err
		}
		wholeOf := func(id string, f entityFacts) (resolution.Prepared, error) {
			if w, ok := wholes[id]; ok {
				return w, nil
			}
			p, _, _, err := f.profile(whole)
			wholes[id] = resolution.Prepare(p)
			return wholes[id], err
		}
		seenPairs := map[string]bool{}
		for _, a := range subjectIDs {
			pa, ok := subjects[a]
			if !ok {
				continue
			}
			for _, b := range candidatesOf[a] {
				f, ok := candidateFacts[b]
				if !ok || seenPairs[pairKey(a, b)] {
					continue
				}
				v, err := viewOf(b, f)
				if err != nil {
					return err
				}
				if v.seen {
					seenPairs[pairKey(a, b)] = true
					m := pa.Compare(v.p)
					if m.Score >= q.MinScore {
						visiblePairs = append(visiblePairs, scored{a: a, b: b, aNode: subjectNodes[a], bNode: v.node, match: m})
					}
					continue
				}
				// Hidden from the reader: scored on its whole record, and
				// named only as the cases that hold it.
				w, err := wholeOf(b, f)
				if err != nil {
					return err
				}
				m := pa.Compare(w)
				if m.Score < q.MinScore {
					continue
				}
				for _, c := range graph.AsStrings(f.node.Props["sources"]) {
					if scope.SeesCase(c) {
						continue
					}
					k := a + "\x00" + c
					if _, dup := hits[k]; !dup {
						hits[k] = scored{a: a, aNode: subjectNodes[a], hitCase: c}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pairs := make([][2]string, 0, len(visiblePairs))
	for _, p := range visiblePairs {
		pairs = append(pairs, [2]string{p.a, p.b})
	}
	decisions, err := s.PairDecisions(ctx, scope, pairs)
	if err != nil {
		return nil, err
	}
	for _, p := range visiblePairs {
		d := decisions[pairKey(p.a, p.b)]
		if d == nil {
			d = []graph.SameAsDecision{}
		}
		status := graph.LatestStatus(d)
		if !slices.Contains(q.Statuses, status) {
			continue
		}
		score := p.match.Score
		out = append(out, graph.ResolutionCandidate{A: p.aNode, B: p.bNode, Score: &score,
			Reasons: nonNil(p.match.Reasons), Status: status, Decisions: d})
	}
	slices.SortStableFunc(out, func(x, y graph.ResolutionCandidate) int {
		if c := cmp.Compare(*y.Score, *x.Score); c != 0 {
			return c
		}
		if c := strings.Compare(x.A.GetID(), y.A.GetID()); c != 0 {
			return c
		}
		return strings.Compare(x.B.GetID(), y.B.GetID())
	})
	if len(hits) > 0 && slices.Contains(q.Statuses, graph.ResolutionSuggested) {
		var cases []string
		for _, h := range hits {
			cases = append(cases, h.hitCase)
		}
		agencies, err := s.caseAgencies(ctx, cases)
		if err != nil {
			return nil, err
		}
		var hitList []graph.ResolutionCandidate
		for _, h := range hits {
			hitList = append(hitList, graph.ResolutionCandidate{A: h.aNode, Reasons: []string{}, Status: graph.ResolutionSuggested,
				Decisions: []graph.SameAsDecision{}, HitCaseID: h.hitCase, HitAgency: agencies[h.hitCase]})
		}
		slices.SortFunc(hitList, func(x, y graph.ResolutionCandidate) int {
			if c := strings.Compare(x.A.GetID(), y.A.GetID()); c != 0 {
				return c
			}
			return strings.Compare(x.HitCaseID, y.HitCaseID)
		})
		out = append(out, hitList...)
	}
	if len(out) > q.First {
		out = out[:q.First]
	}
	for _, c := range out {
		reader.Reads().Record(c.A)
		if c.B != nil {
			reader.Reads().Record(c.B)
		}
		if c.HitCaseID != "" {
			reader.Reads().CrossCaseHit(c.HitCaseID)
		}
	}
	return out, nil
}

// resolutionSubjects are the ids of the entities to resolve: the case's,
// or the reader's most recently changed.
func (s *Store) resolutionSubjects(ctx context.Context, r runner, scope graph.Scope, q graph.ResolutionQuery, labels []string) ([]string, error) {
	cypher, limit := recentSubjectsCypher, recentResolutionSubjects
	if q.CaseID != "" {
		tmpl := strings.Replace(caseSubjectsTmpl, "VISIBLE_N", visible("n"), 1)
		c, ok := caseStatement(tmpl, q.CaseID)
		if !ok {
			return nil, nil
		}
		cypher, limit = c, maxResolutionSubjects
	}
	recs, err := r.collect(ctx, "resolution_subjects", cypher, scopeParams(scope, map[string]any{"labels": labels, "cap": limit}))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(recs))
	for _, rec := range recs {
		ids = append(ids, rec.Values[0].(string))
	}
	return ids, nil
}

// caseAgencies names the agencies of cases.
func (s *Store) caseAgencies(ctx context.Context, ids []string) (map[string]string, error) {
	recs, err := s.readRecords(ctx, "case_agencies", caseAgenciesCypher, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, rec := range recs {
		out[rec.Values[0].(string)], _ = rec.Values[1].(string)
	}
	return out, nil
}

// ScorePair compares two entities as scope sees them; ok is false when
// scope does not see both.
func (s *Store) ScorePair(ctx context.Context, scope graph.Scope, a, b string) (m resolution.Match, na, nb graph.Node, ok bool, err error) {
	err = s.read(ctx, func(r runner) error {
		f, err := readResolutionFacts(ctx, r, []string{a, b})
		if err != nil {
			return err
		}
		fa, okA := f[a]
		fb, okB := f[b]
		if !okA || !okB {
			return nil
		}
		pa, nA, seenA, err := fa.profile(scope)
		if err != nil {
			return err
		}
		pb, nB, seenB, err := fb.profile(scope)
		if err != nil || !seenA || !seenB {
			return err
		}
		m, na, nb, ok = resolution.Compare(pa, pb), nA, nB, true
		return nil
	})
	return m, na, nb, ok, err
}

// blockSubject is an entity whose candidates blocking finds.
type blockSubject struct {
	id string
	p  resolution.Prepared
}

// block finds each subject's candidates (blockCypher), among one case's
// entities when inCase names it: the candidate ids of each subject, and
// every candidate id once.
func block(ctx context.Context, r runner, subjects []blockSubject, inCase any) (map[string][]string, []string, error) {
	rows := make([]map[string]any, 0, len(subjects))
	for _, sub := range subjects {
		keys := sub.p.BlockingKeys()
		for i, k := range keys {
			keys[i] = blockingKeyPrefix + k
		}
		// An entity with no name key still meets others through what it
		// shares; the full-text query needs a term, so it gets one that
		// matches nothing.
		q := strings.Join(keys, " ")
		if q == "" {
			q = blockingKeyPrefix + "none"
		}
		rows = append(rows, map[string]any{"id": sub.id, "label": sub.p.Kind, "q": q})
	}
	recs, err := r.collect(ctx, "resolution_block", blockCypher, map[string]any{"rows": rows, "per": perSubjectCandidates, "maxUsers": maxSharedKeyUsers, "inCase": inCase})
	if err != nil {
		return nil, nil, err
	}
	candidatesOf := map[string][]string{}
	var ids []string
	for _, rec := range recs {
		id := rec.Values[0].(string)
		for _, c := range graph.AsStrings(rec.Values[1]) {
			if !slices.Contains(candidatesOf[id], c) {
				candidatesOf[id] = append(candidatesOf[id], c)
				ids = append(ids, c)
			}
		}
	}
	slices.Sort(ids)
	return candidatesOf, slices.Compact(ids), nil
}
