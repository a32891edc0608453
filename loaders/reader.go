package loaders

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
)

// Reader is what the loaders batch: nodes, their claims and their
// relationships of one type and direction, many ids per call (or a nested
// plan of them in one call), each read in the request's scope. *neo4jstore.Store is one. Declared here, where it is
// used, so the loaders depend on three reads, not on the store.
type Reader interface {
	NodesByID(ctx context.Context, scope graph.Scope, ids []string) (map[string]graph.Node, error)
	Claims(ctx context.Context, scope graph.Scope, ids []string) (map[string][]graph.Claim, error)
	EdgesOf(ctx context.Context, scope graph.Scope, relType graph.RelType, dir graph.Direction, ids []string) (map[string]graph.EdgePage, error)
	// EdgeTree reads a nested plan of EdgesOf reads in one statement, what
	// it reaches whole or projected.
	EdgeTree(ctx context.Context, scope graph.Scope, ids []string, steps []graph.EdgeStep, proj graph.Projection) ([]graph.StepPages, error)
	// NodesWithTree reads nodes and a plan below those of one label in one
	// statement.
	NodesWithTree(ctx context.Context, scope graph.Scope, ids []string, label graph.Label, steps []graph.EdgeStep, proj graph.Projection) (map[string]graph.Node, []graph.StepPages, error)
}
