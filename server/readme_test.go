package server_test

import (
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/server"
)

// TestREADMEExamplesWork runs every GraphQL block of the README's example
// section, in order, against the demo case: what a new user pastes into
// GraphiQL must answer with data (or with the error code the block expects).
func TestREADMEExamplesWork(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	start := strings.Index(readme, "## Example queries")
	end := strings.Index(readme, "## The model")
	if start < 0 || end < start {
		t.Fatal("README has no example section")
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(readme[start:end], -1)
	if len(blocks) < 8 {
		t.Fatalf("only %d GraphQL examples found", len(blocks))
	}
	api := newAPI(t, loadDemo(t), true)
	srv := httptest.NewServer(api)
	defer srv.Close()
	for _, b := range blocks {
		q := b[1]
		name := regexp.MustCompile(`(query|mutation|subscription) (\w+)`).FindStringSubmatch(q)
		if !slices.Contains(server.BuiltinOperationNames, name[2]) {
			t.Errorf("operation %s of the README is not in server.BuiltinOperationNames: /metrics labels it other", name[2])
		}
		t.Run(name[2], func(t *testing.T) {
			if name[1] == "subscription" {
				// Over a WebSocket, as GraphiQL sends it: accepted, and
				// quiet until an alert comes (alerts_ws_test.go has them).
				sub, err := subscribe(t, srv.URL, "graphql-transport-ws", nil, nil, q, nil)
				if err != nil {
					t.Fatal(err)
				}
				sub.quiet(t, 300*time.Millisecond, "nothing was written yet")
				return
			}
			r := query(t, api, q, nil)
			if m := regexp.MustCompile(`# expect: (\w+)`).FindStringSubmatch(q); m != nil {
				if r.code() != m[1] {
					t.Fatalf("want %s, got %+v", m[1], r.Errors)
				}
				t.Logf("error as a user sees it: %s", r.Errors[0].Message)
				return
			}
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %+v", r.Errors)
			}
			for field, v := range r.Data {
				if list, ok := v.([]any); v == nil || (ok && len(list) == 0) {
					t.Fatalf("%s is empty on the demo case", field)
				}
				if m, ok := v.(map[string]any); ok {
					if hits, ok := m["hits"].([]any); ok && len(hits) == 0 {
						t.Fatalf("%s found nothing on the demo case", field)
					}
				}
			}
		})
	}
}
