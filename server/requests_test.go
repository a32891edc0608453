package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// syncBuffer is a log sink the test can read.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func post(t *testing.T, h http.Handler, key, contentType, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Issue 11, item 7: a malformed request is 400 BAD_REQUEST and nothing of
// its body reaches the answer or the log; introspection with auth on is a
// clean refusal; /metrics labels only known operation names.
func TestMalformedRequestsIntrospectionAndMetricsLabels(t *testing.T) {
	store := testneo4j.Open(t)
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	metrics := server.NewMetrics()
	api, keys, _ := securedAPIWith(t, store, logger, metrics, server.Options{})
	key := keys["analyst-a"]
	const secret = "ZZ9876543"

	for _, body := range []string{
		`{"query": "query Q($p: String!) { search(text: $p) { total } }", "variables": {"p": "` + secret + `",}}`,
		`{"query": "{ countries(first: 1) { totalCount } }", "variables": {"p": "` + secret + `"}} trailing`,
		`{"query": 42, "variables": {"p": "` + secret + `"}}`,
		`["` + secret + `"]`,
		`{"variables": {"p": "` + secret + `"`,
	} {
		rec := post(t, api, key, "application/json", body)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"BAD_REQUEST"`) {
			t.Errorf("%s: %d %s", body, rec.Code, rec.Body.String())
		}
		if strings.Contains(rec.Body.String(), secret) {
			t.Errorf("the answer repeats the body: %s", rec.Body.String())
		}
	}

	for _, q := range []string{`{ __schema { types { name } } }`, `query IntrospectionQuery { __type(name: "Person") { name } }`} {
		rec := post(t, api, key, "application/json", `{"query": "`+strings.ReplaceAll(q, `"`, `\"`)+`"}`)
		if !strings.Contains(rec.Body.String(), `"FORBIDDEN"`) || strings.Contains(rec.Body.String(), "INTERNAL") || strings.Contains(rec.Body.String(), `"types"`) {
			t.Errorf("introspection %s: %d %s", q, rec.Code, rec.Body.String())
		}
	}

	for _, name := range []string{"Network", "passport_" + secret} {
		rec := post(t, api, key, "application/json", `{"query": "query `+name+` { countries(first: 1) { totalCount } }"}`)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", name, rec.Code, rec.Body.String())
		}
	}
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	m := rec.Body.String()
	if !strings.Contains(m, `scamgraph_graphql_requests_total{operation="Network",outcome="ok"} 1`) ||
		!strings.Contains(m, `scamgraph_graphql_requests_total{operation="other",outcome="ok"} 1`) {
		t.Errorf("/metrics:\n%s", grepLines(m, "scamgraph_graphql_requests_total"))
	}
	if strings.Contains(m, secret) {
		t.Error("/metrics carries a client's operation name")
	}

	if l := logs.String(); strings.Contains(l, secret) || strings.Contains(l, "level=ERROR") {
		t.Errorf("the log:\n%s", l)
	}
}

func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
