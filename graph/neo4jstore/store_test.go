package neo4jstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

func ptr[T any](v T) *T { return &v }

func newCase(t *testing.T, s *neo4jstore.Store, id, country string) {
	t.Helper()
	if _, err := s.SaveCaseFile(context.Background(), graph.CaseFileInput{ID: id, Title: "case " + id, Agency: "test agency", Country: &country}); err != nil {
		t.Fatal(err)
	}
}

func countNodes(t *testing.T, s *neo4jstore.Store, label graph.Label) int {
	t.Helper()
	n, err := s.Count(context.Background(), graph.AllCases(), graph.ListQuery{Label: label, Order: graph.SortOrder{Field: "NAME"}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCountriesExistFromStartAndSeedingIsIdempotent(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	before := countNodes(t, s, graph.KindCountry)
	if before != len(graph.AllCountries()) {
		t.Fatalf("%d countries in Neo4j, %d known", before, len(graph.AllCountries()))
	}
	if err := s.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if after := countNodes(t, s, graph.KindCountry); after != before {
		t.Fatalf("bootstrapping again changed the countries: %d -> %d", before, after)
	}
	kh, err := s.Node(ctx, graph.OnlyCases(), graph.CountryID("KH"))
	if err != nil || kh.(*graph.Country).Name != "Cambodia" {
		t.Fatalf("Cambodia in an empty scope: %v %v (countries are always visible)", kh, err)
	}
}

func TestSavingThePersonTwiceChangesNothing(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "KR-1", "KR")
	in := graph.PersonInput{CaseID: "KR-1", Ref: ptr("V1"), Name: ptr("김민준"), Aliases: []string{"Kim Min-jun"},
		Nationality: []string{"kr"}, Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "010-1234-5678"}, {Kind: "PASSPORT", Value: "M1234 5678"}}}
	first, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, in)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created || first.ID != "person:KR-1:V1" {
		t.Fatalf("first save: %+v", first)
	}
	n1, _ := s.Node(ctx, graph.AllCases(), first.ID)
	second, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, in)
	if err != nil {
		t.Fatal(err)
	}
	if second.Created || second.Updated {
		t.Fatalf("saving the same person again reported a change: %+v", second)
	}
	n2, _ := s.Node(ctx, graph.AllCases(), first.ID)
	p1, p2 := n1.(*graph.Person), n2.(*graph.Person)
	if !p1.UpdatedAt.Equal(p2.UpdatedAt) {
		t.Fatalf("updatedAt moved on an unchanged save: %v -> %v", p1.UpdatedAt, p2.UpdatedAt)
	}
	if p2.Name != "김민준" || !p2.IsVictim || p2.IsRecruiter {
		t.Fatalf("stored person: %+v", p2)
	}
	if got := countNodes(t, s, graph.KindIdentifier); got != 2 {
		t.Fatalf("%d identifiers, want 2", got)
	}
	phone, err := s.Node(ctx, graph.AllCases(), "identifier:PHONE:+821012345678")
	if err != nil || phone.(*graph.Identifier).Value != "+821012345678" {
		t.Fatalf("phone identifier not normalised to E.164: %v %v", phone, err)
	}
}

func TestVictimWhoRecruitsKeepsBothRoles(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "KR-1", "KR")
	v, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "KR-1", Ref: ptr("V5"), Name: ptr("Jung Seo-yeon"), VictimType: ptr[graph.VictimType]("TRAFFICKED_WORKER"), Status: ptr[graph.VictimStatus]("HELD")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "KR-1", PersonID: &v.ID, ActiveFrom: ptr(graph.PartialDate("2024-09"))}); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Node(ctx, graph.AllCases(), v.ID)
	p := n.(*graph.Person)
	if !p.IsVictim || !p.IsRecruiter || *p.Status != "HELD" || p.ActiveFrom != "2024-09" {
		t.Fatalf("roles or profiles lost: %+v", p)
	}
	if graph.VictimOf(p) == nil || graph.RecruiterOf(p) == nil {
		t.Fatal("the person has no victim or no recruiter view")
	}
}

func TestInvalidInputWritesNothing(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "KR-1", "KR")
	before := countNodes(t, s, graph.KindPerson)
	_, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "KR-1", Name: ptr("X"), Nationality: []string{"ZZ"},
		Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+44 20 7946 0958"}}})
	var verr graph.ValidationErrors
	if !errors.As(err, &verr) || verr[0].Field != "input.nationality" {
		t.Fatalf("want a validation error on input.nationality, got %v", err)
	}
	if after := countNodes(t, s, graph.KindPerson); after != before {
		t.Fatalf("a rejected write left %d persons", after-before)
	}
	if got := countNodes(t, s, graph.KindIdentifier); got != 0 {
		t.Fatalf("a rejected write left %d identifiers", got)
	}
	_, err = s.SavePerson(ctx, "", nil, graph.PersonInput{CaseID: "NO-SUCH-CASE", Name: ptr("X")})
	var one *graph.ValidationError
	if !errors.As(err, &one) || one.Field != "input.caseId" {
		t.Fatalf("a write into a missing case: %v", err)
	}
}

