package audit

import (
	"context"
	"testing"
	"time"
)

// BenchmarkWrite measures Write with a realistic record: with an fsync
// before every Write returns (one writer, then concurrent writers sharing
// fsyncs), and with fsync left to a 100 ms ticker.
func BenchmarkWrite(b *testing.B) {
	for _, c := range []struct {
		name      string
		syncEvery time.Duration
		parallel  bool
	}{
		{"fsync-each/serial", 0, false},
		{"fsync-each/parallel", 0, true},
		{"fsync-100ms/serial", 100 * time.Millisecond, false},
		{"fsync-100ms/parallel", 100 * time.Millisecond, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			opts := testOptions()
			opts.SyncEvery = c.syncEvery
			opts.MaxBytes = DefaultMaxBytes
			l := openLog(b, b.TempDir(), opts)
			defer closeLog(b, l)
			rec := sample("alice", 7)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			if c.parallel {
				b.SetParallelism(4) // 4×GOMAXPROCS concurrent requests
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := l.Write(ctx, rec); err != nil {
							b.Error(err)
							return
						}
					}
				})
				return
			}
			for b.Loop() {
				if err := l.Write(ctx, rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
