// Package demo carries the fictional demo case that `make run` loads, so
// the binary can load it anywhere (`scamgraph serve --demo`, `scamgraph demo`).
package demo

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

//go:embed demo-case.json
var caseJSON []byte

// CaseID is the id of the demo case file.
const CaseID = "DEMO-KH-2025-001"

// Load imports the demo case like any case file; loading it again
// changes nothing. A demo that does not import cleanly is an error.
func Load(ctx context.Context, store *neo4jstore.Store) (*casefile.Report, error) {
	sum := sha256.Sum256(caseJSON)
	rep, err := casefile.ImportSource(ctx, store, casefile.NewJSONSourceBytes("demo-case.json", caseJSON), hex.EncodeToString(sum[:]),
		casefile.Options{ImportedBy: "scamgraph demo", FileName: "demo-case.json"})
	if err != nil {
		return rep, err
	}
	if rep.ExitCode != casefile.ExitOK {
		var b strings.Builder
		rep.WriteText(&b)
		return rep, fmt.Errorf("the demo case did not import cleanly:\n%s", b.String())
	}
	return rep, nil
}

// Totals sums a report's counts over all kinds.
func Totals(rep *casefile.Report) (created, updated, unchanged int) {
	for _, c := range rep.Counts {
		created, updated, unchanged = created+c.Created, updated+c.Updated, unchanged+c.Unchanged
	}
	return
}
