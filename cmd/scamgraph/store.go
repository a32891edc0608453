package main

import (
	"context"
	"fmt"
	"io"

	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// openStore opens the Neo4j of the environment's configuration for a
// command that writes (import, seed, the demo) and prepares it
// (constraints, indexes, migrations). The caller closes the store.
func openStore(ctx context.Context) (*neo4jstore.Store, neo4jstore.Config, error) {
	cfg, err := readConfig()
	if err != nil {
		return nil, cfg.store, err
	}
	store, err := neo4jstore.Open(cfg.store, nil)
	if err != nil {
		return nil, cfg.store, err
	}
	if err := store.Bootstrap(ctx); err != nil {
		store.Close(context.Background())
		return nil, cfg.store, fmt.Errorf("preparing %s: %w", cfg.store.URI, err)
	}
	return store, cfg.store, nil
}

// openForBulk is openStore for the bulk writers (import, seed), whose
// batches of 2,000 rows may take minutes on a busy machine.
func openForBulk(ctx context.Context) (*neo4jstore.Store, neo4jstore.Config, error) {
	defaultTxTimeout = "5m"
	return openStore(ctx)
}

// openBulkOrSay is openForBulk for a command: it says why it could not
// open the store on stderr and returns nil (the command exits 3).
func openBulkOrSay(ctx context.Context, stderr io.Writer) *neo4jstore.Store {
	store, _, err := openForBulk(ctx)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil
	}
	return store
}
