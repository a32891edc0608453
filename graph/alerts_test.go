package graph

import "testing"

// TestAlertsSince: what is new since the last check alerts, once; what
// was withdrawn leaves the state and alerts again when it comes back.
func TestAlertsSince(t *testing.T) {
	uses := WatchedLink{ID: "USES:1", Type: string(RelUses), OtherID: "identifier:PHONE:+855969990001", Out: true, OtherLabels: []string{"Entity", "Identifier"}}
	holds := WatchedLink{ID: "HOLDS:1", Type: string(RelHolds), OtherID: "account:X", Out: true, OtherLabels: []string{"Entity", "BankAccount"}}
	usedBy := WatchedLink{ID: "USES:2", Type: string(RelUses), OtherID: "person:B-1:RB", Out: false, OtherLabels: []string{"Entity", "Person"}}

	alerts, st := AlertsSince(WatchCaseState{}, true, []WatchedLink{uses, holds, usedBy})
	kinds := map[AlertKind]int{}
	for _, a := range alerts {
		kinds[a.Kind]++
	}
	if len(alerts) != 4 || kinds[AlertMentioned] != 1 || kinds[AlertIdentifierJoined] != 1 || kinds[AlertAccountJoined] != 1 || kinds[AlertLinked] != 1 {
		t.Fatalf("first check: %+v", alerts)
	}
	for _, a := range alerts {
		if a.Kind == AlertLinked && *a.Summary != "USES from person:B-1:RB" {
			t.Errorf("summary %q", *a.Summary)
		}
	}
	if again, _ := AlertsSince(st, true, []WatchedLink{uses, holds, usedBy}); len(again) != 0 {
		t.Fatalf("the same again alerts: %+v", again)
	}
	_, st = AlertsSince(st, true, []WatchedLink{uses}) // the case withdrew two links
	back, _ := AlertsSince(st, true, []WatchedLink{uses, holds})
	if len(back) != 1 || back[0].Kind != AlertAccountJoined {
		t.Fatalf("a link asserted again: %+v", back)
	}
	if hit := back[0].AsHit(); hit.Kind != AlertHit || hit.Summary != nil || hit.OtherID != nil || hit.LinkID != nil || hit.CausedBy != nil || !hit.Hit {
		t.Fatalf("a hit shows more than the case: %+v", hit)
	}
}
