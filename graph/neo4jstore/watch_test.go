package neo4jstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestConcurrentChecksAlertOnce: checks of one case that run at once (two
// writes into it committing together) lock each watch's state before
// reading it, so each new element alerts once; a candidate added by
// entity resolution is stored per watch, and a reader outside the case is
// shown one hit per batch.
func TestConcurrentChecksAlertOnce(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "WA-A", "KH")
	newCase(t, s, "WA-B", "TH")
	phone := []graph.IdentifierInput{{Kind: "PHONE", Value: "+855 96 999 0001"}}
	if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "WA-A", Ref: ptr("R1"), Name: ptr("First"), Identifiers: phone}); err != nil {
		t.Fatal(err)
	}
	const id = "identifier:PHONE:+855969990001"
	for _, w := range []string{"w1", "w2"} {
		if _, err := s.Watch(ctx, graph.OnlyCases("WA-A"), w, id, nil, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Watch(ctx, graph.OnlyCases("WA-B"), "w3", id, nil, time.Now()); err == nil {
		t.Fatal("a watch of an entity the watcher does not see")
	}
	// The baseline: what case A said when the watch was made alerts nobody.
	if got, err := s.CheckWatches(ctx, "WA-A", "x", time.Now()); err != nil || len(got) != 0 {
		t.Fatalf("a check of what was known: %v %+v", err, got)
	}
	if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "WA-B", Ref: ptr("R2"), Name: ptr("Second"), Identifiers: phone}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var all []graph.Alert
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := s.CheckWatches(ctx, "WA-B", "writer-b", time.Now())
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			all = append(all, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	per := map[string]int{}
	for _, a := range all {
		per[a.Watcher+" "+string(a.Kind)]++
	}
	if len(all) != 4 || per["w1 MENTIONED"] != 1 || per["w1 LINKED"] != 1 || per["w2 MENTIONED"] != 1 || per["w2 LINKED"] != 1 {
		t.Fatalf("four concurrent checks stored %d alerts: %v", len(all), per)
	}

	added, err := s.AddAlerts(ctx, []graph.Alert{{EntityID: id, Kind: graph.AlertCandidate, CaseID: "WA-B", Summary: ptr("candidate: person:WA-A:R1 ~ person:WA-B:R2")}})
	if err != nil || len(added) != 2 {
		t.Fatalf("AddAlerts: %v %+v", err, added)
	}
	full, err := s.AlertsFor(ctx, graph.OnlyCases("WA-A", "WA-B"), "w1", time.Time{}, 50, true)
	if err != nil || len(full) != 3 || full[0].Kind != graph.AlertCandidate {
		t.Fatalf("w1's alerts, newest first: %v %+v", err, full)
	}
	hits, err := s.AlertsFor(ctx, graph.OnlyCases("WA-A"), "w1", time.Time{}, 50, false)
	if err != nil || len(hits) != 2 {
		t.Fatalf("w1's alerts as a reader of A only: one hit per batch: %v %+v", err, hits)
	}
	for _, h := range hits {
		if !h.Hit || h.Kind != graph.AlertHit || h.Summary != nil || h.CaseID != "WA-B" || h.Agency == nil || *h.Agency != "test agency" {
			t.Errorf("a hit: %+v", h)
		}
	}
	if none, _ := s.AlertsFor(ctx, graph.OnlyCases("WA-C"), "w1", time.Time{}, 50, false); len(none) != 0 {
		t.Fatalf("a reader who does not see the phone: %+v", none)
	}
	if removed, err := s.Unwatch(ctx, "w1", id); err != nil || !removed {
		t.Fatalf("unwatch: %v %v", removed, err)
	}
	if removed, _ := s.Unwatch(ctx, "w1", id); removed {
		t.Fatal("unwatch twice")
	}
}
