package neo4jstore_test

import (
	"context"
	"strings"
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

// TestErasureReachesWatchesAndAlerts: after a victim's data is erased, no
// watch, state or alert keeps an identifier of theirs (an identifier's id
// is its value).
func TestErasureReachesWatchesAndAlerts(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "WE-A", "KH")
	res, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "WE-A", Ref: ptr("V1"), Name: ptr("Victim"),
		Identifiers: []graph.IdentifierInput{{Kind: "PASSPORT", Value: "P1111111"}}})
	if err != nil {
		t.Fatal(err)
	}
	all := graph.AllCases()
	if _, err := s.Watch(ctx, all, "w1", res.ID, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Watch(ctx, all, "w2", "identifier:PASSPORT:P1111111", nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePerson(ctx, res.ID, []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "WE-A",
		Identifiers: []graph.IdentifierInput{{Kind: "PASSPORT", Value: "P1111111"}, {Kind: "PASSPORT", Value: "P2222222"}}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.CheckWatches(ctx, "WE-A", "x", time.Now())
	if err != nil || len(got) != 1 || got[0].Kind != graph.AlertIdentifierJoined || *got[0].OtherID != "identifier:PASSPORT:P2222222" {
		t.Fatalf("the new passport: %v %+v", err, got)
	}
	if _, err := s.EraseVictimData(ctx, res.ID); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range snap {
		if strings.Contains(line, "P1111111") || strings.Contains(line, "P2222222") {
			t.Errorf("erased data left: %s", line)
		}
	}
	if list, _ := s.AlertsFor(ctx, all, "w1", time.Time{}, 50, true); len(list) != 1 || list[0].OtherID != nil || list[0].Summary != nil {
		t.Fatalf("w1's alert after the erasure: %+v", list)
	}
	if list, _ := s.Watchlist(ctx, all, "w2"); len(list) != 0 {
		t.Fatalf("w2's watch of the deleted passport: %+v", list)
	}
}

// TestAlertsNameTheOtherEndOnlyWhereItIsVisible: a VIEWER watching a
// recruiter is told a phone joined him, but not which, when a victim uses
// that phone (victims' phones are withheld from VIEWERs).
func TestAlertsNameTheOtherEndOnlyWhereItIsVisible(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "WV-A", "KH")
	phone := []graph.IdentifierInput{{Kind: "PHONE", Value: "+855 96 999 0333"}}
	if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "WV-A", Ref: ptr("V1"), Name: ptr("Victim"), Identifiers: phone}); err != nil {
		t.Fatal(err)
	}
	r, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "WV-A", Ref: ptr("R1"), Name: ptr("Recruiter")})
	if err != nil {
		t.Fatal(err)
	}
	viewer := graph.OnlyCases("WV-A").WithVictimDetailsRedacted()
	if _, err := s.Watch(ctx, viewer, "viewer", r.ID, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePerson(ctx, r.ID, []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "WV-A", Identifiers: phone}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.CheckWatches(ctx, "WV-A", "x", time.Now()); err != nil || len(got) != 1 {
		t.Fatalf("check: %v %+v", err, got)
	}
	list, err := s.AlertsFor(ctx, viewer, "viewer", time.Time{}, 50, true)
	if err != nil || len(list) != 1 || list[0].Kind != graph.AlertIdentifierJoined || list[0].OtherID != nil || list[0].Summary != nil || list[0].LinkID != nil {
		t.Fatalf("the VIEWER's alert: %v %+v", err, list)
	}
	if list, _ := s.AlertsFor(ctx, graph.OnlyCases("WV-A"), "viewer", time.Time{}, 50, true); len(list) != 1 || list[0].OtherID == nil {
		t.Fatalf("an analyst's view of the same alert names the phone: %+v", list)
	}
}
