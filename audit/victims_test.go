package audit

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCompactVictimsRoundTrip: every id comes back from the compact form,
// sorted and once each; ids that the split on spaces could not give back
// stay whole.
func TestCompactVictimsRoundTrip(t *testing.T) {
	ids := []string{"person:C2:V9", "person:C1:V10", "person:C1:V2", "person:C1:V2",
		"person:0b5e3c9a-1d2e-4f5a-8b6c-7d8e9f0a1b2c", "odd id", "nocolon", "person:C1:"}
	rec := Record{VictimIDs: slices.Clone(ids)}
	rec.compactVictims()
	want := map[string]string{"person:C1:": "V10 V2", "person:C2:": "V9", "person:": "0b5e3c9a-1d2e-4f5a-8b6c-7d8e9f0a1b2c"}
	if !mapsEqual(rec.Victims, want) {
		t.Errorf("Victims = %v, want %v", rec.Victims, want)
	}
	if kept := []string{"odd id", "nocolon", "person:C1:"}; !slices.Equal(rec.VictimIDs, kept) {
		t.Errorf("VictimIDs kept = %q, want %q", rec.VictimIDs, kept)
	}
	wantAll := slices.Compact(slices.Sorted(slices.Values(ids)))
	if got := rec.ReadVictimIDs(); !slices.Equal(got, wantAll) {
		t.Errorf("ReadVictimIDs = %q, want %q", got, wantAll)
	}
	for _, id := range ids {
		if !rec.namesVictim(id) {
			t.Errorf("namesVictim(%q) = false", id)
		}
	}
	for _, id := range []string{"person:C1:V1", "person:C1:V", "person:C3:V9", "person:C1", "V2", "odd"} {
		if rec.namesVictim(id) {
			t.Errorf("namesVictim(%q) = true", id)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestVictimFilterFindsCompactAndOldRecords: "who read victim X" finds a
// record written in the compact form and one written before it (full ids
// in victimIds), in the same log, and the log still verifies and reopens.
func TestVictimFilterFindsCompactAndOldRecords(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, testOptions())
	big := victimRead(1010)
	target := big.VictimIDs[500]
	if err := l.Write(context.Background(), big); err != nil {
		t.Fatal(err)
	}
	writeN(t, l, "bob", 3)
	closeLog(t, l)

	// An old-format record, as the log wrote it before "victims" existed,
	// chained by hand after the last line.
	recs := allRecords(t, dir)
	last := recs[len(recs)-1]
	old := sample("carol", 1)
	old.VictimIDs = []string{"person:C9:V1", target}
	old.Time, old.Seq, old.PrevHash = last.Time.Add(time.Second), last.Seq+1, last.Hash
	line, err := seal(&old)
	if err != nil {
		t.Fatal(err)
	}
	files := logFiles(t, dir)
	f, err := os.OpenFile(filepath.Join(dir, files[len(files)-1]), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(line); err != nil {
		t.Fatal(err)
	}
	f.Close()
	closeLog(t, openLog(t, dir, testOptions())) // resumes after the old-format line
	mustVerify(t, dir)

	got, err := Read(dir, Filter{VictimID: target})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Principal != "carol" || got[1].Principal != "alice" {
		t.Fatalf("Read(victim %s) = %d records %v, want carol's old-format one and alice's compact one", target, len(got), principals(got))
	}
	if !strings.Contains(string(line), `"victimIds":["person:C9:V1","`+target+`"]`) {
		t.Errorf("the old-format line does not hold full ids: %s", line)
	}
	if len(got[1].VictimIDs) != 0 || got[1].Victims["person:SYN-TH-2025-0001:"] == "" {
		t.Errorf("alice's record is not in the compact form: victimIds %d, victims %v", len(got[1].VictimIDs), len(got[1].Victims))
	}
	if all := got[1].ReadVictimIDs(); len(all) != 1010 || !slices.Contains(all, target) {
		t.Errorf("ReadVictimIDs of the compact record: %d ids", len(all))
	}
	if none, err := Read(dir, Filter{VictimID: "person:SYN-TH-2025-0001:V40001"}); err != nil || len(none) != 0 {
		t.Errorf("Read(a victim nobody read) = %d records, %v", len(none), err)
	}
}

func principals(recs []Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Principal)
	}
	return out
}
