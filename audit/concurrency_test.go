package audit

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentWriters: 8 goroutines × 500 writes (with rotation on the
// way) give one unbroken chain holding every record exactly once.
func TestConcurrentWriters(t *testing.T) {
	const writers, each = 8, 500
	dir := t.TempDir()
	opts := testOptions()
	opts.MaxBytes = 256 << 10
	l := openLog(t, dir, opts)
	writeConcurrently(t, l, writers, each)
	closeLog(t, l)

	rep := mustVerify(t, dir)
	recs := allRecords(t, dir)
	if uint64(len(recs)) != rep.LastSeq || rep.FirstSeq != 1 || rep.Records != len(recs) {
		t.Fatalf("%d records for seq %d..%d", len(recs), rep.FirstSeq, rep.LastSeq)
	}
	seen := map[string]bool{}
	for i, r := range recs {
		if r.Seq != uint64(i+1) {
			t.Fatalf("gap: record %d has seq %d", i, r.Seq)
		}
		if r.Kind == KindQuery {
			seen[r.Principal+"/"+r.RequestID] = true
		}
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct records written, want %d", len(seen), writers*each)
	}
	if len(rep.Files) < 2 {
		t.Errorf("no rotation happened (%d files)", len(rep.Files))
	}
}

// writeConcurrently has writers goroutines write each records apiece
// (principal writer-N, request ids 0..each-1) and fails t on any error.
func writeConcurrently(t *testing.T, l *Log, writers, each int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := l.Write(context.Background(), sample(fmt.Sprintf("writer-%d", w), i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
