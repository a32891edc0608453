package audit

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rotatedLog writes a log of several files and returns its folder.
func rotatedLog(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	opts := testOptions()
	opts.MaxBytes = 3000
	l := openLog(t, dir, opts)
	writeN(t, l, "alice", 24)
	closeLog(t, l)
	if n := len(logFiles(t, dir)); n < 3 {
		t.Fatalf("%d files, want at least 3", n)
	}
	return dir
}

// copyLog copies the log files of src into a new folder.
func copyLog(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range logFiles(t, src) {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestVerifyFindsTampering(t *testing.T) {
	src := rotatedLog(t)
	mustVerify(t, src)
	files := logFiles(t, src)
	middle, next := files[1], files[2]

	cases := []struct {
		name   string
		change func(lines [][]byte) [][]byte // applied to the middle file
		file   string
		line   int
		reason string
	}{
		{"one byte of a record edited", func(ls [][]byte) [][]byte {
			ls[2] = bytes.Replace(ls[2], []byte(`"principal":"alice"`), []byte(`"principal":"alicf"`), 1)
			return ls
		}, middle, 3, "hash does not match"},
		{"returned count edited", func(ls [][]byte) [][]byte {
			i := bytes.Index(ls[3], []byte(`"returned":`)) + len(`"returned":`)
			ls[3][i]++
			return ls
		}, middle, 4, "hash does not match"},
		{"line deleted", func(ls [][]byte) [][]byte {
			return append(ls[:2:2], ls[3:]...)
		}, middle, 3, "1 record(s) missing"},
		{"lines reordered", func(ls [][]byte) [][]byte {
			ls[2], ls[3] = ls[3], ls[2]
			return ls
		}, middle, 3, "missing"},
		{"naive forged line inserted", func(ls [][]byte) [][]byte {
			forged := bytes.Replace(ls[1], []byte(`"principal":"alice"`), []byte(`"principal":"mallory"`), 1)
			return append(ls[:2:2], append([][]byte{forged}, ls[2:]...)...)
		}, middle, 3, "hash does not match"},
		{"forged line inserted with a recomputed hash", func(ls [][]byte) [][]byte {
			prev, err := parseLine(ls[1])
			if err != nil {
				t.Fatal(err)
			}
			forged := prev
			forged.Principal, forged.Seq, forged.PrevHash = "mallory", prev.Seq+1, prev.Hash
			line, err := seal(&forged)
			if err != nil {
				t.Fatal(err)
			}
			return append(ls[:2:2], append([][]byte{bytes.TrimSuffix(line, []byte("\n"))}, ls[2:]...)...)
		}, middle, 4, "repeated or out of order"},
		{"record replaced by a resealed one", func(ls [][]byte) [][]byte {
			rec, _ := parseLine(ls[2])
			rec.Principal = "mallory"
			line, _ := seal(&rec)
			ls[2] = bytes.TrimSuffix(line, []byte("\n"))
			return ls
		}, middle, 4, "prevHash is not the hash"},
		{"header removed", func(ls [][]byte) [][]byte {
			return ls[1:]
		}, middle, 1, "does not start with a rotate header"},
		{"unknown field added and resealed", func(ls [][]byte) [][]byte {
			line := bytes.Replace(ls[2], []byte(`{"time"`), []byte(`{"extra":1,"time"`), 1)
			prefix := line[: len(line)-64-2 : len(line)-64-2] // up to `"hash":"`
			sum := sha256hex(append(prefix, '"', '}'))
			ls[2] = append(append(prefix, sum...), '"', '}')
			return ls
		}, middle, 3, "canonical form"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyLog(t, src)
			path := filepath.Join(dir, middle)
			writeLines(t, path, c.change(readLines(t, path)))
			checkBreak(t, dir, c.file, c.line, c.reason)
		})
	}

	t.Run("file cut in the middle of a line", func(t *testing.T) {
		dir := copyLog(t, src)
		path := filepath.Join(dir, middle)
		lines := readLines(t, path)
		cut := len(bytes.Join(lines[:2], []byte("\n"))) + 1 + len(lines[2])/2
		if err := os.Truncate(path, int64(cut)); err != nil {
			t.Fatal(err)
		}
		checkBreak(t, dir, middle, 3, "incomplete")
	})
	t.Run("file cut at a line end", func(t *testing.T) {
		dir := copyLog(t, src)
		path := filepath.Join(dir, middle)
		writeLines(t, path, readLines(t, path)[:3])
		checkBreak(t, dir, next, 1, "missing")
	})
	t.Run("middle file deleted", func(t *testing.T) {
		dir := copyLog(t, src)
		os.Remove(filepath.Join(dir, middle))
		checkBreak(t, dir, next, 1, "missing")
	})
	t.Run("file renamed", func(t *testing.T) {
		dir := copyLog(t, src)
		fs, _ := listFiles(dir)
		renamed := fileName(fs[2].created, fs[2].firstSeq+1)
		os.Rename(filepath.Join(dir, next), filepath.Join(dir, renamed))
		checkBreak(t, dir, renamed, 1, "file name says")
	})
}

func checkBreak(t *testing.T, dir, file string, line int, reason string) {
	t.Helper()
	rep, err := Verify(dir)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if rep.OK || rep.Break == nil {
		t.Fatalf("Verify found nothing: %+v", rep)
	}
	if rep.Break.File != file || rep.Break.Line != line || !strings.Contains(rep.Break.Reason, reason) {
		t.Errorf("break at %v, want %s:%d: …%s…", rep.Break, file, line, reason)
	}
}

func TestVerifyCannotRun(t *testing.T) {
	if _, err := Verify(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Verify of a missing folder gave no error")
	}
	if _, err := Verify(t.TempDir()); err == nil {
		t.Error("Verify of an empty folder gave no error")
	}
}
