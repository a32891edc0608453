package neo4jstore

import (
	"context"
	"fmt"

	"github.com/scamgraph/scamgraph/graph"
)

const maxImportRecords = 500

// The import log lives on the case file as parallel lists (Neo4j has no
// list-of-maps property); ImportsOf zips them back.
const recordImportCypher = `
MATCH (c:CaseFile {id: $caseId})
SET c.importSha256 = (coalesce(c.importSha256, []) + $sha)[-$max..],
    c.importFileName = (coalesce(c.importFileName, []) + $fileName)[-$max..],
    c.importFormat = (coalesce(c.importFormat, []) + $format)[-$max..],
    c.importedBy = (coalesce(c.importedBy, []) + $by)[-$max..],
    c.importedAt = (coalesce(c.importedAt, []) + $at)[-$max..]
RETURN c.id`

// RecordImport appends an import to the case file's log.
func (s *Store) RecordImport(ctx context.Context, caseID string, rec graph.ImportRecord) error {
	return s.write(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "record_import", recordImportCypher, map[string]any{
			"caseId": caseID, "sha": rec.SHA256, "fileName": rec.FileName, "format": rec.Format,
			"by": rec.By, "at": rec.At, "max": maxImportRecords,
		})
		if err == nil && len(recs) == 0 {
			err = fmt.Errorf("case file %q: %w", caseID, graph.ErrNotFound)
		}
		return err
	})
}
