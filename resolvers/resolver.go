package resolvers

//go:generate go run github.com/99designs/gqlgen generate --config ../gqlgen.yml

import (
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// Resolver holds what every resolver needs. Resolvers are thin: they check
// access, call graph or the per-request loaders, and map errors.
type Resolver struct {
	Store *neo4jstore.Store
	// AuditDir is where the audit log lives, for ADMINs' auditLog reads;
	// "" when the server runs without one.
	AuditDir string
	// Alerting delivers alerts to subscriptions (nil: the alerts
	// subscription is refused; the query and watchlist still work).
	Alerting *Alerting
}
