package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// Item 4 of the compartments issue: importing the case files again after
// an erasure restores nothing of what was erased: not the name, aliases or
// birth date, not the search tokens, not the identifiers.
func TestReimportAfterErasureRestoresNothing(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	admin := keys["admin"]
	if _, r := queryAs(t, api, admin, `mutation { eraseVictimData(id: "person:A-1:VA") { id } }`, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	// Both case files imported again, unchanged: the report counts what
	// was kept erased (A: name, birth date, passport, phone; B: its name).
	for i, want := range []int{4, 1} {
		rep, err := casefile.ImportCase(context.Background(), store, agencyCases()[i], casefile.Options{})
		if err != nil || rep.ExitCode != 0 || rep.KeptErased != want {
			t.Fatalf("re-import of %s: %v, exit %d, kept erased %d, want %d", rep.CaseID, err, rep.ExitCode, rep.KeptErased, want)
		}
	}
	_, r := queryAs(t, api, admin, victimAfterErasure, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if v := dig(r.Data, "node"); showsPersonalData(v) {
		t.Errorf("the re-import restored personal data: %v", v)
	}
	if stillFindsHer(r.Data) {
		t.Errorf("the passport or the names find her again: %v", r.Data)
	}
	// An analyst of A cannot write the name back either.
	_, r = queryAs(t, api, keys["analyst-a"], `mutation { updateVictim(id: "person:A-1:VA", input: {caseId: "A-1", name: "Victim Alpha"}) { id } }`, nil)
	if len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, "erased") {
		t.Errorf("writing an erased victim's name back: %+v", r.Errors)
	}
}

// updateVictim in a case is that case's word about a victim: its readers
// are shown her as one, so a name given without her consent is withheld
// from them as from every reader outside her own case.
func TestUpdateVictimSaysVictimInTheWritersCase(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api := newAPI(t, store, true)
	mustQuery(t, api, `mutation { createCaseFile(input: {id: "C-1", title: "t", agency: "Agency C", country: "TH"}) { id } }`, nil)
	mustQuery(t, api, `mutation { updateVictim(id: "person:A-1:VA", input: {caseId: "C-1", name: "Cee Gavethisname"}) { id } }`, nil)
	n, err := store.Node(context.Background(), graph.OnlyCases("C-1"), "person:A-1:VA")
	if err != nil {
		t.Fatal(err)
	}
	if p := n.(*graph.Person); !p.IsVictim || p.Name != graph.WithheldName {
		t.Errorf("a reader of C is shown victim %v, name %q", p.IsVictim, p.Name)
	}
}