func TestSharedPhoneJoinsTwoCases(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "KR-1", "KR")
	newCase(t, s, "KH-9", "KH")
	a, _ := s.SavePerson(ctx, "", []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "KR-1", Ref: ptr("R1"), Name: ptr("Recruiter A"),
		Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+855 96 999 0001"}}})
	b, _ := s.SavePerson(ctx, "", []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "KH-9", Ref: ptr("P7"), Name: ptr("Recruiter B"),
		Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "096 999 0001"}}})
	pages, err := s.EdgesOf(ctx, graph.AllCases(), "USES", graph.Incoming, []string{"identifier:PHONE:+855969990001"})
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]bool{}
	for _, it := range pages["identifier:PHONE:+855969990001"].Items {
		users[it.Far.GetID()] = true
	}
	if !users[a.ID] || !users[b.ID] || len(users) != 2 {
		t.Fatalf("the phone written two ways in two cases should join both recruiters: %v", users)
	}
	// Each case sees only its own user of the phone.
	pages, _ = s.EdgesOf(ctx, graph.OnlyCases("KH-9"), "USES", graph.Incoming, []string{"identifier:PHONE:+855969990001"})
	if items := pages["identifier:PHONE:+855969990001"].Items; len(items) != 1 || items[0].Far.GetID() != b.ID {
		t.Fatalf("scope KH-9 sees %v", items)
	}
}

func TestDeleteFromCaseKeepsWhatOtherCasesKnow(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "KR-1", "KR")
	newCase(t, s, "TH-2", "TH")
	acct := graph.BankAccountInput{Kind: ptr[graph.AccountKind]("BANK"), Country: ptr("KH"), BankCode: ptr("ALOTKHPP"), AccountNumber: ptr("000 999 0001"), Currency: ptr("usd")}
	acct.CaseID = "KR-1"
	a1, err := s.SaveBankAccount(ctx, "", acct)
	if err != nil {
		t.Fatal(err)
	}
	acct.CaseID = "TH-2"
	acct.AccountNumber = ptr("0009990001")
	a2, err := s.SaveBankAccount(ctx, "", acct)
	if err != nil {
		t.Fatal(err)
	}
	if a1.ID != a2.ID {
		t.Fatalf("the same account in two cases made two nodes: %s / %s", a1.ID, a2.ID)
	}
	// Created is the writing case's word: new to TH-2, whoever else holds
	// it (else the answer would tell TH-2 that a hidden case does).
	if !a2.Created {
		t.Fatal("the account is not created for TH-2, which had not recorded it")
	}
	gone, err := s.DeleteFromCase(ctx, "KR-1", a1.ID, graph.KindBankAccount)
	if err != nil || gone {
		t.Fatalf("deleting from KR-1 while TH-2 still mentions it: gone=%v err=%v", gone, err)
	}
	if _, err := s.Node(ctx, graph.OnlyCases("KR-1"), a1.ID); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("KR-1 still sees the account: %v", err)
	}
	if _, err := s.Node(ctx, graph.OnlyCases("TH-2"), a1.ID); err != nil {
		t.Fatalf("TH-2 lost the account: %v", err)
	}
	gone, err = s.DeleteFromCase(ctx, "TH-2", a1.ID, graph.KindBankAccount)
	if err != nil || !gone {
		t.Fatalf("deleting from the last case: gone=%v err=%v", gone, err)
	}
	if _, err := s.Node(ctx, graph.AllCases(), a1.ID); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("the account survived its last case: %v", err)
	}
}

func TestLinksAreIdempotentAndChecked(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "KR-1", "KR")
	r, _ := s.SavePerson(ctx, "", []graph.Label{graph.RoleRecruiter}, graph.PersonInput{CaseID: "KR-1", Ref: ptr("R1"), Name: ptr("R")})
	v, _ := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "KR-1", Ref: ptr("V1"), Name: ptr("V")})
	link := graph.LinkInput{CaseID: "KR-1", Type: "RECRUITED", From: r.ID, To: v.ID, Date: ptr(graph.PartialDate("2024-08")), Channel: ptr[graph.Channel]("TELEGRAM")}
	first, err := s.AddLink(ctx, graph.AllCases(), link)
	if err != nil || !first.Created {
		t.Fatalf("%+v %v", first, err)
	}
	again, err := s.AddLink(ctx, graph.AllCases(), link)
	if err != nil || again.Created || again.Updated || again.ID != first.ID {
		t.Fatalf("adding the same link again: %+v %v", again, err)
	}
	// Reversed ends break the RECRUITED rule.
	link.From, link.To = v.ID, r.ID
	var verr graph.ValidationErrors
	if _, err := s.AddLink(ctx, graph.AllCases(), link); !errors.As(err, &verr) {
		t.Fatalf("a victim recruiting a recruiter was accepted: %v", err)
	}
	// A transfer needs an amount and a currency, and amounts stay exact.
	bad := graph.LinkInput{CaseID: "KR-1", Type: "TRANSFERRED", From: r.ID, To: v.ID}
	if _, err := s.AddLink(ctx, graph.AllCases(), bad); !errors.As(err, &verr) || len(verr) < 2 {
		t.Fatalf("a transfer without amount and currency: %v", err)
	}
	gone, err := s.RemoveLink(ctx, "KR-1", first.ID)
	if err != nil || !gone {
		t.Fatalf("removing the link: %v %v", gone, err)
	}
	if _, err := s.Link(ctx, graph.AllCases(), first.ID); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("removed link still there: %v", err)
	}
}

