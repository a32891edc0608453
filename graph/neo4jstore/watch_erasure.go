package neo4jstore

import "context"

// Erasure reaches watches and alerts too: an identifier's id is its value
// (a victim's phone, passport), and an alert names the other end of the
// relationship it reports. When a victim's data is erased, the alerts that
// name one of the identifiers they used lose their summary, other end and
// relationship, and a watch of such an identifier that erasure deleted
// (nobody else used it) goes with its state and alerts.

// redactErasedAlertsCypher forgets the erased identifiers in the alerts
// that name them as the other end.
const redactErasedAlertsCypher = `
UNWIND $ids AS iid
MATCH (a:Alert {otherId: iid})
SET a.summary = null, a.otherId = null, a.linkId = null, a.erased = true`

// dropErasedWatchesCypher deletes the watches of erased identifiers that
// no longer exist, their states and their alerts.
const dropErasedWatchesCypher = `
UNWIND $ids AS iid
MATCH (w:Watch {entityId: iid})
WHERE NOT EXISTS { MATCH (:Entity {id: iid}) }
OPTIONAL MATCH (s:WatchState {watchId: w.id})
OPTIONAL MATCH (a:Alert {watchId: w.id})
WITH w, collect(DISTINCT s) + collect(DISTINCT a) AS gone
FOREACH (n IN gone | DELETE n)
DELETE w`

// forgetErasedIdentifiers runs in the erasure's transaction, after the
// identifiers were unlinked (and deleted where nobody else uses them).
func forgetErasedIdentifiers(ctx context.Context, r runner, ids []any) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := r.collect(ctx, "erase_alerts", redactErasedAlertsCypher, map[string]any{"ids": ids}); err != nil {
		return err
	}
	_, err := r.collect(ctx, "erase_watches", dropErasedWatchesCypher, map[string]any{"ids": ids})
	return err
}
