package audit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteFillsTheChainAndVerifies(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "audit")
	l := openLog(t, dir, testOptions())
	rec := sample("alice", 1)
	rec.Seq, rec.Hash, rec.PrevHash = 99, "forged", "forged" // ignored
	if err := l.Write(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	writeN(t, l, "bob", 5)
	closeLog(t, l)

	recs := allRecords(t, dir)
	// header, open, 6 writes, close
	if len(recs) != 9 {
		t.Fatalf("%d records, want 9", len(recs))
	}
	if recs[0].Kind != KindRotate || recs[0].PrevHash != "" || recs[1].Operation != "audit-open" || recs[8].Operation != "audit-close" {
		t.Fatalf("unexpected system records: %+v %+v %+v", recs[0], recs[1], recs[8])
	}
	if !strings.Contains(recs[1].Note, keyID(testKey)) {
		t.Errorf("open record does not name the key id: %q", recs[1].Note)
	}
	for i, r := range recs {
		if r.Seq != uint64(i+1) {
			t.Errorf("record %d has seq %d", i, r.Seq)
		}
		if i > 0 && r.PrevHash != recs[i-1].Hash {
			t.Errorf("seq %d: prevHash does not chain", r.Seq)
		}
		if r.Time.Location() != time.UTC || r.Time.IsZero() {
			t.Errorf("seq %d: time %v is not UTC", r.Seq, r.Time)
		}
	}
	if recs[2].Principal != "alice" || recs[2].Seq != 3 {
		t.Errorf("the forged seq or hash was kept: %+v", recs[2])
	}
	rep := mustVerify(t, dir)
	if rep.Records != 9 || rep.FirstSeq != 1 || rep.LastSeq != 9 || rep.LastHash != recs[8].Hash || len(rep.Notes) != 0 {
		t.Errorf("report %+v", rep)
	}
}

func TestPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "audit")
	l := openLog(t, dir, testOptions())
	closeLog(t, l)
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700 (%v)", fi.Mode().Perm(), err)
	}
	name := logFiles(t, dir)[0]
	fi, err = os.Stat(filepath.Join(dir, name))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600 (%v)", fi.Mode().Perm(), err)
	}
	if !nameRE.MatchString(name) || !strings.HasSuffix(name, "-00000000000000000001.jsonl") {
		t.Errorf("file name %q", name)
	}
}

func TestReopenResumesTheChain(t *testing.T) {
	dir := t.TempDir()
	for range 3 {
		l := openLog(t, dir, testOptions())
		writeN(t, l, "alice", 4)
		closeLog(t, l)
	}
	rep := mustVerify(t, dir)
	if len(rep.Files) != 1 || rep.Records != 1+3*(1+4+1) {
		t.Errorf("report %+v", rep)
	}
}

func TestOneWriterPerFolder(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, testOptions())
	defer closeLog(t, l)
	if l2, err := Open(dir, testOptions()); err == nil {
		l2.Close()
		t.Fatal("a second Open of the same folder succeeded")
	}
}

func TestTornTailIsRepaired(t *testing.T) {
	for name, torn := range map[string]string{
		"cut line":      `{"time":"2025-01-02T03:04:05Z","seq":1`,
		"garbage lines": "\x00\x00\x00\ngarbage\n\x00\x00",
		"long garbage":  strings.Repeat("\x00\x00\x00\n", 50<<10), // beyond the first window read back
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			l := openLog(t, dir, testOptions())
			writeN(t, l, "alice", 3)
			closeLog(t, l)
			path := filepath.Join(dir, logFiles(t, dir)[0])
			before, _ := os.ReadFile(path)
			f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			f.WriteString(torn)
			f.Close()

			rep, err := Verify(dir)
			if err != nil || rep.OK || rep.Break.File != filepath.Base(path) {
				t.Fatalf("torn tail not reported by Verify: %+v %v", rep, err)
			}

			l = openLog(t, dir, testOptions())
			writeN(t, l, "bob", 2)
			closeLog(t, l)
			rep = mustVerify(t, dir)
			if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], ".torn-") {
				t.Errorf("notes %q", rep.Notes)
			}
			q, _ := filepath.Glob(path + ".torn-*")
			if len(q) != 1 {
				t.Fatalf("quarantine files %q", q)
			}
			if saved, _ := os.ReadFile(q[0]); string(saved) != torn {
				t.Errorf("quarantined %q, want %q", saved, torn)
			}
			after, _ := os.ReadFile(path)
			if !strings.HasPrefix(string(after), string(before)) {
				t.Error("good records were changed by the repair")
			}
			var repair *Record
			recs := allRecords(t, dir)
			for i := range recs {
				if recs[i].Operation == "audit-repair" {
					repair = &recs[i]
				}
			}
			if repair == nil || repair.Kind != KindAdmin || !strings.Contains(repair.Note, "after seq 6") || repair.Seq != 7 {
				t.Errorf("repair record %+v", repair)
			}
		})
	}
}

