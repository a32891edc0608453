package neo4jstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// listIDs lists every node of a label that a scope sees with a filter and
// order (one page is enough for these small cases) and checks the count.
func listIDs(t *testing.T, s *neo4jstore.Store, scope graph.Scope, label graph.Label, f graph.ListFilter, order graph.ListOrderField) []string {
	t.Helper()
	ctx := context.Background()
	q := graph.ListQuery{Label: label, Filter: f, Order: graph.SortOrder{Field: order}, First: 100}
	page, err := s.List(ctx, scope, q)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range page.Nodes {
		ids = append(ids, n.GetID())
	}
	n, err := s.Count(ctx, scope, q)
	if err != nil || n != len(ids) {
		t.Fatalf("%s %+v: count %d (%v), list %d", label, f, n, err, len(ids))
	}
	return ids
}

// sharedPerson is a person case A records (with its name) that case B
// records too (with its own), as a victim of both; A wrote last.
func sharedPerson(t *testing.T, s *neo4jstore.Store, consent bool) string {
	t.Helper()
	ctx := context.Background()
	newCase(t, s, "CV-A", "KH")
	newCase(t, s, "CV-B", "TH")
	res, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "CV-A", Ref: ptr("P1"),
		Name: ptr("Alphonse Hiddenname"), Aliases: []string{"Quokka"}, Status: ptr[graph.VictimStatus]("HELD"), ConsentToShare: ptr(consent)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "CV-B", PersonID: ptr(res.ID),
		Name: ptr("Bertrand Shownname"), Status: ptr[graph.VictimStatus]("ESCAPED"), ConsentToShare: ptr(consent)}); err != nil {
		t.Fatal(err)
	}
	// A writes last: the node's own name and status are A's.
	if _, err := s.SavePerson(ctx, res.ID, nil, graph.PersonInput{CaseID: "CV-A", Name: ptr("Alphonse Hiddenname"), Status: ptr[graph.VictimStatus]("HELD"), Gender: ptr[graph.Gender]("MALE")}); err != nil {
		t.Fatal(err)
	}
	return res.ID
}

// Item 3: a filter matches what the reader's cases say, never what only a
// hidden case says (else a name, an alias or a status of the hidden case
// could be recovered one guess at a time).
func TestFiltersMatchOnlyWhatTheReadersCasesSay(t *testing.T) {
	s := testneo4j.Open(t)
	id := sharedPerson(t, s, true)
	onlyB := graph.OnlyCases("CV-B")
	for _, label := range []graph.Label{graph.KindPerson, graph.RoleVictim} {
		for needle, want := range map[string]bool{"alphonse": false, "quokka": false, "hiddenname": false, "bertrand": true, "shownname": true} {
			got := listIDs(t, s, onlyB, label, graph.ListFilter{NameContains: needle}, "NAME")
			if slices.Contains(got, id) != want {
				t.Errorf("%s nameContains %q as a reader of B: found %v, want %v", label, needle, got, want)
			}
		}
		if got := listIDs(t, s, graph.AllCases(), label, graph.ListFilter{NameContains: "alphonse"}, "NAME"); !slices.Contains(got, id) {
			t.Errorf("a reader of every case does not find A's name: %v", got)
		}
	}
	for status, want := range map[string]bool{"HELD": false, "ESCAPED": true} {
		if got := listIDs(t, s, onlyB, graph.RoleVictim, graph.ListFilter{Status: status}, "NAME"); slices.Contains(got, id) != want {
			t.Errorf("status %s as a reader of B: found %v, want %v", status, got, want)
		}
	}
	if got := listIDs(t, s, graph.OnlyCases("CV-A"), graph.RoleVictim, graph.ListFilter{Status: "HELD"}, "NAME"); !slices.Contains(got, id) {
		t.Errorf("a reader of A does not find A's status: %v", got)
	}
	n, err := s.Node(context.Background(), onlyB, id)
	if err != nil {
		t.Fatal(err)
	}
	if p := n.(*graph.Person); p.Name != "Bertrand Shownname" || p.Status == nil || *p.Status != "ESCAPED" {
		t.Errorf("a reader of B is shown %q %v", p.Name, p.Status)
	}
}

