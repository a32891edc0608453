package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// twoCases builds a Korean case and a Cambodian one whose recruiters share
// one phone number (written two ways), plus a hub recruiter with many victims.
func twoCases(t testing.TB, store *neo4jstore.Store, hubVictims int) {
	t.Helper()
	s := func(v string) *string { return &v }
	kr := &casefile.Case{Case: casefile.CaseHeader{ID: "KR-1", Title: "Korean case", Agency: "KNPA (test)", Country: s("KR")},
		Entities: []casefile.Entity{
			{Ref: "R1", Type: "Recruiter", Name: s("Choi"), Nationality: []string{"KR"}, Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "+855 96 999 0001"}}},
			{Ref: "V9", Type: "Victim", Name: s("Kim"), Nationality: []string{"KR"}},
		},
		Links: []casefile.Link{{Type: "RECRUITED", From: "R1", To: "V9"}}}
	kh := &casefile.Case{Case: casefile.CaseHeader{ID: "KH-1", Title: "Cambodian case", Agency: "KH police (test)", Country: s("KH")},
		Entities: []casefile.Entity{
			{Ref: "R2", Type: "Recruiter", Name: s("Sok"), Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "096 999 0001"}}},
			{Ref: "V1", Type: "Victim", Name: s("Lee"), Nationality: []string{"KR"}},
			{Ref: "C1", Type: "Compound", Name: s("Golden Bay"), Country: s("KH")},
			{Ref: "HUB", Type: "Recruiter", Name: s("Hub")},
		},
		Links: []casefile.Link{{Type: "RECRUITED", From: "R2", To: "V1"}, {Type: "HELD_AT", From: "V1", To: "C1"}}}
	for i := 0; i < hubVictims; i++ {
		ref := fmt.Sprintf("H%d", i)
		kh.Entities = append(kh.Entities, casefile.Entity{Ref: ref, Type: "Victim", Name: s("Victim " + ref)})
		kh.Links = append(kh.Links, casefile.Link{Type: "RECRUITED", From: "HUB", To: ref})
	}
	for _, c := range []*casefile.Case{kr, kh} {
		if rep, err := casefile.ImportCase(context.Background(), store, c, casefile.Options{}); err != nil || rep.ExitCode != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
	}
}

func TestShortestPathAcrossTwoCasesThroughASharedPhone(t *testing.T) {
	store := testneo4j.Open(t)
	twoCases(t, store, 0)
	api := newAPI(t, store, true)
	const q = `query($types: [RelationshipType!]) { paths(from: "person:KR-1:R1", to: "person:KH-1:V1", relationshipTypes: $types) { hops nodes { id type label } edges { type source target } } }`
	data := mustQuery(t, api, q, nil)
	paths := dig(data, "paths").([]any)
	if len(paths) != 1 {
		t.Fatalf("want the one shortest path, got %v", paths)
	}
	var ids []string
	for _, n := range dig(paths[0], "nodes").([]any) {
		ids = append(ids, dig(n, "id").(string))
	}
	want := "person:KR-1:R1 identifier:PHONE:+855969990001 person:KH-1:R2 person:KH-1:V1"
	if strings.Join(ids, " ") != want || dig(paths[0], "hops") != float64(3) {
		t.Fatalf("path %v, want %s", ids, want)
	}
	// Both are Korean: through the country it is two hops, but only when asked.
	data = mustQuery(t, api, q, map[string]any{"types": []string{"NATIONAL_OF"}})
	if p := dig(data, "paths").([]any); len(p) != 1 || dig(p[0], "hops") != float64(2) {
		t.Fatalf("through nationality: %v", p)
	}
	// A path through what the caller cannot see is not returned.
	paths2, err := store.ShortestPaths(context.Background(), graph.OnlyCases("KH-1"), graph.PathQuery{From: "person:KR-1:R1", To: "person:KH-1:V1", MaxHops: 6, First: 10})
	if err != nil || len(paths2) != 0 {
		t.Fatalf("scope KH-1 must not see a path starting in KR-1: %v %v", paths2, err)
	}
	r := query(t, api, `{ paths(from: "person:KR-1:R1", to: "person:KH-1:V1", maxHops: 9) { hops } }`, nil)
	if r.code() != "BAD_USER_INPUT" {
		t.Fatalf("maxHops over 6: %+v", r.Errors)
	}
}

