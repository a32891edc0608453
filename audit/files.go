package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// A log file is named audit-<UTC creation time>-<seq of its first record>.jsonl.
// The seq, zero-padded, orders the files even if the clock jumps back; the
// time lets MaxAge survive a restart and tells a reader where to look.
const nameTimeLayout = "20060102T150405Z"

var nameRE = regexp.MustCompile(`^audit-(\d{8}T\d{6}Z)-(\d{20})\.jsonl$`)

// logFile is one file of the log, as its name describes it.
type logFile struct {
	name     string
	created  time.Time
	firstSeq uint64
}

func fileName(created time.Time, firstSeq uint64) string {
	return fmt.Sprintf("audit-%s-%020d.jsonl", created.UTC().Format(nameTimeLayout), firstSeq)
}

// listFiles returns the log files in dir, oldest first. Other files (the
// lock, quarantined torn tails) are not part of the chain and are skipped.
func listFiles(dir string) ([]logFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("audit: listing %s: %w", dir, err)
	}
	var files []logFile
	for _, e := range entries {
		m := nameRE.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		created, err1 := time.Parse(nameTimeLayout, m[1])
		seq, err2 := strconv.ParseUint(m[2], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		files = append(files, logFile{name: e.Name(), created: created, firstSeq: seq})
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].firstSeq < files[j].firstSeq })
	return files, nil
}

// quarantined lists the files where Open saved torn tails, for Verify's notes.
func quarantined(dir string) []string {
	names, _ := filepath.Glob(filepath.Join(dir, "audit-*.jsonl.torn-*"))
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

// syncDir makes a created, renamed or removed file name durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("audit: syncing folder %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("audit: syncing folder %s: %w", dir, err)
	}
	return nil
}
