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

// Read with its roots, a plan reads the roots as NodesByID does (hidden
// ones absent) and the tree as EdgeTree does from those of them with the
// label asked for: a root of another type starts nothing.
func TestNodesWithTreeReadsWhatNodesByIDAndEdgeTreeRead(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	plan := []graph.EdgeStep{{RelType: graph.RelRecruited, Dir: graph.Outgoing, Next: []graph.EdgeStep{
		{RelType: graph.RelHeldAt, Dir: graph.Outgoing}}}}
	cases, err := s.CaseFileIDs(ctx, graph.AllCases())
	if err != nil || len(cases) == 0 {
		t.Fatalf("cases %v %v", cases, err)
	}
	page, err := s.List(ctx, graph.AllCases(), graph.ListQuery{Label: graph.RoleRecruiter, Order: graph.SortOrder{Field: graph.ListOrderFieldName}, First: 5})
	if err != nil || len(page.Nodes) == 0 {
		t.Fatalf("recruiters: %v", err)
	}
	ids := []string{"country:KH", "no-such-id"}
	for _, n := range page.Nodes {
		ids = append(ids, n.GetID())
	}
	for _, scope := range []graph.Scope{graph.AllCases(), graph.OnlyCases(cases[0]).WithVictimDetailsRedacted(), graph.OnlyCases("NO-SUCH-CASE")} {
		for _, proj := range []graph.Projection{{}, {NodeProps: []string{"name"}, LinkProps: []string{"date"}}} {
			roots, tree, err := s.NodesWithTree(ctx, scope, ids, graph.KindPerson, plan, proj)
			if err != nil {
				t.Fatal(err)
			}
			wantRoots, err := s.NodesByID(ctx, scope, ids)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(roots, wantRoots) {
				t.Fatalf("roots %v, NodesByID reads %v", roots, wantRoots)
			}
			var persons []string
			for _, id := range ids {
				if _, ok := wantRoots[id].(*graph.Person); ok {
					persons = append(persons, id)
				}
			}
			want, err := s.EdgeTree(ctx, scope, persons, plan, proj)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tree, want) {
				t.Fatalf("with its roots the plan read\n%+v\nfrom the persons among them EdgeTree reads\n%+v", tree, want)
			}
			if scope.SeesAll() && (len(roots) != len(ids)-1 || len(tree[0].Pages) == 0) {
				t.Fatalf("%d roots of %d ids, %d pages: the test reads too little", len(roots), len(ids), len(tree[0].Pages))
			}
		}
	}
}

// Read with its list, a plan gives the page List gives (nodes, cursors,
// whether there is a next page) and the tree EdgeTree reads from the
// page's nodes, for a list in index order, in another order, of a case,
// filtered by name, after a cursor, and in several scopes.
func TestListWithTreeReadsWhatListAndEdgeTreeRead(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	cases, err := s.CaseFileIDs(ctx, graph.AllCases())
	if err != nil || len(cases) == 0 {
		t.Fatalf("cases %v %v", cases, err)
	}
	plan := []graph.EdgeStep{{RelType: graph.RelRecruited, Dir: graph.Outgoing, Next: []graph.EdgeStep{
		{RelType: graph.RelHeldAt, Dir: graph.Outgoing, Next: []graph.EdgeStep{{RelType: graph.RelLocatedIn, Dir: graph.Outgoing}}}}}}
	byName := graph.SortOrder{Field: graph.ListOrderFieldName}
	queries := []graph.ListQuery{
		{Label: graph.RoleRecruiter, Order: byName, First: 3},
		{Label: graph.RoleRecruiter, Order: graph.SortOrder{Field: graph.ListOrderFieldCreatedAt, Descending: true}, First: 4},
		{Label: graph.RoleRecruiter, Filter: graph.ListFilter{CaseID: cases[0]}, Order: byName, First: 2},
		{Label: graph.RoleRecruiter, Filter: graph.ListFilter{NameContains: "a"}, Order: byName, First: 50},
	}
	for _, scope := range []graph.Scope{graph.AllCases(), graph.OnlyCases(cases[0]).WithVictimDetailsRedacted(), graph.OnlyCases("NO-SUCH-CASE")} {
		for qi, first := range queries {
			for _, proj := range []graph.Projection{{}, {NodeProps: []string{"name"}, LinkProps: []string{}}} {
				q := first
				for page := 0; page < 2; page++ {
					got, tree, err := s.ListWithTree(ctx, scope, q, plan, proj)
					if err != nil {
						t.Fatal(err)
					}
					want, err := s.List(ctx, scope, q)
					if err != nil {
						t.Fatal(err)
					}
					// (cursors are sealed with a fresh nonce: each is checked by
					// reading the next page with it)
					if !reflect.DeepEqual(got.Nodes, want.Nodes) || got.HasNextPage != want.HasNextPage || len(got.Cursors) != len(want.Cursors) {
						t.Fatalf("query %d page %d: with its tree the list read %+v, List reads %+v", qi, page, got, want)
					}
					var ids []string
					for _, n := range want.Nodes {
						ids = append(ids, n.GetID())
					}
					if len(ids) == 0 {
						for _, st := range tree {
							if len(st.Pages) > 0 {
								t.Fatalf("query %d page %d: an empty page read a tree: %+v", qi, page, tree)
							}
						}
						break
					}
					wantTree, err := s.EdgeTree(ctx, scope, ids, plan, proj)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(tree, wantTree) {
						t.Fatalf("query %d page %d: the list's tree differs from EdgeTree's from its page", qi, page)
					}
					if scope.SeesAll() && qi == 0 && page == 0 && (len(got.Nodes) != 3 || !got.HasNextPage || len(tree[0].Pages) == 0) {
						t.Fatalf("the first query reads too little to test: %d nodes, next %v", len(got.Nodes), got.HasNextPage)
					}
					if !want.HasNextPage {
						break
					}
					q.After = got.Cursors[len(got.Cursors)-1]
				}
			}
		}
	}
}
