package demo_test

import (
	"context"
	"testing"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestDemoLoadsOnceAndAgainChangesNothing checks the counts the demo
// README promises, and that `make run` may load the demo at every start.
func TestDemoLoadsOnceAndAgainChangesNothing(t *testing.T) {
	store := testneo4j.Open(t)
	ctx := context.Background()
	first, err := demo.Load(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	if first.Created == 0 || first.Updated != 0 {
		t.Fatalf("first load: %+v", first)
	}
	second, err := demo.Load(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	if second.Created != 0 || second.Updated != 0 || second.Unchanged != first.Created {
		t.Fatalf("loading the demo again changed something: first %+v, second %+v", first, second)
	}
	want := map[string]int{
		graph.KindPerson: 50, graph.RoleVictim: 35, graph.RoleRecruiter: 7, graph.KindOrganization: 3,
		graph.KindCompound: 3, graph.KindBankAccount: 16, graph.KindIdentifier: 54, graph.KindCaseFile: 1,
	}
	for label, n := range want {
		got, err := store.Count(ctx, graph.AllCases(), graph.ListQuery{Label: label, Order: graph.SortOrder{Field: "NAME"}})
		if err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Errorf("%s: %d in the graph, the demo README says %d", label, got, n)
		}
	}
	c, err := store.Node(ctx, graph.AllCases(), demo.CaseID)
	if err != nil || !c.(*graph.CaseFile).Fictional {
		t.Fatalf("the demo case must be marked fictional: %v %v", c, err)
	}
}
