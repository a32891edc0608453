package audit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("audit log is closed")

// Log appends records to the audit folder. Writers append under mu, one
// at a time, so the records get one order and one chain; the fsync runs
// outside mu, so that records arriving meanwhile are appended during it
// and share the next one (group commit, see groupcommit.go).
type Log struct {
	dir    string
	opts   Options
	logger *slog.Logger
	key    []byte
	lock   *os.File

	mu sync.Mutex
	// synced is signalled (with mu) whenever an fsync ends.
	synced *sync.Cond

	// Guarded by mu (Open and Close hold it, or run before anyone else can).
	file       *os.File
	cur        logFile
	size       int64
	seq        uint64
	hash       string
	headerOnly bool   // the current file holds only its header: never rotate it
	durable    uint64 // every record up to this seq has been fsynced
	syncing    bool   // a writer is fsyncing file outside mu: no rotation, no close
	fsyncs     uint64 // fsyncs of record files done, for tests and the bench
	failed     error  // set when the file may hold a partial line or lost an fsync
	closed     bool

	stopTicker chan struct{} // closed by Close when SyncEvery > 0
	tickerDone chan struct{}
	closeOnce  sync.Once
	closeErr   error
}

// Open opens (or creates) the log in dir and resumes its chain: it checks
// the last record of the newest file, moves a torn tail left by a crash
// aside (recording the repair in an "admin" record), and records its own
// opening with the HMAC key's id. Only one process may have dir open.
func Open(dir string, opts Options) (*Log, error) {
	if dir == "" {
		return nil, fmt.Errorf("audit: no folder given")
	}
	// Not %+v of opts: it holds the key.
	if opts.MaxBytes < 0 || opts.MaxAge < 0 || opts.MaxFiles < 0 || opts.SyncEvery < 0 {
		return nil, fmt.Errorf("audit: negative option (MaxBytes %d, MaxAge %v, MaxFiles %d, SyncEvery %v)", opts.MaxBytes, opts.MaxAge, opts.MaxFiles, opts.SyncEvery)
	}
	l := &Log{
		dir:    dir,
		opts:   opts,
		logger: opts.Logger,
		key:    opts.HMACKey,
	}
	l.synced = sync.NewCond(&l.mu)
	if l.logger == nil {
		l.logger = slog.Default()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: creating %s: %w", dir, err)
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		l.logger.Warn("the audit folder is open to other users than its owner; it should be 0700", "dir", dir, "mode", fi.Mode().Perm().String())
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	l.lock = lock
	source := opts.HMACKeySource
	if l.key == nil {
		if l.key, err = randomKey(); err != nil {
			lock.Close()
			return nil, err
		}
		source = "generated at start"
		l.logger.Warn("no audit HMAC key configured (" + EnvHMACKey + " or " + EnvHMACKeyFile + "): using a random key; variablesHmac values will not be comparable across restarts")
	} else if len(l.key) < MinKeyBytes {
		lock.Close()
		return nil, fmt.Errorf("audit: HMAC key is %d bytes, want at least %d", len(l.key), MinKeyBytes)
	}
	repairs, err := l.resume()
	if err != nil {
		l.closeFiles()
		return nil, err
	}
	l.durable = l.seq // what an earlier run left is not ours to vouch for again
	for _, note := range repairs {
		if err := l.append(l.systemRecord(KindAdmin, "audit-repair", note)); err != nil {
			l.closeFiles()
			return nil, err
		}
	}
	host, _ := os.Hostname()
	note := fmt.Sprintf("audit log opened by pid %d on %s; HMAC key id %s (%s)", os.Getpid(), host, keyID(l.key), source)
	if source == "generated at start" {
		note += ": variablesHmac values before this record are not comparable with those after it"
	}
	if err := l.append(l.systemRecord(KindAdmin, "audit-open", note)); err != nil {
		l.closeFiles()
		return nil, err
	}
	if err := l.syncHeld(); err != nil {
		l.closeFiles()
		return nil, err
	}
	if opts.SyncEvery > 0 {
		l.stopTicker, l.tickerDone = make(chan struct{}), make(chan struct{})
		go l.syncPeriodically()
	}
	return l, nil
}

// Write appends rec to the log; Time, Seq, PrevHash and Hash are filled in
// and any values given for them are ignored. It is safe for concurrent use.
// With Options.SyncEvery 0 it returns only once an fsync that began after
// the record was written has completed: concurrent writers share that
// fsync, and a lone writer's fsync starts at once.
//
// ctx is checked before the record is appended; once appended, the record
// is in the chain whatever happens to ctx, and Write reports whether it
// became durable. To audit an action that already happened although its
// client went away, pass context.WithoutCancel(ctx).
func (l *Log) Write(ctx context.Context, rec Record) error {
	rec.compactVictims()
	if err := rec.validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("audit: record not written: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if err := l.append(&rec); err != nil {
		return err
	}
	if l.opts.SyncEvery > 0 {
		return nil
	}
	return l.waitDurable(rec.Seq)
}

// VariablesHMAC is VariablesHMAC with the log's key.
func (l *Log) VariablesHMAC(vars map[string]any) (string, error) {
	return VariablesHMAC(l.key, vars)
}

// Close records the closing, fsyncs and releases the folder. Records
// already appended become durable with that fsync (their Writes return
// nil); Writes that had not appended yet return ErrClosed.
func (l *Log) Close() error {
	l.closeOnce.Do(func() {
		if l.stopTicker != nil {
			close(l.stopTicker)
			<-l.tickerDone
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		l.closed = true
		if l.failed == nil {
			l.closeErr = l.append(l.systemRecord(KindAdmin, "audit-close", "audit log closed"))
		}
		if err := l.syncHeld(); l.closeErr == nil {
			l.closeErr = err
		}
		l.logger.Info("audit log closed", "dir", l.dir, "file", l.cur.name, "seq", l.seq, "hash", l.hash)
		if err := l.closeFiles(); l.closeErr == nil {
			l.closeErr = err
		}
	})
	return l.closeErr
}

// systemRecord is a record the Log writes about itself.
func (l *Log) systemRecord(kind, operation, note string) *Record {
	return &Record{Principal: SystemPrincipal, Role: "system", Kind: kind, Operation: operation, Outcome: OutcomeOK, Note: note}
}

func (l *Log) clock() time.Time {
	if l.opts.now != nil {
		return l.opts.now().UTC()
	}
	return time.Now().UTC()
}

func (l *Log) path() string { return filepath.Join(l.dir, l.cur.name) }

// closeFiles closes the current file and releases the folder lock.
func (l *Log) closeFiles() error {
	var err error
	if l.file != nil {
		err = l.file.Close()
		l.file = nil
	}
	if l.lock != nil {
		l.lock.Close()
		l.lock = nil
	}
	if err != nil {
		return fmt.Errorf("audit: closing %s: %w", l.path(), err)
	}
	return nil
}
