package audit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// gatedSync is a syncFile hook whose first call (after arm) blocks until
// release, so that writers can be made to arrive while an fsync is in
// flight; calls after fail return fail.
type gatedSync struct {
	armed   atomic.Bool
	entered chan struct{}
	release chan struct{}
	fail    error
	calls   atomic.Int32
}

func newGatedSync() *gatedSync {
	return &gatedSync{entered: make(chan struct{}), release: make(chan struct{})}
}

func (g *gatedSync) sync(f *os.File) error {
	if g.armed.CompareAndSwap(true, false) {
		g.calls.Add(1)
		close(g.entered)
		<-g.release
		return f.Sync()
	}
	if g.calls.Add(1) > 1 && g.fail != nil {
		return g.fail
	}
	return f.Sync()
}

// waitForSeq waits until the log has appended up to seq.
func waitForSeq(t *testing.T, l *Log, seq uint64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		l.mu.Lock()
		got := l.seq
		l.mu.Unlock()
		if got >= seq {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log reached seq %d, want %d", got, seq)
		}
		time.Sleep(time.Millisecond)
	}
}

func (l *Log) fsyncCount() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fsyncs
}

// TestWritersDuringAnFsyncShareTheNext: while one Write's fsync is held
// up, 16 more Writes append and wait; when it ends, one fsync makes all 16
// durable. None returns before that fsync, the first returns only after
// its own, and the chain verifies.
func TestWritersDuringAnFsyncShareTheNext(t *testing.T) {
	const n = 16
	dir := t.TempDir()
	g := newGatedSync()
	opts := testOptions()
	opts.syncFile = g.sync
	var durable atomic.Uint64
	opts.afterSync = func(seq uint64) { durable.Store(seq) }
	l := openLog(t, dir, opts)
	start := l.seq
	before := l.fsyncCount()

	g.armed.Store(true)
	first := make(chan error, 1)
	go func() { first <- l.Write(context.Background(), sample("leader", 0)) }()
	<-g.entered
	var returned atomic.Int32
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := l.Write(context.Background(), sample(fmt.Sprintf("follower-%d", i), i))
			returned.Add(1)
			if err == nil && durable.Load() < start+1+n {
				err = fmt.Errorf("Write returned with records up to seq %d durable, want %d", durable.Load(), start+1+n)
			}
			errs <- err
		}()
	}
	waitForSeq(t, l, start+1+n)
	select {
	case err := <-first:
		t.Fatalf("the first Write returned (%v) before its fsync ended", err)
	default:
	}
	if r := returned.Load(); r != 0 {
		t.Fatalf("%d Writes returned while the fsync was held up", r)
	}
	close(g.release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := l.fsyncCount() - before; got != 2 {
		t.Errorf("%d fsyncs for %d records, want 2 (the held one, then one for all %d that waited)", got, n+1, n)
	}
	closeLog(t, l)
	mustVerify(t, dir)
}

// TestALoneWriteSyncsAtOnce: one Write at a time gets one fsync each, with
// no timer in the way.
func TestALoneWriteSyncsAtOnce(t *testing.T) {
	opts := testOptions()
	var durable atomic.Uint64
	opts.afterSync = func(seq uint64) { durable.Store(seq) }
	l := openLog(t, t.TempDir(), opts)
	defer closeLog(t, l)
	before := l.fsyncCount()
	for i := range 5 {
		begun := time.Now()
		if err := l.Write(context.Background(), sample("alice", i)); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(begun); took > time.Second {
			t.Errorf("a lone Write took %v", took)
		}
		if d, s := durable.Load(), l.seq; d != s {
			t.Errorf("Write returned with seq %d written and %d durable", s, d)
		}
	}
	if got := l.fsyncCount() - before; got != 5 {
		t.Errorf("%d fsyncs for 5 Writes one after another, want 5", got)
	}
}

// TestAFailedFsyncFailsItsWholeBatch: the Writes that waited for a failed
// fsync all fail, and so does every later Write, while the Write whose
// fsync succeeded does not.
func TestAFailedFsyncFailsItsWholeBatch(t *testing.T) {
	const n = 8
	dir := t.TempDir()
	g := newGatedSync()
	g.fail = errors.New("injected EIO")
	opts := testOptions()
	opts.syncFile = g.sync
	l := openLog(t, dir, opts)
	g.calls.Store(0)
	start := l.seq

	g.armed.Store(true)
	first := make(chan error, 1)
	go func() { first <- l.Write(context.Background(), sample("leader", 0)) }()
	<-g.entered
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- l.Write(context.Background(), sample("follower", i)) }()
	}
	waitForSeq(t, l, start+1+n)
	close(g.release)
	if err := <-first; err != nil {
		t.Errorf("the Write whose fsync succeeded: %v", err)
	}
	for range n {
		if err := <-errs; err == nil || !errors.Is(err, g.fail) {
			t.Errorf("a Write of the failed batch returned %v, want the fsync error", err)
		}
	}
	if err := l.Write(context.Background(), sample("late", 1)); err == nil {
		t.Error("a Write after the failed fsync succeeded")
	}
	if err := l.Close(); err == nil {
		t.Error("Close after a failed fsync reported no error")
	}
}

// TestGroupCommitUnderLoad: 16 writers × 50 Writes with nothing held up
// still share fsyncs, and give one unbroken chain.
func TestGroupCommitUnderLoad(t *testing.T) {
	const writers, each = 16, 50
	dir := t.TempDir()
	opts := testOptions()
	// A slower disk than tmpfs, so that writers do meet during an fsync.
	opts.syncFile = func(f *os.File) error { time.Sleep(200 * time.Microsecond); return f.Sync() }
	l := openLog(t, dir, opts)
	before := l.fsyncCount()
	writeConcurrently(t, l, writers, each)
	fsyncs := l.fsyncCount() - before
	closeLog(t, l)
	if fsyncs >= writers*each/2 {
		t.Errorf("%d fsyncs for %d records: writers did not share them", fsyncs, writers*each)
	}
	t.Logf("%d fsyncs for %d records", fsyncs, writers*each)
	mustVerify(t, dir)
}
