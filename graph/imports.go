package graph

import (
	"context"
	"fmt"
	"time"
)

// ImportRecord is one import of a file into a case: which file (by its
// sha256), when and by whom. A case file keeps its last maxImportRecords.
type ImportRecord struct {
	SHA256   string
	FileName string
	Format   string
	By       string
	At       time.Time
}

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
func (s *Store) RecordImport(ctx context.Context, caseID string, rec ImportRecord) error {
	return s.write(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "record_import", recordImportCypher, map[string]any{
			"caseId": caseID, "sha": rec.SHA256, "fileName": rec.FileName, "format": rec.Format,
			"by": rec.By, "at": rec.At, "max": maxImportRecords,
		})
		if err == nil && len(recs) == 0 {
			err = fmt.Errorf("case file %q: %w", caseID, ErrNotFound)
		}
		return err
	})
}

// Imports zips the case file's import log, newest last.
func (c CaseFile) Imports() []ImportRecord {
	out := make([]ImportRecord, 0, len(c.ImportSHA256))
	for i := range c.ImportSHA256 {
		rec := ImportRecord{SHA256: c.ImportSHA256[i]}
		if i < len(c.ImportFileName) {
			rec.FileName = c.ImportFileName[i]
		}
		if i < len(c.ImportFormat) {
			rec.Format = c.ImportFormat[i]
		}
		if i < len(c.ImportedBy) {
			rec.By = c.ImportedBy[i]
		}
		if i < len(c.ImportedAt) {
			rec.At = c.ImportedAt[i]
		}
		out = append(out, rec)
	}
	return out
}
