package server_test

import (
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

func TestEraseVictimDataWhenConsentIsWithdrawn(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, auditDir := securedAPI(t, store)
	admin := keys["admin"]

	_, r := queryAs(t, api, admin, `mutation { eraseVictimData(id: "person:A-1:VA") { id identifiersUnlinked } }`, nil)
	if len(r.Errors) > 0 || dig(r.Data, "eraseVictimData", "identifiersUnlinked") != float64(2) {
		t.Fatalf("erase: %+v %v", r.Errors, r.Data)
	}
	_, r = queryAs(t, api, admin, victimAfterErasure, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	v := dig(r.Data, "node")
	if showsPersonalData(v) {
		t.Errorf("after erasure the victim still shows personal data: %v", v)
	}
	if rec := dig(v, "asVictim", "recruitedBy").([]any); len(rec) != 1 || dig(rec[0], "recruiter", "id") != "person:A-1:RA" {
		t.Errorf("erasure must keep the network: recruitedBy %v", rec)
	}
	if stillFindsHer(r.Data) {
		t.Errorf("the passport or the names still find her: %v", r.Data)
	}
	// The shared recruiter phone is untouched; the victim's own phone is gone.
	_, r = queryAs(t, api, admin, `{ a: node(id: "identifier:PHONE:+855969990001") { id } b: node(id: "identifier:PHONE:+855969990777") { id } }`, nil)
	if r.Data["a"] == nil || r.Data["b"] != nil {
		t.Errorf("phones after erasure: %v", r.Data)
	}
	// Only an ADMIN may, and it is audited.
	_, r = queryAs(t, api, keys["analyst-a"], `mutation { eraseVictimData(id: "person:A-1:VA") { id } }`, nil)
	if r.code() != "FORBIDDEN" {
		t.Errorf("analyst erasing: %+v", r.Errors)
	}
	recs, _ := audit.Read(auditDir, audit.Filter{Principal: "admin", Limit: 100})
	found := false
	for _, rec := range recs {
		// The victim and the two identifiers unlinked from her.
		found = found || (rec.Kind == audit.KindMutation && rec.Outcome == audit.OutcomeOK && rec.Changed == 3)
	}
	if !found {
		t.Errorf("erasure not audited: %+v", recs)
	}
}

func TestRetractCaseRemovesItsWordAndWhatOnlyItKnew(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	admin := keys["admin"]

	_, r := queryAs(t, api, keys["analyst-b"], `mutation { retractCase(caseId: "B-1") { caseId } }`, nil)
	if r.code() != "FORBIDDEN" {
		t.Fatalf("an analyst retracting a case: %+v", r.Errors)
	}
	_, r = queryAs(t, api, admin, `mutation { retractCase(caseId: "B-1") { caseId nodesDeleted nodesKept linksDeleted } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	res := dig(r.Data, "retractCase")
	// Deleted: RB. Kept: the victim, the account, the shared phone (A uses them too).
	if dig(res, "nodesDeleted") != float64(1) || dig(res, "nodesKept") != float64(3) {
		t.Errorf("retract B-1: %v", res)
	}
	_, r = queryAs(t, api, admin, `{ rb: node(id: "person:B-1:RB") { id } b: node(id: "B-1") { id }
		va: node(id: "person:A-1:VA") { ... on Person { name caseIds nameVariants { value caseId } roles } }
		accounts: bankAccounts(first: 5) { edges { node { holderName caseIds variants { value } } } }
		phone: node(id: "identifier:PHONE:+855969990001") { ... on Identifier { caseIds } }
		old: search(text: "Other") { hits { node { id } } } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if r.Data["rb"] != nil || r.Data["b"] != nil {
		t.Errorf("B's recruiter or case file survived: %v", r.Data)
	}
	va := dig(r.Data, "va")
	if dig(va, "name") != "Victim Alpha" || len(dig(va, "nameVariants").([]any)) != 1 || strings.Join(anyStrings(dig(va, "caseIds")), ",") != "A-1" {
		t.Errorf("the victim after B's retraction: %v", va)
	}
	acc := dig(r.Data, "accounts", "edges").([]any)
	if len(acc) != 1 || dig(acc[0], "node", "holderName") != "Holder A" || strings.Join(anyStrings(dig(acc[0], "node", "caseIds")), ",") != "A-1" {
		t.Errorf("the account keeps A's holder name only: %v", acc)
	}
	if strings.Join(anyStrings(dig(r.Data, "phone", "caseIds")), ",") != "A-1" {
		t.Errorf("the shared phone: %v", r.Data["phone"])
	}
	if len(dig(r.Data, "old", "hits").([]any)) != 0 {
		t.Errorf("B's spelling still finds the victim: %v", r.Data["old"])
	}
}

func anyStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
