package casefile_test

import (
	"slices"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
)

// An upload's format (GraphQL's ImportFormat) reaches Open as
// ImportFormat.FileFormat: every value must be a format Open knows, and
// every format Open knows must be one an upload can name.
func TestImportFormatsAreTheFormatsOpenKnows(t *testing.T) {
	var got []string
	for _, f := range graph.ImportFormats {
		got = append(got, f.FileFormat())
	}
	want := slices.Clone(casefile.Formats)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("graph.ImportFormats as file formats are %v; casefile knows %v", got, want)
	}
}