// Item 3: the name of a victim who did not consent is withheld from
// readers outside the victim's own case; a filter must not find it (a
// letter at a time), nor may the order place it.
func TestWithheldNameIsNeitherFilteredNorOrderedOn(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	id := sharedPerson(t, s, false)
	onlyB := graph.OnlyCases("CV-B")
	for _, needle := range []string{"a", "alph", "bert", "quokka"} {
		for _, label := range []graph.Label{graph.KindPerson, graph.RoleVictim} {
			if got := listIDs(t, s, onlyB, label, graph.ListFilter{NameContains: needle}, "NAME"); slices.Contains(got, id) {
				t.Errorf("%s nameContains %q finds a victim whose name is withheld from B", label, needle)
			}
		}
	}
	// The order places the withheld victim as "[withheld]", wherever its
	// real name would sort: between B's own victims named "[a" and "[z"
	// ('[' sorts before letters), not between "Aaron" and "Zed".
	for _, name := range []string{"[a", "[z", "Aaron", "Zed"} {
		if _, err := s.SavePerson(ctx, "", []graph.Label{graph.RoleVictim}, graph.PersonInput{CaseID: "CV-B", Name: ptr(name), ConsentToShare: ptr(true)}); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for _, got := range listIDs(t, s, onlyB, graph.RoleVictim, graph.ListFilter{}, "NAME") {
		n, err := s.Node(ctx, onlyB, got)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, n.(*graph.Person).Name)
	}
	want := []string{"[a", graph.WithheldName, "[z", "Aaron", "Zed"}
	if !slices.Equal(names, want) {
		t.Errorf("a reader of B lists %q, want %q", names, want)
	}
}

// Item 8: the times a reader is shown come from the cases it sees: another
// case changing its word does not move them, and an entity that another
// case recorded long before does not show that case's creation time.
func TestTimestampsComeFromTheVisibleCases(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "TS-A", "KH")
	newCase(t, s, "TS-B", "TH")
	res, err := s.SaveOrganization(ctx, "", graph.OrganizationInput{CaseID: "TS-A", Ref: ptr("O1"), Name: ptr("Golden Lotus Group")})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond)
	bStart := time.Now()
	if _, err := s.SaveOrganization(ctx, res.ID, graph.OrganizationInput{CaseID: "TS-B", Name: ptr("Golden Lotus")}); err != nil {
		t.Fatal(err)
	}
	show := func(scope graph.Scope) (time.Time, time.Time) {
		n, err := s.Node(ctx, scope, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		o := n.(*graph.Organization)
		return o.CreatedAt, o.UpdatedAt
	}
	bCreated, bUpdated := show(graph.OnlyCases("TS-B"))
	if bCreated.Before(bStart.Add(-time.Second)) || bCreated.Add(20*time.Millisecond).Before(bStart) {
		t.Errorf("a reader of B sees createdAt %v, before B spoke of it (%v)", bCreated, bStart)
	}
	aCreated, _ := show(graph.OnlyCases("TS-A"))
	if !aCreated.Before(bCreated) {
		t.Errorf("a reader of A sees createdAt %v, not before B's %v", aCreated, bCreated)
	}
	time.Sleep(30 * time.Millisecond)
	if _, err := s.SaveOrganization(ctx, res.ID, graph.OrganizationInput{CaseID: "TS-A", Name: ptr("Golden Lotus Group Ltd")}); err != nil {
		t.Fatal(err)
	}
	if _, after := show(graph.OnlyCases("TS-B")); !after.Equal(bUpdated) {
		t.Errorf("A's change moved updatedAt for a reader of B: %v -> %v", bUpdated, after)
	}
	if _, all := show(graph.AllCases()); !all.After(bUpdated) {
		t.Errorf("a reader of every case does not see A's change: %v", all)
	}
	// The order by creation follows the same times: B's own organisation,
	// made before B spoke of A's, sorts first for B.
	own, err := s.SaveOrganization(ctx, "", graph.OrganizationInput{CaseID: "TS-B", Ref: ptr("O0"), Name: ptr("Own")})
	if err != nil {
		t.Fatal(err)
	}
	_ = own
	got := listIDs(t, s, graph.OnlyCases("TS-B"), graph.KindOrganization, graph.ListFilter{}, "CREATED_AT")
	if want := []string{res.ID, own.ID}; !slices.Equal(got, want) {
		t.Errorf("B's CREATED_AT order %v, want %v", got, want)
	}
	got = listIDs(t, s, graph.OnlyCases("TS-B"), graph.KindOrganization, graph.ListFilter{}, "UPDATED_AT")
	if want := []string{res.ID, own.ID}; !slices.Equal(got, want) {
		t.Errorf("B's UPDATED_AT order %v (A's later change must not count), want %v", got, want)
	}
}

