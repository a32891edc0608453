package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/synthetic"
)

// Three agencies write one recruiter three ways: a Korean police file in
// Hangul (K-1), a Thai police file in Revised Romanisation (T-1) and an
// NGO sheet with an older spelling (N-1), which shares her Telegram handle
// with the Korean file. Kim Ji-woo is two different people (K-1 and T-1:
// other birth date, other gender). All of them are fictional.
func resolutionCases() []*casefile.Case {
	s := func(v string) *string { return &v }
	d := func(v string) *graph.PartialDate { p := graph.PartialDate(v); return &p }
	no := false
	ransom := graph.Decimal("3000")
	k := &casefile.Case{Case: casefile.CaseHeader{ID: "K-1", Title: "Case K", Agency: "Agency K", Country: s("KR")},
		Entities: []casefile.Entity{
			{Ref: "HN", Type: "Recruiter", Name: s("정하늘"), BirthDate: d("1993-05-17"), Nationality: []string{"KR"}, Gender: s("FEMALE"),
				Identifiers: []graph.IdentifierInput{{Kind: "TELEGRAM", Value: "@hr_sky_fictional"}}},
			{Ref: "JW", Type: "Person", Name: s("Kim Ji-woo"), BirthDate: d("1995-04-01"), Nationality: []string{"KR"}, Gender: s("FEMALE")},
			{Ref: "TM", Type: "Victim", Name: s("Trần Thị Mai"), BirthDate: d("1999-02-14"), Nationality: []string{"VN"}, ConsentToShare: &no},
			{Ref: "PM", Type: "Person", Name: s("Park Min-ji"), Nationality: []string{"KR"}},
			{Ref: "SB", Type: "Organization", Name: s("Starbridge Fictional Careers Co., Ltd."), Kind: s("RECRUITMENT_AGENCY"),
				Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+82 10 0000 9991"}}},
		}, Links: []casefile.Link{{Type: "RECRUITED", From: "HN", To: "TM"}}}
	t := &casefile.Case{Case: casefile.CaseHeader{ID: "T-1", Title: "Case T", Agency: "Agency T", Country: s("TH")},
		Entities: []casefile.Entity{
			{Ref: "HN", Type: "Recruiter", Name: s("Jeong Ha-neul"), BirthDate: d("1993-05-17"), Nationality: []string{"KR"}},
			{Ref: "JW", Type: "Person", Name: s("Kim Ji-woo"), BirthDate: d("2001-10-19"), Nationality: []string{"KR"}, Gender: s("MALE")},
			{Ref: "TM", Type: "Victim", Name: s("Tran Thi Mai"), BirthDate: d("1999-02-14"), Nationality: []string{"VN"}},
			{Ref: "C1", Type: "Compound", Name: s("Golden Fictional Park"), Country: s("KH")},
			{Ref: "SB", Type: "Organization", Name: s("Starbridge Fictional Careers"), Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+821000009991"}}},
			// T-1 knows K-1's Park Min-ji's birth date; K-1 does not.
			{Ref: "PM", Type: "Person", ID: s("person:K-1:PM"), BirthDate: d("1990-01-01")},
			{Ref: "ACC", Type: "BankAccount", Kind: s("BANK"), Country: s("KH"), Institution: s("Fictional Bank"), AccountNumber: s("900 100 200")},
		}, Links: []casefile.Link{{Type: "RECRUITS_FOR", From: "HN", To: "C1"},
			{Type: "PAID", From: "TM", To: "ACC", Amount: &ransom, Currency: s("USD"), Date: d("2026-03-01"), Reason: s("RANSOM")}}}
	n := &casefile.Case{Case: casefile.CaseHeader{ID: "N-1", Title: "Case N", Agency: "NGO N", Country: s("TH")},
		Entities: []casefile.Entity{
			{Ref: "HN", Type: "Person", Name: s("Chung Ha Nul"), BirthDate: d("1993"), Nationality: []string{"KR"},
				Identifiers: []graph.IdentifierInput{{Kind: "TELEGRAM", Value: "hr_sky_fictional"}}},
		}, Links: []casefile.Link{}}
	return []*casefile.Case{k, t, n}
}

var resolutionPrincipals = []auth.KeyEntry{
	{ID: "analyst-kt", Role: auth.RoleAnalyst, Cases: []string{"K-1", "T-1"}},
	{ID: "analyst-k", Role: auth.RoleAnalyst, Cases: []string{"K-1"}},
	{ID: "analyst-t", Role: auth.RoleAnalyst, Cases: []string{"T-1"}},
	{ID: "viewer-all", Role: auth.RoleViewer, AllCases: true},
	{ID: "admin", Role: auth.RoleAdmin, AllCases: true},
}

const (
	hangulID = "person:K-1:HN"
	romanID  = "person:T-1:HN"
	ngoID    = "person:N-1:HN"
)

// resolutionAPI loads the three cases and serves the API with keys and an
// audit log; it returns the handler, the keys and the audit folder.
func resolutionAPI(t *testing.T) (http.Handler, map[string]string, string) {
	t.Helper()
	store := testneo4j.Open(t)
	for _, c := range resolutionCases() {
		if rep, err := casefile.ImportCase(context.Background(), store, c, casefile.Options{}); err != nil || rep.ExitCode != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
	}
	return securedAPIFor(t, store, resolutionPrincipals)
}

const candidatesQuery = `query($c: ID, $s: [ResolutionStatus!]) {
  resolutionCandidates(caseId: $c, statuses: $s) {
    a { id } b { id ... on Person { name } } score reasons status
    decisions { caseId status decidedBy note }
    hit { id agency details { title } }
  }
}`

type candidate struct {
	A struct{ ID string } `json:"a"`
	B *struct {
		ID   string
		Name string
	} `json:"b"`
	Score     *float64
	Reasons   []string
	Status    string
	Decisions []struct{ CaseID, Status, DecidedBy string }
	Hit       *struct {
		ID, Agency string
		Details    any
	}
}

func candidatesAs(t *testing.T, h http.Handler, key, caseID string, statuses ...string) ([]candidate, string) {
	t.Helper()
	vars := map[string]any{"c": caseID}
	if len(statuses) > 0 {
		vars["s"] = statuses
	}
	_, out := queryAs(t, h, key, candidatesQuery, vars)
	if len(out.Errors) > 0 {
		t.Fatalf("resolutionCandidates: %+v", out.Errors)
	}
	raw, _ := json.Marshal(out.Data["resolutionCandidates"])
	var cs []candidate
	if err := json.Unmarshal(raw, &cs); err != nil {
		t.Fatal(err)
	}
	return cs, string(raw)
}

func findPair(cs []candidate, a, b string) *candidate {
	for i, c := range cs {
		if c.B != nil && ((c.A.ID == a && c.B.ID == b) || (c.A.ID == b && c.B.ID == a)) {
			return &cs[i]
		}
	}
	return nil
}

func TestResolutionSuggestsOnePersonAcrossScriptsAndNotLookAlikes(t *testing.T) {
	h, keys, auditDir := resolutionAPI(t)
	cs, raw := candidatesAs(t, h, keys["analyst-kt"], "K-1")

	pair := findPair(cs, hangulID, romanID)
	if pair == nil {
		t.Fatalf("정하늘 (K-1) and Jeong Ha-neul (T-1) are not suggested: %s", raw)
	}
	if pair.Status != "SUGGESTED" || pair.Score == nil || *pair.Score < 0.75 {
		t.Errorf("pair: %+v", pair)
	}
	reasons := strings.Join(pair.Reasons, " | ")
	for _, want := range []string{"정하늘", "Jeong Ha-neul", "1993-05-17"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons %q lack %q", reasons, want)
		}
	}
	if p := findPair(cs, "person:K-1:JW", "person:T-1:JW"); p != nil {
		t.Errorf("two different Kim Ji-woos (other birth date and gender) suggested: %+v", p)
	}
	// Organisations too: the legal suffix left out, the shared phone.
	org := findPair(cs, "organization:K-1:SB", "organization:T-1:SB")
	if org == nil || !strings.Contains(strings.Join(org.Reasons, " | "), "shares PHONE") {
		t.Errorf("the recruitment agency under two names: %+v (%s)", org, raw)
	}
	_, out := queryAs(t, h, keys["analyst-kt"], `{ resolutionCandidates(caseId: "K-1", types: [ORGANIZATION]) { a { __typename } b { __typename } } }`, nil)
	if got := fmt.Sprint(out.Data); len(out.Errors) > 0 || strings.Contains(got, "Person") || !strings.Contains(got, "Organization") {
		t.Errorf("types: [ORGANIZATION]: %v %+v", got, out.Errors)
	}
	// The NGO's record is in a case analyst-kt does not see: a hit, its
	// case and agency, nothing of the person.
	var hit *candidate
	for i, c := range cs {
		if c.Hit != nil {
			hit = &cs[i]
		}
	}
	if hit == nil || hit.A.ID != hangulID || hit.Hit.ID != "N-1" || hit.Hit.Agency != "NGO N" || hit.Hit.Details != nil ||
		hit.B != nil || hit.Score != nil || len(hit.Reasons) != 0 {
		t.Fatalf("the NGO's record is not a bare hit: %s", raw)
	}
	if strings.Contains(raw, "Chung") || strings.Contains(raw, ngoID) {
		t.Errorf("the answer names the hidden record: %s", raw)
	}
	// The hit is audited, as linkedCases' are.
	log, err := os.ReadFile(filepath.Join(auditDir, newestAuditFile(t, auditDir)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "cross-case hit: N-1") {
		t.Errorf("the audit does not record the hit on N-1")
	}
}

func TestResolutionShowsOnlyWhatTheReaderMaySee(t *testing.T) {
	h, keys, _ := resolutionAPI(t)
	// A reader of K-1 alone: both other records are hits.
	cs, raw := candidatesAs(t, h, keys["analyst-k"], "K-1")
	hits := map[string]bool{}
	for _, c := range cs {
		if c.B != nil {
			t.Errorf("a reader of K-1 alone is shown %s", c.B.ID)
		}
		if c.Hit != nil {
			hits[c.Hit.ID] = true
		}
	}
	if !hits["T-1"] || !hits["N-1"] {
		t.Errorf("hits %v, want T-1 and N-1: %s", hits, raw)
	}
	for _, secret := range []string{"Jeong", "Chung", "Tran Thi Mai", romanID, ngoID, "2001"} {
		if strings.Contains(raw, secret) {
			t.Errorf("a reader of K-1 alone is told %q: %s", secret, raw)
		}
	}
	// A case outside the compartments finds nothing.
	if cs, _ := candidatesAs(t, h, keys["analyst-k"], "T-1"); len(cs) != 0 {
		t.Errorf("candidates of a hidden case: %+v", cs)
	}
	// A viewer sees no victim's birth date: the victims' pair is scored
	// and explained without it.
	cs, raw = candidatesAs(t, h, keys["viewer-all"], "K-1")
	if findPair(cs, hangulID, romanID) == nil {
		t.Errorf("viewer-all is not shown the recruiter's pair: %s", raw)
	}
	if p := findPair(cs, "person:K-1:TM", "person:T-1:TM"); p != nil && strings.Contains(strings.Join(p.Reasons, " "), "1999") {
		t.Errorf("a viewer is told a victim's birth date: %+v", p)
	}
}

const decideMutation = `mutation($a: ID!, $b: ID!, $c: ID!, $n: String) {
  confirm: confirmSameAs(a: $a, b: $b, caseId: $c, note: $n) { status score reasons decisions { caseId status decidedBy note } }
}`

const rejectMutation = `mutation($a: ID!, $b: ID!, $c: ID!, $n: String) {
  reject: rejectSameAs(a: $a, b: $b, caseId: $c, note: $n) { status decisions { caseId status decidedBy note } }
}`

const sameAsQuery = `query($id: ID!) { node(id: $id) { ... on Person { sameAs { id name } } } }`

func sameAsIDs(t *testing.T, h http.Handler, key, id string) []string {
	t.Helper()
	_, out := queryAs(t, h, key, sameAsQuery, map[string]any{"id": id})
	if len(out.Errors) > 0 {
		t.Fatalf("sameAs: %+v", out.Errors)
	}
	var ids []string
	for _, n := range dig(out.Data, "node", "sameAs").([]any) {
		ids = append(ids, n.(map[string]any)["id"].(string))
	}
	return ids
}

func TestSameAsDecisionsAreReviewedStoredAndUndone(t *testing.T) {
	h, keys, _ := resolutionAPI(t)
	kt := keys["analyst-kt"]
	vars := map[string]any{"a": hangulID, "b": romanID, "c": "K-1", "n": "same Telegram photo"}

	_, out := queryAs(t, h, kt, decideMutation, vars)
	if len(out.Errors) > 0 {
		t.Fatalf("confirmSameAs: %+v", out.Errors)
	}
	if got := dig(out.Data, "confirm", "status"); got != "CONFIRMED" {
		t.Errorf("status %v", got)
	}
	if got := dig(out.Data, "confirm", "decisions", 0); got.(map[string]any)["decidedBy"] != "analyst-kt" || got.(map[string]any)["note"] != "same Telegram photo" {
		t.Errorf("decision %v", got)
	}
	if ids := sameAsIDs(t, h, kt, hangulID); len(ids) != 1 || ids[0] != romanID {
		t.Errorf("sameAs after confirming: %v", ids)
	}
	cs, raw := candidatesAs(t, h, kt, "K-1")
	if p := findPair(cs, hangulID, romanID); p == nil || p.Status != "CONFIRMED" {
		t.Errorf("the confirmed pair: %s", raw)
	}
	// The decision is K-1's word: a reader of T-1 alone does not see it.
	if ids := sameAsIDs(t, h, keys["analyst-t"], romanID); len(ids) != 0 {
		t.Errorf("a reader of T-1 alone sees K-1's decision: %v", ids)
	}

	// Rejected: not suggested again, not the same any more.
	if _, out := queryAs(t, h, kt, rejectMutation, vars); len(out.Errors) > 0 || dig(out.Data, "reject", "status") != "REJECTED" {
		t.Fatalf("rejectSameAs: %+v %v", out.Errors, out.Data)
	}
	cs, raw = candidatesAs(t, h, kt, "K-1")
	if p := findPair(cs, hangulID, romanID); p != nil {
		t.Errorf("a rejected pair is suggested again: %s", raw)
	}
	if ids := sameAsIDs(t, h, kt, hangulID); len(ids) != 0 {
		t.Errorf("sameAs after rejecting: %v", ids)
	}
	cs, _ = candidatesAs(t, h, kt, "K-1", "REJECTED")
	if p := findPair(cs, hangulID, romanID); p == nil || len(p.Decisions) != 1 || p.Decisions[0].Status != "REJECTED" {
		t.Errorf("asked for rejected pairs: %+v", cs)
	}
	// Undone by a later decision.
	if _, out := queryAs(t, h, kt, decideMutation, vars); len(out.Errors) > 0 || dig(out.Data, "confirm", "status") != "CONFIRMED" {
		t.Fatalf("confirming again: %+v", out.Errors)
	}
	if ids := sameAsIDs(t, h, kt, hangulID); len(ids) != 1 {
		t.Errorf("sameAs after confirming again: %v", ids)
	}
}

func TestSameAsDecisionsFollowTheCompartments(t *testing.T) {
	h, keys, _ := resolutionAPI(t)
	missing := "person:T-1:NOBODY"
	hidden := func(b string) gqlResponse {
		_, out := queryAs(t, h, keys["analyst-k"], decideMutation, map[string]any{"a": hangulID, "b": b, "c": "K-1"})
		return out
	}
	// An entity of a hidden case answers as one that does not exist.
	outHidden, outMissing := hidden(romanID), hidden(missing)
	if outHidden.code() != "NOT_FOUND" || outMissing.code() != "NOT_FOUND" ||
		strings.ReplaceAll(outHidden.Errors[0].Message, romanID, "X") != strings.ReplaceAll(outMissing.Errors[0].Message, missing, "X") {
		t.Errorf("hidden %+v, missing %+v", outHidden.Errors, outMissing.Errors)
	}
	// A decision goes into a case of the caller's compartments.
	_, out := queryAs(t, h, keys["analyst-kt"], decideMutation, map[string]any{"a": hangulID, "b": romanID, "c": "N-1"})
	if out.code() != "FORBIDDEN" {
		t.Errorf("deciding in a hidden case: %+v", out.Errors)
	}
	// Two different kinds, or one entity twice, are refused.
	_, out = queryAs(t, h, keys["analyst-kt"], decideMutation, map[string]any{"a": hangulID, "b": hangulID, "c": "K-1"})
	if out.code() != "BAD_USER_INPUT" {
		t.Errorf("one entity twice: %+v", out.Errors)
	}
	// A viewer may not decide.
	_, out = queryAs(t, h, keys["viewer-all"], decideMutation, map[string]any{"a": hangulID, "b": romanID, "c": "K-1"})
	if out.code() != "FORBIDDEN" {
		t.Errorf("a viewer's decision: %+v", out.Errors)
	}
}

// Confirmed pairs, asked for with sameAs, join what two agencies wrote of
// one person: a path runs through "the same person under two names", the
// neighbourhood holds both names, search finds the other name, and the
// money trail of one name follows the other's payments.
func TestConfirmedPairsActAsOneEntityWhenAskedTo(t *testing.T) {
	h, keys, _ := resolutionAPI(t)
	kt := keys["analyst-kt"]
	for _, pair := range [][2]string{{hangulID, romanID}, {"person:K-1:TM", "person:T-1:TM"}} {
		if _, out := queryAs(t, h, kt, decideMutation, map[string]any{"a": pair[0], "b": pair[1], "c": "K-1"}); len(out.Errors) > 0 {
			t.Fatalf("confirmSameAs %v: %+v", pair, out.Errors)
		}
	}
	must := func(q string, vars map[string]any) map[string]any {
		t.Helper()
		_, out := queryAs(t, h, kt, q, vars)
		if len(out.Errors) > 0 {
			t.Fatalf("%s: %+v", q, out.Errors)
		}
		return out.Data
	}

	const pathsQ = `query($s: Boolean) { paths(from: "person:K-1:TM", to: "compound:T-1:C1", sameAs: $s) { hops edges { type } } }`
	if got := dig(must(pathsQ, map[string]any{"s": false}), "paths").([]any); len(got) != 0 {
		t.Errorf("a path without sameAs: %v", got)
	}
	paths := dig(must(pathsQ, map[string]any{"s": true}), "paths").([]any)
	if len(paths) == 0 {
		t.Fatal("no path through the confirmed pair")
	}
	var types []string
	for _, e := range dig(paths[0], "edges").([]any) {
		types = append(types, e.(map[string]any)["type"].(string))
	}
	if strings.Join(types, ",") != "RECRUITED,SAME_AS,RECRUITS_FOR" {
		t.Errorf("path edges %v, want RECRUITED, SAME_AS, RECRUITS_FOR", types)
	}

	const nbQ = `query($s: Boolean) { neighborhood(id: "person:K-1:HN", sameAs: $s) { nodes { id } edges { id type } } }`
	ids := func(g any, key, field string) []string {
		var out []string
		for _, n := range dig(g, key).([]any) {
			out = append(out, n.(map[string]any)[field].(string))
		}
		return out
	}
	plain := dig(must(nbQ, map[string]any{"s": false}), "neighborhood")
	if ids := ids(plain, "nodes", "id"); slices.Contains(ids, romanID) || slices.Contains(ids, "compound:T-1:C1") {
		t.Errorf("the neighbourhood without sameAs holds the other name: %v", ids)
	}
	joined := dig(must(nbQ, map[string]any{"s": true}), "neighborhood")
	if nodes := ids(joined, "nodes", "id"); !slices.Contains(nodes, romanID) || !slices.Contains(nodes, "compound:T-1:C1") || !slices.Contains(nodes, "person:K-1:TM") {
		t.Errorf("the neighbourhood with sameAs: %v", nodes)
	}
	if types := ids(joined, "edges", "type"); !slices.Contains(types, "SAME_AS") {
		t.Errorf("no SAME_AS edge: %v", types)
	}

	const personSearch = `query($s: Boolean) { search(text: "Jeong Ha-neul", types: [PERSON], sameAs: $s) { hits { node { id } matchedOn } } }`
	hits := dig(must(personSearch, map[string]any{"s": true}), "search", "hits").([]any)
	found := map[string]string{}
	for _, h := range hits {
		found[dig(h, "node", "id").(string)] = fmt.Sprint(dig(h, "matchedOn"))
	}
	if _, ok := found[romanID]; !ok {
		t.Fatalf("search hits %v lack %s", found, romanID)
	}
	if _, ok := found[hangulID]; !ok {
		t.Errorf("search with sameAs does not find the Hangul name: %v", found)
	}

	const trailQ = `query($s: Boolean) { moneyTrail(from: "person:K-1:TM", sameAs: $s) { paths { hops { type to amount } } } }`
	if got := dig(must(trailQ, map[string]any{"s": false}), "moneyTrail", "paths").([]any); len(got) != 0 {
		t.Errorf("K-1's victim paid nothing in K-1: %v", got)
	}
	trail := dig(must(trailQ, map[string]any{"s": true}), "moneyTrail", "paths").([]any)
	if len(trail) != 1 || dig(trail[0], "hops", 0, "amount") != "3000" {
		t.Errorf("the trail of the other name: %v", trail)
	}

	// SAME_AS is not a relationship type to ask for.
	_, out := queryAs(t, h, kt, `{ neighborhood(id: "person:K-1:HN", relationshipTypes: [SAME_AS]) { nodes { id } } }`, nil)
	if out.code() != "BAD_USER_INPUT" {
		t.Errorf("SAME_AS as a relationship type: %+v", out.Errors)
	}
}

// The benchmark's two made-up case files (synthetic.WriteResolutionCases),
// at 300 people each: the pairs across them that are one person are
// suggested, the look-alikes are not.
func TestResolutionOnTheBenchmarkCases(t *testing.T) {
	store := testneo4j.Open(t)
	h, keys, _ := securedAPIFor(t, store, resolutionPrincipals)
	a, b, same, err := synthetic.WriteResolutionCases(300, 16)
	if err != nil {
		t.Fatal(err)
	}
	for i, file := range [][]byte{a, b} {
		if code := importAs(t, h, keys["admin"], string(file)); code != "" {
			t.Fatalf("importing %s: %s", synthetic.ResolutionCaseIDs[i], code)
		}
	}
	_, out := queryAs(t, h, keys["admin"], `query($c: ID) { resolutionCandidates(caseId: $c, types: [PERSON], first: 500) { a { id } b { id } score reasons } }`,
		map[string]any{"c": synthetic.ResolutionCaseIDs[0]})
	if len(out.Errors) > 0 {
		t.Fatal(out.Errors)
	}
	found := map[int]bool{}
	var wrong []string
	for _, c := range dig(out.Data, "resolutionCandidates").([]any) {
		ids := []string{dig(c, "a", "id").(string), dig(c, "b", "id").(string)}
		slices.Sort(ids)
		var i, j int
		if _, err := fmt.Sscanf(ids[0], "person:BENCH-RES-A:P%d", &i); err != nil {
			continue // a pair within one file
		}
		if _, err := fmt.Sscanf(ids[1], "person:BENCH-RES-B:P%d", &j); err != nil {
			continue
		}
		if i == j && same[i] {
			found[i] = true
		} else {
			wrong = append(wrong, fmt.Sprintf("%v %v %v", ids, dig(c, "score"), dig(c, "reasons")))
		}
	}
	truth := 0
	for _, s := range same {
		if s {
			truth++
		}
	}
	precision := float64(len(found)) / float64(max(len(found)+len(wrong), 1))
	recall := float64(len(found)) / float64(truth)
	t.Logf("across the two files: %d of %d true pairs suggested, %d wrong suggestions: precision %.3f, recall %.3f", len(found), truth, len(wrong), precision, recall)
	for _, w := range wrong[:min(len(wrong), 10)] {
		t.Logf("wrong: %s", w)
	}
	if precision < 0.9 || recall < 0.9 {
		t.Errorf("precision %.3f, recall %.3f: want at least 0.9 each", precision, recall)
	}
}

// Erasing a victim's data takes the reviewers' notes on their SAME_AS
// decisions with it: a note is free text that may name them.
func TestErasureTakesTheNotesOnAVictimsDecisions(t *testing.T) {
	h, keys, _ := resolutionAPI(t)
	kt := keys["analyst-kt"]
	decide := func(caseID, note string) string {
		t.Helper()
		vars := map[string]any{"a": "person:K-1:TM", "b": "person:T-1:TM", "c": caseID}
		if note != "" {
			vars["n"] = note
		}
		_, out := queryAs(t, h, kt, decideMutation, vars)
		if len(out.Errors) > 0 {
			t.Fatalf("confirmSameAs: %+v", out.Errors)
		}
		return fmt.Sprint(dig(out.Data, "confirm", "decisions"))
	}
	if got := decide("T-1", "Trần Thị Mai, passport seen"); !strings.Contains(got, "passport seen") {
		t.Fatalf("the note is not kept: %s", got)
	}
	if _, out := queryAs(t, h, keys["admin"], `mutation { eraseVictimData(id: "person:K-1:TM") { __typename } }`, nil); len(out.Errors) > 0 {
		t.Fatalf("eraseVictimData: %+v", out.Errors)
	}
	// Another decision on the pair answers every visible case's: T-1's
	// is still there, without its note.
	got := decide("K-1", "")
	if !strings.Contains(got, "T-1") || strings.Contains(got, "passport seen") {
		t.Errorf("the decisions after the erasure: %s", got)
	}
}
