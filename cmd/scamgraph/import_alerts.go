package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// checkWatchesAfterImport raises the alerts of an import made from the
// command line, as the server does after importCaseFile (docs/alerts.md):
// they are stored in Neo4j, and the server's subscriptions read them at
// their next poll. Like the command's imports, they are not in the
// server's audit log. A failed check fails nothing: the next write into
// the case finds the same elements new.
func checkWatchesAfterImport(ctx context.Context, store casefile.Store, rep *casefile.Report, by string, stderr io.Writer) {
	s, ok := store.(*neo4jstore.Store)
	if !ok || rep == nil || rep.DryRun || rep.CaseID == "" || rep.ExitCode >= casefile.ExitFile {
		return
	}
	alerts, err := s.CheckWatches(ctx, rep.CaseID, by, time.Now())
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "checking watches of case %s: %v\n", rep.CaseID, err)
	case len(alerts) > 0:
		fmt.Fprintf(stderr, "%d alerts stored for the watchers of entities case %s touches\n", len(alerts), rep.CaseID)
	}
}
