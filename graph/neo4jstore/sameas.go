package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/graph"
)

// A SAME_AS relationship holds the decisions of the cases that reviewed a
// pair, flat as relationship claims are (docs/model.md, "Relationship
// claims"): claim:<case>:status, :decidedBy, :decidedAt, :note, :score.
// It has no values of its own, so withdrawing a case's word (deleteX,
// retractCase) removes that case's decision and nothing else. It runs from
// the smaller id to the larger, so a pair has one relationship whichever
// way round it was decided.

// decisionFields are the claim properties of a decision.
var decisionFields = []string{"status", "decidedBy", "decidedAt", "note", "score"}

const decideSameAsCypher = `
MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
MERGE (a)-[r:SAME_AS {id: $id}]->(b)
  ON CREATE SET r.createdAt = datetime(), r.sources = []
SET r._lock = true
SET r.sources = CASE WHEN $caseId IN r.sources THEN r.sources ELSE r.sources + $caseId END
SET r[$prefix + 'status'] = $status, r[$prefix + 'decidedBy'] = $by, r[$prefix + 'decidedAt'] = datetime(),
    r[$prefix + 'note'] = $note, r[$prefix + 'score'] = $score
REMOVE r._lock
RETURN properties(r) AS r`

// sameAsIDs orders a pair as it is stored and gives its relationship id.
func sameAsIDs(a, b string) (from, to, id string) {
	if b < a {
		a, b = b, a
	}
	return a, b, graph.LinkID(graph.RelSameAs, a, b)
}

// DecideSameAs stores caseID's decision on the pair a, b (both visible to
// the writer, checked before) and returns the decisions scope may see.
func (s *Store) DecideSameAs(ctx context.Context, scope graph.Scope, a, b, caseID string, status graph.ResolutionStatus, by string, note *string, score *float64) ([]graph.SameAsDecision, error) {
	from, to, id := sameAsIDs(a, b)
	var props map[string]any
	err := s.write(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "decide_same_as", decideSameAsCypher, map[string]any{
			"a": from, "b": to, "id": id, "caseId": caseID, "prefix": "claim:" + caseID + ":",
			"status": string(status), "by": by, "note": note, "score": score,
		})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return fmt.Errorf("node %q or %q: %w", a, b, graph.ErrNotFound)
		}
		props, _ = recs[0].Values[0].(map[string]any)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return decisionsOf(props, scope), nil
}

// decisionsOf reads the decisions of the cases scope sees from a SAME_AS
// relationship's properties, latest first.
func decisionsOf(props map[string]any, scope graph.Scope) []graph.SameAsDecision {
	out := []graph.SameAsDecision{}
	for _, c := range graph.AsStrings(props["sources"]) {
		if !scope.SeesCase(c) {
			continue
		}
		prefix := "claim:" + c + ":"
		status, _ := props[prefix+"status"].(string)
		if status == "" {
			continue
		}
		d := graph.SameAsDecision{CaseID: c, Status: graph.ResolutionStatus(status)}
		d.DecidedBy, _ = props[prefix+"decidedBy"].(string)
		switch t := props[prefix+"decidedAt"].(type) {
		case time.Time:
			d.DecidedAt = t
		case dbtype.LocalDateTime:
			d.DecidedAt = t.Time()
		}
		if n, ok := props[prefix+"note"].(string); ok {
			d.Note = &n
		}
		if f, ok := props[prefix+"score"].(float64); ok {
			d.Score = &f
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y graph.SameAsDecision) int {
		if c := y.DecidedAt.Compare(x.DecidedAt); c != 0 {
			return c
		}
		return strings.Compare(x.CaseID, y.CaseID)
	})
	return out
}

// pairDecisionsCypher reads the decisions on the given pairs (stored
// order, see sameAsIDs).
const pairDecisionsCypher = `
UNWIND $pairs AS p
MATCH (:Entity {id: p[0]})-[r:SAME_AS]->(:Entity {id: p[1]})
RETURN p[0] AS a, p[1] AS b, properties(r) AS r`

// pairDecisions returns the decisions scope sees on each pair, keyed by
// pairKey; pairs without any are left out.
func pairDecisions(ctx context.Context, r runner, scope graph.Scope, pairs [][2]string) (map[string][]graph.SameAsDecision, error) {
	out := map[string][]graph.SameAsDecision{}
	if len(pairs) == 0 {
		return out, nil
	}
	rows := make([][]string, 0, len(pairs))
	for _, p := range pairs {
		from, to, _ := sameAsIDs(p[0], p[1])
		rows = append(rows, []string{from, to})
	}
	recs, err := r.collect(ctx, "same_as_decisions", pairDecisionsCypher, map[string]any{"pairs": rows})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		props, _ := rec.Values[2].(map[string]any)
		if d := decisionsOf(props, scope); len(d) > 0 {
			out[pairKey(rec.Values[0].(string), rec.Values[1].(string))] = d
		}
	}
	return out, nil
}

// pairKey names an unordered pair.
func pairKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "\x00" + b
}

