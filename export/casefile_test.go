package export

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/graph"
)

// TestCaseFileRefs checks how ids become refs: a case's own entity keeps
// its ref, another case's entity is attached by id, an entity typed in
// without a ref gets its uuid as ref (no import can make its id again), an
// account is found again by its key, and explicitly empty lists stay.
func TestCaseFileRefs(t *testing.T) {
	c := &graph.CaseFile{Provenance: graph.Provenance{ID: "C-1"}, Title: "t", Agency: "a"}
	own := &graph.Person{Provenance: graph.Provenance{ID: "person:C-1:R1"}, Name: "Own", Aliases: []string{}, IsRecruiter: true}
	other := &graph.Person{Provenance: graph.Provenance{ID: "person:C-0:V1"}, Name: "Other", IsVictim: true}
	typed := &graph.Organization{Provenance: graph.Provenance{ID: "organization:0b7e2a3c-1111-4222-8333-944445555666"}, Name: "Typed"}
	withheld := &graph.Person{Provenance: graph.Provenance{ID: "person:C-1:V2"}, Name: graph.WithheldName, IsVictim: true}
	acc := &graph.BankAccount{Provenance: graph.Provenance{ID: "account:BANK:KH:ABABANK:1"}, Kind: "BANK"}
	rec := &graph.Recruitment{Edge: graph.Edge{Provenance: graph.Provenance{ID: "recruited:1"}, FromID: own.ID, ToID: other.ID}}
	doc, err := CaseFile(c, graph.Subgraph{Nodes: []graph.Node{own, other, typed, withheld, acc}, Links: []graph.Link{rec}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]any{}
	var back struct{ Entities []map[string]any }
	_ = json.Unmarshal(b, &back)
	for _, e := range back.Entities {
		got[e["ref"].(string)] = e
	}
	if e := got["R1"]; e == nil || e["id"] != nil || e["aliases"] == nil {
		t.Errorf("own entity: %v", e)
	}
	if e := got["person.C-0.V1"]; e == nil || e["id"] != "person:C-0:V1" {
		t.Errorf("another case's entity: %v", e)
	}
	if e := got["0b7e2a3c-1111-4222-8333-944445555666"]; e == nil || e["id"] != nil {
		t.Errorf("entity typed in without a ref: %v", e)
	}
	if e := got["V2"]; e == nil || e["name"] != nil {
		t.Errorf("a withheld name is left out: %v", e)
	}
	if e := got["account.BANK.KH.ABABANK.1"]; e == nil || e["id"] != nil {
		t.Errorf("account: %v", e)
	}
	if !strings.Contains(string(b), `"from":"R1","to":"person.C-0.V1"`) {
		t.Errorf("link by refs: %s", b)
	}
	if _, err := CaseFile(c, graph.Subgraph{Truncated: true}); err == nil {
		t.Error("a truncated case was written")
	}
}
