package server_test

import (
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// A mutation whose first field fails while it runs (here: writing an
// erased victim's name back) writes nothing after it: the answer's data is
// null, so a later field that wrote would be a write nobody was told of.
func TestMutationStopsAtItsFirstFailingField(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	if _, r := queryAs(t, api, keys["admin"], `mutation { eraseVictimData(id: "person:A-1:VA") { id } }`, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	_, r := queryAs(t, api, keys["analyst-a"], `mutation {
		a: updateVictim(id: "person:A-1:VA", input: {caseId: "A-1", name: "Victim Alpha"}) { id }
		b: createVictim(input: {caseId: "A-1", ref: "LATE", name: "Written Too Late"}) { id } }`, nil)
	if r.Data != nil || len(r.Errors) != 2 || r.Errors[1].Extensions["code"] != "NOT_RUN" {
		t.Fatalf("answer: data %v, errors %+v", r.Data, r.Errors)
	}
	_, r = queryAs(t, api, keys["admin"], `{ node(id: "person:A-1:LATE") { id } }`, nil)
	if len(r.Errors) > 0 || r.Data["node"] != nil {
		t.Errorf("the field after the failed one wrote: %v %+v", r.Data, r.Errors)
	}
	// Fields that all succeed all run, in order.
	_, r = queryAs(t, api, keys["analyst-a"], `mutation {
		a: createVictim(input: {caseId: "A-1", ref: "ONE", name: "One"}) { id }
		b: createVictim(input: {caseId: "A-1", ref: "TWO", name: "Two"}) { id } }`, nil)
	if len(r.Errors) > 0 || dig(r.Data, "b", "id") != "person:A-1:TWO" {
		t.Errorf("two good fields: %v %+v", r.Data, r.Errors)
	}
}
