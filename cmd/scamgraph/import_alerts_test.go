package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestImportCommandRaisesAlerts: `scamgraph import` checks the watches of
// the case it imported, as importCaseFile does; importing the file again
// alerts nobody.
func TestImportCommandRaisesAlerts(t *testing.T) {
	s := testneo4j.Open(t)
	t.Setenv("NEO4J_URI", testneo4j.URI())
	ctx := context.Background()
	th := "TH"
	if _, err := s.SaveCaseFile(ctx, graph.CaseFileInput{ID: "W-A", Title: "watcher's case", Agency: "A", Country: &th}); err != nil {
		t.Fatal(err)
	}
	ref, name := "R1", "Someone"
	if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "W-A", Ref: &ref, Name: &name,
		Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+66 81 234 5678"}}}); err != nil {
		t.Fatal(err)
	}
	const phone = "identifier:PHONE:+66812345678"
	if _, err := s.Watch(ctx, graph.OnlyCases("W-A"), "watcher", phone, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "--by", "cli-importer", "../../testdata/json/good-case.json")
	if code != 0 || !strings.Contains(errOut, "alerts stored") {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	alerts, err := s.AlertsFor(ctx, graph.AllCases(), "watcher", time.Time{}, 50, true)
	if err != nil || len(alerts) == 0 {
		t.Fatalf("alerts: %v %+v", err, alerts)
	}
	for _, a := range alerts {
		if a.CaseID != "TEST-TH-2025-07" || a.CausedBy == nil || *a.CausedBy != "cli-importer" {
			t.Errorf("an alert of the import command: %+v", a)
		}
	}
	if code, _, errOut = runCLI(t, "--by", "cli-importer", "../../testdata/json/good-case.json"); code != 0 || strings.Contains(errOut, "alerts stored") {
		t.Fatalf("importing again: exit %d, stderr %s", code, errOut)
	}
	if again, _ := s.AlertsFor(ctx, graph.AllCases(), "watcher", time.Time{}, 50, true); len(again) != len(alerts) {
		t.Fatalf("importing again alerted: %d then %d", len(alerts), len(again))
	}
}
