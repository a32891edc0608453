package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// hiddenRoleCases: case A records person VX as a victim and RX as a
// recruiter; case B mentions both as plain persons (no role), and has a
// recruiter, a plain person and a compound of its own.
func hiddenRoleCases(t *testing.T, store *neo4jstore.Store) {
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

// Every query that takes an id answers a hidden id as it answers an
// absent one, word for word (the id itself aside).
func TestReviewHiddenIDAnsweredAsAbsent(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	const hidden, absent = "person:A-1:RA", "person:A-1:NOPE"
	const visible = "person:B-1:RB"
	queries := []string{
		`{ node(id: "ID") { id } }`,
		`{ nodes(ids: ["ID"]) { id } }`,
		`{ neighborhood(id: "ID") { nodes { id } } }`,
		`{ paths(from: "ID", to: "` + visible + `") { hops } }`,
		`{ paths(from: "` + visible + `", to: "ID") { hops } }`,
		`{ linkedCases(id: "ID") { sharedCount } }`,
		`{ hubs(metric: DEGREE, around: "ID") { score } }`,
		`{ hubs(metric: VICTIMS_RECRUITED, caseId: "ID") { score } }`,
		`{ timeline(id: "ID") { truncated } }`,
		`{ moneyTrail(from: "ID") { truncated } }`,
		`{ caseOverlaps(caseId: "CASE") { sharedCount } }`,
		`{ hubs(metric: DEGREE, caseId: "CASE") { score } }`,
	}
	for _, q := range queries {
		run := func(id, caseID string) string {
			code, r := queryAs(t, api, keys["analyst-b"], strings.NewReplacer("ID", id, "CASE", caseID).Replace(q), nil)
			out := fmt.Sprintf("%d %v", code, r.Data)
			for _, e := range r.Errors {
				out += fmt.Sprintf(" %v %s", e.Extensions["code"], e.Message)
			}
			return strings.NewReplacer(id, "<id>", caseID, "<case>").Replace(out)
		}
		if h, a := run(hidden, "A-1"), run(absent, "Z-9"); h != a {
			t.Errorf("%s: hidden %s, absent %s", q, h, a)
		}
	}
}

// What only A says, and the name B gave to A's victim who did not consent
// (withheld from B: B does not see her own case), comes back to B's
// analyst through no read path: graph properties, variants, search,
// lists, overlaps, timelines, hubs, paths, money trails, exports.
func TestReviewNothingOfAReachesBThroughAnyRead(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	const victim, recruiterB = "person:A-1:VA", "person:B-1:RB"
	accounts, err := store.List(context.Background(), graph.AllCases(), graph.ListQuery{Label: graph.KindBankAccount, Order: graph.SortOrder{Field: "NAME"}, First: 10})
	if err != nil || len(accounts.Nodes) != 1 {
		t.Fatalf("the shared account: %v %v", accounts.Nodes, err)
	}
	account := accounts.Nodes[0].GetID()
	for _, m := range []string{
		`mutation { addLink(input: {caseId: "B-1", type: RECRUITED, from: "` + recruiterB + `", to: "` + victim + `", date: "2025-01-02"}) { __typename } }`,
		`mutation { addLink(input: {caseId: "B-1", type: PAID, from: "` + victim + `", to: "` + account + `", date: "2025-02-03", amount: "100", currency: "USD", amountUsd: "100"}) { __typename } }`,
	} {
		if code, r := queryAs(t, api, keys["analyst-b"], m, nil); code != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("%s: %d %+v", m, code, r.Errors)
		}
	}
	secrets := []string{"Victim Alpha", "Alpha Other", "alpha other", "Rith Anan", "Holder A", "1999-02-03", "ZZ1234567", "9990777"}
	gn := `id type label roles properties`
	ge := `id type source target caseIds properties`
	queries := []string{
		`{ node(id: "` + victim + `") { ... on Person { name aliases nameVariants { value caseId } variants { property value caseIds } birthDate } } }`,
		`{ neighborhood(id: "` + recruiterB + `", depth: 3) { nodes { ` + gn + ` } edges { ` + ge + ` } } }`,
		`{ paths(from: "` + recruiterB + `", to: "` + account + `") { nodes { ` + gn + ` } edges { ` + ge + ` } } }`,
		`{ timeline(id: "` + victim + `") { events { date kind edge { ` + ge + ` } other { ` + gn + ` } } } }`,
		`{ timeline(id: "` + recruiterB + `") { events { date kind edge { ` + ge + ` } other { ` + gn + ` } } } }`,
		`{ moneyTrail(from: "` + victim + `") { graph { nodes { ` + gn + ` } edges { ` + ge + ` } } restingAccounts { holderName } } }`,
		`{ hubs(metric: VICTIMS_RECRUITED) { score node { ` + gn + ` } } }`,
		`{ hubs(metric: DEGREE, caseId: "B-1") { score node { ` + gn + ` } } }`,
		`{ caseOverlaps(caseId: "B-1") { sharedCount shared { id ... on Person { name aliases } ... on BankAccount { holderName } } } }`,
		`{ linkedCases(id: "` + victim + `") { sharedCount shared { id ... on Person { name aliases } } } }`,
		`{ search(text: "Alpha Other") { hits { score matchedOn node { id } } } }`,
		`{ search(text: "Victim Alpha") { hits { score matchedOn node { id } } } }`,
		`{ victims { totalCount edges { node { name aliases birthDate } } } }`,
		`{ persons(filter: {nameContains: "alpha"}) { totalCount edges { node { name } } } }`,
		`{ bankAccounts { edges { node { holderName variants { property value caseIds } } } } }`,
	}
	for _, q := range queries {
		code, r := queryAs(t, api, keys["analyst-b"], q, nil)
		out := fmt.Sprintf("%d %v %v", code, r.Data, r.Errors)
		if code != http.StatusOK || len(r.Errors) > 0 {
			t.Errorf("%s: %s", q, out)
		}
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s: B reads %q: %s", q, s, out)
			}
		}
	}
	for _, path := range []string{
		"/export?view=case&caseId=B-1&format=",
		"/export?view=neighborhood&id=" + recruiterB + "&depth=3&format=",
		"/export?view=paths&from=" + recruiterB + "&to=" + account + "&format=",
	} {
		for _, f := range []string{"cytoscape", "graphml", "nodes.csv", "edges.csv", "ftm"} {
			req := httptest.NewRequest(http.MethodGet, path+f, nil)
			req.Header.Set("Authorization", "Bearer "+keys["analyst-b"])
			rec := httptest.NewRecorder()
			api.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Errorf("%s%s: %d %s", path, f, rec.Code, rec.Body.String())
			}
			for _, s := range secrets {
				if strings.Contains(rec.Body.String(), s) {
					t.Errorf("%s%s: B reads %q: %s", path, f, s, rec.Body.String())
				}
			}
		}
	}
}

