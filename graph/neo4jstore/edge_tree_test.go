package neo4jstore_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// A plan read in one statement gives, step by step and key by key, the
// page EdgesOf gives: the same relationships and far nodes in the same
// order, seen through the same scope (another case's compartments,
// victims' details redacted).
func TestEdgeTreeReadsWhatEdgesOfReads(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	plan := []graph.EdgeStep{
		{RelType: graph.RelRecruited, Dir: graph.Outgoing, Next: []graph.EdgeStep{
			{RelType: graph.RelHeldAt, Dir: graph.Outgoing, Next: []graph.EdgeStep{
				{RelType: graph.RelLocatedIn, Dir: graph.Outgoing},
				{RelType: graph.RelHeldAt, Dir: graph.Incoming},
			}},
			{RelType: graph.RelNationalOf, Dir: graph.Outgoing},
			{RelType: graph.RelPaid, Dir: graph.Outgoing},
		}},
		{RelType: graph.RelUses, Dir: graph.Outgoing},
	}
	cases, err := s.CaseFileIDs(ctx, graph.AllCases())
	if err != nil || len(cases) == 0 {
		t.Fatalf("cases %v %v", cases, err)
	}
	for _, scope := range []graph.Scope{graph.AllCases(), graph.OnlyCases(cases[0]).WithVictimDetailsRedacted(), graph.OnlyCases("NO-SUCH-CASE")} {
		page, err := s.List(ctx, graph.AllCases(), graph.ListQuery{Label: graph.RoleRecruiter, Order: graph.SortOrder{Field: graph.ListOrderFieldName}, First: 50})
		if err != nil || len(page.Nodes) == 0 {
			t.Fatalf("recruiters: %v", err)
		}
		var roots []string
		for _, n := range page.Nodes {
			roots = append(roots, n.GetID())
		}
		got, err := s.EdgeTree(ctx, scope, roots, plan, graph.Projection{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != graph.CountSteps(plan) {
			t.Fatalf("%d steps read, the plan has %d", len(got), graph.CountSteps(plan))
		}
		read := 0
		for i, st := range got {
			if len(st.Keys) == 0 && i == 0 {
				t.Fatal("the first step starts from the roots")
			}
			want, err := s.EdgesOf(ctx, scope, st.RelType, st.Dir, st.Keys)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(st.Pages, want) {
				t.Fatalf("step %d (%s %v): the tree read\n%+v\nEdgesOf reads\n%+v", i, st.RelType, st.Dir, st.Pages, want)
			}
			for _, p := range st.Pages {
				read += len(p.Items)
			}
		}
		if scope.SeesAll() && read < 50 {
			t.Fatalf("the demo's recruiters reach only %d relationships through the plan", read)
		}
	}
}
