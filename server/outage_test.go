package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

func status(t *testing.T, h http.Handler, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code
}

func eventually(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestServesWhileNeo4jIsDownAndRecovers starts the API with Neo4j out of
// reach, brings Neo4j in, takes it away mid-service and brings it back.
func TestServesWhileNeo4jIsDownAndRecovers(t *testing.T) {
	testneo4j.Open(t) // the real instance is up and empty
	proxy := testneo4j.NewProxy(t)
	cfg := testneo4j.Config()
	cfg.URI = proxy.URI()
	cfg.TxTimeout = 5 * time.Second
	store, err := neo4jstore.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(context.Background())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ready := &server.Readiness{}
	go ready.Run(ctx, logger, server.Prepare(store, nil))
	api := server.New(store, ready, server.NewMetrics(), logger, server.Options{Dev: true})

	// Down from the start: the server answers, but is not ready.
	if code := status(t, api, "/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz %d while Neo4j is down; liveness must not depend on it", code)
	}
	if code := status(t, api, "/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz %d while Neo4j is down", code)
	}
	const q = `{ countries(first: 1) { edges { node { code } } } }`
	if r := query(t, api, q, nil); r.code() != server.CodeUnavailable {
		t.Fatalf("query while Neo4j is down: want UNAVAILABLE, got %+v", r.Errors)
	}

	// Neo4j arrives: ready by itself.
	proxy.On(t)
	eventually(t, 30*time.Second, "ready after Neo4j came up", func() bool { return status(t, api, "/readyz") == http.StatusOK })
	if r := query(t, api, q, nil); len(r.Errors) > 0 {
		t.Fatalf("query after recovery: %+v", r.Errors)
	}

	// Neo4j goes away mid-service, then returns.
	proxy.Off()
	if r := query(t, api, q, nil); r.code() != server.CodeUnavailable {
		t.Fatalf("query after Neo4j went away: want UNAVAILABLE, got %+v", r.Errors)
	}
	if code := status(t, api, "/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz %d after Neo4j went away", code)
	}
	proxy.On(t)
	eventually(t, 30*time.Second, "queries work again after Neo4j returned", func() bool { return len(query(t, api, q, nil).Errors) == 0 })
}

func TestGraphiQLOnlyInDevMode(t *testing.T) {
	store := testneo4j.OpenKeep(t)
	dev := newAPI(t, store, true)
	rec := httptest.NewRecorder()
	dev.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "graphiql") {
		t.Fatalf("GraphiQL in dev mode: %d", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "https://") {
		t.Fatal("the GraphiQL page loads something from the internet")
	}
	prod := newAPI(t, store, false)
	if code := status(t, prod, "/"); code != http.StatusNotFound {
		t.Fatalf("GraphiQL outside dev mode: %d, want 404", code)
	}
	r := query(t, prod, `{ __schema { types { name } } }`, nil)
	if len(r.Errors) == 0 {
		t.Fatal("introspection is on outside dev mode")
	}
}

func TestMetricsCountOperationsAndRoundTrips(t *testing.T) {
	store := testneo4j.OpenKeep(t)
	metrics := server.NewMetrics()
	store2, err := neo4jstore.Open(testneo4j.Config(), metrics.ObserveQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer store2.Close(context.Background())
	_ = store
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ready := &server.Readiness{}
	ready.Run(context.Background(), logger, server.Prepare(store2, nil))
	if err := metrics.KnownOperations("CountryPage", "Broken"); err != nil {
		t.Fatal(err)
	}
	api := server.New(store2, ready, metrics, logger, server.Options{Dev: true})
	mustQuery(t, api, `query CountryPage { countries(first: 2) { edges { node { code } } } }`, nil)
	query(t, api, `query Broken { victims(first: 500) { totalCount } }`, nil)
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`scamgraph_graphql_requests_total{operation="CountryPage",outcome="ok"} 1`,
		`scamgraph_graphql_requests_total{operation="Broken",outcome="error"} 1`,
		`scamgraph_graphql_errors_total{code="BAD_USER_INPUT"} 1`,
		`scamgraph_neo4j_round_trips_total{statement="list_Country"} 1`,
		`scamgraph_graphql_request_duration_seconds_count{operation="CountryPage"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
