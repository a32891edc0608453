package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// lastAudit is the newest record of the audit log in dir.
func lastAudit(t *testing.T, dir string) audit.Record {
	t.Helper()
	recs, err := audit.Read(dir, audit.Filter{Limit: audit.MaxReadLimit})
	if err != nil || len(recs) == 0 {
		t.Fatalf("audit: %d records, %v", len(recs), err)
	}
	last := recs[0]
	for _, r := range recs {
		if r.Seq > last.Seq {
			last = r
		}
	}
	return last
}

// Issue 11, item 10: `changed` counts the records written, not the root
// fields; the audit's request id is the server's own.
func TestAuditChangedCountsRecordsWritten(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, dir := securedAPI(t, store)
	b := keys["analyst-b"]

	// A refused addLink (a hidden end) wrote nothing.
	queryAs(t, api, b, `mutation { addLink(input: {caseId: "B-1", type: RECRUITED, from: "person:A-1:RA", to: "person:A-1:VA"}) { __typename } }`, nil)
	if r := lastAudit(t, dir); r.Changed != 0 || r.Outcome == audit.OutcomeOK {
		t.Errorf("refused addLink: changed %d outcome %s", r.Changed, r.Outcome)
	}
	// A link written is one record; asserting it again changes nothing.
	const add = `mutation { addLink(input: {caseId: "B-1", type: RECRUITED, from: "person:B-1:RB", to: "person:A-1:VA"}) { __typename } }`
	if _, r := queryAs(t, api, b, add, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if r := lastAudit(t, dir); r.Changed != 1 {
		t.Errorf("addLink: changed %d", r.Changed)
	}
	queryAs(t, api, b, add, nil)
	if r := lastAudit(t, dir); r.Changed != 0 {
		t.Errorf("addLink again: changed %d", r.Changed)
	}
	// Two fields, one of them failing validation: one record.
	queryAs(t, api, b, `mutation { a: createPerson(input: {caseId: "B-1", ref: "P1", name: "Pat One"}) { id } b: createPerson(input: {caseId: "B-1", ref: "P2", nationality: ["XX"]}) { id } }`, nil)
	if r := lastAudit(t, dir); r.Changed != 1 {
		t.Errorf("one of two creates: changed %d", r.Changed)
	}

	// An import of n rows says n.
	const n = 2000
	s := func(v string) *string { return &v }
	c := casefile.Case{Case: casefile.CaseHeader{ID: "A-1", Title: "Case A", Agency: "Agency A", Country: s("KH")}, Links: []casefile.Link{}}
	for i := 0; i < n; i++ {
		c.Entities = append(c.Entities, casefile.Entity{Ref: fmt.Sprintf("N%05d", i), Type: "Person", Name: s(fmt.Sprintf("Person %d", i))})
	}
	file, _ := json.Marshal(c)
	if code := importAs(t, api, keys["importer-a"], string(file)); code != "" {
		t.Fatalf("import: %s", code)
	}
	if r := lastAudit(t, dir); r.Changed < n || r.Changed > n+1 {
		t.Errorf("import of %d rows: changed %d", n, r.Changed)
	}
	// Importing the same file again writes nothing.
	importAs(t, api, keys["importer-a"], string(file))
	if r := lastAudit(t, dir); r.Changed != 0 {
		t.Errorf("the same import again: changed %d", r.Changed)
	}
}

func TestAuditRequestIDIsTheServersOwn(t *testing.T) {
	store := testneo4j.Open(t)
	api, keys, dir := securedAPI(t, store)
	send := func(header string) (string, audit.Record) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "{ countries(first: 1) { totalCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+keys["analyst-a"])
		req.Header.Set("X-Request-Id", header)
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
		return rec.Header().Get("X-Request-Id"), lastAudit(t, dir)
	}
	got, r := send("trace-42")
	if r.RequestID == "trace-42" || got != r.RequestID || len(r.RequestID) != 16 {
		t.Errorf("request id %q (answer header %q)", r.RequestID, got)
	}
	if r.ClientRequestID != "trace-42" {
		t.Errorf("client request id %q", r.ClientRequestID)
	}
	first := r.RequestID
	_, r = send("trace-42")
	if r.RequestID == first {
		t.Error("two requests with the same client id share an audit request id")
	}
	for _, bad := range []string{"has space", "new\nline", strings.Repeat("x", 65), "<script>"} {
		if _, r := send(bad); r.ClientRequestID != "" {
			t.Errorf("client id %q kept as %q", bad, r.ClientRequestID)
		}
	}
	if rep, err := audit.Verify(dir); err != nil || !rep.OK {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}
