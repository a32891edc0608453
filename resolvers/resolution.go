package resolvers

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// maxDecisionNote bounds a reviewer's note on a SAME_AS decision.
const maxDecisionNote = 2000

// decideSameAs stores caseID's decision on the pair a, b and answers the
// pair as the caller now sees it. The permission check has already
// parsed the ids, checked the case is the caller's and that both entities
// are visible to the caller.
func (r *Resolver) decideSameAs(ctx context.Context, a, b, caseID string, note *string, status graph.ResolutionStatus) (*graph.ResolutionCandidate, error) {
	if a == b {
		return nil, &graph.ValidationError{Field: "b", Reason: "must be another entity than a"}
	}
	if note != nil && (utf8.RuneCountInString(*note) > maxDecisionNote || !utf8.ValidString(*note)) {
		return nil, &graph.ValidationError{Field: "note", Reason: fmt.Sprintf("must be valid UTF-8 of at most %d characters", maxDecisionNote)}
	}
	sc := scope(ctx)
	m, na, nb, ok, err := r.Store.ScorePair(ctx, sc, a, b)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &graph.ValidationError{Field: "b", Reason: "a and b must be two people or two organisations"}
	}
	score := m.Score
	decisions, err := r.Store.DecideSameAs(ctx, sc, a, b, caseID, status, principalID(ctx), note, &score)
	if err != nil {
		return nil, err
	}
	return &graph.ResolutionCandidate{A: na, B: nb, Score: &score, Reasons: m.Reasons,
		Status: graph.LatestStatus(decisions), Decisions: decisions}, nil
}

// sameAsOf lists the entities of type T confirmed to be id, as the caller
// sees them.
func sameAsOf[T any, PT interface {
	*T
	graph.Node
}](ctx context.Context, store *neo4jstore.Store, id string) ([]PT, error) {
	byID, err := store.SameAs(ctx, scope(ctx), []string{id})
	if err != nil {
		return nil, err
	}
	out := []PT{}
	for _, n := range byID[id] {
		if t, ok := n.(PT); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// pointers turns a slice of values into one of pointers, as gqlgen's
// lists of objects want.
func pointers[T any](in []T) []*T {
	out := make([]*T, len(in))
	for i := range in {
		out[i] = &in[i]
	}
	return out
}

// withSameAs adds to search hits the entities a visible case confirmed to
// be one of them, right after it, with its score: "same as <id>" says why.
func (r *Resolver) withSameAs(ctx context.Context, hits []graph.SearchHit) ([]graph.SearchHit, error) {
	ids := make([]string, 0, len(hits))
	have := map[string]bool{}
	for _, h := range hits {
		ids = append(ids, h.Node.GetID())
		have[h.Node.GetID()] = true
	}
	clusters, err := r.Store.SameAs(ctx, scope(ctx), ids)
	if err != nil {
		return nil, err
	}
	out := make([]graph.SearchHit, 0, len(hits))
	for _, h := range hits {
		out = append(out, h)
		for _, n := range clusters[h.Node.GetID()] {
			if have[n.GetID()] {
				continue
			}
			have[n.GetID()] = true
			out = append(out, graph.SearchHit{Node: n, Score: h.Score, MatchedOn: []string{"same as " + h.Node.GetID()}})
		}
	}
	return out, nil
}
