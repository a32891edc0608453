package server

import (
	"strings"
	"testing"
)

// The check before gqlgen tells a request from what is not one, and says
// which member has the wrong type.
func TestCheckRequestJSON(t *testing.T) {
	for body, want := range map[string]string{
		`{"query": "{ a }"}`:                                    "",
		`{"query": "{ a }", "variables": null}`:                 "",
		`{"query": "{ a }", "variables": {"x": [1, {"y": 2}]}}`: "",
		`{"query": "{ a }", "variables": [1]}`:                  `"variables" must not be a JSON array`,
		`{"query": "{ a }", "extensions": "x"}`:                 `"extensions" must not be a JSON string`,
		`{"query": "{ a }", "variables": 3}`:                    `"variables" must not be a JSON number`,
		`{"query": 42}`:                                         `"query" must not be a JSON number`,
		`{"query": "{ a }",}`:                                   "not valid JSON",
		`{"query": "{ a }"} {}`:                                 "not a GraphQL request object",
	} {
		got := checkRequestJSON([]byte(body))
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}
