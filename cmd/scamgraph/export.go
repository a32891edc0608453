package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/scamgraph/scamgraph/export"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// runExport is `scamgraph export --case ID [--out FILE]`: one case in the
// JSON case-file format, as the case says it, which `scamgraph import`
// reads back. The command runs with the database's credentials, so it
// sees every case (as an administrator does). Exit codes: 0 written, 3
// could not run (usage, unknown case, Neo4j unavailable).
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	caseID := fs.String("case", "", "the case to export (required)")
	out := fs.String("out", "", "the file to write (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return 3
	}
	if *caseID == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: scamgraph export --case ID [--out FILE]")
		return 3
	}
	store := openBulkOrSay(ctx, stderr)
	if store == nil {
		return 3
	}
	defer store.Close(context.Background())
	cf, err := exportCase(ctx, store, *caseID)
	if err != nil {
		fmt.Fprintf(stderr, "export %s: %v\n", *caseID, err)
		return 3
	}
	if *out == "" {
		if err := writeCaseJSON(stdout, cf); err != nil {
			fmt.Fprintln(stderr, err)
			return 3
		}
		return 0
	}
	if _, _, err := writeCaseFile(*out, cf); err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	return 0
}

// exportCase reads one case as its own word (see export.CaseFile).
func exportCase(ctx context.Context, store *neo4jstore.Store, caseID string) (any, error) {
	c, sg, err := store.CaseExport(ctx, graph.AllCases(), caseID)
	if err != nil {
		return nil, err
	}
	return export.CaseFile(c, sg)
}

func writeCaseJSON(w io.Writer, cf any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(cf)
}

// writeCaseFile writes a case file to path (0600: it holds victims'
// data) and returns its size and sha256 (hex).
func writeCaseFile(path string, cf any) (int64, string, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, "", err
	}
	h := newHashWriter(f)
	if err := writeCaseJSON(h, cf); err != nil {
		f.Close()
		return 0, "", err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return 0, "", err
	}
	return h.n, h.sum(), f.Close()
}
