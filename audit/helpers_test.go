package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var testKey = bytes.Repeat([]byte("k"), MinKeyBytes)

func testOptions() Options {
	return Options{HMACKey: testKey, HMACKeySource: "test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func openLog(t testing.TB, dir string, opts Options) *Log {
	t.Helper()
	l, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return l
}

func closeLog(t testing.TB, l *Log) {
	t.Helper()
	if err := l.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// sample is a record as the API would write it.
func sample(principal string, i int) Record {
	return Record{
		Principal: principal, Role: "investigator", Scope: []string{"TH-2025-07"},
		Operation: fmt.Sprintf("Op%d", i%3), Kind: KindQuery, VariablesHMAC: fmt.Sprintf("%064x", i),
		Returned: i, VictimIDs: []string{fmt.Sprintf("victim-%d", i%5)}, Outcome: OutcomeOK,
		Client: "192.0.2.1:5000", RequestID: fmt.Sprintf("req-%d", i),
	}
}

func writeN(t testing.TB, l *Log, principal string, n int) {
	t.Helper()
	for i := range n {
		if err := l.Write(context.Background(), sample(principal, i)); err != nil {
			t.Fatalf("Write %d: %v", i, err)
		}
	}
}

// logFiles lists the log files of dir, oldest first.
func logFiles(t testing.TB, dir string) []string {
	t.Helper()
	files, err := listFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.name)
	}
	return names
}

// readLines returns the lines of a file, without their "\n".
func readLines(t testing.TB, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
}

func writeLines(t testing.TB, path string, lines [][]byte) {
	t.Helper()
	data := append(bytes.Join(lines, []byte("\n")), '\n')
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// allRecords parses every line of every file, oldest first.
func allRecords(t testing.TB, dir string) []Record {
	t.Helper()
	var out []Record
	for _, name := range logFiles(t, dir) {
		for i, line := range readLines(t, filepath.Join(dir, name)) {
			rec, err := parseLine(line)
			if err != nil {
				t.Fatalf("%s:%d: %v", name, i+1, err)
			}
			out = append(out, rec)
		}
	}
	return out
}

func mustVerify(t testing.TB, dir string) Report {
	t.Helper()
	rep, err := Verify(dir)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !rep.OK {
		t.Fatalf("Verify: broken at %v", rep.Break)
	}
	return rep
}

// fakeClock is a settable clock for rotation by age and time filters.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
