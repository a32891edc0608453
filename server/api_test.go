package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// gqlResponse is a GraphQL answer as a client sees it.
type gqlResponse struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func newAPI(t testing.TB, store *neo4jstore.Store, dev bool) http.Handler {
	t.Helper()
	ready := &server.Readiness{}
	ready.Run(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)), server.Prepare(store, nil))
	return server.New(store, ready, server.NewMetrics(), slog.New(slog.NewTextHandler(io.Discard, nil)), server.Options{Dev: dev})
}

func query(t *testing.T, h http.Handler, q string, vars map[string]any) gqlResponse {
	t.Helper()
	_, out := answer(t, h, graphqlRequest("", q, vars))
	return out
}

func mustQuery(t *testing.T, h http.Handler, q string, vars map[string]any) map[string]any {
	t.Helper()
	r := query(t, h, q, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	return r.Data
}

// dig walks a decoded JSON value: dig(v, "a", 0, "b").
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v
}

func loadDemo(t *testing.T) *neo4jstore.Store {
	t.Helper()
	store := testneo4j.Open(t)
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatalf("loading the demo case: %v", err)
	}
	return store
}

func TestDemoAnswersWhoRecruitedWhomAndWhereTheyWereHeld(t *testing.T) {
	store := loadDemo(t)
	api := newAPI(t, store, true)
	data := mustQuery(t, api, `query($id: ID!) {
	  node(id: $id) {
	    ... on Person {
	      name
	      asRecruiter {
	        recruited { date channel victim { id name heldAt { compound { name country { code } } } } }
	        identifiers { kind value }
	      }
	    }
	  }
	}`, map[string]any{"id": "person:DEMO-KH-2025-001:R01"})
	rec := dig(data, "node", "asRecruiter", "recruited").([]any)
	var victims []string
	for _, r := range rec {
		id := dig(r, "victim", "id").(string)
		victims = append(victims, strings.TrimPrefix(id, "person:DEMO-KH-2025-001:"))
		if dig(r, "channel") != "TELEGRAM" {
			t.Errorf("R01 recruited through %v, the case says TELEGRAM", dig(r, "channel"))
		}
		for _, h := range dig(r, "victim", "heldAt").([]any) {
			if dig(h, "compound", "country", "code") != "KH" {
				t.Errorf("a compound outside Cambodia: %v", h)
			}
		}
	}
	sort.Strings(victims)
	if strings.Join(victims, ",") != "V01,V02,V03,V12,V13,V16" {
		t.Fatalf("R01 recruited %v; the demo's known answer is V01, V02, V03, V12, V13, V16", victims)
	}

	// The shared phone ties R01, R02 and R03 together.
	data = mustQuery(t, api, `{ node(id: "identifier:PHONE:+855969990001") { ... on Identifier { usedBy { id } } } }`, nil)
	var users []string
	for _, u := range dig(data, "node", "usedBy").([]any) {
		users = append(users, strings.TrimPrefix(dig(u, "id").(string), "person:DEMO-KH-2025-001:"))
	}
	sort.Strings(users)
	if strings.Join(users, ",") != "R01,R02,R03" {
		t.Fatalf("the shared phone is used by %v, want R01,R02,R03", users)
	}

	// Compounds with the number of victims they held.
	data = mustQuery(t, api, `{ compounds(first: 10, filter: {country: "KH"}) { totalCount edges { node { name status detentions { victim { id } } } } } }`, nil)
	if dig(data, "compounds", "totalCount") != float64(3) {
		t.Fatalf("compounds in KH: %v", dig(data, "compounds", "totalCount"))
	}
	held := map[string]int{}
	for _, e := range dig(data, "compounds", "edges").([]any) {
		held[dig(e, "node", "status").(string)] = len(dig(e, "node", "detentions").([]any))
	}
	if held["RELOCATED"] != 10 || held["RAIDED"] != 11 || held["ACTIVE"] != 15 {
		t.Fatalf("victims held per compound status: %v; demo says RELOCATED 10, RAIDED 11, ACTIVE 15", held)
	}
}

