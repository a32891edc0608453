package casefile_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// overlappingCase builds a case of n victims and recruiters with accounts
// and phones drawn from small shared pools, so that several such cases
// overlap on accounts and identifiers. It is a fixture, not a generator of
// realistic networks (that is package synthetic): its pools are small so
// that concurrent imports contend for the same records, and its counts are
// known to the tests.
func overlappingCase(id string, n, offset int) *casefile.Case {
	s := func(v string) *string { return &v }
	c := &casefile.Case{Case: casefile.CaseHeader{ID: id, Title: "synthetic " + id, Agency: "test", Country: s("KH")}}
	for i := 0; i < n; i++ {
		k := i + offset
		r, v, a := fmt.Sprintf("R%d", i), fmt.Sprintf("V%d", i), fmt.Sprintf("A%d", i)
		phone := fmt.Sprintf("+85596999%04d", k%50) // 50 phones shared by everyone
		c.Entities = append(c.Entities,
			casefile.Entity{Ref: r, Type: "Recruiter", Name: s("Recruiter " + r), Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: phone}}},
			casefile.Entity{Ref: v, Type: "Victim", Name: s("Victim " + v)},
			casefile.Entity{Ref: a, Type: "BankAccount", Kind: s("BANK"), Country: s("KH"), BankCode: s("ALOTKHPP"),
				AccountNumber: s(fmt.Sprintf("00099%05d", k%80))}) // 80 accounts shared by everyone
		c.Links = append(c.Links,
			casefile.Link{Type: "RECRUITED", From: r, To: v},
			casefile.Link{Type: "HOLDS", From: r, To: a})
	}
	return c
}

func TestFourOverlappingImportsAtOnceLeaveNoDuplicate(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rep, err := casefile.ImportCase(ctx, s, overlappingCase(fmt.Sprintf("OVERLAP-%d", i), 300, i*7), casefile.Options{BatchSize: 100})
			if err == nil && rep.ExitCode != 0 {
				err = fmt.Errorf("exit %d: %v", rep.ExitCode, rep.Rejections)
			}
			errs[i] = err
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
	}
	count := func(label graph.Label) int {
		n, err := s.Count(ctx, graph.AllCases(), graph.ListQuery{Label: label, Order: graph.SortOrder{Field: "NAME"}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := count(graph.KindBankAccount); got != 80 {
		t.Fatalf("%d accounts; the four files share 80", got)
	}
	if got := count(graph.KindIdentifier); got != 50 {
		t.Fatalf("%d phone identifiers; the four files share 50", got)
	}
	if got := count(graph.KindPerson); got != 4*600 {
		t.Fatalf("%d persons, want %d", got, 4*600)
	}
	acct, err := s.Node(ctx, graph.AllCases(), "account:BANK:KH:ALOTKHPP:0009900001")
	if err != nil || len(acct.(*graph.BankAccount).CaseIDs) != 4 {
		t.Fatalf("a shared account should carry all four cases: %v %v", acct, err)
	}
}

// TestImportCutOffByNeo4jOutageCompletesWhenRerun takes Neo4j away in the
// middle of an import, brings it back, runs the import again, and compares
// the graph with a clean import of the same file.
func TestImportCutOffByNeo4jOutageCompletesWhenRerun(t *testing.T) {
	testneo4j.Open(t)
	ctx := context.Background()
	file := overlappingCase("OUTAGE-1", 1500, 0)
	proxy := testneo4j.NewProxy(t)
	proxy.On(t)
	cfg := testneo4j.Config()
	cfg.URI = proxy.URI()
	viaProxy, err := neo4jstore.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer viaProxy.Close(ctx)

	cut := sync.Once{}
	_, err = casefile.ImportCase(ctx, viaProxy, file, casefile.Options{BatchSize: 200, Progress: func(p casefile.Progress) {
		if p.Stage == casefile.StageEntities && p.Done >= 1800 { // entities partly written
			cut.Do(proxy.Off)
		}
	}})
	var runErr *casefile.RunError
	if !errors.As(err, &runErr) || !errors.Is(err, graph.ErrUnavailable) {
		t.Fatalf("an import cut off by an outage must fail as could-not-run (Neo4j unavailable), got %v", err)
	}
	proxy.On(t)
	rep, err := casefile.ImportCase(ctx, viaProxy, file, casefile.Options{BatchSize: 200})
	if err != nil || rep.ExitCode != 0 {
		t.Fatalf("re-run after the outage: %v %+v", err, rep)
	}
	if rep.Counts["Person"].Unchanged == 0 || rep.Counts["Person"].Created == 0 {
		t.Fatalf("the re-run should find part of the work done: %+v", rep.Counts["Person"])
	}
	resumed, err := viaProxy.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}

	clean := testneo4j.Open(t)
	if rep, err := casefile.ImportCase(ctx, clean, file, casefile.Options{BatchSize: 500}); err != nil || rep.ExitCode != 0 {
		t.Fatalf("clean import: %v", err)
	}
	want, _ := clean.Snapshot(ctx)
	if len(want) != len(resumed) || strings.Join(want, "\n") != strings.Join(resumed, "\n") {
		for i := range min(len(want), len(resumed)) {
			if want[i] != resumed[i] {
				t.Fatalf("the graph differs from a clean import (%d vs %d lines); first difference:\n clean:   %s\n resumed: %s", len(want), len(resumed), want[i], resumed[i])
			}
		}
		t.Fatalf("the graph differs from a clean import: %d vs %d lines", len(want), len(resumed))
	}
}
