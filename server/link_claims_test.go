package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

const holdingFields = `id role caseIds variants { property value caseIds }`

// Issue 11, item 2, through the API with authentication on: an analyst of
// B and an analyst of A write claims on the same relationships; each reads
// its own case's word, B learns nothing of A's, and a reader of both sees
// both as variants. Exports follow the same rule.
func TestLinkClaimsThroughTheAPI(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	ctx := context.Background()
	api, keys, _ := securedAPI(t, store)
	accounts, err := store.List(ctx, graph.AllCases(), graph.ListQuery{Label: graph.KindBankAccount, Order: graph.SortOrder{Field: "NAME"}, First: 10})
	if err != nil || len(accounts.Nodes) != 1 {
		t.Fatalf("the shared account: %v %v", accounts.Nodes, err)
	}
	shared := accounts.Nodes[0].GetID()
	var beneficiary, other string
	for i, number := range []string{"444 555 666", "777 888 999"} {
		for _, c := range []string{"A-1", "B-1"} {
			res, err := store.SaveBankAccount(ctx, "", graph.BankAccountInput{CaseID: c, Kind: ptr[graph.AccountKind]("BANK"), Country: ptr("KH"), Institution: ptr("ABA Bank"), AccountNumber: ptr(number)})
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				beneficiary = res.ID
			} else {
				other = res.ID
			}
		}
	}
	const victim = "person:A-1:VA"
	mutate := func(who, q string, vars map[string]any) map[string]any {
		t.Helper()
		code, r := queryAs(t, api, keys[who], q, vars)
		if code != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("%s: %d %+v", who, code, r.Errors)
		}
		return r.Data
	}
	addHolding := `mutation($c: ID!, $from: ID!, $to: ID!, $role: String) {
  addLink(input: {caseId: $c, type: HOLDS, from: $from, to: $to, role: $role}) { ... on Holding { ` + holdingFields + ` } } }`
	mutate("analyst-a", addHolding, map[string]any{"c": "A-1", "from": victim, "to": shared, "role": "MULE"})
	got := mutate("analyst-b", addHolding, map[string]any{"c": "B-1", "from": victim, "to": shared, "role": "NOMINEE"})["addLink"].(map[string]any)
	if fmt.Sprintf("%v %v %v", got["role"], got["caseIds"], got["variants"]) != "NOMINEE [B-1] []" {
		t.Fatalf("B's answer shows %v %v %v, want its own NOMINEE only", got["role"], got["caseIds"], got["variants"])
	}
	holdingID := got["id"].(string)
	holdingsOf := func(who string) []any {
		t.Helper()
		code, r := queryAs(t, api, keys[who], `query($id: ID!) { node(id: $id) { ... on Person { holdings { `+holdingFields+` } } } }`, map[string]any{"id": victim})
		if code != http.StatusOK || len(r.Errors) > 0 || r.Data["node"] == nil {
			t.Fatalf("%s reading: %d %+v", who, code, r.Errors)
		}
		return r.Data["node"].(map[string]any)["holdings"].([]any)
	}
	if h := holdingsOf("analyst-a"); len(h) != 1 || fmt.Sprintf("%v %v", h[0].(map[string]any)["role"], h[0].(map[string]any)["caseIds"]) != "MULE [A-1]" {
		t.Fatalf("A reads %v after B's write, want MULE [A-1]", h)
	}
	h := holdingsOf("viewer-all")[0].(map[string]any)
	if fmt.Sprint(h["variants"]) != "[map[caseIds:[A-1] property:role value:MULE] map[caseIds:[B-1] property:role value:NOMINEE]]" {
		t.Fatalf("a reader of both: variants %v", h["variants"])
	}

	// A transfer of A's, then B's with the same sending account and txId.
	mutate("analyst-a", `mutation($from: ID!, $to: ID!) { addLink(input: {caseId: "A-1", type: TRANSFERRED, from: $from, to: $to,
  txId: "TX-4711", amount: "5000", currency: "USD", amountUsd: "5123.45", date: "2025-03-04", reference: "invoice A-17"}) { ... on Transfer { id } } }`,
		map[string]any{"from": shared, "to": beneficiary})
	addTransfer := `mutation($from: ID!, $to: ID!) { addLink(input: {caseId: "B-1", type: TRANSFERRED, from: $from, to: $to,
  txId: "TX-4711", amount: "4990", currency: "USD"}) { ... on Transfer { id amount amountUsd date reference caseIds variants { property value caseIds } } } }`
	var transferID string
	// First to another beneficiary (A's transfer contradicts it, but B
	// cannot see it), withdrawn again; then to A's beneficiary (the same
	// relationship as A's, B's claim apart).
	for _, to := range []string{other, beneficiary} {
		code, r := queryAs(t, api, keys["analyst-b"], addTransfer, map[string]any{"from": shared, "to": to})
		body := fmt.Sprintf("%v %v", r.Data, r.Errors)
		if code != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("B's transfer to %s: %d %s (a hidden transfer with the txId must make no difference)", to, code, body)
		}
		for _, leak := range []string{"5123.45", "2025-03-04", "invoice A-17", "A-1", "5000"} {
			if strings.Contains(body, leak) {
				t.Fatalf("B's answer shows A's %q: %s", leak, body)
			}
		}
		tr := r.Data["addLink"].(map[string]any)
		want, _ := graph.PrepareLink(graph.LinkInput{CaseID: "B-1", Type: "TRANSFERRED", From: shared, To: to, TxID: ptr("TX-4711"), Amount: ptr(graph.Decimal("4990")), Currency: ptr("USD")})
		if tr["id"] != want.ID() {
			t.Fatalf("B's transfer id %v, want %s: the id B computes from what it wrote", tr["id"], want.ID())
		}
		if to == beneficiary {
			transferID = want.ID()
		} else {
			mutate("analyst-b", `mutation($id: ID!) { removeLink(input: {caseId: "B-1", id: $id}) { deleted } }`, map[string]any{"id": want.ID()})
		}
	}
	code, r := queryAs(t, api, keys["viewer-all"], `query($id: ID!) { node(id: $id) { ... on BankAccount { transfersOut { id amount caseIds variants { property value caseIds } } } } }`, map[string]any{"id": shared})
	if code != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("viewer-all: %+v", r.Errors)
	}
	var sawBoth bool
	for _, x := range r.Data["node"].(map[string]any)["transfersOut"].([]any) {
		tr := x.(map[string]any)
		if tr["id"] == transferID {
			vs := fmt.Sprint(tr["variants"])
			sawBoth = strings.Contains(vs, "[A-1]") && strings.Contains(vs, "[B-1]") && len(tr["caseIds"].([]any)) == 2
		}
	}
	if !sawBoth {
		t.Fatalf("a reader of both does not see both cases' words on the transfer: %v", r.Data)
	}

	// Exports as B: B's values, B's case, nothing of A's.
	for _, format := range []string{"cytoscape", "edges.csv", "graphml", "ftm"} {
		req := httptest.NewRequest(http.MethodGet, "/export?view=neighborhood&id="+shared+"&format="+format, nil)
		req.Header.Set("Authorization", "Bearer "+keys["analyst-b"])
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "4990") {
			t.Fatalf("B's %s export: %d %.500s", format, rec.Code, rec.Body.String())
		}
		// (A-1 is part of the victim's id; as a case id it would stand alone.)
		for _, leak := range []string{"5123.45", "2025-03-04", "invoice A-17", "MULE", `"A-1"`, ",A-1", "A-1,", ";A-1", "A-1;", ">A-1<"} {
			if strings.Contains(rec.Body.String(), leak) {
				t.Fatalf("B's %s export shows A's %q: %.1000s", format, leak, rec.Body.String())
			}
		}
	}

	// B withdraws its holding: A's view is as it was.
	mutate("analyst-b", `mutation($id: ID!) { removeLink(input: {caseId: "B-1", id: $id}) { deleted } }`, map[string]any{"id": holdingID})
	if h := holdingsOf("analyst-a"); len(h) != 1 || fmt.Sprintf("%v %v", h[0].(map[string]any)["role"], h[0].(map[string]any)["caseIds"]) != "MULE [A-1]" {
		t.Fatalf("A reads %v after B's removeLink, want MULE [A-1]", h)
	}
	if h := holdingsOf("viewer-all"); len(h) != 1 || fmt.Sprintf("%v %v", h[0].(map[string]any)["role"], h[0].(map[string]any)["variants"]) != "MULE []" {
		t.Fatalf("every case reads %v after B's removeLink, want MULE without variants", h)
	}
}

func ptr[T any](v T) *T { return &v }
