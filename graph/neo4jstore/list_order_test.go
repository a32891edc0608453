package neo4jstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// listAll pages through a NAME-sorted list of victims two at a time and
// returns the names in the order the pages gave them.
func listAll(t *testing.T, s *neo4jstore.Store, scope graph.Scope, desc bool, filter graph.ListFilter) []string {
	t.Helper()
	var names []string
	after := ""
	for range 50 {
		page, err := s.List(context.Background(), scope, graph.ListQuery{Label: graph.RoleVictim, Filter: filter,
			Order: graph.SortOrder{Field: "NAME", Descending: desc}, First: 2, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range page.Nodes {
			names = append(names, n.(*graph.Person).Name)
		}
		if !page.HasNextPage {
			return names
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	t.Fatal("the list did not end after 50 pages")
	return nil
}

// rawQuery runs a statement on the test database directly: to stand for
// data an earlier version wrote, and to look at what no API shows.
func rawQuery(t *testing.T, cypher string, params map[string]any) *neo4j.EagerResult {
	t.Helper()
	cfg := testneo4j.Config()
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(context.Background())
	res, err := neo4j.ExecuteQuery(context.Background(), driver, cypher, params, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func rawRun(t *testing.T, cypher string) { rawQuery(t, cypher, nil) }

// rawCount runs a statement that returns one count.
func rawCount(t *testing.T, cypher string, params map[string]any) int64 {
	t.Helper()
	return rawQuery(t, cypher, params).Records[0].Values[0].(int64)
}

func TestNameOrderedListsFollowNamesThroughWritesErasureAndUpgrade(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "ORD-1", "KH")
	newCase(t, s, "ORD-2", "TH")
	ids := map[string]string{}
	for i, name := range []string{"bravo", "Alpha", "charlie", "ALPHA", "delta 9", "Echo 9", "민준"} {
		caseID := "ORD-1"
		if i%2 == 1 {
			caseID = "ORD-2"
		}
		res, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: caseID, Ref: ptr(fmt.Sprintf("V%d", i)), Name: ptr(name)})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = res.ID
	}
	// Case-insensitive; the two spellings of alpha tie on the key and come
	// in id order.
	alphas := []string{"Alpha", "ALPHA"}
	if ids["ALPHA"] < ids["Alpha"] {
		alphas = []string{"ALPHA", "Alpha"}
	}
	want := append(append([]string{}, alphas...), "bravo", "charlie", "delta 9", "Echo 9", "민준")
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{}); !slices.Equal(got, want) {
		t.Fatalf("ascending pages gave %q, want %q", got, want)
	}
	reversed := slices.Clone(want)
	slices.Reverse(reversed)
	if got := listAll(t, s, graph.AllCases(), true, graph.ListFilter{}); !slices.Equal(got, reversed) {
		t.Fatalf("descending pages gave %q, want %q", got, reversed)
	}
	// Filters still apply within the index order.
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{CaseID: "ORD-1", NameContains: "9"}); !slices.Equal(got, []string{"delta 9"}) {
		t.Fatalf("case ORD-1, name containing 9: %q", got)
	}
	if got := listAll(t, s, graph.OnlyCases("ORD-2"), false, graph.ListFilter{}); len(got) != 3 {
		t.Fatalf("a reader of ORD-2 lists %q, want its 3 victims", got)
	}

	// A victim that a second case also names is in both cases' lists, and
	// leaves one when that case deletes it.
	if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "ORD-2", PersonID: ptr(ids["bravo"])}); err != nil {
		t.Fatal(err)
	}
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{CaseID: "ORD-2"}); !slices.Contains(got, "bravo") || len(got) != 4 {
		t.Fatalf("case ORD-2 after it named bravo lists %q", got)
	}
	caseCount := func(caseID string) int {
		n, err := s.Count(ctx, graph.AllCases(), graph.ListQuery{Label: graph.RoleVictim, Filter: graph.ListFilter{CaseID: caseID}, Order: graph.SortOrder{Field: "NAME"}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if a, b := caseCount("ORD-1"), caseCount("ORD-2"); a != 4 || b != 4 {
		t.Fatalf("counts by case: ORD-1 %d, ORD-2 %d; want 4 and 4", a, b)
	}
	if _, err := s.DeleteFromCase(ctx, "ORD-2", ids["bravo"], graph.RoleVictim); err != nil {
		t.Fatal(err)
	}
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{CaseID: "ORD-2"}); slices.Contains(got, "bravo") {
		t.Fatalf("case ORD-2 still lists bravo after deleting it: %q", got)
	}
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{CaseID: "ORD-1"}); !slices.Contains(got, "bravo") {
		t.Fatalf("case ORD-1 lost bravo when ORD-2 deleted it: %q", got)
	}
	if got := listAll(t, s, graph.OnlyCases("ORD-1"), false, graph.ListFilter{CaseID: "ORD-2"}); len(got) != 0 {
		t.Fatalf("a reader of ORD-1 filtering on ORD-2 lists %q", got)
	}

	// A rename moves the victim in the order.
	if _, err := s.SavePerson(ctx, ids["bravo"], nil, graph.PersonInput{CaseID: "ORD-1", Name: ptr("Zulu")}); err != nil {
		t.Fatal(err)
	}
	got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{})
	if got[len(got)-2] != "Zulu" || slices.Contains(got, "bravo") {
		t.Fatalf("after renaming bravo to Zulu the list is %q", got)
	}

	// Erasure leaves no copy of the name in the sort key.
	if _, err := s.EraseVictimData(ctx, ids["charlie"]); err != nil {
		t.Fatal(err)
	}
	// "[erased]" sorts before letters.
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{}); got[0] != neo4jstore.ErasedName || slices.Contains(got, "charlie") {
		t.Fatalf("after erasure the list is %q", got)
	}
	count, err := s.Count(ctx, graph.AllCases(), graph.ListQuery{Label: graph.RoleVictim, Filter: graph.ListFilter{NameContains: "charlie"}, Order: graph.SortOrder{Field: "NAME"}})
	if err != nil || count != 0 {
		t.Fatalf("after erasure %d victims are still found as charlie (%v)", count, err)
	}
	assertNoSortKey(t, "charlie")

	// Data written before sort keys and case labels existed: the start-up
	// backfills key and label it.
	rawRun(t, `MATCH (n:Entity) REMOVE n.sortName`)
	rawRun(t, `MATCH (n:Entity) FOREACH (l IN [x IN labels(n) WHERE x STARTS WITH 'Case_'] | REMOVE n:$(l))`)
	rawRun(t, `MATCH (m:SchemaState) DELETE m`)
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{CaseID: "ORD-1"}); len(got) != 0 {
		t.Fatalf("unlabelled victims were listed by case before the backfill: %q", got)
	}
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{}); len(got) != 0 {
		t.Fatalf("unkeyed victims were listed before the backfill: %q", got)
	}
	if err := s.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{}); len(got) != len(want) {
		t.Fatalf("after the backfill the list is %q", got)
	}
	n, err := s.BackfillSortNames(ctx)
	if err != nil || n != 0 {
		t.Fatalf("a backfill of an up-to-date database visited %d nodes (%v)", n, err)
	}
	if n, err := s.BackfillCaseLabels(ctx); err != nil || n != 0 {
		t.Fatalf("a case label backfill of an up-to-date database visited %d nodes (%v)", n, err)
	}
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{CaseID: "ORD-1"}); len(got) != 4 {
		t.Fatalf("after the backfill case ORD-1 lists %q", got)
	}
	assertNoSortKey(t, "charlie")

	// Retracting a case takes its label off what other cases still name.
	if _, err := s.RetractCase(ctx, "ORD-2"); err != nil {
		t.Fatal(err)
	}
	if got := listAll(t, s, graph.AllCases(), false, graph.ListFilter{CaseID: "ORD-2"}); len(got) != 0 {
		t.Fatalf("a retracted case still lists %q", got)
	}
	assertNoNodeLabelled(t, "Case_ORD-2")
}