func TestVictimWhoRecruitsShowsBothRoles(t *testing.T) {
	api := newAPI(t, loadDemo(t), true)
	data := mustQuery(t, api, `{ node(id: "person:DEMO-KH-2025-001:V05") { ... on Person { roles asVictim { victimType status recruitedBy { recruiter { name } } } asRecruiter { recruited { victim { name } } } } } }`, nil)
	roles := dig(data, "node", "roles").([]any)
	if len(roles) != 2 {
		t.Fatalf("V05 roles %v, want RECRUITER and VICTIM", roles)
	}
	if dig(data, "node", "asVictim", "victimType") != "TRAFFICKED_WORKER" {
		t.Fatalf("V05 victim profile: %v", dig(data, "node", "asVictim"))
	}
	if n := len(dig(data, "node", "asRecruiter", "recruited").([]any)); n != 2 {
		t.Fatalf("V05 recruited %d, want 2", n)
	}
}

func TestMoneyIsExactWithItsCurrency(t *testing.T) {
	api := newAPI(t, loadDemo(t), true)
	data := mustQuery(t, api, `{ bankAccounts(first: 50, filter: {kind: CRYPTO_WALLET}) { edges { node { chain transfersIn { amount currency amountUsd crossesBorder from { kind country { code } } } } } } }`, nil)
	edges := dig(data, "bankAccounts", "edges").([]any)
	if len(edges) != 2 {
		t.Fatalf("%d crypto wallets, the demo has 2", len(edges))
	}
	seen := 0
	for _, e := range edges {
		for _, tr := range dig(e, "node", "transfersIn").([]any) {
			seen++
			if _, isString := dig(tr, "amount").(string); !isString {
				t.Fatalf("amount must travel as a string: %v", dig(tr, "amount"))
			}
			if dig(tr, "from", "kind") != "CRYPTO_WALLET" && dig(tr, "crossesBorder") != true {
				t.Errorf("a transfer from a bank account into a wallet must cross a border: %v", tr)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no transfers into the TRON wallets")
	}
}

func TestListsPageWithCursorsAndRefuseOversizedPages(t *testing.T) {
	api := newAPI(t, loadDemo(t), true)
	const q = `query($after: String) { victims(first: 10, after: $after, orderBy: {field: NAME}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`
	ids := map[string]bool{}
	var after any
	total := 0
	for i := 0; i < 10; i++ {
		data := mustQuery(t, api, q, map[string]any{"after": after})
		total = int(dig(data, "victims", "totalCount").(float64))
		for _, e := range dig(data, "victims", "edges").([]any) {
			id := dig(e, "node", "id").(string)
			if ids[id] {
				t.Fatalf("%s on two pages", id)
			}
			ids[id] = true
		}
		if dig(data, "victims", "pageInfo", "hasNextPage") != true {
			break
		}
		after = dig(data, "victims", "pageInfo", "endCursor")
	}
	if total != 35 || len(ids) != 35 {
		t.Fatalf("paged %d of totalCount %d victims; the demo has 35", len(ids), total)
	}
	r := query(t, api, `{ victims(first: 1000) { edges { node { id } } } }`, nil)
	if r.code() != server.CodeBadUserInput || !strings.Contains(r.Errors[0].Message, "first") {
		t.Fatalf("an oversized page must be BAD_USER_INPUT naming first: %+v", r.Errors)
	}
}

func TestBadCountryOrPhoneIsRejectedAndWritesNothing(t *testing.T) {
	store := loadDemo(t)
	api := newAPI(t, store, true)
	count := func() int {
		n, err := store.Count(context.Background(), graph.AllCases(), graph.ListQuery{Label: graph.KindPerson, Order: graph.SortOrder{Field: "NAME"}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	const create = `mutation($in: VictimInput!) { createVictim(input: $in) { id } }`
	bad := []struct {
		name  string
		input map[string]any
		field string
	}{
		{"country", map[string]any{"caseId": demo.CaseID, "name": "Test Victim", "nationality": []string{"XQ"}}, "input.nationality"},
		{"phone", map[string]any{"caseId": demo.CaseID, "name": "Test Victim", "identifiers": []map[string]any{{"kind": "PHONE", "value": "+855 1"}}}, "input.identifiers[0].value"},
		{"date", map[string]any{"caseId": demo.CaseID, "name": "Test Victim", "birthDate": "1998-13"}, "birthDate"},
	}
	for _, b := range bad {
		r := query(t, api, create, map[string]any{"in": b.input})
		if r.code() != server.CodeBadUserInput {
			t.Fatalf("bad %s: want BAD_USER_INPUT, got %+v", b.name, r.Errors)
		}
		if !strings.Contains(r.Errors[0].Message, b.field) {
			t.Errorf("bad %s: the message %q does not name %s", b.name, r.Errors[0].Message, b.field)
		}
		if strings.Contains(r.Errors[0].Message, "+855 1") {
			t.Errorf("the error echoes the rejected phone number")
		}
	}
	if after := count(); after != before {
		t.Fatalf("rejected mutations wrote %d persons", after-before)
	}
	// The good one goes through, normalised.
	data := mustQuery(t, api, create, map[string]any{"in": map[string]any{"caseId": demo.CaseID, "ref": "T1", "name": "Nguyễn Thị Test",
		"nationality": []string{"vn"}, "identifiers": []map[string]any{{"kind": "PHONE", "value": "+84 91 234 56 78"}}}})
	if dig(data, "createVictim", "id") != "person:"+demo.CaseID+":T1" {
		t.Fatalf("created %v", data)
	}
	data = mustQuery(t, api, `{ node(id: "person:DEMO-KH-2025-001:T1") { ... on Person { name nationality { code } identifiers { key } } } }`, nil)
	if dig(data, "node", "name") != "Nguyễn Thị Test" || dig(data, "node", "nationality", 0, "code") != "VN" ||
		dig(data, "node", "identifiers", 0, "key") != "PHONE:+84912345678" {
		t.Fatalf("stored victim: %v", data)
	}
}

func TestMutationsFollowProvenance(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	mustQuery(t, api, `mutation { a: createCaseFile(input: {id: "KR-7", title: "t", agency: "KNPA", country: "KR"}) { id }
	  b: createCaseFile(input: {id: "TH-3", title: "t", agency: "DSI", country: "TH"}) { id } }`, nil)
	data := mustQuery(t, api, `mutation { createCompound(input: {caseId: "KR-7", ref: "C1", name: "Golden Bay", country: "KH", status: ACTIVE, location: {lat: 10.6, lon: 103.5}}) { id location { lat } country { code } } }`, nil)
	id := dig(data, "createCompound", "id").(string)
	mustQuery(t, api, `mutation($id: ID!) { updateCompound(id: $id, input: {caseId: "TH-3", status: RAIDED}) { status caseIds } }`, map[string]any{"id": id})
	data = mustQuery(t, api, `mutation($id: ID!) { deleteCompound(id: $id, caseId: "KR-7") { deleted } }`, map[string]any{"id": id})
	if dig(data, "deleteCompound", "deleted") != false {
		t.Fatal("the compound was deleted though TH-3 still mentions it")
	}
	data = mustQuery(t, api, `query($id: ID!) { node(id: $id) { ... on Compound { status caseIds } } }`, map[string]any{"id": id})
	if dig(data, "node", "status") != "RAIDED" || len(dig(data, "node", "caseIds").([]any)) != 1 {
		t.Fatalf("after deleting from KR-7: %v", data)
	}
	data = mustQuery(t, api, `mutation($id: ID!) { deleteCompound(id: $id, caseId: "TH-3") { deleted } }`, map[string]any{"id": id})
	if dig(data, "deleteCompound", "deleted") != true {
		t.Fatal("the compound survived its last case")
	}
	r := query(t, api, `mutation($id: ID!) { updateVictim(id: $id, input: {caseId: "TH-3", status: HELD}) { id } }`, map[string]any{"id": id})
	if r.code() != server.CodeNotFound {
		t.Fatalf("updating a deleted node: %+v", r.Errors)
	}
}