// Item 4: after erasure, importing the case file again (the same rows)
// restores nothing, and an API write that gives the erased data is
// refused; the row says how many fields were kept erased.
func TestErasureOutlivesReimportAndMutation(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "ER-A", "KH")
	in := graph.PersonInput{CaseID: "ER-A", Ref: ptr("V1"), Name: ptr("Sunisa Erasemeplease"), Aliases: []string{"Nisa"},
		BirthDate: ptr(graph.PartialDate("1999-02")), Gender: ptr[graph.Gender]("FEMALE"), ConsentToShare: ptr(false),
		Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+855 12 345 678"}}}
	p, err := graph.PreparePerson(in, "", []graph.Label{graph.RoleVictim}, "KH")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.WriteEntities(ctx, "ER-A", []graph.Prepared{p})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	id := res[0].ID
	if _, err := s.EraseVictimData(ctx, id); err != nil {
		t.Fatal(err)
	}
	again, err := s.WriteEntities(ctx, "ER-A", []graph.Prepared{p})
	if err != nil || again[0].Err != nil {
		t.Fatal(err, again[0].Err)
	}
	if again[0].KeptErased != 5 { // name, aliases, birth date, gender, one identifier
		t.Errorf("the re-import kept %d fields erased, want 5", again[0].KeptErased)
	}
	erasedLooksErased := func(when string) {
		t.Helper()
		n, err := s.Node(ctx, graph.AllCases(), id)
		if err != nil {
			t.Fatal(err)
		}
		v := n.(*graph.Person)
		if v.Name != neo4jstore.ErasedName || len(v.Aliases) > 0 || v.BirthDate != "" || v.Gender != nil {
			t.Errorf("%s: the erased victim shows %q %v %q %v", when, v.Name, v.Aliases, v.BirthDate, v.Gender)
		}
		snap, err := s.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range snap {
			for _, secret := range []string{"Erasemeplease", "erasemeplease", "Nisa", "1999-02", "345678"} {
				if strings.Contains(strings.ToLower(line), strings.ToLower(secret)) {
					t.Errorf("%s: %q is stored again: %s", when, secret, line)
				}
			}
		}
	}
	erasedLooksErased("after the re-import")
	if _, err := s.SavePerson(ctx, id, nil, graph.PersonInput{CaseID: "ER-A", Name: ptr("Sunisa Erasemeplease")}); err == nil {
		t.Error("an API write of the erased name was accepted")
	}
	if _, err := s.SavePerson(ctx, id, nil, graph.PersonInput{CaseID: "ER-A", Status: ptr[graph.VictimStatus]("RESCUED")}); err != nil {
		t.Errorf("an API write of the status alone was refused: %v", err)
	}
	// Deleted from its case and imported again: still erased.
	if _, err := s.DeleteFromCase(ctx, "ER-A", id, ""); err != nil {
		t.Fatal(err)
	}
	if res, err := s.WriteEntities(ctx, "ER-A", []graph.Prepared{p}); err != nil || res[0].Err != nil || res[0].KeptErased != 5 {
		t.Fatalf("re-import after deletion: %v %+v", err, res)
	}
	erasedLooksErased("after deletion and a re-import")
}

