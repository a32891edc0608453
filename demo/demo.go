// Package demo carries the fictional demo case that `make run` loads, so
// the binary can load it anywhere (`scamgraph serve --demo`, `scamgraph demo`).
package demo

import (
	"bytes"
	"context"
	_ "embed"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
)

//go:embed demo-case.json
var caseJSON []byte

// CaseID is the id of the demo case file.
const CaseID = "DEMO-KH-2025-001"

// Case parses the embedded demo case.
func Case() (*casefile.Case, error) { return casefile.ReadJSON(bytes.NewReader(caseJSON)) }

// Load writes the demo case; loading it again changes nothing.
func Load(ctx context.Context, store *graph.Store) (casefile.Report, error) {
	c, err := Case()
	if err != nil {
		return casefile.Report{}, err
	}
	return casefile.Load(ctx, store, c)
}
