package server_test

import (
	"testing"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestCreateCaseFileTwiceIsAConflict: createCaseFile on an id that exists
// is refused with CONFLICT and leaves the case as it was (before, it
// quietly replaced the title and agency of whoever opened it first);
// updateCaseFile is the deliberate change, audited like other writes, and
// only for writers of the case. An import of a file whose case exists
// still updates it from the file's header.
func TestCreateCaseFileTwiceIsAConflict(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, dir := securedAPI(t, store)
	a := keys["analyst-a"]
	const read = `{ caseFile: node(id: "A-1") { ... on CaseFile { title agency status description } } }`

	// A-1 exists (imported): creating it again is a conflict, nothing changes.
	_, r := queryAs(t, api, a, `mutation { createCaseFile(input: {id: "A-1", title: "Hijacked", agency: "Someone else"}) { id } }`, nil)
	if r.code() != "CONFLICT" {
		t.Fatalf("create over an existing case: %+v, want CONFLICT", r.Errors)
	}
	if rec := lastAudit(t, dir); rec.Changed != 0 || rec.Outcome == audit.OutcomeOK {
		t.Errorf("the refused create is audited as changed %d, outcome %s", rec.Changed, rec.Outcome)
	}
	_, r = queryAs(t, api, a, read, nil)
	if dig(r.Data, "caseFile", "title") != "Case A" || dig(r.Data, "caseFile", "agency") != "Agency A" {
		t.Fatalf("after the refused create: %+v %v", r.Errors, r.Data)
	}

	// Created through the API, then again: the second is a conflict too.
	admin := keys["admin"]
	create := `mutation { createCaseFile(input: {id: "NEW-1", title: "First", agency: "Agency N"}) { id title } }`
	if _, r = queryAs(t, api, admin, create, nil); len(r.Errors) > 0 || dig(r.Data, "createCaseFile", "title") != "First" {
		t.Fatalf("first create: %+v", r.Errors)
	}
	if rec := lastAudit(t, dir); rec.Changed != 1 || rec.Outcome != audit.OutcomeOK {
		t.Errorf("create audited as changed %d, outcome %s", rec.Changed, rec.Outcome)
	}
	if _, r = queryAs(t, api, admin, `mutation { createCaseFile(input: {id: "NEW-1", title: "Second", agency: "Agency M"}) { id } }`, nil); r.code() != "CONFLICT" {
		t.Fatalf("second create: %+v, want CONFLICT", r.Errors)
	}

	// updateCaseFile changes the fields given and keeps the others.
	update := `mutation($id: ID!, $in: CaseFileUpdateInput!) { updateCaseFile(id: $id, input: $in) { id title agency status description } }`
	_, r = queryAs(t, api, a, update, map[string]any{"id": "A-1", "in": map[string]any{"title": "Case A, renamed", "description": "merged with A-0"}})
	if len(r.Errors) > 0 || dig(r.Data, "updateCaseFile", "title") != "Case A, renamed" || dig(r.Data, "updateCaseFile", "agency") != "Agency A" ||
		dig(r.Data, "updateCaseFile", "description") != "merged with A-0" || dig(r.Data, "updateCaseFile", "status") != "OPEN" {
		t.Fatalf("update: %+v %v", r.Errors, r.Data)
	}
	if rec := lastAudit(t, dir); rec.Changed != 1 || rec.Outcome != audit.OutcomeOK || rec.Principal != "analyst-a" {
		t.Errorf("update audited as %+v", rec)
	}
	_, r = queryAs(t, api, a, update, map[string]any{"id": "A-1", "in": map[string]any{"agency": "Agency A (cyber unit)"}})
	if len(r.Errors) > 0 || dig(r.Data, "updateCaseFile", "agency") != "Agency A (cyber unit)" || dig(r.Data, "updateCaseFile", "title") != "Case A, renamed" {
		t.Fatalf("update of the agency: %+v %v", r.Errors, r.Data)
	}
	// The same values again change nothing, and say so in the audit.
	if _, r = queryAs(t, api, a, update, map[string]any{"id": "A-1", "in": map[string]any{"agency": "Agency A (cyber unit)"}}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if rec := lastAudit(t, dir); rec.Changed != 0 {
		t.Errorf("an update that changes nothing audited as changed %d", rec.Changed)
	}

	// Refused: a writer outside the case's compartments, a viewer, a blank
	// title, a case that does not exist (and is not created by it).
	for _, c := range []struct {
		who, id string
		in      map[string]any
		want    string
	}{
		{"analyst-b", "A-1", map[string]any{"title": "B's title"}, "FORBIDDEN"},
		{"viewer-a", "A-1", map[string]any{"title": "Viewer's title"}, "FORBIDDEN"},
		{"analyst-a", "A-1", map[string]any{"title": "  "}, "BAD_USER_INPUT"},
		{"admin", "NOPE-1", map[string]any{"title": "t"}, "NOT_FOUND"},
	} {
		if _, r := queryAs(t, api, keys[c.who], update, map[string]any{"id": c.id, "in": c.in}); r.code() != c.want {
			t.Errorf("%s updating %s with %v: %+v, want %s", c.who, c.id, c.in, r.Errors, c.want)
		}
	}
	_, r = queryAs(t, api, admin, `{ a: node(id: "A-1") { ... on CaseFile { title agency } } nope: node(id: "NOPE-1") { id } }`, nil)
	if dig(r.Data, "a", "title") != "Case A, renamed" || dig(r.Data, "a", "agency") != "Agency A (cyber unit)" || r.Data["nope"] != nil {
		t.Fatalf("after the refused updates: %+v %v", r.Errors, r.Data)
	}

	// An import of A-1's file still updates the case from its header.
	file := `{"case": {"id": "A-1", "title": "Case A, from the file", "agency": "Agency A"}, "entities": [], "links": []}`
	if code := importAs(t, api, keys["admin"], file); code != "" {
		t.Fatalf("re-import: %s", code)
	}
	_, r = queryAs(t, api, admin, read, nil)
	if dig(r.Data, "caseFile", "title") != "Case A, from the file" || dig(r.Data, "caseFile", "agency") != "Agency A" {
		t.Fatalf("the import did not update its case: %v", r.Data)
	}
}
