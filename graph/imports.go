package graph

import (
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
