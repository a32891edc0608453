package server

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// Readiness tracks whether the database has been prepared (schema,
// countries, and the demo case when asked) and keeps trying until it has:
// the server starts while Neo4j is down and becomes ready when it comes up.
type Readiness struct {
	prepared atomic.Bool
}

// Prepared reports whether preparation has succeeded once.
func (r *Readiness) Prepared() bool { return r.prepared.Load() }

// Run calls prepare until it succeeds or ctx ends, backing off up to 10 s.
func (r *Readiness) Run(ctx context.Context, logger *slog.Logger, prepare func(context.Context) error) {
	wait := 500 * time.Millisecond
	for {
		attemptCtx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		err := prepare(attemptCtx)
		cancel()
		if err == nil {
			r.prepared.Store(true)
			logger.Info("database prepared")
			return
		}
		logger.Warn("database not ready; retrying", "error", err, "retry_in", wait.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(wait*2, 10*time.Second)
	}
}

// Prepare is the standard preparation: schema and countries, then the demo
// case when loadDemo is set.
func Prepare(store *neo4jstore.Store, loadDemo func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := store.Bootstrap(ctx); err != nil {
			return err
		}
		if loadDemo != nil {
			return loadDemo(ctx)
		}
		return nil
	}
}
