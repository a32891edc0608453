package server_test

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/server/graphiql"
)

var updateExamples = flag.Bool("update-examples", false, "rewrite server/graphiql/static/examples.json from the README's example queries")

// GraphiQL opens the README's example queries as tabs on a first visit:
// the list it embeds is the README's, in order. After changing the README,
// go test ./server -run TestGraphiQLExamplesAreTheREADMEs -update-examples.
func TestGraphiQLExamplesAreTheREADMEs(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	section := readme[strings.Index(readme, "## Example queries"):strings.Index(readme, "## The model")]
	var want []graphiql.Example
	for _, b := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(section, -1) {
		name := regexp.MustCompile(`(query|mutation|subscription) (\w+)`).FindStringSubmatch(b[1])
		want = append(want, graphiql.Example{Name: name[2], Query: b[1]})
	}
	if *updateExamples {
		out, _ := json.MarshalIndent(want, "", "  ")
		if err := os.WriteFile("graphiql/static/examples.json", append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := graphiql.Examples(); !reflect.DeepEqual(got, want) {
		t.Errorf("GraphiQL's %d examples are not the README's %d: run go test ./server -run TestGraphiQLExamplesAreTheREADMEs -update-examples", len(got), len(want))
	}
}
