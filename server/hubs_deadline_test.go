package server_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// TestStructuralHubsEndByTheRequestDeadline (issue 11, item 11): BETWEENNESS
// over a case of 20,000 links takes longer than a short request deadline.
// The request must end by that deadline with a clear error, not compute on.
func TestStructuralHubsEndByTheRequestDeadline(t *testing.T) {
	store := testneo4j.Open(t)
	dev := newAPI(t, store, true)
	mustQuery(t, dev, `mutation { createCaseFile(input: {id: "BIG-1", title: "big", agency: "a", country: "KH"}) { id } }`, nil)
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(testneo4j.URI(), neo4j.BasicAuth(testneo4j.Config().User, testneo4j.Config().Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	// 10,000 people joined by 20,000 RECRUITED links, written in one
	// statement (the importer's speed is not what is tested).
	const people, links = 10_000, 20_000
	setupBegan := time.Now()
	if _, err := neo4j.ExecuteQuery(ctx, driver, `
UNWIND range(0, $people - 1) AS i
CREATE (p:Entity:Person:Recruiter:Victim {id: 'person:BIG-1:P' + i, name: 'Person ' + i, sources: ['BIG-1']})
WITH collect(p) AS ps
UNWIND range(0, $links - 1) AS j
WITH ps, j, j % $people AS a, (j * 7919 + 1 + j / $people) % $people AS b
WHERE a <> b
WITH j, ps[a] AS x, ps[b] AS y
CREATE (x)-[:RECRUITED {id: 'recruited:big' + j, sources: ['BIG-1']}]->(y)`,
		map[string]any{"people": people, "links": links}, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}

	t.Logf("case of %d links written in %v", links, time.Since(setupBegan))
	const deadline = 3 * time.Second
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ready := &server.Readiness{}
	ready.Run(ctx, logger, server.Prepare(store, nil))
	api := server.New(store, ready, server.NewMetrics(), logger, server.Options{Dev: true, RequestTimeout: deadline})

	began := time.Now()
	r := query(t, api, `{ hubs(metric: BETWEENNESS, caseId: "BIG-1", first: 3) { node { id } score } }`, nil)
	took := time.Since(began)
	t.Logf("BETWEENNESS over %d links with a %v deadline: %v, %+v", links, deadline, took, r.Errors)
	if r.code() != server.CodeQueryTooComplex || !strings.Contains(r.Errors[0].Message, "deadline") {
		t.Fatalf("BETWEENNESS past the deadline: want %s saying deadline, got %+v", server.CodeQueryTooComplex, r.Errors)
	}
	if strings.HasPrefix(r.Errors[0].Message, "input:") {
		t.Errorf("the message starts with gqlgen's location: %q", r.Errors[0].Message)
	}
	if took > deadline+1500*time.Millisecond {
		t.Fatalf("the request took %v, its deadline was %v", took, deadline)
	}
	// The small ones still answer.
	data := mustQuery(t, api, `{ hubs(metric: DEGREE, caseId: "BIG-1", first: 1) { node { id } score } }`, nil)
	if len(dig(data, "hubs").([]any)) != 1 {
		t.Fatalf("DEGREE: %v", data)
	}
}

// TestOneStructuralHubsRankingPerRequest (item 11): ten root fields of
// BETWEENNESS in one request are refused before anything runs, whether the
// metric is written in the query, sent as a variable or hidden in a fragment.
func TestOneStructuralHubsRankingPerRequest(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	mustQuery(t, api, `mutation { createCaseFile(input: {id: "HB-1", title: "t", agency: "a"}) { id } }`, nil)
	for _, c := range []struct {
		q    string
		vars map[string]any
	}{
		{`{ a: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } b: hubs(metric: PAGERANK, caseId: "HB-1") { score } }`, nil},
		{`query($m: HubMetric!) { a: hubs(metric: $m, caseId: "HB-1") { score } b: hubs(metric: DEGREE, caseId: "HB-1") { score } }`, map[string]any{"m": "BETWEENNESS"}},
		{`query { ...F a: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } } fragment F on Query { b: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } }`, nil},
		{`{ h0: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } h1: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } h2: hubs(metric: BETWEENNESS, caseId: "HB-1") { score }
		   h3: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } h4: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } h5: hubs(metric: BETWEENNESS, caseId: "HB-1") { score }
		   h6: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } h7: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } h8: hubs(metric: BETWEENNESS, caseId: "HB-1") { score }
		   h9: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } }`, nil},
	} {
		r := query(t, api, c.q, c.vars)
		if r.code() != server.CodeQueryTooComplex || r.Errors[0].Extensions["limit"] != "analytics" {
			t.Errorf("%s: want %s (limit analytics), got %+v", c.q, server.CodeQueryTooComplex, r.Errors)
		}
	}
	// One structural ranking with cheap fields beside it runs.
	data := mustQuery(t, api, `{ a: hubs(metric: BETWEENNESS, caseId: "HB-1") { score } b: hubs(metric: VICTIMS_RECRUITED) { score } }`, nil)
	if dig(data, "a") == nil {
		t.Fatalf("one ranking: %v", data)
	}
}
