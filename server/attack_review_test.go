package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// hiddenRoleCases: case A records person VX as a victim and RX as a
// recruiter; case B mentions both as plain persons (no role), and has a
// recruiter, a plain person and a compound of its own.
func hiddenRoleCases(t *testing.T, store *graph.Store) {
	t.Helper()
	s := func(v string) *string { return &v }
	no := false
	a := &casefile.Case{Case: casefile.CaseHeader{ID: "A-1", Title: "Case A", Agency: "Agency A", Country: s("KH")},
		Entities: []casefile.Entity{
			{Ref: "RX", Type: "Recruiter", Name: s("Recruiter Of A")},
			{Ref: "VX", Type: "Victim", Name: s("Victim Of A"), ConsentToShare: &no},
		},
		Links: []casefile.Link{{Type: "RECRUITED", From: "RX", To: "VX"}}}
	b := &casefile.Case{Case: casefile.CaseHeader{ID: "B-1", Title: "Case B", Agency: "Agency B", Country: s("TH")},
		Entities: []casefile.Entity{
			{Ref: "VX", Type: "Person", ID: s("person:A-1:VX"), Name: s("Someone In B")},
			{Ref: "RX", Type: "Person", ID: s("person:A-1:RX"), Name: s("Other One In B")},
			{Ref: "RB", Type: "Recruiter", Name: s("Recruiter Of B")},
			{Ref: "PB", Type: "Person", Name: s("Plain Of B")},
			{Ref: "CB", Type: "Compound", Name: s("Compound Of B")},
		},
		Links: []casefile.Link{}}
	for _, c := range []*casefile.Case{a, b} {
		if rep, err := casefile.ImportCase(context.Background(), store, c, casefile.Options{}); err != nil || rep.ExitCode != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
	}
}

// A role (victim, recruiter) that only a hidden case gives must not
// decide a link write: B's analyst linking a person whose victim or
// recruiter role only A gives gets the same refusal, word for word, as
// for a person of its own without the role. Otherwise addLink is an
// oracle for "a hidden case records this person as a victim", and the
// link written on A's role is counted by hubs as a recruited victim.
func TestReviewLinkEndsCheckedOnVisibleRoles(t *testing.T) {
	store := testneo4j.Open(t)
	hiddenRoleCases(t, store)
	api, keys, _ := securedAPI(t, store)
	addLink := func(typ, from, to string) string {
		t.Helper()
		code, r := queryAs(t, api, keys["analyst-b"], `mutation($t: LinkType!, $from: ID!, $to: ID!) {
  addLink(input: {caseId: "B-1", type: $t, from: $from, to: $to}) { __typename } }`, map[string]any{"t": typ, "from": from, "to": to})
		if code != http.StatusOK {
			t.Fatalf("%s %s -> %s: status %d", typ, from, to, code)
		}
		if len(r.Errors) == 0 {
			return "written"
		}
		return fmt.Sprintf("%v %s", r.Errors[0].Extensions["code"], r.Errors[0].Message)
	}
	const hiddenVictim, hiddenRecruiter = "person:A-1:VX", "person:A-1:RX"
	const plain, recruiterB, compoundB = "person:B-1:PB", "person:B-1:RB", "compound:B-1:CB"
	for _, c := range []struct{ typ, from, to, hidden string }{
		{"RECRUITED", recruiterB, hiddenVictim, hiddenVictim},
		{"HELD_AT", hiddenVictim, compoundB, hiddenVictim},
		{"RECRUITS_FOR", hiddenRecruiter, compoundB, hiddenRecruiter},
		{"RECRUITED", hiddenRecruiter, plain, hiddenRecruiter},
	} {
		asPlain := addLink(c.typ, strings.ReplaceAll(c.from, c.hidden, plain), strings.ReplaceAll(c.to, c.hidden, plain))
		asHidden := addLink(c.typ, c.from, c.to)
		if asPlain == "written" || strings.ReplaceAll(asHidden, c.hidden, plain) != asPlain {
			t.Errorf("%s %s -> %s: B is answered %q, for its own plain person %q", c.typ, c.from, c.to, asHidden, asPlain)
		}
	}
	hubs, err := store.Hubs(context.Background(), graph.OnlyCases("B-1"), graph.HubQuery{Metric: "VICTIMS_RECRUITED", First: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(hubs) != 0 {
		t.Errorf("B's hubs count victims only A records: %+v", hubs)
	}
}
