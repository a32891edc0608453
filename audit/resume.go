package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// fileTail is what Open needs from the end of a file: the last good record
// and where it ends. Bytes after it (size > good) are a torn write.
type fileTail struct {
	last  Record
	found bool
	good  int64
	size  int64
}

// readTail finds the last record of the file at path, reading backwards so
// that a large file costs no more than its last lines.
//
// A crash can leave a line cut short, or blocks of zeros or garbage, after
// the last record; lines that are not a JSON object are skipped as torn.
// A line that parses but fails its hash is not a torn write but a change
// to the log, and Open refuses to build on it.
func readTail(path string) (fileTail, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileTail{}, fmt.Errorf("audit: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fileTail{}, fmt.Errorf("audit: %w", err)
	}
	t := fileTail{size: fi.Size()}
	for window := int64(64 << 10); ; window *= 2 {
		start := max(0, t.size-window)
		buf := make([]byte, t.size-start)
		if _, err := f.ReadAt(buf, start); err != nil && err != io.EOF {
			return t, fmt.Errorf("audit: reading %s: %w", path, err)
		}
		// end is one past the "\n" of the line under test; a segment after
		// the last "\n" is torn by definition.
		end := bytes.LastIndexByte(buf, '\n') + 1
		for end > 0 {
			from := bytes.LastIndexByte(buf[:end-1], '\n') + 1
			if from == 0 && start > 0 {
				break // the line may begin before the window: widen it
			}
			line := buf[from : end-1]
			if len(line) == 0 || line[0] != '{' || !json.Valid(line) {
				end = from
				continue
			}
			rec, err := parseLine(line)
			if err != nil {
				return t, fmt.Errorf("audit: the last record of %s (bytes %d–%d) fails its check: %v; run `scamgraph audit verify`", path, start+int64(from), start+int64(end), err)
			}
			t.last, t.found, t.good = rec, true, start+int64(end)
			return t, nil
		}
		if start == 0 {
			return t, nil // no record at all
		}
	}
}

// quarantine moves the torn bytes after the last good record of path into
// path.torn-<time>, where an investigator can still read them, and cuts
// the file back to its last good line. It returns the note for the repair
// record.
func quarantine(path string, t fileTail, now time.Time) (string, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return "", fmt.Errorf("audit: repairing %s: %w", path, err)
	}
	defer f.Close()
	torn := make([]byte, t.size-t.good)
	if _, err := f.ReadAt(torn, t.good); err != nil && err != io.EOF {
		return "", fmt.Errorf("audit: repairing %s: reading the torn tail: %w", path, err)
	}
	qpath := path + ".torn-" + now.UTC().Format("20060102T150405.000000000Z")
	q, err := os.OpenFile(qpath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("audit: repairing %s: %w", path, err)
	}
	_, err = q.Write(torn)
	if err == nil {
		err = q.Sync()
	}
	if cerr := q.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("audit: repairing %s: saving the torn tail to %s: %w", path, qpath, err)
	}
	if err := f.Truncate(t.good); err != nil {
		return "", fmt.Errorf("audit: repairing %s: cutting the torn tail: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("audit: repairing %s: %w", path, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return "", err
	}
	sum := sha256.Sum256(torn)
	after := "before the first record"
	if t.found {
		after = fmt.Sprintf("after seq %d", t.last.Seq)
	}
	return fmt.Sprintf("repaired torn tail of %s: %d bytes from byte %d (%s) were not a record, moved to %s (sha256 %s)",
		filepath.Base(path), len(torn), t.good, after, filepath.Base(qpath), hex.EncodeToString(sum[:])), nil
}

// resume finds the head of the chain, repairing torn tails, and opens the
// newest file for appending. It returns the notes of the repairs done, to be
// recorded once the Log can write. A newest file left without any record
// (a crash between creating it and writing its header) is removed and the
// previous file continues the chain.
func (l *Log) resume() ([]string, error) {
	files, err := listFiles(l.dir)
	if err != nil {
		return nil, err
	}
	var repairs []string
	for len(files) > 0 {
		cur := files[len(files)-1]
		path := filepath.Join(l.dir, cur.name)
		t, err := readTail(path)
		if err != nil {
			return nil, err
		}
		if t.good < t.size {
			note, err := quarantine(path, t, l.clock())
			if err != nil {
				return nil, err
			}
			l.logger.Warn("audit log: torn write found and repaired; the chain continues from the last good record", "file", cur.name, "note", note)
			repairs = append(repairs, note)
		}
		if !t.found {
			if err := os.Remove(path); err != nil {
				return nil, fmt.Errorf("audit: removing empty %s: %w", path, err)
			}
			if err := syncDir(l.dir); err != nil {
				return nil, err
			}
			repairs = append(repairs, fmt.Sprintf("removed %s, which held no record", cur.name))
			files = files[:len(files)-1]
			continue
		}
		if t.last.Seq < cur.firstSeq {
			return nil, fmt.Errorf("audit: %s is named for seq %d but its last record has seq %d; run `scamgraph audit verify`", path, cur.firstSeq, t.last.Seq)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		l.file, l.cur, l.size = f, cur, t.good
		l.seq, l.hash = t.last.Seq, t.last.Hash
		l.headerOnly = t.last.Kind == KindRotate && t.last.Seq == cur.firstSeq
		return repairs, nil
	}
	if err := l.newFile(l.clock(), "first file of a new audit log"); err != nil {
		return nil, err
	}
	return repairs, nil
}