// deleted in a deletion's answer must not say whether a hidden case still
// mentions the entity or asserts the link: B's analyst could otherwise
// create any account number, delete it again and learn from deleted:
// false that another agency holds that account (the same for a link).
// For B, what is gone from every case it may see is deleted.
func TestReviewDeletedDoesNotTellOfHiddenCases(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	ctx := context.Background()
	// An account only A holds, and a HOLDS of A's between the shared victim
	// and the shared account.
	hiddenAccount, err := store.SaveBankAccount(ctx, "", graph.BankAccountInput{CaseID: "A-1", Kind: ptr[graph.AccountKind]("BANK"), Country: ptr("KH"), Institution: ptr("ABA Bank"), AccountNumber: ptr("555 000 111")})
	if err != nil {
		t.Fatal(err)
	}
	api, keys, _ := securedAPI(t, store)
	do := func(who, q string, vars map[string]any) map[string]any {
		t.Helper()
		code, r := queryAs(t, api, keys[who], q, vars)
		if code != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("%s %s: %d %+v", who, q, code, r.Errors)
		}
		return r.Data
	}
	probeAccount := func(number string) any {
		t.Helper()
		id := do("analyst-b", `mutation($n: String) { createBankAccount(input: {caseId: "B-1", kind: BANK, country: "KH", institution: "ABA Bank", accountNumber: $n}) { id } }`,
			map[string]any{"n": number})["createBankAccount"].(map[string]any)["id"]
		return do("analyst-b", `mutation($id: ID!) { deleteBankAccount(id: $id, caseId: "B-1") { deleted } }`, map[string]any{"id": id})["deleteBankAccount"].(map[string]any)["deleted"]
	}
	if held, free := probeAccount("555 000 111"), probeAccount("555 000 999"); held != free {
		t.Errorf("B deleting an account it created: deleted %v for one A holds (%s), %v for one nobody holds", held, hiddenAccount.ID, free)
	}
	accounts, err := store.List(ctx, graph.OnlyCases("B-1"), graph.ListQuery{Label: graph.KindBankAccount, Order: graph.SortOrder{Field: "NAME"}, First: 10})
	if err != nil || len(accounts.Nodes) != 1 {
		t.Fatalf("the shared account: %v %v", accounts.Nodes, err)
	}
	shared := accounts.Nodes[0].GetID()
	const victim = "person:A-1:VA"
	holds := `mutation($c: ID!, $to: ID!) { addLink(input: {caseId: $c, type: HOLDS, from: "` + victim + `", to: $to, role: "MULE"}) { ... on Holding { id } } }`
	do("analyst-a", holds, map[string]any{"c": "A-1", "to": shared})
	probeLink := func() any {
		t.Helper()
		id := do("analyst-b", holds, map[string]any{"c": "B-1", "to": shared})["addLink"].(map[string]any)["id"]
		return do("analyst-b", `mutation($id: ID!) { removeLink(input: {caseId: "B-1", id: $id}) { deleted } }`, map[string]any{"id": id})["removeLink"].(map[string]any)["deleted"]
	}
	if got := probeLink(); got != true {
		t.Errorf("B removing its HOLDS that A asserts too: deleted %v, as if B were told that a hidden case asserts it", got)
	}
}