func TestListPagesNeitherOverlapNorSkip(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "KR-1", "KR")
	names := []string{"Ahn", "Baek", "Cho", "Choi", "Do", "Eom", "Gang", "Han", "Im", "Jang", "Jeon"}
	for i, n := range names {
		ref := string(rune('a' + i))
		if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "KR-1", Ref: &ref, Name: ptr(n)}); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	after := ""
	for page := 0; page < 10; page++ {
		p, err := s.List(ctx, graph.AllCases(), graph.ListQuery{Label: graph.RoleVictim, Order: graph.SortOrder{Field: "NAME"}, First: 4, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range p.Nodes {
			seen = append(seen, n.(*graph.Person).Name)
		}
		if !p.HasNextPage {
			break
		}
		after = p.Cursors[len(p.Cursors)-1]
	}
	if len(seen) != len(names) {
		t.Fatalf("paged through %d of %d: %v", len(seen), len(names), seen)
	}
	for i := range names {
		if seen[i] != names[i] {
			t.Fatalf("order: %v", seen)
		}
	}
	_, err := s.List(ctx, graph.AllCases(), graph.ListQuery{Label: graph.RoleVictim, Order: graph.SortOrder{Field: "NAME"}, First: graph.MaxPageSize + 1})
	var verr graph.ValidationErrors
	if !errors.As(err, &verr) || verr[0].Field != "first" {
		t.Fatalf("a page over the maximum must be an error, got %v", err)
	}
	onlyOther, _ := s.Count(ctx, graph.OnlyCases("OTHER"), graph.ListQuery{Label: graph.RoleVictim, Order: graph.SortOrder{Field: "NAME"}})
	if onlyOther != 0 {
		t.Fatalf("scope OTHER counts %d victims of KR-1", onlyOther)
	}
}

func TestAContradictingTransferIsRefusedAlone(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "KH-1", "KH")
	acct := func(n string) string {
		res, err := s.SaveBankAccount(ctx, "", graph.BankAccountInput{CaseID: "KH-1", Kind: ptr[graph.AccountKind]("BANK"), Country: ptr("KH"), BankCode: ptr("ALOTKHPP"), AccountNumber: ptr(n)})
		if err != nil {
			t.Fatal(err)
		}
		return res.ID
	}
	a, b, c := acct("1001"), acct("1002"), acct("1003")
	tx := graph.LinkInput{CaseID: "KH-1", Type: "TRANSFERRED", From: a, To: b, TxID: ptr("TX-9"), Amount: ptr(graph.Decimal("10")), Currency: ptr("USD")}
	if _, err := s.AddLink(ctx, graph.AllCases(), tx); err != nil {
		t.Fatal(err)
	}
	// The same txId from the same account, now to another beneficiary.
	other, _ := graph.PrepareLink(graph.LinkInput{CaseID: "KH-1", Type: "TRANSFERRED", From: a, To: c, TxID: ptr("TX-9"), Amount: ptr(graph.Decimal("10")), Currency: ptr("USD")})
	fine, _ := graph.PrepareLink(graph.LinkInput{CaseID: "KH-1", Type: "TRANSFERRED", From: b, To: c, TxID: ptr("TX-10"), Amount: ptr(graph.Decimal("9")), Currency: ptr("USD")})
	res, err := s.WriteLinks(ctx, graph.AllCases(), "KH-1", []graph.PreparedLink{other, fine})
	if err != nil {
		t.Fatalf("one contradicting row must not fail the batch: %v", err)
	}
	var verr graph.ValidationErrors
	if !errors.As(res[0].Err, &verr) || verr[0].Field != "input.txId" {
		t.Fatalf("the contradicting transfer: %v", res[0].Err)
	}
	if res[1].Err != nil || !res[1].Created {
		t.Fatalf("the good transfer in the same batch: %+v", res[1])
	}
}
