// Package testneo4j gives tests the real test Neo4j (`make test` starts it
// on port 17687 with its own data folder). There is no fake: when Neo4j is
// not there the test fails, loudly, with the command that starts it.
package testneo4j

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// URI is where the test instance listens. It is read from NEO4J_TEST_URI,
// never from NEO4J_URI, so a test can never wipe the `make run` database.
func URI() string {
	if u := os.Getenv("NEO4J_TEST_URI"); u != "" {
		return u
	}
	return "bolt://127.0.0.1:17687"
}

// Config is the store configuration of the test instance.
func Config() neo4jstore.Config {
	pw := os.Getenv("NEO4J_PASSWORD")
	if pw == "" {
		pw = "scamgraph-dev"
	}
	return neo4jstore.Config{URI: URI(), User: "neo4j", Password: pw, Database: "neo4j", TxTimeout: 30 * time.Second}
}

// Open connects to the test instance, empties it and prepares schema and
// countries. Packages that use it must not run in parallel (go test -p 1):
// Community Edition has one database.
func Open(t testing.TB) *neo4jstore.Store {
	t.Helper()
	store := OpenKeep(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := store.DeleteEverything(ctx); err != nil {
		t.Fatalf("emptying the test database: %v", err)
	}
	if err := store.Bootstrap(ctx); err != nil {
		t.Fatalf("preparing the test database: %v", err)
	}
	return store
}

// OpenKeep connects without emptying the database.
func OpenKeep(t testing.TB) *neo4jstore.Store {
	t.Helper()
	store, err := neo4jstore.Open(Config(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := store.Ping(ctx); err != nil {
		t.Fatalf("the test Neo4j does not answer at %s (%v); start it with `make neo4j-test` or run `make test`", URI(), err)
	}
	return store
}
