package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestProfilingListenerOnlyOnLoopback(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060", "127.0.0.2:0"} {
		if err := CheckDebugAddr(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"0.0.0.0:6060", ":6060", "10.0.0.5:6060", "[::]:6060", "example.org:6060", "6060"} {
		err := CheckDebugAddr(bad)
		if err == nil || !strings.Contains(err.Error(), "SCAMGRAPH_DEBUG_ADDR") {
			t.Errorf("%s: want a refusal naming SCAMGRAPH_DEBUG_ADDR, got %v", bad, err)
		}
	}
	rec := httptest.NewRecorder()
	DebugHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/debug/pprof/", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "goroutine") {
		t.Fatalf("the profile index: %d %.200s", rec.Code, rec.Body.String())
	}
}