// A VIEWER does not see a victim's phone or passport (the identifier is
// invisible to it everywhere), so the cross-case counts do not count it
// either: caseOverlaps' sharedCount is the shared entities the viewer may
// see, not one more for a victim's phone that another case's recruiter
// uses too.
func TestReviewOverlapCountsLeaveOutVictimDataForViewers(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	// B's recruiter uses the phone of A's victim.
	code, r := queryAs(t, api, keys["analyst-b"], `mutation { updateRecruiter(id: "person:B-1:RB", input: {caseId: "B-1", identifiers: [{kind: PHONE, value: "+855 96 999 0777"}]}) { id } }`, nil)
	if code != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("%d %+v", code, r.Errors)
	}
	for _, q := range []string{
		`{ hits: caseOverlaps(caseId: "A-1") { caseFile { id } sharedCount shared { id } } }`,
		`{ hits: linkedCases(id: "person:B-1:RB") { caseFile { id } sharedCount shared { id } } }`,
	} {
		code, r = queryAs(t, api, keys["viewer-all"], q, nil)
		if code != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("%d %+v", code, r.Errors)
		}
		for _, h := range r.Data["hits"].([]any) {
			hit := h.(map[string]any)
			if fmt.Sprint(hit["sharedCount"]) != fmt.Sprint(len(hit["shared"].([]any))) || strings.Contains(fmt.Sprint(hit), "9990777") {
				t.Errorf("%s: a VIEWER is told of %v shared entities and shown %v", q, hit["sharedCount"], hit["shared"])
			}
		}
	}
}

// A reader of B and C, neither the own case of A's victim, is shown her
// name as withheld; nameVariants must not give it back. Its consent rule
// must be the node's: B (written last) says she did not consent, C says
// she did; the node is shown with B's word (the value last changed), and
// the variants followed "any visible claim says yes".
func TestReviewNameVariantsFollowTheNodesConsent(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	ctx := context.Background()
	if _, err := store.SaveCaseFile(ctx, graph.CaseFileInput{ID: "C-1", Title: "Case C", Agency: "Agency C"}); err != nil {
		t.Fatal(err)
	}
	const victim = "person:A-1:VA"
	if _, err := store.SavePerson(ctx, victim, []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "C-1", Name: ptr("Gamma Name"), ConsentToShare: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SavePerson(ctx, victim, []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "B-1", ConsentToShare: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	saved := principals
	principals = append(slices.Clone(principals), auth.KeyEntry{ID: "analyst-bc", Role: auth.RoleAnalyst, Cases: []string{"B-1", "C-1"}})
	t.Cleanup(func() { principals = saved })
	api, keys, _ := securedAPI(t, store)
	code, r := queryAs(t, api, keys["analyst-bc"], `{ node(id: "`+victim+`") { ... on Person { name aliases nameVariants { value caseId } variants { property value caseIds } } } }`, nil)
	if code != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("%d %+v", code, r.Errors)
	}
	out := fmt.Sprint(r.Data)
	if strings.Contains(out, "[withheld]") && (strings.Contains(out, "Alpha Other") || strings.Contains(out, "Gamma Name")) {
		t.Errorf("the name is withheld and given back: %s", out)
	}
}