// assertNoSortKey fails if any node's sort key still holds name.
func assertNoSortKey(t *testing.T, name string) {
	t.Helper()
	if c := rawCount(t, `MATCH (n:Entity) WHERE n.sortName CONTAINS $name RETURN count(n)`, map[string]any{"name": strings.ToLower(name)}); c != 0 {
		t.Fatalf("%d nodes keep %q in their sort key", c, name)
	}
}

// assertNoNodeLabelled fails if any node carries the label.
func assertNoNodeLabelled(t *testing.T, label string) {
	t.Helper()
	if c := rawCount(t, `MATCH (n) WHERE $label IN labels(n) RETURN count(n)`, map[string]any{"label": label}); c != 0 {
		t.Fatalf("%d nodes keep the label %s", c, label)
	}
}

// An identifier sorts by its value: imported, and after the start-up's
// backfill for identifiers an earlier version stored with an empty key.
func TestIdentifiersSortByTheirValue(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	unkeyed := `MATCH (i:Identifier) WHERE i.sortName IS NULL OR i.sortName <> toLower(i.value) RETURN count(i)`
	if n := rawCount(t, `MATCH (i:Identifier) RETURN count(i)`, nil); n == 0 {
		t.Fatal("the demo has no identifiers to test on")
	}
	if n := rawCount(t, unkeyed, nil); n != 0 {
		t.Fatalf("%d imported identifiers do not sort by their value", n)
	}
	rawRun(t, `MATCH (i:Identifier) SET i.sortName = ''`)
	if _, err := s.BackfillSortNames(ctx); err != nil {
		t.Fatal(err)
	}
	if n := rawCount(t, unkeyed, nil); n != 0 {
		t.Fatalf("after the backfill %d identifiers do not sort by their value", n)
	}
}
