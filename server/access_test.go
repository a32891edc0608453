package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// The principals of the permission matrix: roles x compartments.
var principals = []auth.KeyEntry{
	{ID: "viewer-a", Role: auth.RoleViewer, Cases: []string{"A-1"}},
	{ID: "analyst-a", Role: auth.RoleAnalyst, Cases: []string{"A-1"}},
	{ID: "importer-a", Role: auth.RoleImporter, Cases: []string{"A-1"}},
	{ID: "analyst-b", Role: auth.RoleAnalyst, Cases: []string{"B-1"}},
	{ID: "viewer-all", Role: auth.RoleViewer, AllCases: true},
	{ID: "admin", Role: auth.RoleAdmin, AllCases: true},
}

// securedAPI is the API as in production: keys, audit, no dev mode. It
// returns the handler, each principal's key and the audit folder.
func securedAPI(t *testing.T, store *neo4jstore.Store) (http.Handler, map[string]string, string) {
	t.Helper()
	// Refused requests are summed up per window in the audit: a short one,
	// so that a test reads the sum soon after.
	return securedAPIWith(t, store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics(), server.Options{RefusedAuditWindow: 20 * time.Millisecond})
}

// securedAPIWith is securedAPI with a logger, metrics and options of the
// test's own (Auth, Audit and AuditDir are filled in).
func securedAPIWith(t *testing.T, store *neo4jstore.Store, logger *slog.Logger, metrics *server.Metrics, opts server.Options) (http.Handler, map[string]string, string) {
	t.Helper()
	return securedAPIOf(t, store, principals, logger, metrics, opts)
}

// securedAPIFor is securedAPI with principals of the test's own.
func securedAPIFor(t *testing.T, store *neo4jstore.Store, entries []auth.KeyEntry) (http.Handler, map[string]string, string) {
	t.Helper()
	return securedAPIOf(t, store, entries, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics(), server.Options{RefusedAuditWindow: 20 * time.Millisecond})
}

