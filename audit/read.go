package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Read limits: an admin page of the audit log, not a dump of it (Verify
// and the files themselves are for that).
const (
	DefaultReadLimit = 100
	MaxReadLimit     = 1000
)

// Filter selects records for Read. Zero fields do not filter.
type Filter struct {
	Since     time.Time // records at or after
	Until     time.Time // records before
	Principal string
	Operation string
	VictimID  string // records that read this victim: "who saw victim X"
	Limit     int    // 0 for DefaultReadLimit; at most MaxReadLimit
}

func (f Filter) match(r *Record) bool {
	return (f.Since.IsZero() || !r.Time.Before(f.Since)) &&
		(f.Until.IsZero() || r.Time.Before(f.Until)) &&
		(f.Principal == "" || r.Principal == f.Principal) &&
		(f.Operation == "" || r.Operation == f.Operation) &&
		(f.VictimID == "" || r.namesVictim(f.VictimID))
}

// Read returns the records in dir that match filter, newest first, for
// admins reading the log through the API. It does not verify the chain
// (that is Verify's job) and may run while a Log writes: the line being
// written, and files deleted by retention meanwhile, are skipped. A line
// that is not a record is an error naming its file and line, so a damaged
// log does not go unnoticed.
func Read(dir string, filter Filter) ([]Record, error) {
	limit := filter.Limit
	switch {
	case limit == 0:
		limit = DefaultReadLimit
	case limit < 0 || limit > MaxReadLimit:
		return nil, fmt.Errorf("audit: limit %d: want 1 to %d", limit, MaxReadLimit)
	}
	files, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	var out []Record
	for i := len(files) - 1; i >= 0 && len(out) < limit; i-- {
		// A file created before Since+skew still may hold later records;
		// only a newer file created before Since proves this one is older.
		if !filter.Since.IsZero() && i+1 < len(files) && files[i+1].created.Add(time.Second).Before(filter.Since) {
			break
		}
		data, err := os.ReadFile(filepath.Join(dir, files[i].name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		data = data[:bytes.LastIndexByte(data, '\n')+1] // drop a line being written
		lines := bytes.SplitAfter(data, []byte("\n"))
		for n := len(lines) - 1; n >= 0 && len(out) < limit; n-- {
			if len(lines[n]) == 0 {
				continue
			}
			rec, err := parseLine(bytes.TrimSuffix(lines[n], []byte("\n")))
			if err != nil {
				return nil, fmt.Errorf("audit: %s:%d: %v (run `scamgraph audit verify`)", files[i].name, n+1, err)
			}
			if filter.match(&rec) {
				out = append(out, rec)
			}
		}
	}
	return out, nil
}
