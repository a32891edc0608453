package neo4jstore

import (
	"cmp"
	"context"
	"maps"
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

var caseSubjectsTmpl = `
MATCH (n:CASE_LABEL) WHERE any(l IN labels(n) WHERE l IN $labels) AND ` + visible("n") + `
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
MATCH (c:CaseFile) WHERE c.id IN $ids AND c.agency IS NOT NULL RETURN c.id, c.agency`

// ResolutionCandidates suggests pairs that may be one entity, as scope may
// see them (docs/resolution.md). A pair is scored on what the reader sees
// of both; a candidate the reader does not see at all is scored on its
// whole record, and answered as a hit per hidden case (id and agency), as
// linkedCases does, recorded in the read log for the audit. One read
// transaction.
func (s *Store) ResolutionCandidates(ctx context.Context, scope graph.Scope, q graph.ResolutionQuery) ([]graph.ResolutionCandidate, error) {
	q, err := q.Checked()
	if err != nil {
		return nil, err
	}
	if q.CaseID != "" && !scope.SeesCase(q.CaseID) {
		// Like a list's caseId filter: a case outside the compartments
		// finds nothing.
		return []graph.ResolutionCandidate{}, nil
	}
	var out []graph.ResolutionCandidate
	err = s.read(ctx, func(r runner) error {
		var err error
		out, err = resolutionCandidates(ctx, r, scope, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, c := range out {
		scope.Reads().Record(c.A)
		if c.B != nil {
			scope.Reads().Record(c.B)
		}
		if c.HitCaseID != "" {
			scope.Reads().CrossCaseHit(c.HitCaseID)
		}
	}
	return out, nil
}

// entityView is one entity as the reader sees it, parsed for comparing
// (seen is false when the reader sees none of it).
type entityView struct {
	p    resolution.Prepared
	node graph.Node
	seen bool
}

func resolutionCandidates(ctx context.Context, r runner, reader graph.Scope, q graph.ResolutionQuery) ([]graph.ResolutionCandidate, error) {
	labels := make([]string, 0, len(q.Types))
	for _, t := range q.Types {
		labels = append(labels, string(t.Label()))
	}
	subjectIDs, err := resolutionSubjects(ctx, r, reader, q, labels)
	if err != nil || len(subjectIDs) == 0 {
		return []graph.ResolutionCandidate{}, err
	}
	facts, err := readResolutionFacts(ctx, r, subjectIDs)
	if err != nil {
		return nil, err
	}
	// Profiles are decoded without the read log: of the thousands of
	// candidates scored, the audit records only those answered (the
	// caller records them). Each entity is decoded and parsed once, as
	// the reader sees it and, when the reader sees none of it, whole.
	scope, whole := reader.WithReadLog(nil), graph.AllCases()
	views, wholes := map[string]entityView{}, map[string]resolution.Prepared{}
	viewOf := func(id string) (entityView, error) {
		if v, ok := views[id]; ok {
			return v, nil
		}
		p, n, seen, err := facts[id].profile(scope)
		views[id] = entityView{p: resolution.Prepare(p), node: n, seen: seen}
		return views[id], err
	}
	wholeOf := func(id string) (resolution.Prepared, error) {
		if w, ok := wholes[id]; ok {
			return w, nil
		}
		p, _, _, err := facts[id].profile(whole)
		wholes[id] = resolution.Prepare(p)
		return wholes[id], err
	}
	var subjects []blockSubject
	for _, id := range subjectIDs {
		if _, ok := facts[id]; !ok {
			continue
		}
		v, err := viewOf(id)
		if err != nil {
			return nil, err
		}
		if v.seen {
			subjects = append(subjects, blockSubject{id, v.p})
		}
	}
	candidatesOf, candidateIDs, err := block(ctx, r, subjects, nil)
	if err != nil {
		return nil, err
	}
	// A case's own entities are candidates of each other: read only the
	// others.
	more, err := readResolutionFacts(ctx, r, slices.DeleteFunc(candidateIDs, func(id string) bool { _, read := facts[id]; return read }))
	if err != nil {
		return nil, err
	}
	maps.Copy(facts, more)

	type pair struct {
		a, b  string
		match resolution.Match
	}
	var visible []pair
	compared := map[string]bool{} // pairKey: a case's two entities meet from both sides
	hits := map[[2]string]bool{}  // subject, hidden case
	for _, sub := range subjects {
		a := sub.id
		for _, b := range candidatesOf[a] {
			if _, ok := facts[b]; !ok || compared[pairKey(a, b)] {
				continue
			}
			v, err := viewOf(b)
			if err != nil {
				return nil, err
			}
			if v.seen {
				compared[pairKey(a, b)] = true
				if m := sub.p.Compare(v.p); m.Score >= q.MinScore {
					visible = append(visible, pair{a, b, m})
				}
				continue
			}
			// Hidden from the reader: scored on its whole record, and
			// named only as the cases that hold it.
			w, err := wholeOf(b)
			if err != nil {
				return nil, err
			}
			if sub.p.Compare(w).Score < q.MinScore {
				continue
			}
			for _, c := range graph.AsStrings(facts[b].node.Props["sources"]) {
				if !scope.SeesCase(c) {
					hits[[2]string{a, c}] = true
				}
			}
		}
	}

	decided := make([][2]string, 0, len(visible))
	for _, p := range visible {
		decided = append(decided, [2]string{p.a, p.b})
	}
	decisions, err := pairDecisions(ctx, r, scope, decided)
	if err != nil {
		return nil, err
	}
	out := []graph.ResolutionCandidate{}
	for _, p := range visible {
		d := decisions[pairKey(p.a, p.b)]
		if d == nil {
			d = []graph.SameAsDecision{}
		}
		status := graph.LatestStatus(d)
		if !slices.Contains(q.Statuses, status) {
			continue
		}
		score := p.match.Score
		out = append(out, graph.ResolutionCandidate{A: views[p.a].node, B: views[p.b].node, Score: &score,
			Reasons: nonNil(p.match.Reasons), Status: status, Decisions: d})
	}
	slices.SortStableFunc(out, func(x, y graph.ResolutionCandidate) int {
		return cmp.Or(cmp.Compare(*y.Score, *x.Score), strings.Compare(x.A.GetID(), y.A.GetID()), strings.Compare(x.B.GetID(), y.B.GetID()))
	})
	if len(hits) > 0 && slices.Contains(q.Statuses, graph.ResolutionSuggested) {
		keys := slices.SortedFunc(maps.Keys(hits), func(x, y [2]string) int {
			return cmp.Or(strings.Compare(x[0], y[0]), strings.Compare(x[1], y[1]))
		})
		var cases []string
		for _, k := range keys {
			cases = append(cases, k[1])
		}
		agencies, err := caseAgencies(ctx, r, cases)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			out = append(out, graph.ResolutionCandidate{A: views[k[0]].node, Reasons: []string{}, Status: graph.ResolutionSuggested,
				Decisions: []graph.SameAsDecision{}, HitCaseID: k[1], HitAgency: agencies[k[1]]})
		}
	}
	if len(out) > q.First {
		out = out[:q.First]
	}
	return out, nil
}

// resolutionSubjects are the ids of the entities to resolve: the case's,
// or the reader's most recently changed.
func resolutionSubjects(ctx context.Context, r runner, scope graph.Scope, q graph.ResolutionQuery, labels []string) ([]string, error) {
	cypher, limit := recentSubjectsCypher, recentResolutionSubjects
	if q.CaseID != "" {
		c, ok := caseStatement(caseSubjectsTmpl, q.CaseID)
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

// caseAgencies names the agencies of cases (a hit's); a case without one
// is left out.
func caseAgencies(ctx context.Context, r runner, ids []string) (map[string]string, error) {
	recs, err := r.collect(ctx, "case_agencies", caseAgenciesCypher, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, rec := range recs {
		out[rec.Values[0].(string)], _ = rec.Values[1].(string)
	}
	return out, nil
}

// ScorePair compares two entities as scope sees them; ok is false unless
// scope sees both and they are two people or two organisations.
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
		if err != nil || !seenA || !seenB || pa.Kind != pb.Kind {
			return err
		}
		m, na, nb, ok = resolution.Compare(pa, pb), nA, nB, true
		m.Reasons = nonNil(m.Reasons)
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
