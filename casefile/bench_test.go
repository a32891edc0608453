package casefile_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/synthetic"
)

// BenchmarkImport imports a synthetic case of SCAMGRAPH_BENCH_ROWS records
// (default 1,000,000) into the test Neo4j, and in the same run a sample of
// 10,000 records of the same shape one record per transaction (the naive
// import), and reports both rates and their ratio. `make bench-import`.
// SCAMGRAPH_BENCH_BATCH and SCAMGRAPH_BENCH_WRITERS set the batched
// import's batch size and writers (an option measured against the
// defaults); SCAMGRAPH_BENCH_NAIVE=0 leaves the naive sample out (74 s of
// a run on the project's machine).
func BenchmarkImport(b *testing.B) {
	rows := benchRows("SCAMGRAPH_BENCH_ROWS", 1_000_000)
	opts := casefile.Options{BatchSize: benchRows("SCAMGRAPH_BENCH_BATCH", 0), Writers: benchRows("SCAMGRAPH_BENCH_WRITERS", 0)}
	withNaive := os.Getenv("SCAMGRAPH_BENCH_NAIVE") != "0"
	dir := b.TempDir()
	// The two files are cases 0 and 1, so that the sample's records are
	// new to the database the big import filled.
	write := func(name string, rows, i int) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := synthetic.PlanRows(rows, 42).WriteCase(f, i); err != nil {
			b.Fatal(err)
		}
		f.Close()
		return path
	}
	big := write("big.json", rows, 0)
	sample := write("sample.json", 10_000, 1)
	ctx := context.Background()

	for b.Loop() {
		store := testneo4j.Open(b)
		// Leave the test database empty: the next test would otherwise pay
		// for deleting a million records.
		b.Cleanup(func() { _ = store.DeleteEverything(context.Background()) })
		start := time.Now()
		rep, err := casefile.Import(ctx, store, big, opts)
		if err != nil || rep.ExitCode != 0 {
			b.Fatalf("import: %v %+v", err, rep.Rejections[:min(5, len(rep.Rejections))])
		}
		took := time.Since(start)
		rate := float64(rep.Rows()) / took.Seconds()
		b.ReportMetric(float64(rep.Rows()), "rows")
		b.ReportMetric(took.Seconds(), "s/import")
		b.ReportMetric(rate, "rows/s")
		if !withNaive {
			b.Logf("%d rows in %v: %.0f rows/s (batch %d, writers %d; 0 is the default)", rep.Rows(), took.Round(time.Millisecond), rate, opts.BatchSize, opts.Writers)
			continue
		}

		start = time.Now()
		naive, err := casefile.Import(ctx, store, sample, casefile.Options{BatchSize: 1})
		if err != nil || naive.ExitCode != 0 {
			b.Fatalf("naive import: %v %v", err, naive.Rejections[:min(5, len(naive.Rejections))])
		}
		naiveRate := float64(naive.Rows()) / time.Since(start).Seconds()

		b.ReportMetric(naiveRate, "naive-rows/s")
		b.ReportMetric(rate/naiveRate, "batched/naive")
		b.Logf("%d rows in %v: %.0f rows/s; naive one-row transactions: %.0f rows/s; ratio %.1f", rep.Rows(), took.Round(time.Millisecond), rate, naiveRate, rate/naiveRate)
	}
}

// benchRows is a benchmark's size: the environment variable env, or def.
func benchRows(env string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(env)); err == nil && n > 0 {
		return n
	}
	return def
}
