package audit

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestReadFiltersNewestFirst(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start}
	opts := testOptions()
	opts.MaxBytes = 2500 // spread the records over several files
	opts.now = clock.now
	l := openLog(t, dir, opts)
	for i := range 30 {
		clock.advance(time.Minute)
		who := "alice"
		if i%2 == 1 {
			who = "bob"
		}
		if err := l.Write(context.Background(), sample(who, i)); err != nil {
			t.Fatal(err)
		}
	}
	closeLog(t, l)
	if len(logFiles(t, dir)) < 3 {
		t.Fatal("want several files")
	}

	got, err := Read(dir, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 30+2+len(logFiles(t, dir)) {
		t.Errorf("%d records", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq >= got[i-1].Seq {
			t.Fatalf("not newest first: seq %d after %d", got[i].Seq, got[i-1].Seq)
		}
	}

	check := func(name string, f Filter, want int, each func(Record) bool) {
		t.Helper()
		got, err := Read(dir, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != want {
			t.Errorf("%s: %d records, want %d", name, len(got), want)
		}
		for _, r := range got {
			if !each(r) {
				t.Errorf("%s: unexpected %+v", name, r)
			}
		}
	}
	check("principal", Filter{Principal: "bob"}, 15, func(r Record) bool { return r.Principal == "bob" })
	check("operation", Filter{Operation: "Op0", Principal: "alice"}, 5, func(r Record) bool { return r.Operation == "Op0" })
	check("victim", Filter{VictimID: "victim-3"}, 6, func(r Record) bool { return r.ReadVictimIDs()[0] == "victim-3" })
	since, until := start.Add(10*time.Minute), start.Add(20*time.Minute)
	check("time range", Filter{Since: since, Until: until, Principal: "alice"}, 5, func(r Record) bool {
		return !r.Time.Before(since) && r.Time.Before(until)
	})
	check("limit", Filter{Principal: "alice", Limit: 3}, 3, func(r Record) bool { return r.Returned >= 24 })

	if _, err := Read(dir, Filter{Limit: MaxReadLimit + 1}); err == nil {
		t.Error("Read accepted a limit over MaxReadLimit")
	}
}

func TestReadSkipsALineBeingWritten(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, testOptions())
	writeN(t, l, "alice", 3)
	closeLog(t, l)
	path := filepath.Join(dir, logFiles(t, dir)[0])
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"time":"2025`)
	f.Close()
	got, err := Read(dir, Filter{Principal: "alice"})
	if err != nil || len(got) != 3 {
		t.Fatalf("Read = %d records, %v", len(got), err)
	}

	lines := readLines(t, path)
	lines[2] = []byte("not a record")
	writeLines(t, path, lines)
	if _, err := Read(dir, Filter{}); err == nil {
		t.Error("Read ignored a damaged line")
	}
}
