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

// maxBatch bounds how many queued records share one fsync.
const maxBatch = 256

// Log appends records to the audit folder. One goroutine owns the files and
// the chain head; Write hands it records over a channel and waits for the
// result, so concurrent writers get one order, one chain and shared fsyncs
// (group commit) without a lock around disk I/O.
type Log struct {
	dir    string
	opts   Options
	logger *slog.Logger
	key    []byte
	lock   *os.File

	// Owned by Open, then by the writer goroutine, then by Close.
	file       *os.File
	cur        logFile
	size       int64
	seq        uint64
	hash       string
	headerOnly bool  // the current file holds only its header: never rotate it
	dirty      bool  // written but not yet fsynced
	failed     error // set when the file may hold a partial line or lost an fsync

	reqs      chan *request
	closing   chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
	closeErr  error
}

type request struct {
	rec  Record
	done chan error
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
		dir:     dir,
		opts:    opts,
		logger:  opts.Logger,
		key:     opts.HMACKey,
		reqs:    make(chan *request),
		closing: make(chan struct{}),
		stopped: make(chan struct{}),
	}
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
	if err := l.sync(); err != nil {
		l.closeFiles()
		return nil, err
	}
	go l.run()
	return l, nil
}

// Write appends rec to the log; Time, Seq, PrevHash and Hash are filled in
// and any values given for them are ignored. It is safe for concurrent use.
// With Options.SyncEvery 0 it returns once the record is fsynced.
//
// ctx only bounds the wait for the writer: once handed over, the record is
// written whatever happens to ctx, and Write reports the outcome. To audit
// an action that already happened although its client went away, pass
// context.WithoutCancel(ctx).
func (l *Log) Write(ctx context.Context, rec Record) error {
	if err := rec.validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("audit: record not written: %w", err)
	}
	r := &request{rec: rec, done: make(chan error, 1)}
	select {
	case l.reqs <- r:
	case <-l.closing:
		return ErrClosed
	case <-ctx.Done():
		return fmt.Errorf("audit: record not written: %w", ctx.Err())
	}
	return <-r.done
}

// VariablesHMAC is VariablesHMAC with the log's key.
func (l *Log) VariablesHMAC(vars map[string]any) (string, error) {
	return VariablesHMAC(l.key, vars)
}

// Close stops the writer, records the closing, fsyncs and releases the
// folder. Writes waiting when Close is called return ErrClosed.
func (l *Log) Close() error {
	l.closeOnce.Do(func() {
		close(l.closing)
		<-l.stopped
		if l.failed == nil {
			l.closeErr = l.append(l.systemRecord(KindAdmin, "audit-close", "audit log closed"))
		}
		if err := l.sync(); l.closeErr == nil {
			l.closeErr = err
		}
		l.logger.Info("audit log closed", "dir", l.dir, "file", l.cur.name, "seq", l.seq, "hash", l.hash)
		if err := l.closeFiles(); l.closeErr == nil {
			l.closeErr = err
		}
	})
	return l.closeErr
}

// run is the writer goroutine: it takes the records queued at that moment,
// writes them, fsyncs once (or leaves it to the ticker) and answers them.
func (l *Log) run() {
	defer close(l.stopped)
	var tick <-chan time.Time
	if l.opts.SyncEvery > 0 {
		t := time.NewTicker(l.opts.SyncEvery)
		defer t.Stop()
		tick = t.C
	}
	batch := make([]*request, 0, maxBatch)
	errs := make([]error, 0, maxBatch)
	for {
		select {
		case r := <-l.reqs:
			batch = append(batch[:0], r)
		more:
			for len(batch) < maxBatch {
				select {
				case r := <-l.reqs:
					batch = append(batch, r)
				default:
					break more
				}
			}
			errs = l.commit(batch, errs[:0])
		case <-tick:
			if err := l.sync(); err != nil {
				l.logger.Error("audit log fsync failed; further writes will fail", "error", err)
			}
		case <-l.closing:
			return
		}
	}
}

// commit writes a batch and answers each request.
func (l *Log) commit(batch []*request, errs []error) []error {
	wrote := false
	for _, r := range batch {
		err := l.append(&r.rec)
		errs = append(errs, err)
		wrote = wrote || err == nil
	}
	if wrote && l.opts.SyncEvery == 0 {
		if err := l.sync(); err != nil {
			for i := range errs {
				if errs[i] == nil {
					errs[i] = err
				}
			}
		}
	}
	for i, r := range batch {
		r.done <- errs[i]
	}
	return errs
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
