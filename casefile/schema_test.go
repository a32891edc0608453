package casefile_test

import (
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestPublishedJSONSchemaMatchesTheExamples checks the JSON Schema in docs/
// against the example files, so the published contract and the reader agree.
func TestPublishedJSONSchemaMatchesTheExamples(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../docs/case-file.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"../testdata/json/good-case.json", "../demo/demo-case.json"} {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Errorf("%s does not match the schema: %v", f, err)
		}
	}
	r, _ := os.Open("../testdata/json/bad-rows.json")
	defer r.Close()
	doc, _ := jsonschema.UnmarshalJSON(r)
	if err := sch.Validate(doc); err == nil {
		t.Error("bad-rows.json (a misspelt field, a payment without amount) matches the schema")
	}
}
