package audit

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkWrite measures Write with a realistic record: with an fsync
// before every Write returns (one writer, then 4 and 8 concurrent writers
// per GOMAXPROCS sharing fsyncs by group commit), and with fsync left to a
// 100 ms ticker. fsyncs/record shows how many records shared an fsync.
func BenchmarkWrite(b *testing.B) {
	for _, c := range []struct {
		name        string
		syncEvery   time.Duration
		parallelism int // 0: one writer
	}{
		{"fsync-each/serial", 0, 0},
		{"fsync-each/parallel", 0, 4},
		{"fsync-each/parallel8", 0, 8},
		{"fsync-100ms/serial", 100 * time.Millisecond, 0},
		{"fsync-100ms/parallel", 100 * time.Millisecond, 4},
	} {
		b.Run(c.name, func(b *testing.B) {
			opts := testOptions()
			opts.SyncEvery = c.syncEvery
			opts.MaxBytes = DefaultMaxBytes
			l := openLog(b, b.TempDir(), opts)
			defer closeLog(b, l)
			rec := sample("alice", 7)
			ctx := context.Background()
			before := l.fsyncCount()
			b.ReportAllocs()
			b.ResetTimer()
			if c.parallelism > 0 {
				b.SetParallelism(c.parallelism) // that many × GOMAXPROCS concurrent requests
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := l.Write(ctx, rec); err != nil {
							b.Error(err)
							return
						}
					}
				})
			} else {
				for b.Loop() {
					if err := l.Write(ctx, rec); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(l.fsyncCount()-before)/float64(b.N), "fsyncs/record")
		})
	}
}

// victimRead is the record of a nested read that named n victims of one
// case, as the server writes it (ids sorted, person:<case>:V<n>).
func victimRead(n int) Record {
	rec := sample("alice", 7)
	rec.Operation = "Nested [node]"
	rec.Returned = n + 2
	rec.VictimIDs = make([]string, n)
	for i := range rec.VictimIDs {
		rec.VictimIDs[i] = fmt.Sprintf("person:SYN-TH-2025-0001:V%d", 40000+i*7)
	}
	return rec
}

// BenchmarkRecordBytes measures the bytes a record takes on disk for a
// read of 1,010 victims (the seeded network's largest nested read): as
// the ids were written before the compact form ("victimIds", each id in
// full) and as Write writes them now ("victims", grouped by case).
func BenchmarkRecordBytes(b *testing.B) {
	for _, c := range []struct {
		name    string
		compact bool
	}{{"victimIds-full", false}, {"victims-compact", true}} {
		b.Run(c.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				rec := victimRead(1010)
				if c.compact {
					rec.compactVictims()
				}
				rec.Seq, rec.PrevHash, rec.Time = 12345, sha256hex(nil), time.Now().UTC()
				line, err := seal(&rec)
				if err != nil {
					b.Fatal(err)
				}
				n = len(line)
			}
			b.ReportMetric(float64(n), "B/record")
		})
	}
}
