package neo4jstore

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config says where Neo4j is and how long a transaction may take.
type Config struct {
	URI       string // bolt://, neo4j://, neo4j+s:// ...
	User      string
	Password  string
	Database  string        // Community Edition has one: "neo4j"
	TxTimeout time.Duration // server-side limit of every transaction
}

// QueryObserver is told about every statement sent to Neo4j, for metrics.
// name is a constant label of the statement, never its text or values.
type QueryObserver func(name string, took time.Duration, err error)

// Store is the knowledge graph. It is safe for concurrent use; one per process.
type Store struct {
	driver    neo4j.DriverWithContext
	database  string
	txTimeout time.Duration
	observe   QueryObserver

	// roundTrips counts statements sent, so tests can prove that a nested
	// GraphQL query costs a number of round trips bounded by its depth.
	roundTrips atomic.Int64
}

// Open prepares a driver without contacting Neo4j: the API must start (and
// say 503 on /readyz) while Neo4j is still down, and recover when it comes up.
func Open(cfg Config, observe QueryObserver) (*Store, error) {
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	if cfg.TxTimeout <= 0 {
		cfg.TxTimeout = 15 * time.Second
	}
	if !strings.Contains(cfg.URI, "://") {
		return nil, fmt.Errorf("NEO4J_URI %q: want a URI such as bolt://127.0.0.1:7687 or neo4j+s://host", cfg.URI)
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""),
		func(c *config.Config) {
			c.MaxConnectionPoolSize = 64
			c.ConnectionAcquisitionTimeout = 5 * time.Second
			c.SocketConnectTimeout = 3 * time.Second
			c.MaxTransactionRetryTime = 5 * time.Second
		})
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	if observe == nil {
		observe = func(string, time.Duration, error) {}
	}
	return &Store{driver: driver, database: cfg.Database, txTimeout: cfg.TxTimeout, observe: observe}, nil
}

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Ping checks that Neo4j answers and accepts our credentials.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.readValue(ctx, "ping", "RETURN 1 AS ok", nil)
	return err
}

// RoundTrips is the number of statements sent since the Store was opened.
func (s *Store) RoundTrips() int64 { return s.roundTrips.Load() }

// runner wraps a managed transaction so that every statement is counted and
// observed in one place.
type runner struct {
	s  *Store
	tx neo4j.ManagedTransaction
}

// collect runs one statement and returns all its records. The observer
// sees the time until the last record: that is when Neo4j has done the work.
func (r runner) collect(ctx context.Context, name, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	r.s.roundTrips.Add(1)
	start := time.Now()
	res, err := r.tx.Run(ctx, cypher, params)
	var recs []*neo4j.Record
	if err == nil {
		recs, err = res.Collect(ctx)
	}
	r.s.observe(name, time.Since(start), err)
	return recs, err
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: mode})
}

// read runs work in a managed read transaction with the store's timeout.
func (s *Store) read(ctx context.Context, work func(r runner) error) error {
	return s.transact(ctx, neo4j.AccessModeRead, work)
}

// write runs work in a managed write transaction with the store's timeout.
// The driver retries transient failures, so work must be idempotent: it is
// built from MERGE and conditional SETs throughout this package.
func (s *Store) write(ctx context.Context, work func(r runner) error) error {
	return s.transact(ctx, neo4j.AccessModeWrite, work)
}

// transact runs work in a managed transaction of the mode: ExecuteRead or
// ExecuteWrite, so that a neo4j:// URI routes reads to followers.
func (s *Store) transact(ctx context.Context, mode neo4j.AccessMode, work func(r runner) error) error {
	sess := s.session(ctx, mode)
	defer sess.Close(ctx)
	execute := sess.ExecuteRead
	if mode == neo4j.AccessModeWrite {
		execute = sess.ExecuteWrite
	}
	_, err := execute(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, work(runner{s: s, tx: tx})
	}, neo4j.WithTxTimeout(s.txTimeout))
	return classify(err)
}

// readRecords is read() for the common one-statement case.
func (s *Store) readRecords(ctx context.Context, name, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	var recs []*neo4j.Record
	err := s.read(ctx, func(r runner) error {
		var err error
		recs, err = r.collect(ctx, name, cypher, params)
		return err
	})
	return recs, err
}

// readValue returns the first column of the single record of a statement.
func (s *Store) readValue(ctx context.Context, name, cypher string, params map[string]any) (any, error) {
	recs, err := s.readRecords(ctx, name, cypher, params)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || len(recs[0].Values) == 0 {
		return nil, nil
	}
	return recs[0].Values[0], nil
}
