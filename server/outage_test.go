package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// switchProxy forwards TCP to the real test Neo4j and can be switched off
// (listener closed, open connections cut) and on again at the same address:
// Neo4j "goes away" for the API without stopping the shared test instance.
type switchProxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        map[net.Conn]bool
}

func newSwitchProxy(t *testing.T, target string) *switchProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &switchProxy{addr: ln.Addr().String(), target: target, conns: map[net.Conn]bool{}}
	ln.Close()
	t.Cleanup(p.off)
	return p
}

func (p *switchProxy) on(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns[c], p.conns[up] = true, true
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *switchProxy) off() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

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
	target := strings.TrimPrefix(testneo4j.URI(), "bolt://")
	proxy := newSwitchProxy(t, target)
	cfg := testneo4j.Config()
	cfg.URI = "bolt://" + proxy.addr
	cfg.TxTimeout = 5 * time.Second
	store, err := graph.Open(cfg, nil)
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
	proxy.on(t)
	eventually(t, 30*time.Second, "ready after Neo4j came up", func() bool { return status(t, api, "/readyz") == http.StatusOK })
	if r := query(t, api, q, nil); len(r.Errors) > 0 {
		t.Fatalf("query after recovery: %+v", r.Errors)
	}

	// Neo4j goes away mid-service, then returns.
	proxy.off()
	if r := query(t, api, q, nil); r.code() != server.CodeUnavailable {
		t.Fatalf("query after Neo4j went away: want UNAVAILABLE, got %+v", r.Errors)
	}
	if code := status(t, api, "/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz %d after Neo4j went away", code)
	}
	proxy.on(t)
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
	store2, err := graph.Open(testneo4j.Config(), metrics.ObserveQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer store2.Close(context.Background())
	_ = store
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ready := &server.Readiness{}
	ready.Run(context.Background(), logger, server.Prepare(store2, nil))
	api := server.New(store2, ready, metrics, logger, server.Options{})
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
