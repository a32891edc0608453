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
	created, updated, _ := demo.Totals(first)
	if created != 72+192 || updated != 0 {
		t.Fatalf("first load: created %d, updated %d; the demo has 72 entities and 192 links", created, updated)
	}
	second, err := demo.Load(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	created2, updated2, unchanged2 := demo.Totals(second)
	if created2 != 0 || updated2 != 0 || unchanged2 != created {
		t.Fatalf("loading the demo again changed something: created %d, updated %d, unchanged %d", created2, updated2, unchanged2)
	}
	c, err := store.Node(ctx, graph.AllCases(), demo.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	if imports := c.(*graph.CaseFile).Imports(); len(imports) != 2 || imports[0].SHA256 != imports[1].SHA256 || imports[1].By != "scamgraph demo" {
		t.Fatalf("the case file should record both loads of the same file: %+v", imports)
	}
	want := map[graph.Label]int{
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
	if !c.(*graph.CaseFile).Fictional {
		t.Fatalf("the demo case must be marked fictional: %v %v", c, err)
	}
}
