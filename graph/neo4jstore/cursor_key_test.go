package neo4jstore_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// Issue 11, item 12: cursors are sealed with the configured key (they
// survive a restart, and work on every replica given the same key) and a
// cursor of one list is refused by another.
func TestCursorsUseTheConfiguredKeyAndStayWithTheirList(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "CUR-1", "TH")
	for i := 0; i < 3; i++ {
		if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "CUR-1", Ref: ptr(fmt.Sprintf("V%d", i)), Name: ptr(fmt.Sprintf("Anna %d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	key1, key2 := bytes.Repeat([]byte("1"), 32), bytes.Repeat([]byte("2"), 32)
	if err := neo4jstore.SetCursorKey([]byte("short")); err == nil {
		t.Error("a 5-byte cursor key was accepted")
	}
	if err := neo4jstore.SetCursorKey(key1); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = neo4jstore.SetCursorKey(bytes.Repeat([]byte("r"), 32)) })
	q := graph.ListQuery{Label: graph.RoleVictim, Order: graph.SortOrder{Field: "NAME"}, First: 1}
	page, err := s.List(ctx, graph.AllCases(), q)
	if err != nil || len(page.Cursors) != 1 {
		t.Fatalf("%+v %v", page, err)
	}
	next := q
	next.After = page.Cursors[0]

	// A restart with the same key: the cursor still works.
	if err := neo4jstore.SetCursorKey(key1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(ctx, graph.AllCases(), next); err != nil {
		t.Errorf("after a restart with the same key: %v", err)
	}
	// Another key refuses it.
	if err := neo4jstore.SetCursorKey(key2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(ctx, graph.AllCases(), next); err == nil {
		t.Error("a cursor sealed with another key was accepted")
	}
	_ = neo4jstore.SetCursorKey(key1)

	// Another list, filter or order refuses it.
	for name, other := range map[string]graph.ListQuery{
		"persons":         {Label: graph.KindPerson, Order: q.Order, First: 1},
		"filtered":        {Label: graph.RoleVictim, Order: q.Order, First: 1, Filter: graph.ListFilter{NameContains: "anna"}},
		"other case":      {Label: graph.RoleVictim, Order: q.Order, First: 1, Filter: graph.ListFilter{CaseID: "CUR-1"}},
		"descending":      {Label: graph.RoleVictim, Order: graph.SortOrder{Field: "NAME", Descending: true}, First: 1},
		"organisations":   {Label: graph.KindOrganization, Order: q.Order, First: 1},
		"same list again": q,
	} {
		other.After = page.Cursors[0]
		_, err := s.List(ctx, graph.AllCases(), other)
		if name == "same list again" {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "not a cursor returned by this list") {
			t.Errorf("%s: a cursor of the victims list was accepted (%v)", name, err)
		}
	}
}

// Issue 11, item 12: waiting for the indexes (up to five minutes) does not
// run inside the store's transaction timeout, and start-up works with a
// store timeout far below the wait.
func TestAwaitIndexesOutlastsTheStoreTimeout(t *testing.T) {
	if got := neo4jstore.AwaitIndexesTxTimeout(); got <= neo4jstore.AwaitIndexesSeconds*time.Second {
		t.Errorf("the wait for indexes runs in a %s transaction, shorter than the %d s it may wait", got, neo4jstore.AwaitIndexesSeconds)
	}
	testneo4j.Open(t)
	cfg := testneo4j.Config()
	cfg.TxTimeout = 2 * time.Second
	s, err := neo4jstore.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
}