func TestEmptyNewestFileIsRemoved(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, testOptions())
	writeN(t, l, "alice", 2)
	closeLog(t, l)
	// A crash between creating the next file and writing its header.
	empty := filepath.Join(dir, fileName(time.Now(), 6))
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if rep, _ := Verify(dir); rep.OK {
		t.Fatal("Verify accepted a file without header")
	}
	l = openLog(t, dir, testOptions())
	closeLog(t, l)
	mustVerify(t, dir)
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("empty file still there: %v", err)
	}
}

func TestOpenRefusesAChangedLastRecord(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, testOptions())
	closeLog(t, l)
	path := filepath.Join(dir, logFiles(t, dir)[0])
	lines := readLines(t, path)
	last := len(lines) - 1
	lines[last] = []byte(strings.Replace(string(lines[last]), "audit log closed", "audit log clos3d", 1))
	writeLines(t, path, lines)
	if l, err := Open(dir, testOptions()); err == nil {
		l.Close()
		t.Fatal("Open built on a changed record")
	} else if !strings.Contains(err.Error(), "hash does not match") {
		t.Errorf("error %v", err)
	}
}

func TestWriteRejectsIncompleteRecords(t *testing.T) {
	l := openLog(t, t.TempDir(), testOptions())
	defer closeLog(t, l)
	for _, mod := range []func(*Record){
		func(r *Record) { r.Kind = "" },
		func(r *Record) { r.Kind = KindRotate },
		func(r *Record) { r.Kind = "read" },
		func(r *Record) { r.Operation = "" },
		func(r *Record) { r.Outcome = "" },
		func(r *Record) { r.Principal = "" },
	} {
		rec := sample("alice", 1)
		mod(&rec)
		if err := l.Write(context.Background(), rec); !errors.Is(err, ErrInvalidRecord) {
			t.Errorf("Write(%+v) = %v, want ErrInvalidRecord", rec, err)
		}
	}
}

func TestWriteAfterCloseAndCanceled(t *testing.T) {
	l := openLog(t, t.TempDir(), testOptions())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Write(ctx, sample("alice", 1)); !errors.Is(err, context.Canceled) {
		t.Errorf("Write with a canceled context = %v", err)
	}
	closeLog(t, l)
	if err := l.Write(context.Background(), sample("alice", 1)); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v", err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestSyncEveryInterval(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions()
	opts.SyncEvery = 5 * time.Millisecond
	l := openLog(t, dir, opts)
	writeN(t, l, "alice", 20)
	time.Sleep(20 * time.Millisecond)
	closeLog(t, l)
	mustVerify(t, dir)
}

func TestGeneratedKeyIsRecorded(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions()
	opts.HMACKey = nil
	l := openLog(t, dir, opts)
	h1, _ := l.VariablesHMAC(map[string]any{"passport": "AA1234567"})
	closeLog(t, l)
	l = openLog(t, dir, opts)
	h2, _ := l.VariablesHMAC(map[string]any{"passport": "AA1234567"})
	closeLog(t, l)
	if h1 == h2 || len(h1) != 64 {
		t.Errorf("generated keys gave %q and %q", h1, h2)
	}
	if recs := allRecords(t, dir); !strings.Contains(recs[1].Note, "not comparable") {
		t.Errorf("open record %q does not warn", recs[1].Note)
	}
	opts.HMACKey = []byte("short")
	if _, err := Open(dir, opts); err == nil {
		t.Error("Open accepted a 5-byte key")
	}
}

// A record longer than the window readTail starts with is still found.
func TestResumeAfterALongRecord(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, testOptions())
	rec := sample("alice", 1)
	for i := range 20000 {
		rec.VictimIDs = append(rec.VictimIDs, "victim-"+strings.Repeat("x", i%7))
	}
	if err := l.Write(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	// Crash: no close record, the long record is the last one.
	l.file.Close()
	l.lock.Close()
	t0, err := readTail(filepath.Join(dir, logFiles(t, dir)[0]))
	if err != nil || !t0.found || t0.last.Seq != 3 || t0.good != t0.size || t0.size < 128<<10 {
		t.Fatalf("readTail = %+v, %v", t0.last.Seq, err)
	}
	l = openLog(t, dir, testOptions())
	closeLog(t, l)
	mustVerify(t, dir)
}