func securedAPIOf(t *testing.T, store *neo4jstore.Store, entries []auth.KeyEntry, logger *slog.Logger, metrics *server.Metrics, opts server.Options) (http.Handler, map[string]string, string) {
	t.Helper()
	authn, keys := keysFor(t, entries)
	auditDir := filepath.Join(t.TempDir(), "audit")
	log, err := audit.Open(auditDir, audit.Options{HMACKey: bytes.Repeat([]byte("k"), 32), Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { log.Close() })
	ready := &server.Readiness{}
	ready.Run(context.Background(), logger, server.Prepare(store, nil))
	opts.Auth, opts.Audit, opts.AuditDir = authn, log, auditDir
	h := server.New(store, ready, metrics, logger, opts)
	return h, keys, auditDir
}

func queryAs(t *testing.T, h http.Handler, key, q string, vars map[string]any) (int, gqlResponse) {
	t.Helper()
	return answer(t, h, graphqlRequest(key, q, vars))
}

// twoAgencies: agency A (Cambodia) holds a victim with her passport,
// phone and birth date, who did not consent to sharing, and her recruiter;
// agency B (Thailand) holds a recruiter who uses the same phone as A's,
// and also mentions A's victim and the account A's money went to, under
// other names.
func twoAgencies(t *testing.T, store *neo4jstore.Store) {
	t.Helper()
	for _, c := range agencyCases() {
		if rep, err := casefile.ImportCase(context.Background(), store, c, casefile.Options{}); err != nil || rep.ExitCode != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
	}
}

// agencyCases are the case files of twoAgencies.
func agencyCases() []*casefile.Case {
	s := func(v string) *string { return &v }
	no := false
	birth := graph.PartialDate("1999-02-03")
	a := &casefile.Case{Case: casefile.CaseHeader{ID: "A-1", Title: "Case A", Agency: "Agency A", Country: s("KH")},
		Entities: []casefile.Entity{
			{Ref: "RA", Type: "Recruiter", Name: s("Rith Anan"), Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+855 96 999 0001"}}},
			{Ref: "VA", Type: "Victim", Name: s("Victim Alpha"), BirthDate: &birth, ConsentToShare: &no, Nationality: []string{"KR"},
				Identifiers: []graph.IdentifierInput{{Kind: "PASSPORT", Value: "ZZ1234567"}, {Kind: "PHONE", Value: "+855 96 999 0777"}}},
			{Ref: "ACC", Type: "BankAccount", Kind: s("BANK"), Country: s("KH"), Institution: s("ABA Bank"), AccountNumber: s("111 222 333"), Name: s("Holder A")},
		},
		Links: []casefile.Link{{Type: "RECRUITED", From: "RA", To: "VA"}}}
	b := &casefile.Case{Case: casefile.CaseHeader{ID: "B-1", Title: "Case B", Agency: "Agency B", Country: s("TH")},
		Entities: []casefile.Entity{
			{Ref: "RB", Type: "Recruiter", Name: s("Rung Bee"), Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+855 96 999 0001"}}},
			{Ref: "VA", Type: "Victim", ID: s("person:A-1:VA"), Name: s("Alpha Other")},
			{Ref: "ACC", Type: "BankAccount", Kind: s("BANK"), Country: s("KH"), Institution: s("ABA Bank"), AccountNumber: s("111 222 333"), Name: s("Holder B")},
		},
		Links: []casefile.Link{}}
	return []*casefile.Case{a, b}
}

func TestPermissionMatrix(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, auditDir := securedAPI(t, store)

	// Nobody gets in without a credential.
	if code, r := queryAs(t, api, "", `{ countries(first: 1) { totalCount } }`, nil); code != http.StatusUnauthorized || r.code() != "UNAUTHENTICATED" {
		t.Fatalf("no credential: %d %+v", code, r.Errors)
	}
	if code, _ := queryAs(t, api, "sgk_not-a-key", `{ countries(first: 1) { totalCount } }`, nil); code != http.StatusUnauthorized {
		t.Fatalf("a wrong key: %d", code)
	}

	const victim = `{ node(id: "person:A-1:VA") { ... on Person { name birthDate caseIds nameVariants { value } identifiers { kind value } } } }`
	type seen struct {
		name, birth string
		passport    bool
		cases       string
	}
	look := func(who string) *seen {
		_, r := queryAs(t, api, keys[who], victim, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", who, r.Errors)
		}
		n, _ := r.Data["node"].(map[string]any)
		if n == nil {
			return nil
		}
		out := &seen{name: n["name"].(string)}
		out.birth, _ = n["birthDate"].(string)
		for _, i := range n["identifiers"].([]any) {
			if dig(i, "kind") == "PASSPORT" {
				out.passport = true
			}
		}
		var cs []string
		for _, c := range n["caseIds"].([]any) {
			cs = append(cs, c.(string))
		}
		out.cases = strings.Join(cs, ",")
		for _, v := range n["nameVariants"].([]any) {
			if who == "analyst-b" && dig(v, "value") != nil {
				t.Errorf("analyst-b got a name variant of a withheld name: %v", v)
			}
		}
		return out
	}
	for who, want := range map[string]*seen{
		"analyst-a":  {name: "Victim Alpha", birth: "1999-02-03", passport: true, cases: "A-1"},
		"viewer-a":   {name: "Victim Alpha", birth: "", passport: false, cases: "A-1"},
		"importer-a": {name: "Victim Alpha", birth: "1999-02-03", passport: true, cases: "A-1"},
		"analyst-b":  {name: graph.WithheldName, birth: "", passport: false, cases: "B-1"},
		"viewer-all": {name: "Alpha Other", birth: "", passport: false, cases: "A-1,B-1"},
		"admin":      {name: "Alpha Other", birth: "1999-02-03", passport: true, cases: "A-1,B-1"},
	} {
		if got := look(who); got == nil || *got != *want {
			t.Errorf("%s sees the victim as %+v, want %+v", who, got, want)
		}
	}

	// A victim's passport is a node whose id is its number: invisible to viewers.
	for who, visible := range map[string]bool{"viewer-a": false, "viewer-all": false, "analyst-a": true, "analyst-b": false, "admin": true} {
		_, r := queryAs(t, api, keys[who], `{ node(id: "identifier:PASSPORT:ZZ1234567") { id } search(text: "ZZ1234567") { hits { node { id } } } }`, nil)
		if got := r.Data["node"] != nil; got != visible {
			t.Errorf("%s sees the passport: %v, want %v", who, got, visible)
		}
		if got := len(dig(r.Data, "search", "hits").([]any)) > 0; got != visible {
			t.Errorf("%s finds the passport: %v, want %v", who, got, visible)
		}
	}

	// Each compartment sees its own case's word about a shared account.
	for who, holder := range map[string]string{"analyst-a": "Holder A", "analyst-b": "Holder B"} {
		_, r := queryAs(t, api, keys[who], `{ bankAccounts(first: 5) { totalCount edges { node { holderName variants { value } caseIds } } } }`, nil)
		edges := dig(r.Data, "bankAccounts", "edges").([]any)
		if len(edges) != 1 || dig(edges[0], "node", "holderName") != holder || len(dig(edges[0], "node", "variants").([]any)) != 0 {
			t.Errorf("%s sees the account as %v, want holder %s and no other case's variant", who, edges, holder)
		}
	}

	// Lists, counts, aggregates, search and paths see only the compartments.
	counts := `{ recruiters(first: 10) { totalCount } victims(first: 10) { totalCount }
		hubs(type: RECRUITER, metric: VICTIMS_RECRUITED) { node { id } score }
		search(text: "Rith Anan") { hits { node { id } } }
		paths(from: "person:A-1:RA", to: "person:B-1:RB") { hops } }`
	for who, want := range map[string][5]int{ // recruiters, victims, hubs, search hits, paths
		"analyst-a": {1, 1, 1, 1, 0},
		"analyst-b": {1, 1, 0, 0, 0}, // RB recruited nobody: A's RECRUITED is not counted
		"admin":     {2, 1, 1, 1, 1},
	} {
		_, r := queryAs(t, api, keys[who], counts, nil)
		if len(r.Errors) > 0 {
			t.Errorf("%s: %+v", who, r.Errors)
			continue
		}
		got := [5]int{int(dig(r.Data, "recruiters", "totalCount").(float64)), int(dig(r.Data, "victims", "totalCount").(float64)),
			len(dig(r.Data, "hubs").([]any)), len(dig(r.Data, "search", "hits").([]any)), len(dig(r.Data, "paths").([]any))}
		if got != want {
			t.Errorf("%s: recruiters, victims, hubs, search hits, paths = %v, want %v", who, got, want)
		}
	}

	// The cross-case hit: A learns that B (its id and agency) shares the phone, not what B holds.
	_, r := queryAs(t, api, keys["analyst-a"], `{ linkedCases(id: "person:A-1:RA") { caseFile { id agency details { title } } sharedCount shared { id } } }`, nil)
	var hitB any
	for _, l := range dig(r.Data, "linkedCases").([]any) {
		if dig(l, "caseFile", "id") == "B-1" {
			hitB = l
		}
	}
	if hitB == nil || dig(hitB, "caseFile", "agency") != "Agency B" || dig(hitB, "caseFile", "details") != nil || dig(hitB, "sharedCount") != float64(0) {
		t.Errorf("A's hit on B: %v (%+v)", hitB, r.Errors)
	}

	// Cursors are sealed: the stored name (a withheld one here) is not in them.
	_, r = queryAs(t, api, keys["analyst-b"], `{ victims(first: 5) { edges { cursor node { name } } } }`, nil)
	for _, e := range dig(r.Data, "victims", "edges").([]any) {
		raw, _ := base64.RawURLEncoding.DecodeString(dig(e, "cursor").(string))
		if bytes.Contains(bytes.ToLower(raw), []byte("alpha")) {
			t.Errorf("a cursor carries the stored name: %q", raw)
		}
	}
	// A case outside the compartments filters nothing in.
	_, r = queryAs(t, api, keys["analyst-a"], `{ persons(filter: {caseId: "B-1"}) { totalCount } hubs(metric: VICTIMS_RECRUITED, caseId: "B-1") { score } }`, nil)
	if dig(r.Data, "persons", "totalCount") != float64(0) || len(dig(r.Data, "hubs").([]any)) != 0 {
		t.Errorf("filtering by a hidden case: %v", r.Data)
	}
	// A write may not name what the writer cannot see: not found, whatever it is.
	for _, q := range []string{
		`mutation { addLink(input: {caseId: "B-1", type: HELD_AT, from: "person:A-1:VA", to: "person:A-1:RA"}) { __typename } }`,
		`mutation { createVictim(input: {caseId: "B-1", personId: "person:A-1:RA"}) { id } }`,
		`mutation { updateRecruiter(id: "person:A-1:RA", input: {caseId: "B-1", name: "x"}) { id } }`,
	} {
		_, r := queryAs(t, api, keys["analyst-b"], q, nil)
		if r.code() != "NOT_FOUND" {
			t.Errorf("%s: %+v", q, r.Errors)
		}
	}
	// A phone added to a victim by an update is hidden from viewers too.
	_, r = queryAs(t, api, keys["analyst-a"], `mutation { updateVictim(id: "person:A-1:VA", input: {caseId: "A-1", identifiers: [{kind: PHONE, value: "+855 96 999 0888"}]}) { id } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	_, r = queryAs(t, api, keys["viewer-a"], `{ node(id: "identifier:PHONE:+855969990888") { id } }`, nil)
	if r.Data["node"] != nil {
		t.Error("a viewer sees a phone added to a victim by an update")
	}

	// Writes: role and compartment.
	create := `mutation($c: ID!) { createRecruiter(input: {caseId: $c, ref: "NEW", name: "New Recruiter"}) { id } }`
	for _, c := range []struct {
		who, caseID, want string
	}{
		{"analyst-a", "A-1", ""}, {"analyst-a", "B-1", "FORBIDDEN"}, {"viewer-a", "A-1", "FORBIDDEN"},
		{"importer-a", "A-1", "FORBIDDEN"}, {"viewer-all", "A-1", "FORBIDDEN"}, {"admin", "B-1", ""},
	} {
		_, r := queryAs(t, api, keys[c.who], create, map[string]any{"c": c.caseID})
		if r.code() != c.want {
			t.Errorf("%s creating a recruiter in %s: %+v, want %q", c.who, c.caseID, r.Errors, c.want)
		}
	}
	// Imports: the IMPORTER role, into the importer's compartments only.
	for _, c := range []struct{ who, file, want string }{
		{"importer-a", "A-1", ""}, {"importer-a", "B-1", "FORBIDDEN"}, {"analyst-a", "A-1", "FORBIDDEN"}, {"admin", "B-1", ""},
	} {
		file := `{"case": {"id": "` + c.file + `", "title": "t", "agency": "a"}, "entities": [{"ref": "X", "type": "Recruiter", "name": "Imported ` + c.who + `"}], "links": []}`
		if code := importAs(t, api, keys[c.who], file); code != c.want {
			t.Errorf("%s importing into %s: %q, want %q", c.who, c.file, code, c.want)
		}
	}
	// A file may attach only to entities the importer can see.
	attach := `{"case": {"id": "A-1", "title": "t", "agency": "a"}, "entities": [{"ref": "X", "type": "Recruiter", "id": "person:B-1:RB", "name": "taken over"}], "links": []}`
	if code := importAs(t, api, keys["importer-a"], attach); code != "FORBIDDEN" {
		t.Errorf("attaching to B's recruiter from A: %q", code)
	}
	// Administration.
	for who, want := range map[string]string{"analyst-a": "FORBIDDEN", "viewer-all": "FORBIDDEN", "importer-a": "FORBIDDEN", "admin": ""} {
		_, r := queryAs(t, api, keys[who], `{ auditLog(first: 5) { seq principal } }`, nil)
		if r.code() != want {
			t.Errorf("%s reading the audit log: %+v", who, r.Errors)
		}
		_, r = queryAs(t, api, keys[who], `mutation { eraseVictimData(id: "person:A-1:NOBODY") { id } }`, nil)
		if want == "" {
			want = "NOT_FOUND"
		}
		if r.code() != want {
			t.Errorf("%s erasing: %+v", who, r.Errors)
		}
	}

	// An export is audited with who made it and what it read.
	req := httptest.NewRequest(http.MethodGet, "/export?view=neighborhood&id=person:A-1:RA&format=cytoscape", nil)
	req.Header.Set("Authorization", "Bearer "+keys["analyst-a"])
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "person:A-1:VA") {
		t.Fatalf("export: %d %.300s", rec.Code, rec.Body.String())
	}
	exports, _ := audit.Read(auditDir, audit.Filter{Operation: "export", Limit: 10})
	if len(exports) != 1 || exports[0].Principal != "analyst-a" || exports[0].Returned == 0 || len(exports[0].ReadVictimIDs()) != 1 {
		t.Errorf("export audit: %+v", exports)
	}

	// The audit recorded everyone, with the victims read, and never a
	// variable's value; the refused requests are summed up in one record.
	refused := func(recs []audit.Record) int {
		n := 0
		for _, rec := range recs {
			var c int
			if rec.Principal == "(unauthenticated)" {
				if _, err := fmt.Sscanf(rec.Note, "refused:%d", &c); err == nil {
					n += c
				}
			}
		}
		return n
	}
	var recs []audit.Record
	eventually(t, 5*time.Second, "the refused requests are summed up in the audit", func() bool {
		var err error
		recs, err = audit.Read(auditDir, audit.Filter{Limit: 1000})
		return err == nil && refused(recs) >= 2
	})
	byWho := map[string]int{}
	sawVictim, sawHit := false, false
	for _, rec := range recs {
		byWho[rec.Principal]++
		for _, v := range rec.ReadVictimIDs() {
			sawVictim = sawVictim || v == "person:A-1:VA"
		}
		sawHit = sawHit || (rec.Principal == "analyst-a" && strings.Contains(rec.Note, "cross-case hit: B-1"))
	}
	for _, p := range principals {
		if byWho[p.ID] == 0 {
			t.Errorf("no audit record of %s", p.ID)
		}
	}
	sawErase := false
	for _, rec := range recs {
		sawErase = sawErase || strings.Contains(rec.Operation, "[eraseVictimData]")
	}
	if !sawErase {
		t.Error("the audit does not say which mutation ran")
	}
	if refused(recs) < 2 || !sawVictim || !sawHit {
		t.Errorf("audit: %v, victim read recorded %v, cross-case hit recorded %v", byWho, sawVictim, sawHit)
	}
	raw, _ := os.ReadFile(filepath.Join(auditDir, newestAuditFile(t, auditDir)))
	for _, secret := range []string{"ZZ1234567", "New Recruiter", keys["admin"]} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the audit log holds %q in clear", secret)
		}
	}
	if rep, err := audit.Verify(auditDir); err != nil || !rep.OK {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}

func newestAuditFile(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	newest := ""
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".jsonl") && e.Name() > newest {
			newest = e.Name()
		}
	}
	return newest
}

// importAs uploads a case file and returns the error code ("" for none).
func importAs(t *testing.T, h http.Handler, key, file string) string {
	t.Helper()
	_, out := answer(t, h, uploadRequest(key, `mutation($f: Upload!) { importCaseFile(file: $f) { exitCode } }`, nil, "f", "case.json", []byte(file)))
	return out.code()
}
