package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// append writes one record at the head of the chain, starting a new file
// first when the current one is full or old. Only the owner of the chain
// head calls it, with mu held (or from Open, before anyone else can).
func (l *Log) append(rec *Record) error {
	if l.failed != nil {
		return fmt.Errorf("audit: log %s is unusable after an earlier failure (reopen it): %w", l.dir, l.failed)
	}
	for {
		now := l.clock()
		line, err := l.prepare(rec, now)
		if err != nil {
			return err
		}
		if !l.rotationDue(now, len(line)) {
			return l.writeLine(rec, line)
		}
		if l.syncing {
			// The fsync in flight is on the file to be closed. Wait, then
			// look again: another writer may have rotated meanwhile.
			l.synced.Wait()
			continue
		}
		if err := l.rotate(now); err != nil {
			return err
		}
		if line, err = l.prepare(rec, now); err != nil {
			return err
		}
		return l.writeLine(rec, line)
	}
}

// prepare links rec to the head of the chain and returns its line.
func (l *Log) prepare(rec *Record, now time.Time) ([]byte, error) {
	rec.Time, rec.Seq, rec.PrevHash = now, l.seq+1, l.hash
	return seal(rec)
}

// writeLine appends a prepared line and advances the head. A failed write
// may leave part of the line in the file, which would break the chain for
// every later record, so the file is cut back; if even that fails the Log
// refuses further writes rather than extend a broken chain.
func (l *Log) writeLine(rec *Record, line []byte) error {
	n, err := l.file.Write(line)
	if err != nil {
		if terr := l.file.Truncate(l.size); terr != nil {
			l.failed = fmt.Errorf("writing %s: %v; cutting off the partial line: %v", l.path(), err, terr)
		}
		return fmt.Errorf("audit: writing seq %d to %s: %w", rec.Seq, l.path(), err)
	}
	l.size += int64(n)
	l.seq, l.hash = rec.Seq, rec.Hash
	l.headerOnly = rec.Kind == KindRotate
	return nil
}

// rotationDue says whether a line of n bytes written at now goes to a new
// file. A file holding only its header is never rotated, so a record larger
// than MaxBytes still gets written.
func (l *Log) rotationDue(now time.Time, n int) bool {
	if l.headerOnly {
		return false
	}
	if l.opts.MaxBytes > 0 && l.size+int64(n) > l.opts.MaxBytes {
		return true
	}
	return l.opts.MaxAge > 0 && now.Sub(l.cur.created) >= l.opts.MaxAge
}

// rotate closes the current file and starts the next one, whose header
// record chains to the last record of this one; then applies retention.
// The head is logged so that it can be kept outside the folder.
func (l *Log) rotate(now time.Time) error {
	prev := l.cur.name
	if err := l.syncHeld(); err != nil {
		return err
	}
	if err := l.file.Close(); err != nil {
		l.failed = fmt.Errorf("closing %s: %w", l.path(), err)
		return fmt.Errorf("audit: %w", l.failed)
	}
	l.file = nil
	if err := l.newFile(now, "continues from "+prev); err != nil {
		l.failed = err
		return err
	}
	l.logger.Info("audit log rotated", "dir", l.dir, "previous", prev, "file", l.cur.name, "seq", l.seq, "hash", l.hash)
	return l.retain()
}

// newFile creates the next file and writes its header record.
func (l *Log) newFile(now time.Time, note string) error {
	cur := logFile{name: fileName(now, l.seq+1), created: now.Truncate(time.Second), firstSeq: l.seq + 1}
	path := filepath.Join(l.dir, cur.name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("audit: creating %s: %w", path, err)
	}
	if err := syncDir(l.dir); err != nil {
		f.Close()
		return err
	}
	l.file, l.cur, l.size = f, cur, 0
	hdr := l.systemRecord(KindRotate, "rotate", note)
	line, err := l.prepare(hdr, now)
	if err != nil {
		return err
	}
	return l.writeLine(hdr, line)
}

// retain deletes the oldest whole files beyond MaxFiles and records each
// deletion, so the log itself says why its oldest file starts mid-chain.
// A file that cannot be deleted is recorded and kept; that is no reason to
// refuse the record being written.
func (l *Log) retain() error {
	if l.opts.MaxFiles <= 0 {
		return nil
	}
	files, err := listFiles(l.dir)
	if err != nil {
		return err
	}
	var notes []string
	for i := 0; i < len(files)-l.opts.MaxFiles && files[i].name != l.cur.name; i++ {
		if err := os.Remove(filepath.Join(l.dir, files[i].name)); err != nil {
			l.logger.Error("audit retention could not delete a file", "file", files[i].name, "error", err)
			notes = append(notes, fmt.Sprintf("retention (MaxFiles %d) could not delete %s: %v", l.opts.MaxFiles, files[i].name, err))
			continue
		}
		l.logger.Info("audit retention deleted a file", "file", files[i].name, "maxFiles", l.opts.MaxFiles)
		notes = append(notes, fmt.Sprintf("retention (MaxFiles %d) deleted %s (records from seq %d)", l.opts.MaxFiles, files[i].name, files[i].firstSeq))
	}
	if len(notes) == 0 {
		return nil
	}
	if err := syncDir(l.dir); err != nil {
		return err
	}
	for _, note := range notes {
		rec := l.systemRecord(KindAdmin, "audit-retention", note)
		line, err := l.prepare(rec, l.clock())
		if err != nil {
			return err
		}
		if err := l.writeLine(rec, line); err != nil {
			return err
		}
	}
	return nil
}
