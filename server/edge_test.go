package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// Issue 11, item 1: every id a mutation names is parsed at the edge. A
// padded id is BAD_USER_INPUT before any right is checked or anything is
// written, and a hidden id answers word for word as an absent one.
func TestPaddedIDsAreRefusedAtTheEdge(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	b := keys["analyst-b"]
	ctx := context.Background()
	_, relsBefore, err := store.Size(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// person:A-1:RA is A's alone: hidden from B. Padded, it reached it.
	for _, pad := range []string{" person:A-1:RA", "\tperson:A-1:RA", "person:A-1:RA ", "person:A-1:RA\n", "Person:A-1:RA", "person:A-1:RA:"} {
		_, r := queryAs(t, api, b, `mutation($from: ID!) { addLink(input: {caseId: "B-1", type: RECRUITED, from: $from, to: "person:A-1:VA"}) { __typename } }`,
			map[string]any{"from": pad})
		if r.code() != "BAD_USER_INPUT" {
			t.Errorf("addLink from %q: %+v %v", pad, r.Errors, r.Data)
		}
		for _, e := range r.Errors {
			if strings.Contains(e.Message, "A-1:RA") {
				t.Errorf("the refusal repeats the id: %q", e.Message)
			}
		}
	}
	// The kind oracle: a hidden recruiter where a victim is wanted, and an
	// id nobody has, answer alike (only the id differs).
	answer := func(to string) (string, string) {
		_, r := queryAs(t, api, b, `mutation($to: ID!) { addLink(input: {caseId: "B-1", type: RECRUITED, from: "person:B-1:RB", to: $to}) { __typename } }`,
			map[string]any{"to": to})
		if len(r.Errors) == 0 {
			t.Fatalf("addLink to %q was written: %v", to, r.Data)
		}
		return r.code(), strings.ReplaceAll(r.Errors[0].Message, to, "<id>")
	}
	for _, pad := range []string{"", " ", "\t"} {
		hc, hm := answer(pad + "person:A-1:RA")
		ac, am := answer(pad + "person:A-1:NOBODY")
		if hc != ac || hm != am {
			t.Errorf("padding %q: hidden %s %q, absent %s %q", pad, hc, hm, ac, am)
		}
	}
	// Every other argument that carries an id.
	for _, m := range []string{
		`mutation { updateRecruiter(id: " person:A-1:RA", input: {caseId: "B-1", name: "x"}) { __typename } }`,
		`mutation { deleteRecruiter(id: "person:A-1:RA\t", caseId: "B-1") { __typename } }`,
		`mutation { deleteVictim(id: "person:A-1:VA", caseId: " B-1") { __typename } }`,
		`mutation { createRecruiter(input: {caseId: "B-1", personId: " person:A-1:RA"}) { __typename } }`,
		`mutation { removeLink(input: {caseId: "B-1", id: " recruited:0123456789abcdef0123"}) { __typename } }`,
		`mutation { removeLink(input: {caseId: "B-1", id: "person:A-1:VA"}) { __typename } }`,
		`mutation { addLink(input: {caseId: "B-1", type: TRANSITED, from: "person:A-1:VA", to: " TH", order: 1}) { __typename } }`,
	} {
		if _, r := queryAs(t, api, b, m, nil); r.code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", m, r.Errors)
		}
	}
	if _, r := queryAs(t, api, keys["admin"], `mutation { eraseVictimData(id: "person:A-1:VA ") { id } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Errorf("eraseVictimData with a padded id: %+v", r.Errors)
	}
	if _, rels, _ := store.Size(ctx); rels != relsBefore {
		t.Errorf("relationships %d -> %d: a refused write wrote", relsBefore, rels)
	}
	// The canonical forms still work.
	if _, r := queryAs(t, api, b, `mutation { addLink(input: {caseId: "B-1", type: RECRUITED, from: "person:B-1:RB", to: "person:A-1:VA"}) { __typename } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("a visible, exact id: %+v", r.Errors)
	}
	if _, r := queryAs(t, api, b, `mutation { addLink(input: {caseId: "B-1", type: TRANSITED, from: "person:A-1:VA", to: "TH", order: 1}) { __typename } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("a country code: %+v", r.Errors)
	}
}

// Issue 11, item 6: one refused root field refuses the operation before
// any runs; fragments, aliases and @include are seen as they will run.
func TestHalfRefusedMutationWritesNothing(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	b := keys["analyst-b"]
	ctx := context.Background()
	nodes0, rels0, err := store.Size(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q    string
		vars map[string]any
	}{
		{`mutation { a: createVictim(input: {caseId: "B-1", ref: "NEW1", name: "New One"}) { id } b: createVictim(input: {caseId: "A-1", ref: "NEW2", name: "New Two"}) { id } }`, nil},
		{`mutation { a: createVictim(input: {caseId: "B-1", ref: "NEW1", name: "New One"}) { id } ...F } fragment F on Mutation { b: createVictim(input: {caseId: "A-1", ref: "NEW2"}) { id } }`, nil},
		{`mutation($c: ID!) { a: createVictim(input: {caseId: "B-1", ref: "NEW1", name: "New One"}) { id } b: createVictim(input: {caseId: $c, ref: "NEW2"}) { id } }`, map[string]any{"c": "A-1"}},
		{`mutation($on: Boolean!) { a: createVictim(input: {caseId: "B-1", ref: "NEW1", name: "New One"}) { id } b: retractCase(caseId: "A-1") @include(if: $on) { caseId } }`, map[string]any{"on": true}},
		{`mutation { a: createVictim(input: {caseId: "B-1", ref: "NEW1", name: "New One"}) { id } b: addLink(input: {caseId: "B-1", type: RECRUITED, from: "person:A-1:RA", to: "person:A-1:VA"}) { __typename } }`, nil},
	} {
		code, r := queryAs(t, api, b, tc.q, tc.vars)
		if len(r.Errors) == 0 || r.Data["a"] != nil {
			t.Errorf("%s: %d %+v %v", tc.q, code, r.Errors, r.Data)
		}
	}
	if nodes, rels, _ := store.Size(ctx); nodes != nodes0 || rels != rels0 {
		t.Errorf("a half-refused mutation wrote: nodes %d -> %d, relationships %d -> %d", nodes0, nodes, rels0, rels)
	}
	// The per-field messages stay as they were.
	_, r := queryAs(t, api, b, `mutation { a: createVictim(input: {caseId: "B-1", ref: "NEW1", name: "New One"}) { id } b: createVictim(input: {caseId: "A-1", ref: "NEW2"}) { id } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Message != "case A-1 is not in your compartments" || r.code() != "FORBIDDEN" {
		t.Errorf("message: %+v", r.Errors)
	}
	// A skipped field is not checked, and the allowed one runs.
	_, r = queryAs(t, api, b, `mutation($on: Boolean!) { a: createVictim(input: {caseId: "B-1", ref: "NEW1", name: "New One"}) { id } b: retractCase(caseId: "A-1") @include(if: $on) { caseId } }`, map[string]any{"on": false})
	if len(r.Errors) > 0 || r.Data["a"] == nil {
		t.Errorf("with the refused field skipped: %+v %v", r.Errors, r.Data)
	}
}

// Issue 11, item 1: the kind of a link's end is judged as the writer sees
// it. A person B sees, whom only A calls a recruiter, answers as any
// person of B's, and nothing is written.
func TestLinkEndKindsAreJudgedOnWhatTheWriterSees(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	s := func(v string) *string { return &v }
	ctx := context.Background()
	a := &casefile.Case{Case: casefile.CaseHeader{ID: "A-1", Title: "Case A", Agency: "Agency A", Country: s("KH")},
		Entities: []casefile.Entity{{Ref: "SR", Type: "Recruiter", Name: s("Shared Recruiter")}}, Links: []casefile.Link{}}
	b := &casefile.Case{Case: casefile.CaseHeader{ID: "B-1", Title: "Case B", Agency: "Agency B", Country: s("TH")},
		Entities: []casefile.Entity{{Ref: "SR", Type: "Person", ID: s("person:A-1:SR"), Name: s("Shared Person")}, {Ref: "PB", Type: "Person", Name: s("Plain Person")}},
		Links:    []casefile.Link{}}
	for _, c := range []*casefile.Case{a, b} {
		if rep, err := casefile.ImportCase(ctx, store, c, casefile.Options{}); err != nil || rep.ExitCode != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
	}
	api, keys, _ := securedAPI(t, store)
	_, rels0, _ := store.Size(ctx)
	answer := func(from string) (string, string) {
		_, r := queryAs(t, api, keys["analyst-b"], `mutation($from: ID!) { addLink(input: {caseId: "B-1", type: RECRUITED, from: $from, to: "person:A-1:VA"}) { __typename } }`,
			map[string]any{"from": from})
		if len(r.Errors) == 0 {
			return "", "written"
		}
		return r.code(), strings.ReplaceAll(r.Errors[0].Message, from, "<id>")
	}
	sc, sm := answer("person:A-1:SR")
	pc, pm := answer("person:B-1:PB")
	if sc != "BAD_USER_INPUT" || sc != pc || sm != pm {
		t.Errorf("A's recruiter seen by B as a person: %s %q; B's own person: %s %q", sc, sm, pc, pm)
	}
	if _, rels, _ := store.Size(ctx); rels != rels0 {
		t.Errorf("relationships %d -> %d", rels0, rels)
	}
}