// maxSameAs bounds the confirmed partners read for one entity.
const maxSameAs = 200

// sameAsPartnersCypher reads the SAME_AS partners of entities that scope
// may see, with the relationships' decisions (filtered in Go).
var sameAsPartnersCypher = `
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r:SAME_AS]-(m:Entity)
WHERE ` + visible("m") + ` AND ($scopeAll OR any(c IN r.sources WHERE c IN $scopeCases))
WITH id, r, m LIMIT $cap
RETURN id, properties(r) AS r, startNode(r).id AS from, endNode(r).id AS to, m`

// sameAsCluster is the entities confirmed to be one, and the confirmed
// pairs that join them.
type sameAsCluster struct {
	nodes []graph.Node
	links []graph.Link
}

// SameAs returns, for each id, the entities a case scope sees confirmed to
// be it: the pairs whose latest visible decision is CONFIRMED, followed
// through confirmed pairs (a cluster), at most maxSameAs per id.
func (s *Store) SameAs(ctx context.Context, scope graph.Scope, ids []string) (map[string][]graph.Node, error) {
	out := map[string][]graph.Node{}
	err := s.read(ctx, func(r runner) error {
		clusters, err := sameAsClusters(ctx, r, scope, ids)
		for id, c := range clusters {
			out[id] = c.nodes
		}
		return err
	})
	return out, err
}

// sameAsClusters grows each id's cluster level by level (a confirmed pair
// of a confirmed pair is one entity too), bounded by maxSameAs members and
// sameAsLevels statements.
func sameAsClusters(ctx context.Context, r runner, scope graph.Scope, ids []string) (map[string]*sameAsCluster, error) {
	out := map[string]*sameAsCluster{}
	members := map[string]map[string]bool{}
	linked := map[string]map[string]bool{}
	frontierOf := map[string][]string{}
	for _, id := range ids {
		out[id] = &sameAsCluster{}
		members[id] = map[string]bool{id: true}
		linked[id] = map[string]bool{}
		frontierOf[id] = []string{id}
	}
	for level := 0; level < sameAsLevels; level++ {
		var frontier []string
		owners := map[string][]string{}
		for root, f := range frontierOf {
			for _, id := range f {
				if len(owners[id]) == 0 {
					frontier = append(frontier, id)
				}
				owners[id] = append(owners[id], root)
			}
		}
		if len(frontier) == 0 {
			break
		}
		slices.Sort(frontier)
		recs, err := r.collect(ctx, "same_as", sameAsPartnersCypher, scopeParams(scope, map[string]any{"ids": frontier, "cap": maxSameAs * len(frontier)}))
		if err != nil {
			return nil, err
		}
		frontierOf = map[string][]string{}
		for _, rec := range recs {
			at := rec.Values[0].(string)
			props, _ := rec.Values[1].(map[string]any)
			if graph.LatestStatus(decisionsOf(props, scope)) != graph.ResolutionConfirmed {
				continue
			}
			n, err := decodeNode(rec.Values[4].(dbtype.Node), scope)
			if err != nil {
				return nil, err
			}
			link := sameAsLink(props, rec.Values[2].(string), rec.Values[3].(string), scope)
			for _, root := range owners[at] {
				c := out[root]
				if !linked[root][link.LinkID()] && len(c.links) < maxSameAs {
					linked[root][link.LinkID()] = true
					c.links = append(c.links, link)
				}
				if members[root][n.GetID()] || len(c.nodes) >= maxSameAs {
					continue
				}
				members[root][n.GetID()] = true
				c.nodes = append(c.nodes, n)
				frontierOf[root] = append(frontierOf[root], n.GetID())
			}
		}
	}
	return out, nil
}

// sameAsLevels bounds how far a cluster is followed: a chain of four
// confirmed pairs is as far as a reviewer is expected to have gone.
const sameAsLevels = 4

// sameAsConfirmed is the Cypher test that v, a SAME_AS relationship, is
// confirmed for the reader: the latest decision among the cases the
// reader sees says CONFIRMED (as LatestStatus of decisionsOf says in Go).
func sameAsConfirmed(v string) string {
	latest := "reduce(best = '', c IN [c IN coalesce(" + v + ".sources, []) WHERE $scopeAll OR c IN $scopeCases] | " +
		"CASE WHEN best = '' OR " + v + "['claim:' + c + ':decidedAt'] > " + v + "['claim:' + best + ':decidedAt'] THEN c ELSE best END)"
	return "(" + v + "['claim:' + " + latest + " + ':status'] = 'CONFIRMED')"
}

// sameAsLink is a SAME_AS relationship as a link chart draws it: its id,
// its ends and the visible deciding cases.
func sameAsLink(stored map[string]any, from, to string, scope graph.Scope) graph.Link {
	l := &graph.SameAsLink{}
	l.ID, _ = stored["id"].(string)
	for _, d := range decisionsOf(stored, scope) {
		l.CaseIDs = append(l.CaseIDs, d.CaseID)
	}
	slices.Sort(l.CaseIDs)
	l.FromID, l.ToID = from, to
	return l
}
