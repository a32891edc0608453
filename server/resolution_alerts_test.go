package server_test

import (
	"strings"
	"testing"
)

const alertsQuery = `{ alerts(first: 100) { kind entityId caseId agency otherId summary hit } }`

// A watched person is told when another agency's import brings a new
// resolution candidate for them: the full alert for a watcher who sees
// that case, the hit alone for one who does not; importing the file again
// tells nobody anything new.
func TestWatchersAreToldOfNewResolutionCandidates(t *testing.T) {
	h, keys, _ := resolutionAPI(t)
	alertsOf := func(who string) []map[string]any {
		t.Helper()
		_, out := queryAs(t, h, keys[who], alertsQuery, nil)
		if len(out.Errors) > 0 {
			t.Fatalf("alerts of %s: %+v", who, out.Errors)
		}
		var list []map[string]any
		for _, a := range dig(out.Data, "alerts").([]any) {
			list = append(list, a.(map[string]any))
		}
		return list
	}
	for _, who := range []string{"admin", "analyst-kt"} {
		if _, out := queryAs(t, h, keys[who], `mutation($id: ID!) { watch(id: $id) { entityId } }`, map[string]any{"id": hangulID}); len(out.Errors) > 0 {
			t.Fatalf("%s watch: %+v", who, out.Errors)
		}
	}
	const caseM = `{"case": {"id": "M-1", "title": "Case M", "agency": "Agency M", "country": "MY"},
 "entities": [{"ref": "HN", "type": "Person", "name": "Jeong Haneul", "birthDate": "1993-05-17", "nationality": "KR"}], "links": []}`
	if code := importAs(t, h, keys["admin"], caseM); code != "" {
		t.Fatalf("import: %s", code)
	}
	var full map[string]any
	for _, a := range alertsOf("admin") {
		if a["kind"] == "CANDIDATE" {
			full = a
		}
	}
	if full == nil || full["otherId"] != "person:M-1:HN" || full["caseId"] != "M-1" || full["entityId"] != hangulID {
		t.Fatalf("the admin's candidate alert: %v", alertsOf("admin"))
	}
	hits := 0
	for _, a := range alertsOf("analyst-kt") {
		if a["caseId"] != "M-1" {
			continue
		}
		hits++
		if a["hit"] != true || a["agency"] != "Agency M" || a["otherId"] != nil || a["summary"] != nil {
			t.Errorf("a watcher outside M-1 is told more than the hit: %v", a)
		}
	}
	if hits == 0 {
		t.Errorf("the watcher outside M-1 has no hit: %v", alertsOf("analyst-kt"))
	}
	before := len(alertsOf("admin"))
	if code := importAs(t, h, keys["admin"], caseM); code != "" {
		t.Fatalf("import again: %s", code)
	}
	if after := alertsOf("admin"); len(after) != before {
		t.Errorf("importing the same file again alerted: %d alerts, then %d: %v", before, len(after), after)
	}
}

// A candidate alert is judged on what the watcher sees of the watched
// person, never on what a hidden case adds: else a watcher could write
// look-alikes with guessed birth dates into their own case and learn the
// hidden one from which alerts.
func TestCandidateAlertsAreNoOracleForHiddenFacts(t *testing.T) {
	h, keys, _ := resolutionAPI(t)
	k := keys["analyst-k"] // sees K-1; T-1 alone knows Park Min-ji's birth date
	if _, out := queryAs(t, h, k, `mutation { watch(id: "person:K-1:PM") { entityId } }`, nil); len(out.Errors) > 0 {
		t.Fatalf("watch: %+v", out.Errors)
	}
	for ref, birth := range map[string]string{"G1": "1985-05-05", "G2": "1990-01-01"} {
		_, out := queryAs(t, h, k, `mutation($ref: String!, $b: Date!) { createPerson(input: {caseId: "K-1", ref: $ref, name: "Park Min-ji", nationality: ["KR"], birthDate: $b}) { id } }`,
			map[string]any{"ref": ref, "b": birth})
		if len(out.Errors) > 0 {
			t.Fatalf("createPerson: %+v", out.Errors)
		}
	}
	_, out := queryAs(t, h, k, alertsQuery, nil)
	got := map[string]bool{}
	for _, a := range dig(out.Data, "alerts").([]any) {
		if m := a.(map[string]any); m["kind"] == "CANDIDATE" {
			id, _ := m["otherId"].(string)
			got[id] = true
		}
	}
	right, wrong := got["person:K-1:G2"], got["person:K-1:G1"]
	if right != wrong {
		t.Errorf("the right guess alerted %v, the wrong one %v: the alert tells the hidden birth date", right, wrong)
	}
	if !strings.Contains(strings.Join(keysOf(got), ","), "person:K-1:G") {
		t.Errorf("no candidate alert at all: %v", got)
	}
}

func keysOf(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
