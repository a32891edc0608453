package server

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestCORSFromEnv(t *testing.T) {
	t.Setenv(EnvCORSOrigins, "")
	if o, err := CORSFromEnv(); o != nil || err != nil {
		t.Fatalf("unset: %v %v", o, err)
	}
	t.Setenv(EnvCORSOrigins, " https://Console.Example.org , http://localhost:5173,https://a.example:443/,")
	o, err := CORSFromEnv()
	want := []string{"https://console.example.org", "http://localhost:5173", "https://a.example"}
	if err != nil || !slices.Equal(o, want) {
		t.Fatalf("got %q %v, want %q", o, err, want)
	}
	t.Setenv(EnvCORSOrigins, "*")
	if o, err := CORSFromEnv(); err != nil || !slices.Equal(o, []string{"*"}) {
		t.Fatalf("wildcard: %q %v", o, err)
	}
	for _, bad := range []string{
		"*,https://a.example", "https://*.example.org", "null", "console.example.org",
		"ftp://a.example", "https://a.example/app", "https://a.example?x=1", "https://user@a.example",
	} {
		t.Setenv(EnvCORSOrigins, bad)
		if o, err := CORSFromEnv(); err == nil || !strings.Contains(err.Error(), EnvCORSOrigins) {
			t.Errorf("%q: got %q, error %v not naming %s", bad, o, err, EnvCORSOrigins)
		}
	}
}

// corsRequest sends a request through withCORS and says whether it reached
// the inner handler.
func corsRequest(t *testing.T, origins []string, method, origin string, preflight bool) (*httptest.ResponseRecorder, bool) {
	t.Helper()
	reached := false
	h := withCORS(origins, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		reached = true
		w.WriteHeader(http.StatusOK)
	}))
	req := httptest.NewRequest(method, "/graphql", nil)
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if preflight {
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, reached
}

func accessControlHeaders(h http.Header) []string {
	var names []string
	for name := range h {
		if strings.HasPrefix(name, "Access-Control-") {
			names = append(names, name)
		}
	}
	return names
}

func TestCORSOffByDefault(t *testing.T) {
	rec, reached := corsRequest(t, nil, http.MethodPost, "https://evil.example", false)
	if !reached || len(accessControlHeaders(rec.Header())) > 0 || rec.Header().Get("Vary") != "" {
		t.Fatalf("CORS off: reached=%v headers=%v", reached, rec.Header())
	}
}

func TestCORSAllowedOrigin(t *testing.T) {
	origins := []string{"https://console.example.org"}
	rec, reached := corsRequest(t, origins, http.MethodPost, "https://console.example.org", false)
	h := rec.Header()
	if !reached || h.Get("Access-Control-Allow-Origin") != "https://console.example.org" ||
		h.Get("Access-Control-Allow-Credentials") != "true" || h.Get("Vary") != "Origin" ||
		!strings.Contains(h.Get("Access-Control-Expose-Headers"), "Retry-After") {
		t.Fatalf("allowed origin: reached=%v headers=%v", reached, h)
	}
}

func TestCORSOtherOrigin(t *testing.T) {
	origins := []string{"https://console.example.org"}
	rec, reached := corsRequest(t, origins, http.MethodPost, "https://evil.example", false)
	if !reached || len(accessControlHeaders(rec.Header())) > 0 || rec.Header().Get("Vary") != "Origin" {
		t.Fatalf("other origin: reached=%v headers=%v", reached, rec.Header())
	}
	// A request without Origin (curl, a server) is untouched too.
	rec, reached = corsRequest(t, origins, http.MethodPost, "", false)
	if !reached || len(accessControlHeaders(rec.Header())) > 0 {
		t.Fatalf("no origin: reached=%v headers=%v", reached, rec.Header())
	}
}

func TestCORSPreflight(t *testing.T) {
	origins := []string{"https://console.example.org"}
	rec, reached := corsRequest(t, origins, http.MethodOptions, "https://console.example.org", true)
	h := rec.Header()
	if reached || rec.Code != http.StatusNoContent ||
		h.Get("Access-Control-Allow-Origin") != "https://console.example.org" ||
		h.Get("Access-Control-Allow-Methods") != "GET, POST, OPTIONS" ||
		h.Get("Access-Control-Allow-Headers") != "Authorization, Content-Type, X-API-Key, X-Request-Id" ||
		h.Get("Access-Control-Max-Age") != "600" || h.Get("Vary") != "Origin" {
		t.Fatalf("preflight: reached=%v %d %v", reached, rec.Code, h)
	}
	rec, reached = corsRequest(t, origins, http.MethodOptions, "https://evil.example", true)
	if reached || rec.Code != http.StatusForbidden || len(accessControlHeaders(rec.Header())) > 0 {
		t.Fatalf("preflight of another origin: reached=%v %d %v", reached, rec.Code, rec.Header())
	}
	// A plain OPTIONS (no Access-Control-Request-Method) is not a preflight.
	if _, reached := corsRequest(t, origins, http.MethodOptions, "https://console.example.org", false); !reached {
		t.Fatal("plain OPTIONS did not reach the handler")
	}
}

func TestCORSWildcardHasNoCredentials(t *testing.T) {
	rec, _ := corsRequest(t, []string{"*"}, http.MethodPost, "https://any.example", false)
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" || rec.Header().Get("Access-Control-Allow-Credentials") != "" {
		t.Fatalf("wildcard: %v", rec.Header())
	}
	rec, _ = corsRequest(t, []string{"*"}, http.MethodOptions, "https://any.example", true)
	if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "*" ||
		rec.Header().Get("Access-Control-Allow-Credentials") != "" {
		t.Fatalf("wildcard preflight: %d %v", rec.Code, rec.Header())
	}
}
