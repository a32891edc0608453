package resolvers

import (
	"context"
	"log/slog"
	"time"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// Alerting raises alerts after writes, stores them and delivers them to
// subscriptions (docs/alerts.md). One per process.
type Alerting struct {
	store  *neo4jstore.Store
	hub    *alertHub
	logger *slog.Logger
	// Stored is told of the alerts each check stored (the server audits
	// them, one record per alert, to the watcher).
	Stored func(ctx context.Context, alerts []graph.Alert)
	// Delivered is told of each alert a subscription delivered, as its
	// watcher was shown it (the server audits hits as cross-case hits).
	Delivered func(ctx context.Context, a graph.Alert)
	// Poll is how often a subscription also reads its alerts from the
	// store, for those another process stored (default 5 s).
	Poll time.Duration
}

// NewAlerting returns the alerting of a process.
func NewAlerting(store *neo4jstore.Store, logger *slog.Logger) *Alerting {
	if logger == nil {
		logger = slog.Default()
	}
	return &Alerting{store: store, hub: newAlertHub(), logger: logger, Poll: 5 * time.Second}
}

// AfterWrite checks the watches against what caseID says now, once a
// write into it (a mutation, an import) has committed; causedBy is the
// writer. It does not fail the write: a check that fails is made good by
// the next check of the case, which finds the same elements new.
func (al *Alerting) AfterWrite(ctx context.Context, caseID, causedBy string) []graph.Alert {
	if al == nil || caseID == "" {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	alerts, err := al.store.CheckWatches(ctx, caseID, causedBy, time.Now())
	if err != nil {
		al.logger.ErrorContext(ctx, "checking watches after a write", "case", caseID, "error", err)
		return nil
	}
	al.publish(ctx, alerts)
	// A new resolution candidate of a watched person or organisation
	// among the case's entities (docs/resolution.md).
	candidates, err := al.store.NewCandidateAlerts(ctx, caseID, causedBy)
	if err == nil && len(candidates) > 0 {
		var stored []graph.Alert
		if stored, err = al.store.AddAlerts(ctx, candidates); err == nil {
			al.publish(ctx, stored)
			alerts = append(alerts, stored...)
		}
	}
	if err != nil {
		al.logger.ErrorContext(ctx, "checking resolution candidates of watches after a write", "case", caseID, "error", err)
	}
	return alerts
}

// Add stores alerts raised elsewhere (entity resolution's CANDIDATE: see
// Store.AddAlerts) for every watch of their entity, and delivers them.
func (al *Alerting) Add(ctx context.Context, alerts []graph.Alert) error {
	stored, err := al.store.AddAlerts(ctx, alerts)
	if err != nil {
		return err
	}
	al.publish(ctx, stored)
	return nil
}

func (al *Alerting) publish(ctx context.Context, alerts []graph.Alert) {
	if len(alerts) == 0 {
		return
	}
	if al.Stored != nil {
		al.Stored(ctx, alerts)
	}
	watchers := make([]string, 0, len(alerts))
	for _, a := range alerts {
		watchers = append(watchers, a.Watcher)
	}
	al.hub.wake(watchers...)
}

// subscriptionLag is how far back a subscription re-reads on every wake:
// an alert is stamped before its transaction commits, so one stamped
// earlier may become readable after a later one was delivered. Longer
// than any transaction (the timeout); delivered ids are remembered that
// long, so nothing is delivered twice.
const subscriptionLag = time.Minute

// maxPagesPerWake bounds the reads one wake makes (100 alerts each).
const maxPagesPerWake = 10

// subscribeGrace is how far before a subscription starts its alerts begin
// when it names no since: an alert stored while the client was connecting
// and subscribing (after it sent subscribe, before the resolver ran) is
// delivered, not lost in the gap.
const subscribeGrace = 10 * time.Second

// Subscribe delivers watcher's alerts as scope shows them, oldest first:
// those stored at or after since (default: subscribeGrace before now),
// then each new one, until
// ctx ends. It subscribes to the hub before it first reads the store, so
// an alert stored while the subscription starts is read, not missed.
func (al *Alerting) Subscribe(ctx context.Context, scope graph.Scope, watcher string, since *time.Time) <-chan *graph.Alert {
	wake, stop := al.hub.subscribe(watcher)
	floor := time.Now().UTC().Add(-subscribeGrace)
	if since != nil {
		floor = since.UTC()
	}
	out := make(chan *graph.Alert, 16)
	go func() {
		defer close(out)
		defer stop()
		poll := time.NewTicker(al.Poll)
		defer poll.Stop()
		seen := map[string]time.Time{}
		cursor := floor
		for {
			from := cursor.Add(-subscriptionLag)
			if from.Before(floor) {
				from = floor
			}
			for page := 0; page < maxPagesPerWake; page++ {
				alerts, err := al.store.AlertsFor(ctx, scope, watcher, from, neo4jstore.MaxAlertsRead, false)
				if err != nil {
					if ctx.Err() == nil {
						al.logger.ErrorContext(ctx, "reading alerts for a subscription", "error", err)
					}
					break
				}
				for i := range alerts {
					a := alerts[i]
					if _, ok := seen[a.ID]; ok {
						continue
					}
					seen[a.ID] = a.At
					if a.At.After(cursor) {
						cursor = a.At
					}
					select {
					case out <- &a:
					case <-ctx.Done():
						return
					}
					if al.Delivered != nil {
						al.Delivered(ctx, a)
					}
				}
				if len(alerts) < neo4jstore.MaxAlertsRead {
					break
				}
				from = alerts[len(alerts)-1].At
			}
			for id, at := range seen {
				if at.Before(cursor.Add(-2 * subscriptionLag)) {
					delete(seen, id)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-wake:
			case <-poll.C:
			}
		}
	}()
	return out
}

// principalID is the caller's id, whom watches and alerts belong to.
func principalID(ctx context.Context) string {
	p, _ := auth.FromContext(ctx)
	return p.ID
}
