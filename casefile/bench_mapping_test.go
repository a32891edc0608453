package casefile_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// BenchmarkImportMappedStatement imports a synthetic bank statement of
// SCAMGRAPH_BENCH_MAPPED_ROWS rows (default 100,000; 5,000 counterparty
// accounts, debits and credits) through testdata/mappings/statement.yml
// into the test Neo4j, and reports the statement's rows per second: the
// import rate of a mapped sheet, reading, validating and writing included.
// `make bench-mapping`.
func BenchmarkImportMappedStatement(b *testing.B) {
	rows := benchRows("SCAMGRAPH_BENCH_MAPPED_ROWS", 100_000)
	path := filepath.Join(b.TempDir(), "statement.csv")
	if err := writeStatement(path, rows, 5_000); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		store := testneo4j.Open(b)
		b.Cleanup(func() { _ = store.DeleteEverything(context.Background()) })
		start := time.Now()
		rep, err := casefile.Import(ctx, store, path, casefile.Options{CaseID: "BENCH-MAP-01", Mapping: maps + "statement.yml"})
		if err != nil || rep.ExitCode != casefile.ExitOK {
			b.Fatalf("import: %v %s", err, reportText(rep))
		}
		took := time.Since(start)
		rate := float64(rows) / took.Seconds()
		b.ReportMetric(float64(rows), "rows")
		b.ReportMetric(float64(rep.Rows()), "records")
		b.ReportMetric(took.Seconds(), "s/import")
		b.ReportMetric(rate, "rows/s")
		b.Logf("%d statement rows (%d records) in %v: %.0f rows/s", rows, rep.Rows(), took.Round(time.Millisecond), rate)
	}
}

// writeStatement writes a statement in the shape of
// testdata/mappings/statement.csv: rows movements between the holder and
// counterparties accounts, one in four a credit.
func writeStatement(path string, rows, counterparties int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	banks := []string{"BKKBTHBK", "SICOTHBK", "KRTHTHBK", "AYUDTHBK"}
	r := rand.New(rand.NewPCG(42, 7))
	fmt.Fprintln(w, "Date,Description,Counterparty Name,Counterparty Account,Counterparty Bank,Debit,Credit,Currency,Reference")
	for i := range rows {
		c := r.IntN(counterparties)
		day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*700/rows)
		amount := fmt.Sprintf("\"%d,%03d.%02d\"", 1+r.IntN(90), r.IntN(1000), r.IntN(100))
		debit, credit := amount, ""
		if i%4 == 3 {
			debit, credit = "", amount
		}
		fmt.Fprintf(w, "%s,Transfer,Counterparty %d,%03d-%d-%05d-%d,%s,%s,%s,THB,TX-%07d\n",
			day.Format("02/01/2006"), c, 100+c%900, c%10, c, c%7, banks[c%len(banks)], debit, credit, i)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
