package server

import (
	"net/http/httptest"
	"testing"
)

// TestWebSocketOriginFollowsCORS: a WebSocket upgrade from a browser page
// is allowed from the server's own origin and the CORS origins only.
func TestWebSocketOriginFollowsCORS(t *testing.T) {
	for _, c := range []struct {
		origins []string
		origin  string
		want    bool
	}{
		{nil, "", true}, // not a browser
		{nil, "http://api.example:8080", true},
		{nil, "https://evil.example", false},
		{[]string{"https://console.example.org"}, "https://console.example.org", true},
		{[]string{"https://console.example.org"}, "https://Console.Example.org", true},
		{[]string{"https://console.example.org"}, "http://console.example.org", false},
		{[]string{"https://console.example.org"}, "https://console.example.org.evil.example", false},
		{[]string{"*"}, "https://anywhere.example", true},
		{nil, "::not a url", false},
	} {
		r := httptest.NewRequest("GET", "http://api.example:8080/graphql", nil)
		if c.origin != "" {
			r.Header.Set("Origin", c.origin)
		}
		if got := webSocketOriginAllowed(c.origins, r); got != c.want {
			t.Errorf("origins %v, Origin %q: allowed %v, want %v", c.origins, c.origin, got, c.want)
		}
	}
}