func TestNeighborhoodIsCappedAroundAHub(t *testing.T) {
	store := testneo4j.Open(t)
	twoCases(t, store, 300)
	api := newAPI(t, store, true)
	data := mustQuery(t, api, `{ neighborhood(id: "person:KH-1:HUB", depth: 2, limit: 100) { truncated nodes { id type } edges { id type source target } } }`, nil)
	g := dig(data, "neighborhood")
	if dig(g, "truncated") != true || len(dig(g, "edges").([]any)) != 100 {
		t.Fatalf("a hub of 300 with limit 100: truncated %v, %d edges", dig(g, "truncated"), len(dig(g, "edges").([]any)))
	}
	// Depth 2 from the Korean recruiter: his phone, then the other recruiter.
	data = mustQuery(t, api, `{ neighborhood(id: "person:KR-1:R1", depth: 2) { truncated nodes { id type label roles } edges { type source target caseIds } } }`, nil)
	g = dig(data, "neighborhood")
	ids := map[string]bool{}
	for _, n := range dig(g, "nodes").([]any) {
		ids[dig(n, "id").(string)] = true
	}
	for _, want := range []string{"person:KR-1:V9", "identifier:PHONE:+855969990001", "person:KH-1:R2", "country:KR"} {
		if !ids[want] {
			t.Errorf("depth 2 around R1 lacks %s: %v", want, ids)
		}
	}
	if ids["person:KH-1:V1"] {
		t.Error("V1 is three hops from R1")
	}
	if dig(g, "truncated") != false {
		t.Error("a small neighbourhood reported truncated")
	}
	// Countries are leaves: Korea is in the chart, its other nationals are not.
	if ids["person:KH-1:V1"] || len(ids) > 6 {
		t.Errorf("the country was expanded: %v", ids)
	}
}

func TestCaseOverlapsFindTheSharedPhone(t *testing.T) {
	store := testneo4j.Open(t)
	twoCases(t, store, 2)
	api := newAPI(t, store, true)
	data := mustQuery(t, api, `{ caseOverlaps(caseId: "KH-1") { caseFile { id agency details { title } } sharedCount shared { id } } }`, nil)
	links := dig(data, "caseOverlaps").([]any)
	if len(links) != 1 || dig(links[0], "caseFile", "id") != "KR-1" || dig(links[0], "caseFile", "agency") != "KNPA (test)" {
		t.Fatalf("KH-1 overlaps: %v", links)
	}
	shared := dig(links[0], "shared").([]any)
	if len(shared) != 1 || dig(shared[0], "id") != "identifier:PHONE:+855969990001" || dig(links[0], "sharedCount") != float64(1) {
		t.Fatalf("the one shared thing is the phone: %v", shared)
	}
	data = mustQuery(t, api, `{ linkedCases(id: "person:KR-1:R1") { caseFile { id } shared { id } } }`, nil)
	cases := map[string]int{}
	for _, l := range dig(data, "linkedCases").([]any) {
		cases[dig(l, "caseFile", "id").(string)] = len(dig(l, "shared").([]any))
	}
	if len(cases) != 2 || cases["KH-1"] != 1 || cases["KR-1"] != 2 {
		t.Fatalf("R1 is known to KR-1 (himself, his phone) and linked to KH-1 through the phone: %v", cases)
	}
	// Outside the caller's scope a linked case is a hit: id and agency, no contents.
	overlaps, err := store.CaseOverlaps(context.Background(), graph.OnlyCases("KH-1"), "KH-1")
	if err != nil || len(overlaps) != 1 || overlaps[0].CaseID != "KR-1" || overlaps[0].Agency == "" {
		t.Fatalf("the hit must show: %+v %v", overlaps, err)
	}
	if overlaps[0].SharedCount != 0 {
		t.Fatalf("a hit outside the scope must not say how much it shares: %+v", overlaps[0])
	}
	for _, n := range overlaps[0].Shared {
		if n.GetID() != "identifier:PHONE:+855969990001" {
			t.Fatalf("a hit outside the scope leaked %s", n.GetID())
		}
	}
}

// TestTimelineOfTheVictimWhoRecruited: V05 was recruited on 2024-05-15,
// held at C02 from 2024-06-03 to 2025-02-18, and recruited V06 (2024-08-20)
// and V07 (2024-09-02) (demo/README.md).
func TestTimelineOfTheVictimWhoRecruited(t *testing.T) {
	api := newAPI(t, loadDemo(t), true)
	data := mustQuery(t, api, `{ timeline(id: "person:DEMO-KH-2025-001:V05") { truncated events { date kind } } }`, nil)
	var got []string
	for _, e := range dig(data, "timeline", "events").([]any) {
		got = append(got, fmt.Sprint(dig(e, "date"), " ", dig(e, "kind")))
	}
	joined := strings.Join(got, ", ")
	for _, want := range []string{"2024-05-15 RECRUITED", "2024-06-03 HELD_AT_SINCE", "2024-08-20 RECRUITED", "2024-09-02 RECRUITED", "2025-02-18 HELD_AT_UNTIL"} {
		if !strings.Contains(joined, want) {
			t.Fatalf("timeline lacks %q: %s", want, joined)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i][:10] < got[i-1][:10] && len(got[i]) > 10 {
			t.Fatalf("not in date order: %s", joined)
		}
	}
}

