package audit

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRotationBySizeChainsAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions()
	opts.MaxBytes = 2000
	l := openLog(t, dir, opts)
	writeN(t, l, "alice", 30)
	closeLog(t, l)

	files := logFiles(t, dir)
	if len(files) < 4 {
		t.Fatalf("%d files, want several", len(files))
	}
	var prevLast Record
	for i, name := range files {
		lines := readLines(t, filepath.Join(dir, name))
		head, _ := parseLine(lines[0])
		last, _ := parseLine(lines[len(lines)-1])
		if head.Kind != KindRotate {
			t.Errorf("%s starts with kind %q", name, head.Kind)
		}
		if i > 0 {
			if head.PrevHash != prevLast.Hash || head.Seq != prevLast.Seq+1 {
				t.Errorf("%s header does not chain to the last record of %s", name, files[i-1])
			}
			if !strings.Contains(head.Note, files[i-1]) {
				t.Errorf("%s header note %q does not name the previous file", name, head.Note)
			}
		}
		if size := len(strings.Join(stringsOf(lines), "\n")) + 1; size > 2000 && len(lines) > 2 {
			t.Errorf("%s is %d bytes, over MaxBytes", name, size)
		}
		prevLast = last
	}
	rep := mustVerify(t, dir)
	if rep.Records != 30+3+len(files)-1 || len(rep.Files) != len(files) {
		t.Errorf("report %+v", rep)
	}
}

func TestRotationByAge(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)}
	opts := testOptions()
	opts.MaxAge = time.Hour
	opts.now = clock.now
	l := openLog(t, dir, opts)
	writeN(t, l, "alice", 2)
	clock.advance(59 * time.Minute)
	writeN(t, l, "alice", 2)
	if n := len(logFiles(t, dir)); n != 1 {
		t.Fatalf("%d files before MaxAge", n)
	}
	clock.advance(time.Minute)
	writeN(t, l, "alice", 2)
	closeLog(t, l)
	files := logFiles(t, dir)
	if len(files) != 2 || !strings.HasPrefix(files[1], "audit-20250701T090000Z-") {
		t.Fatalf("files %q", files)
	}
	// The age survives a restart: it comes from the file name.
	clock.advance(2 * time.Hour)
	l = openLog(t, dir, opts)
	closeLog(t, l)
	if files := logFiles(t, dir); len(files) != 3 {
		t.Fatalf("after a restart past MaxAge: files %q", files)
	}
	mustVerify(t, dir)
}

func TestRetentionDeletesOldFilesAndStillVerifies(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions()
	opts.MaxBytes = 2000
	opts.MaxFiles = 3
	l := openLog(t, dir, opts)
	writeN(t, l, "alice", 40)
	closeLog(t, l)

	files := logFiles(t, dir)
	if len(files) != 3 {
		t.Fatalf("files %q, want 3", files)
	}
	rep := mustVerify(t, dir)
	if rep.FirstSeq <= 1 || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], files[0]) || !strings.Contains(rep.Notes[0], "retention") {
		t.Errorf("report %+v", rep)
	}
	var deletions int
	for _, r := range allRecords(t, dir) {
		if r.Operation == "audit-retention" && strings.Contains(r.Note, "deleted") {
			deletions++
		}
	}
	if deletions == 0 {
		t.Error("no retention record in the remaining files")
	}

	// Only the start of the oldest file may point to a missing record.
	dir2 := copyLog(t, dir)
	path := filepath.Join(dir2, files[1])
	writeLines(t, path, readLines(t, path)[:2])
	checkBreak(t, dir2, files[2], 1, "missing")
}

func stringsOf(lines [][]byte) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = string(l)
	}
	return out
}
