package casefile

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
)

// Store is what an import needs of the knowledge graph: the country of an
// existing case, and writes of validated rows. *neo4jstore.Store is one;
// an offline dry run (Options.Offline) needs none. Declared here, where it
// is used, so that reading and validating a case file needs no driver.
type Store interface {
	CaseRegion(ctx context.Context, caseID string) (string, error)
	SaveCaseFile(ctx context.Context, in graph.CaseFileInput) (graph.WriteResult, error)
	WriteEntities(ctx context.Context, caseID string, rows []graph.Prepared) ([]graph.RowResult, error)
	WriteLinks(ctx context.Context, scope graph.Scope, caseID string, rows []graph.PreparedLink) ([]graph.RowResult, error)
	RecordImport(ctx context.Context, caseID string, rec graph.ImportRecord) error
	// StoredIDs says which of the ids (entities' and links') the graph
	// holds where scope sees them: a dry run's new and stored counts.
	StoredIDs(ctx context.Context, scope graph.Scope, ids []string) (map[string]bool, error)
}
