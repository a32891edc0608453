package graph

import (
	"errors"
	"slices"
	"testing"
)

// TestTraversalQueriesSayEveryProblemAtOnce: an investigator who asks for
// depth 9 with an unknown type hears of both, in one answer, naming the
// arguments; a query in bounds gets the default types.
func TestTraversalQueriesSayEveryProblemAtOnce(t *testing.T) {
	fields := func(err error) []string {
		var es ValidationErrors
		if !errors.As(err, &es) {
			t.Fatalf("want validation errors, got %v", err)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Field)
		}
		return out
	}
	_, err := NeighborhoodQuery{Around: "person:A:1", Depth: 9, Limit: 0, Types: []RelType{"NOPE"}}.Checked()
	if got := fields(err); !slices.Equal(got, []string{"depth", "limit", "relationshipTypes"}) {
		t.Errorf("neighbourhood: %v", got)
	}
	_, err = PathQuery{From: "person:A:1", To: "person:A:1", MaxHops: 0, First: 99}.Checked()
	if got := fields(err); !slices.Equal(got, []string{"maxHops", "first", "to"}) {
		t.Errorf("paths: %v", got)
	}
	q, err := PathQuery{From: "person:A:1", To: "person:A:2", MaxHops: 4, First: 10}.Checked()
	if err != nil || len(q.Types) == 0 || slices.ContainsFunc(q.Types, func(t RelType) bool { return slices.Contains(CountryLinkTypes, t) }) {
		t.Errorf("paths in bounds: types %v, %v (want every type but the country links)", q.Types, err)
	}
	_, err = PathQuery{From: "a", To: "b", MaxHops: 4, First: 10, Types: []RelType{RelHolds}}.Checked()
	if err != nil {
		t.Errorf("paths over HOLDS: %v", err)
	}
	if err := Combine(nil, errors.New("neo4j down"), &ValidationError{Field: "x"}); err == nil || err.Error() != "neo4j down" {
		t.Errorf("Combine passes an error that is no validation problem on alone, got %v", err)
	}
}