// Item 5: writers of several cases, and several writers of one case, on
// one entity at once: every case's word survives, and each writer of one
// case keeps the field it wrote.
func TestConcurrentWritersOnOneEntityLoseNoClaim(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	const cases = 6
	for i := range cases {
		newCase(t, s, fmt.Sprintf("LU-%d", i), "KH")
	}
	// LU-0's own word comes from several writers at once, each with a
	// field of its own (as two analysts, or two imports, of one case).
	own := []graph.CompoundInput{
		{City: ptr("Sihanoukville")}, {Address: ptr("Street 7")}, {Status: ptr[graph.CompoundStatus]("ACTIVE")},
		{Aliases: []string{"KK Park"}}, {EstimatedWorkers: ptr(3000)}, {ScamTypes: []graph.ScamType{"PIG_BUTCHERING"}},
	}
	ownFields := []string{"city", "address", "status", "aliases", "estimatedWorkers", "scamTypes"}
	for round := range 6 {
		ref := fmt.Sprintf("C%d", round)
		id := "compound:LU-0:" + ref
		if round%2 == 1 {
			// Half the rounds update a compound that exists already.
			if _, err := s.SaveCompound(ctx, "", graph.CompoundInput{CaseID: "LU-0", Ref: ptr(ref), Name: ptr("Compound LU-0")}); err != nil {
				t.Fatal(err)
			}
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, len(own)+cases)
		write := func(f func() error) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- f()
			}()
		}
		for _, in := range own {
			in.CaseID, in.Ref, in.Name = "LU-0", ptr(ref), ptr("Compound LU-0")
			write(func() error { _, err := s.SaveCompound(ctx, "", in); return err })
		}
		for i := 1; i < cases; i++ {
			caseID := fmt.Sprintf("LU-%d", i)
			write(func() error {
				// The other cases attach to the id, retrying until it exists.
				for range 400 {
					_, err := s.SaveCompound(ctx, id, graph.CompoundInput{CaseID: caseID, Name: ptr("Compound " + caseID)})
					if !errors.Is(err, graph.ErrNotFound) {
						return err
					}
					time.Sleep(2 * time.Millisecond)
				}
				return fmt.Errorf("%s never wrote", caseID)
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		claims, err := s.Claims(ctx, graph.AllCases(), []string{id})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range claims[id] {
			got = append(got, c.CaseID)
			if c.CaseID == "LU-0" {
				for _, k := range ownFields {
					if _, ok := c.Props[k]; !ok {
						t.Errorf("round %d: LU-0's claim lost %s: %v", round, k, c.Props)
					}
				}
			}
		}
		if len(got) != cases {
			t.Errorf("round %d: claims of %v survive, want all %d cases", round, got, cases)
		}
		n, err := s.Node(ctx, graph.AllCases(), id)
		if err != nil {
			t.Fatal(err)
		}
		if src := n.(*graph.Compound).CaseIDs; len(src) != cases {
			t.Errorf("round %d: sources %v, want all %d cases", round, src, cases)
		}
	}
}

// Item 5: a case retracted while another case writes the same entity:
// the other case's word and provenance survive.
func TestRetractionDoesNotLoseAConcurrentWrite(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	newCase(t, s, "RT-A", "KH")
	newCase(t, s, "RT-B", "KH")
	var ids []string
	var rows []graph.Prepared
	for i := range 300 {
		p, err := graph.PrepareOrganization(graph.OrganizationInput{CaseID: "RT-A", Ref: ptr(fmt.Sprintf("O%03d", i)), Name: ptr(fmt.Sprintf("Org %d", i))}, "", "KH")
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, p)
		ids = append(ids, p.ID())
	}
	if _, err := s.WriteEntities(ctx, "RT-A", rows); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	var retractErr error
	started := make(chan struct{})
	go func() {
		defer wg.Done()
		<-started
		_, retractErr = s.RetractCase(ctx, "RT-A")
	}()
	written := make(chan string, len(ids))
	go func() {
		defer wg.Done()
		for i, id := range ids {
			if i == 20 {
				close(started) // the retraction starts while B goes on writing
			}
			_, err := s.SaveOrganization(ctx, id, graph.OrganizationInput{CaseID: "RT-B", Aliases: []string{"B's word"}})
			if err == nil {
				written <- id
			} else if !errors.Is(err, graph.ErrNotFound) {
				t.Errorf("B's write of %s: %v", id, err)
			}
		}
		close(written)
	}()
	wg.Wait()
	if retractErr != nil {
		t.Fatal(retractErr)
	}
	count := 0
	for id := range written {
		count++
		n, err := s.Node(ctx, graph.OnlyCases("RT-B"), id)
		if err != nil {
			t.Fatalf("%s, written by B, is gone after A's retraction: %v", id, err)
		}
		o := n.(*graph.Organization)
		if !slices.Equal(o.CaseIDs, []string{"RT-B"}) || !slices.Equal(o.Aliases, []string{"B's word"}) {
			t.Errorf("%s: sources %v, aliases %v after A's retraction", id, o.CaseIDs, o.Aliases)
		}
	}
	t.Logf("B wrote %d of %d entities while A was retracted", count, len(ids))
}

// A victim's own case is the one that first recorded her, for good: when
// it withdraws (deletes its word, or is retracted), what another case's
// readers are shown does not change (her name stays withheld from them).
func TestOwnCaseWithdrawingChangesNothingForOtherReaders(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	for _, withdraw := range []string{"delete", "retract"} {
		id := sharedPerson(t, s, false)
		shown := func() string {
			n, err := s.Node(ctx, graph.OnlyCases("CV-B"), id)
			if err != nil {
				t.Fatal(err)
			}
			return n.(*graph.Person).Name
		}
		if got := shown(); got != graph.WithheldName {
			t.Fatalf("before: a reader of B is shown %q", got)
		}
		var err error
		if withdraw == "delete" {
			_, err = s.DeleteFromCase(ctx, "CV-A", id, "")
		} else {
			_, err = s.RetractCase(ctx, "CV-A")
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := shown(); got != graph.WithheldName {
			t.Errorf("after A's %s: a reader of B is shown %q", withdraw, got)
		}
		if got := listIDs(t, s, graph.OnlyCases("CV-B"), graph.RoleVictim, graph.ListFilter{NameContains: "bertrand"}, "NAME"); slices.Contains(got, id) {
			t.Errorf("after A's %s: B's filter finds the withheld name", withdraw)
		}
		if err := s.DeleteEverything(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Bootstrap(ctx); err != nil {
			t.Fatal(err)
		}
	}
}