// TestHubsOfTheDemo: R01 and R05 recruited the most (6 each), compound C03
// held the most victims (15); in the network around the shared phone, the
// recruiters on it are the most central (demo/README.md).
func TestHubsOfTheDemo(t *testing.T) {
	api := newAPI(t, loadDemo(t), true)
	data := mustQuery(t, api, `{ hubs(metric: VICTIMS_RECRUITED, first: 3) { node { id label } score } }`, nil)
	hubs := dig(data, "hubs").([]any)
	if dig(hubs[0], "score") != float64(6) || dig(hubs[1], "score") != float64(6) {
		t.Fatalf("top recruiters: %v", hubs)
	}
	top := map[string]bool{dig(hubs[0], "node", "id").(string): true, dig(hubs[1], "node", "id").(string): true}
	if !top["person:DEMO-KH-2025-001:R01"] || !top["person:DEMO-KH-2025-001:R05"] {
		t.Fatalf("R01 and R05 recruited six each: %v", hubs)
	}
	data = mustQuery(t, api, `{ hubs(metric: VICTIMS_HELD, first: 1) { node { id } score } }`, nil)
	if dig(data, "hubs", 0, "node", "id") != "compound:DEMO-KH-2025-001:C03" || dig(data, "hubs", 0, "score") != float64(15) {
		t.Fatalf("most victims held: %v", data)
	}
	data = mustQuery(t, api, `{ hubs(metric: BETWEENNESS, type: RECRUITER, caseId: "DEMO-KH-2025-001", first: 7) { node { id } score } }`, nil)
	if n := len(dig(data, "hubs").([]any)); n != 7 || dig(data, "hubs", 0, "score").(float64) <= 0 {
		t.Fatalf("betweenness of the 7 recruiters: %v", data)
	}
	r := query(t, api, `{ hubs(metric: PAGERANK) { score } }`, nil)
	if r.code() != "BAD_USER_INPUT" {
		t.Fatalf("PageRank without a subgraph: %+v", r.Errors)
	}
}

// TestQueriesAroundAHubWithAHundredThousandEdgesStayBounded: a recruiter
// with 100,000 victims (written straight into Neo4j: the importer's speed is
// not what is tested) must not blow up any traversal: each answers within
// the transaction timeout with its cap announced.
func TestQueriesAroundAHubWithAHundredThousandEdgesStayBounded(t *testing.T) {
	store := testneo4j.Open(t)
	twoCases(t, store, 0)
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(testneo4j.URI(), neo4j.BasicAuth(testneo4j.Config().User, testneo4j.Config().Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	const hubEdges = 100_000
	for start := 0; start < hubEdges; start += 20_000 {
		_, err := neo4j.ExecuteQuery(ctx, driver, `
MATCH (hub:Entity {id: 'person:KH-1:HUB'})
UNWIND range($start, $start + 19999) AS i
CREATE (v:Entity:Person:Victim {id: 'person:KH-1:BULK' + i, name: 'Bulk victim ' + i, sources: ['KH-1']})
CREATE (hub)-[:RECRUITED {id: 'RECRUITED:person:KH-1:HUB>person:KH-1:BULK' + i, sources: ['KH-1'], date: toString(date('2025-01-01') + duration({days: i % 300}))}]->(v)`,
			map[string]any{"start": start}, neo4j.EagerResultTransformer)
		if err != nil {
			t.Fatal(err)
		}
	}
	api := newAPI(t, store, true)
	began := time.Now()
	data := mustQuery(t, api, `{ neighborhood(id: "person:KH-1:HUB", depth: 3, limit: 2000) { truncated nodes { id } edges { id } } }`, nil)
	g := dig(data, "neighborhood")
	if dig(g, "truncated") != true || len(dig(g, "edges").([]any)) != 2000 {
		t.Fatalf("hub neighbourhood: truncated %v with %d edges", dig(g, "truncated"), len(dig(g, "edges").([]any)))
	}
	t.Logf("neighborhood depth 3 around a hub of %d edges: %v", hubEdges, time.Since(began))
	for _, q := range []string{
		`{ paths(from: "person:KH-1:BULK1", to: "person:KH-1:BULK99999", maxHops: 6) { hops } }`,
		`{ timeline(id: "person:KH-1:HUB") { truncated events { kind } } }`,
		`{ hubs(metric: PAGERANK, around: "person:KH-1:HUB", depth: 2, first: 3) { node { id } score } }`,
		`{ hubs(type: RECRUITER, metric: VICTIMS_RECRUITED, first: 1) { node { id } score } }`,
		`{ linkedCases(id: "person:KH-1:HUB") { caseFile { id } } }`,
		`{ search(text: "Bulk victim 5") { truncated hits { node { id } } } }`,
	} {
		began := time.Now()
		r := query(t, api, q, nil)
		if len(r.Errors) > 0 && r.code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", q, r.Errors)
		}
		t.Logf("%s: %v", q, time.Since(began))
	}
	data = mustQuery(t, api, `{ timeline(id: "person:KH-1:HUB") { truncated } hubs(type: RECRUITER, metric: VICTIMS_RECRUITED, first: 1) { node { id } score } }`, nil)
	if dig(data, "timeline", "truncated") != true {
		t.Error("a timeline of 100,000 events must say it was cut")
	}
	if h := dig(data, "hubs").([]any); len(h) != 1 || dig(h[0], "node", "id") != "person:KH-1:HUB" || dig(h[0], "score") != float64(hubEdges) {
		t.Errorf("the hub ranks first with its %d victims: %v", hubEdges, h)
	}
}
