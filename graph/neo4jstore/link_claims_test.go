package neo4jstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// sharedHolding makes cases A and B, a person both mention and an account
// both mention, and returns their ids.
func sharedHolding(t *testing.T, s *neo4jstore.Store) (person, account string) {
	t.Helper()
	ctx := context.Background()
	newCase(t, s, "A", "KH")
	newCase(t, s, "B", "KH")
	p, err := s.SavePerson(ctx, "", nil, graph.PersonInput{CaseID: "A", Ref: ptr("P1"), Name: ptr("Sok Dara")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePerson(ctx, p.ID, nil, graph.PersonInput{CaseID: "B", Name: ptr("Sok Dara")}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"A", "B"} {
		a, err := s.SaveBankAccount(ctx, "", graph.BankAccountInput{CaseID: c, Kind: ptr[graph.AccountKind]("BANK"), Country: ptr("KH"), BankCode: ptr("ALOTKHPP"), AccountNumber: ptr("5550001")})
		if err != nil {
			t.Fatal(err)
		}
		account = a.ID
	}
	return p.ID, account
}

func idOf(in graph.LinkInput) string {
	p, _ := graph.PrepareLink(in)
	return p.ID()
}

func holdingAs(t *testing.T, s *neo4jstore.Store, scope graph.Scope, id string) *graph.Holding {
	t.Helper()
	l, err := s.Link(context.Background(), scope, id)
	if err != nil {
		t.Fatalf("link %s: %v", id, err)
	}
	return l.(*graph.Holding)
}

func role(h *graph.Holding) string {
	if h.Role == nil {
		return ""
	}
	return string(*h.Role)
}

// Issue 11, item 2: B's HOLDS with role NOMINEE on a shared person and
// account, where A said MULE.
func TestLinkClaimsKeepEachCasesWord(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	person, account := sharedHolding(t, s)
	a, b, both := graph.OnlyCases("A"), graph.OnlyCases("B"), graph.OnlyCases("A", "B")
	resA, err := s.AddLink(ctx, a, graph.LinkInput{CaseID: "A", Type: "HOLDS", From: person, To: account, Role: ptr("MULE")})
	if err != nil || !resA.Created {
		t.Fatalf("A's holding: %+v %v", resA, err)
	}
	resB, err := s.AddLink(ctx, b, graph.LinkInput{CaseID: "B", Type: "HOLDS", From: person, To: account, Role: ptr("NOMINEE")})
	if err != nil {
		t.Fatal(err)
	}
	if resB.ID != resA.ID || !resB.Created {
		t.Fatalf("B's claim on the same holding: %+v (created is as B sees it: B did not assert it before)", resB)
	}
	if got := role(holdingAs(t, s, a, resA.ID)); got != "MULE" {
		t.Fatalf("A reads role %q after B wrote NOMINEE, want MULE", got)
	}
	hb := holdingAs(t, s, b, resA.ID)
	if role(hb) != "NOMINEE" || !slices.Equal(hb.CaseIDs, []string{"B"}) {
		t.Fatalf("B reads %q %v, want NOMINEE [B]", role(hb), hb.CaseIDs)
	}
	if len(hb.ClaimVariants) != 0 {
		t.Fatalf("B sees variants of a hidden case: %+v", hb.ClaimVariants)
	}
	hab := holdingAs(t, s, both, resA.ID)
	want := []graph.Variant{{Property: "role", Value: "MULE", CaseIDs: []string{"A"}}, {Property: "role", Value: "NOMINEE", CaseIDs: []string{"B"}}}
	if fmt.Sprint(hab.ClaimVariants) != fmt.Sprint(want) || len(hab.CaseIDs) != 2 {
		t.Fatalf("a reader of both: variants %+v, cases %v; want %+v", hab.ClaimVariants, hab.CaseIDs, want)
	}
	// The node's relationship fields and the neighbourhood show the same.
	edges, err := s.EdgesOf(ctx, a, "HOLDS", graph.Outgoing, []string{person})
	if err != nil || len(edges[person].Items) != 1 {
		t.Fatalf("A's holdings of the person: %+v %v", edges, err)
	}
	if got := role(edges[person].Items[0].Link.(*graph.Holding)); got != "MULE" {
		t.Fatalf("A's holdings field shows %q", got)
	}
	sg, err := s.Neighborhood(ctx, b, graph.NeighborhoodQuery{Around: person, Depth: 1, Types: []graph.RelType{graph.RelHolds}, Limit: 10})
	if err != nil || len(sg.Links) != 1 || role(sg.Links[0].(*graph.Holding)) != "NOMINEE" {
		t.Fatalf("B's neighbourhood: %+v %v", sg.Links, err)
	}
	// A writes again: only A's claim changes.
	if _, err := s.AddLink(ctx, a, graph.LinkInput{CaseID: "A", Type: "HOLDS", From: person, To: account, Role: ptr("OWNER")}); err != nil {
		t.Fatal(err)
	}
	if got := role(holdingAs(t, s, b, resA.ID)); got != "NOMINEE" {
		t.Fatalf("B reads %q after A changed its own claim", got)
	}
	// B withdraws: A's view is as before, and the link stays (A asserts it).
	gone, err := s.RemoveLink(ctx, "B", resA.ID)
	if err != nil || gone {
		t.Fatalf("B's removeLink: gone=%v %v", gone, err)
	}
	ha := holdingAs(t, s, a, resA.ID)
	if role(ha) != "OWNER" || !slices.Equal(ha.CaseIDs, []string{"A"}) {
		t.Fatalf("A reads %q %v after B's removeLink, want OWNER [A]", role(ha), ha.CaseIDs)
	}
	if got := role(holdingAs(t, s, graph.AllCases(), resA.ID)); got != "OWNER" {
		t.Fatalf("a reader of every case reads %q after B's removeLink", got)
	}
	if _, err := s.Link(ctx, b, resA.ID); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("B still sees the holding it withdrew: %v", err)
	}
	if n := rawCount(t, `MATCH ()-[r:HOLDS]->() UNWIND keys(r) AS k WITH k WHERE k STARTS WITH 'claim:B:' RETURN count(*)`, nil); n != 0 {
		t.Fatalf("%d claim properties of B left on the holding", n)
	}
	// A's removal of B-less link deletes it.
	if gone, err := s.RemoveLink(ctx, "A", resA.ID); err != nil || !gone {
		t.Fatalf("A's removeLink: gone=%v %v", gone, err)
	}
}

// The last writer's value is the relationship's own; when that case
// withdraws, the own value falls back to a remaining case's.
func TestLinkPropertiesFallBackToARemainingClaim(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	person, account := sharedHolding(t, s)
	if _, err := s.AddLink(ctx, graph.OnlyCases("A"), graph.LinkInput{CaseID: "A", Type: "HOLDS", From: person, To: account, Role: ptr("MULE")}); err != nil {
		t.Fatal(err)
	}
	res, err := s.AddLink(ctx, graph.OnlyCases("B"), graph.LinkInput{CaseID: "B", Type: "HOLDS", From: person, To: account, Role: ptr("NOMINEE")})
	if err != nil {
		t.Fatal(err)
	}
	if got := role(holdingAs(t, s, graph.AllCases(), res.ID)); got != "NOMINEE" {
		t.Fatalf("every case: %q, want the value last changed (NOMINEE)", got)
	}
	if _, err := s.RemoveLink(ctx, "B", res.ID); err != nil {
		t.Fatal(err)
	}
	if got := role(holdingAs(t, s, graph.AllCases(), res.ID)); got != "MULE" {
		t.Fatalf("every case after B withdrew: %q, want A's MULE", got)
	}
	if n := rawCount(t, `MATCH ()-[r:HOLDS]->() WHERE r.role = 'MULE' AND r._lock IS NULL RETURN count(*)`, nil); n != 1 {
		t.Fatalf("stored own role is not A's (or a lock property was left): %d", n)
	}
}

// Issue 11, item 2: a TRANSFERRED by B with the txId of a transfer only A
// recorded.
func TestAHiddenTransferIsNoOracle(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "A", "KH")
	newCase(t, s, "B", "KH")
	acct := func(n string) string {
		var id string
		for _, c := range []string{"A", "B"} {
			res, err := s.SaveBankAccount(ctx, "", graph.BankAccountInput{CaseID: c, Kind: ptr[graph.AccountKind]("BANK"), Country: ptr("KH"), BankCode: ptr("ALOTKHPP"), AccountNumber: ptr(n)})
			if err != nil {
				t.Fatal(err)
			}
			id = res.ID
		}
		return id
	}
	from, to, other := acct("2001"), acct("2002"), acct("2003")
	a := graph.LinkInput{CaseID: "A", Type: "TRANSFERRED", From: from, To: to, TxID: ptr("TX-77"), Amount: ptr(graph.Decimal("5000")),
		Currency: ptr("USD"), AmountUsd: ptr(graph.Decimal("5000")), Date: ptr(graph.PartialDate("2025-03-04")), Reference: ptr("invoice 17 for A")}
	if _, err := s.AddLink(ctx, graph.OnlyCases("A"), a); err != nil {
		t.Fatal(err)
	}
	// What B gets for its transfers is what B would get on an empty graph:
	// the ids B can compute, no error, and none of A's values. First to
	// another beneficiary (A's transfer contradicts it, hidden from B),
	// withdrawn again; then to A's beneficiary (A's relationship, B's claim
	// apart).
	for _, dest := range []string{other, to} {
		in := graph.LinkInput{CaseID: "B", Type: "TRANSFERRED", From: from, To: dest, TxID: ptr("TX-77"), Amount: ptr(graph.Decimal("4990")), Currency: ptr("USD")}
		want, _ := graph.PrepareLink(in)
		res, err := s.AddLink(ctx, graph.OnlyCases("B"), in)
		if err != nil {
			t.Fatalf("B's transfer to %s: %v (a hidden transfer with this txId must not be an error)", dest, err)
		}
		if res.ID != want.ID() || !res.Created || res.Updated {
			t.Fatalf("B's transfer to %s: %+v, want id %s created as on an empty graph", dest, res, want.ID())
		}
		l, err := s.Link(ctx, graph.OnlyCases("B"), res.ID)
		if err != nil {
			t.Fatal(err)
		}
		tr := l.(*graph.Transfer)
		if tr.Date != "" || tr.AmountUsd != nil || tr.Reference != nil || tr.Amount != "4990" || !slices.Equal(tr.CaseIDs, []string{"B"}) {
			t.Fatalf("B reads A's values: date %q amountUsd %v reference %v amount %s cases %v", tr.Date, tr.AmountUsd, tr.Reference, tr.Amount, tr.CaseIDs)
		}
		if dest == other {
			if _, err := s.RemoveLink(ctx, "B", res.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A reader of both sees the contradiction as two transfers, and A its own.
	l, _ := s.Link(ctx, graph.OnlyCases("A"), idOf(a))
	if tr := l.(*graph.Transfer); tr.Amount != "5000" || *tr.Reference != "invoice 17 for A" {
		t.Fatalf("A reads %+v", tr)
	}
	// Against what the writer may see, a contradiction is still refused.
	c := graph.LinkInput{CaseID: "A", Type: "TRANSFERRED", From: from, To: other, TxID: ptr("TX-77"), Amount: ptr(graph.Decimal("1")), Currency: ptr("USD")}
	var verr graph.ValidationErrors
	if _, err := s.AddLink(ctx, graph.OnlyCases("A"), c); !errors.As(err, &verr) || verr[0].Field != "input.txId" {
		t.Fatalf("A contradicting its own transfer: %v", err)
	}
	// And so is a journey step with the order of a visible one.
	v, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "A", Ref: ptr("V1"), Name: ptr("V")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePerson(ctx, v.ID, []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "B"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddLink(ctx, graph.OnlyCases("A"), graph.LinkInput{CaseID: "A", Type: "TRANSITED", From: v.ID, To: "TH", Order: ptr(1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddLink(ctx, graph.OnlyCases("B"), graph.LinkInput{CaseID: "B", Type: "TRANSITED", From: v.ID, To: "MM", Order: ptr(1)}); err != nil {
		t.Fatalf("B's step 1 to another country than A's hidden one: %v", err)
	}
	if _, err := s.AddLink(ctx, graph.OnlyCases("A", "B"), graph.LinkInput{CaseID: "B", Type: "TRANSITED", From: v.ID, To: "LA", Order: ptr(1)}); !errors.As(err, &verr) || verr[0].Field != "input.order" {
		t.Fatalf("a step contradicting visible ones: %v", err)
	}
}

// Issue 11, item 5 for links: writers of different cases on one
// relationship at once, and removals among them, lose no claim.
func TestConcurrentLinkClaimsLoseNothing(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	const n = 12
	var cases []string
	for i := range n {
		cases = append(cases, fmt.Sprintf("C%02d", i))
		newCase(t, s, cases[i], "KH")
	}
	var person, account string
	for _, c := range cases {
		in := graph.PersonInput{CaseID: c, Name: ptr("Member")}
		org := graph.OrganizationInput{CaseID: c, Name: ptr("Group")}
		if person == "" {
			in.Ref, org.Ref = ptr("M1"), ptr("O1")
		}
		p, err := s.SavePerson(ctx, person, nil, in)
		if err != nil {
			t.Fatal(err)
		}
		o, err := s.SaveOrganization(ctx, account, org)
		if err != nil {
			t.Fatal(err)
		}
		person, account = p.ID, o.ID
	}
	link := func(c, r string) graph.LinkInput {
		return graph.LinkInput{CaseID: c, Type: "MEMBER_OF", From: person, To: account, Role: ptr(r + " of " + c)}
	}
	// The first half asserts the link first; then, all at once, the second
	// half adds its claims while the first half's odd cases withdraw and
	// its even cases change theirs; then every remaining case changes its
	// claim again, all at once.
	var id string
	for _, c := range cases[:n/2] {
		res, err := s.AddLink(ctx, graph.OnlyCases(c), link(c, "first"))
		if err != nil {
			t.Fatal(err)
		}
		id = res.ID
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for round := 0; round < 2; round++ {
		for i, c := range cases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				removed := i < n/2 && i%2 == 1
				switch {
				case removed && round == 0:
					_, err = s.RemoveLink(ctx, c, id)
				case !removed:
					_, err = s.AddLink(ctx, graph.OnlyCases(c), link(c, fmt.Sprintf("round %d", round)))
				}
				if err != nil {
					errs <- fmt.Errorf("%s: %w", c, err)
				}
			}()
		}
		wg.Wait()
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all, err := s.Link(ctx, graph.AllCases(), id)
	if err != nil {
		t.Fatal(err)
	}
	got := all.(*graph.Membership)
	var want []string
	for i, c := range cases {
		if i >= n/2 || i%2 == 0 {
			want = append(want, c)
		}
	}
	gotCases := slices.Sorted(slices.Values(got.CaseIDs))
	if !slices.Equal(gotCases, want) {
		t.Fatalf("cases asserting the link: %v, want %v", gotCases, want)
	}
	for _, c := range want {
		m, err := s.Link(ctx, graph.OnlyCases(c), id)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if r := m.(*graph.Membership).Role; r == nil || *r != "round 1 of "+c {
			t.Fatalf("%s reads role %v: its claim was lost", c, r)
		}
	}
	if k := rawCount(t, `MATCH ()-[r:MEMBER_OF]->() UNWIND keys(r) AS k WITH k WHERE k STARTS WITH 'claim:' RETURN count(*)`, nil); k != int64(len(want)) {
		t.Fatalf("%d claim properties, want %d", k, len(want))
	}
	// Every case creating a relationship nobody asserted yet, at once.
	var org2 string
	for _, c := range cases {
		in := graph.OrganizationInput{CaseID: c, Name: ptr("Second group")}
		if org2 == "" {
			in.Ref = ptr("O2")
		}
		o, err := s.SaveOrganization(ctx, org2, in)
		if err != nil {
			t.Fatal(err)
		}
		org2 = o.ID
	}
	ids := make(chan string, n)
	for _, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := s.AddLink(ctx, graph.OnlyCases(c), graph.LinkInput{CaseID: c, Type: "MEMBER_OF", From: person, To: org2, Role: ptr("new of " + c)})
			if err != nil {
				t.Errorf("%s creating: %v", c, err)
				return
			}
			if !res.Created {
				t.Errorf("%s: created is as the case sees it, got %+v", c, res)
			}
			ids <- res.ID
		}()
	}
	wg.Wait()
	close(ids)
	id2 := <-ids
	m2, err := s.Link(ctx, graph.AllCases(), id2)
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(slices.Values(m2.(*graph.Membership).CaseIDs)); !slices.Equal(got, cases) {
		t.Fatalf("cases of the link created at once: %v", got)
	}
	for _, c := range cases {
		m, _ := s.Link(ctx, graph.OnlyCases(c), id2)
		if r := m.(*graph.Membership).Role; r == nil || *r != "new of "+c {
			t.Fatalf("%s reads %v on the link created at once", c, r)
		}
	}
}

// Deleting an entity from a case and retracting a case withdraw that
// case's claims on relationships; the rest keep their word.
func TestDeleteAndRetractWithdrawLinkClaims(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	person, account := sharedHolding(t, s)
	newCase(t, s, "C", "KH")
	if _, err := s.SavePerson(ctx, person, nil, graph.PersonInput{CaseID: "C"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveBankAccount(ctx, "", graph.BankAccountInput{CaseID: "C", Kind: ptr[graph.AccountKind]("BANK"), Country: ptr("KH"), BankCode: ptr("ALOTKHPP"), AccountNumber: ptr("5550001")}); err != nil {
		t.Fatal(err)
	}
	var id string
	for c, r := range map[string]string{"A": "MULE", "B": "NOMINEE", "C": "OWNER"} {
		res, err := s.AddLink(ctx, graph.OnlyCases(c), graph.LinkInput{CaseID: c, Type: "HOLDS", From: person, To: account, Role: ptr(r)})
		if err != nil {
			t.Fatal(err)
		}
		id = res.ID
	}
	if _, err := s.DeleteFromCase(ctx, "C", person, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Link(ctx, graph.OnlyCases("C"), id); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("C's holding after C deleted the holder: %v", err)
	}
	if n := rawCount(t, `MATCH ()-[r:HOLDS]->() UNWIND keys(r) AS k WITH k WHERE k STARTS WITH 'claim:C:' RETURN count(*)`, nil); n != 0 {
		t.Fatalf("C's claim stayed after deleteFromCase")
	}
	if got := role(holdingAs(t, s, graph.AllCases(), id)); got != "MULE" && got != "NOMINEE" {
		t.Fatalf("own role after C withdrew: %q, want A's or B's", got)
	}
	if _, err := s.RetractCase(ctx, "B"); err != nil {
		t.Fatal(err)
	}
	h := holdingAs(t, s, graph.AllCases(), id)
	if role(h) != "MULE" || !slices.Equal(h.CaseIDs, []string{"A"}) || len(h.ClaimVariants) != 0 {
		t.Fatalf("after B's retraction: %q %v %+v, want MULE [A]", role(h), h.CaseIDs, h.ClaimVariants)
	}
	if _, err := s.RetractCase(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Link(ctx, graph.AllCases(), id); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("the holding no case asserts: %v", err)
	}
}

// Relationships written before claims get one per source case at
// start-up, and TRANSFERRED and TRANSITED the ids of their new identity.
func TestLinkClaimsBackfill(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	person, account := sharedHolding(t, s)
	to, err := s.SaveBankAccount(ctx, "", graph.BankAccountInput{CaseID: "A", Kind: ptr[graph.AccountKind]("BANK"), Country: ptr("TH"), BankCode: ptr("KASITHBK"), AccountNumber: ptr("90000001")})
	if err != nil {
		t.Fatal(err)
	}
	// As an earlier version wrote them: own properties, no claims, the
	// transfer's id from the sending account and txId only.
	rawQuery(t, `MATCH (p {id: $p}), (a {id: $a}), (b {id: $b})
CREATE (p)-[:HOLDS {id: 'holds:legacy', sources: ['A', 'B'], role: 'MULE', createdAt: datetime()}]->(a)
CREATE (a)-[:TRANSFERRED {id: 'transferred:legacy', sources: ['A'], txId: 'TX-1', amount: '10', currency: 'USD', createdAt: datetime()}]->(b)
WITH 1 AS x MATCH (m:SchemaState {name: 'linkClaims'}) DELETE m`, map[string]any{"p": person, "a": account, "b": to.ID})
	changed, err := s.BackfillLinkClaims(ctx)
	if err != nil || changed != 1 {
		t.Fatalf("backfill: %d ids changed, %v; want 1 (the transfer)", changed, err)
	}
	for c, want := range map[string]string{"A": "MULE", "B": "MULE"} {
		if got := role(holdingAs(t, s, graph.OnlyCases(c), "holds:legacy")); got != want {
			t.Fatalf("%s reads %q after the backfill", c, got)
		}
	}
	want, _ := graph.PrepareLink(graph.LinkInput{CaseID: "A", Type: "TRANSFERRED", From: account, To: to.ID, TxID: ptr("TX-1"), Amount: ptr(graph.Decimal("10")), Currency: ptr("USD")})
	l, err := s.Link(ctx, graph.OnlyCases("A"), want.ID())
	if err != nil || l.(*graph.Transfer).Amount != "10" {
		t.Fatalf("the transfer under its new id %s: %v %v", want.ID(), l, err)
	}
	// Writing it again as A finds the migrated claim: nothing changes.
	res, err := s.AddLink(ctx, graph.OnlyCases("A"), graph.LinkInput{CaseID: "A", Type: "TRANSFERRED", From: account, To: to.ID, TxID: ptr("TX-1"), Amount: ptr(graph.Decimal("10")), Currency: ptr("USD")})
	if err != nil || res.Created || res.Updated {
		t.Fatalf("re-writing the migrated transfer: %+v %v", res, err)
	}
	before := rawCount(t, `MATCH ()-[r]->() UNWIND keys(r) AS k WITH k WHERE k STARTS WITH 'claim:' RETURN count(*)`, nil)
	if before != 5 {
		t.Fatalf("%d claim properties after the backfill, want 5 (the holding's role for A and B; the transfer's txId, amount and currency for A)", before)
	}
	// Done once: marked, and a second run (marker removed) changes nothing.
	if n, err := s.BackfillLinkClaims(ctx); err != nil || n != 0 {
		t.Fatalf("second backfill: %d %v", n, err)
	}
	rawRun(t, `MATCH (m:SchemaState {name: 'linkClaims'}) DELETE m`)
	if n, err := s.BackfillLinkClaims(ctx); err != nil || n != 0 {
		t.Fatalf("backfill after the marker went: %d %v", n, err)
	}
	if after := rawCount(t, `MATCH ()-[r]->() UNWIND keys(r) AS k WITH k WHERE k STARTS WITH 'claim:' RETURN count(*)`, nil); after != before {
		t.Fatalf("the backfill is not idempotent: %d -> %d claim properties", before, after)
	}
	// An earlier binary writing the same transfer again under its old id
	// after the migration: the next start-up does not fail on the id.
	rawQuery(t, `MATCH (a {id: $a}), (b {id: $b})
CREATE (a)-[:TRANSFERRED {id: 'transferred:legacy', sources: ['A'], txId: 'TX-1', amount: '10', currency: 'USD', createdAt: datetime()}]->(b)
WITH 1 AS x MATCH (m:SchemaState {name: 'linkClaims'}) DELETE m`, map[string]any{"a": account, "b": to.ID})
	if n, err := s.BackfillLinkClaims(ctx); err != nil || n != 0 {
		t.Fatalf("backfill with the new id taken: %d %v", n, err)
	}
}

// Aggregates and filters work on the values the reader may see: money
// flows sum and date-filter B's claim of a transfer, not A's.
func TestFlowsUseTheVisibleClaims(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "A", "KH")
	newCase(t, s, "B", "KH")
	acct := func(country, n string) string {
		var id string
		for _, c := range []string{"A", "B"} {
			res, err := s.SaveBankAccount(ctx, "", graph.BankAccountInput{CaseID: c, Kind: ptr[graph.AccountKind]("BANK"), Country: ptr(country), BankCode: ptr("BANKCODE"), AccountNumber: ptr(n)})
			if err != nil {
				t.Fatal(err)
			}
			id = res.ID
		}
		return id
	}
	from, to := acct("KH", "3001"), acct("TH", "3002")
	for _, in := range []graph.LinkInput{
		{CaseID: "B", Type: "TRANSFERRED", From: from, To: to, TxID: ptr("TX-1"), Amount: ptr(graph.Decimal("4990")), Currency: ptr("USD")},
		{CaseID: "A", Type: "TRANSFERRED", From: from, To: to, TxID: ptr("TX-1"), Amount: ptr(graph.Decimal("5000")), Currency: ptr("USD"),
			AmountUsd: ptr(graph.Decimal("5000")), Date: ptr(graph.PartialDate("2025-03-04"))},
	} {
		if _, err := s.AddLink(ctx, graph.OnlyCases(in.CaseID), in); err != nil {
			t.Fatal(err)
		}
	}
	flows, err := s.CrossBorderFlows(ctx, graph.OnlyCases("B"), "MONEY", "", "")
	if err != nil || len(flows) != 1 {
		t.Fatalf("B's flows: %+v %v", flows, err)
	}
	if f := flows[0]; !f.SumUsd.IsZero() || f.ByCurrency["USD"].String() != "4990" {
		t.Fatalf("B's flow sums A's values: usd %s, by currency %v", f.SumUsd, f.ByCurrency)
	}
	if flows, _ := s.CrossBorderFlows(ctx, graph.OnlyCases("B"), "MONEY", "2025-01", ""); len(flows) != 0 {
		t.Fatalf("B's flows filtered by A's date: %+v", flows)
	}
	if flows, _ := s.CrossBorderFlows(ctx, graph.OnlyCases("A"), "MONEY", "2025-01", ""); len(flows) != 1 || flows[0].SumUsd.String() != "5000" {
		t.Fatalf("A's flows: %+v", flows)
	}
	hubs, err := s.Hubs(ctx, graph.OnlyCases("B"), graph.HubQuery{Metric: "MONEY_RECEIVED", First: 10})
	if err != nil || len(hubs) != 0 {
		t.Fatalf("B's hubs by USD received count A's amountUsd: %+v %v", hubs, err)
	}
	if hubs, _ := s.Hubs(ctx, graph.OnlyCases("A"), graph.HubQuery{Metric: "MONEY_RECEIVED", First: 10}); len(hubs) != 1 || hubs[0].Score != 5000 {
		t.Fatalf("A's hubs: %+v", hubs)
	}
	trail, err := s.MoneyTrail(ctx, graph.OnlyCases("B"), graph.TrailQuery{From: from, Direction: "OUT", MaxHops: 2, Since: "2025-01", First: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(trail.Paths) != 0 {
		t.Fatalf("B's money trail since 2025-01 follows a hop only A dated: %+v", trail.Paths)
	}
}

// Two rows of one batch that contradict each other: the first is written,
// the second refused, as when written one after the other.
func TestContradictionsWithinOneBatch(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "A", "KH")
	v, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "A", Ref: ptr("V1"), Name: ptr("V")})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := graph.PrepareLink(graph.LinkInput{CaseID: "A", Type: "TRANSITED", From: v.ID, To: "TH", Order: ptr(1)})
	second, _ := graph.PrepareLink(graph.LinkInput{CaseID: "A", Type: "TRANSITED", From: v.ID, To: "MM", Order: ptr(1)})
	next, _ := graph.PrepareLink(graph.LinkInput{CaseID: "A", Type: "TRANSITED", From: v.ID, To: "MM", Order: ptr(2)})
	res, err := s.WriteLinks(ctx, graph.OnlyCases("A"), "A", []graph.PreparedLink{first, second, next})
	if err != nil {
		t.Fatal(err)
	}
	var verr graph.ValidationErrors
	if res[0].Err != nil || !errors.As(res[1].Err, &verr) || verr[0].Field != "input.order" || res[2].Err != nil {
		t.Fatalf("results: %+v", res)
	}
}
