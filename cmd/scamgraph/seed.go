package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/synthetic"
)

// runSeed loads a deterministic synthetic network of about --scale nodes
// through the project's own import path (case file by case file, as an
// agency's files would arrive) and reports how long it took.
func runSeed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scale := fs.Int("scale", 100_000, "about how many nodes (relationships are about 4.7 times as many)")
	seed := fs.Uint64("seed", 1, "the same seed gives the same network")
	fs.Usage = func() {} // -h: the help on stdout, exit 0
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, seedHelpText)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return 0
		}
		return 3
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "seed: unexpected argument %q\n", fs.Arg(0))
		return 3
	}
	store, cfg, err := openForBulk(ctx)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	defer store.Close(context.Background())
	plan := synthetic.PlanFor(*scale, *seed)
	fmt.Fprintf(stdout, "seeding %s: %d case files of %d units, about %d nodes, %d relationships, %d import rows (seed %d)\n",
		cfg.URI, plan.Cases, plan.UnitsPerCase, plan.Nodes(), plan.Relationships(), plan.Rows(), plan.Seed)
	dir, err := os.MkdirTemp("", "scamgraph-seed-")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	defer os.RemoveAll(dir)
	began := time.Now()
	rows := 0
	for i := range plan.Cases {
		path := filepath.Join(dir, plan.CaseID(i)+".json")
		f, err := os.Create(path)
		if err == nil {
			err = plan.WriteCase(f, i)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "writing %s: %v\n", path, err)
			return 3
		}
		opts := casefile.Options{ImportedBy: "seed"}
		bar := progress(stderr, filepath.Base(path))
		if bar != nil {
			opts.Progress = bar.update
		}
		start := time.Now()
		rep, err := casefile.Import(ctx, store, path, opts)
		if bar != nil {
			bar.finish()
		}
		if err != nil {
			fmt.Fprintf(stderr, "importing %s: %v\n", path, err)
			return 3
		}
		if rep.ExitCode != 0 {
			rep.WriteText(stderr)
			return rep.ExitCode
		}
		n := 0
		for _, c := range rep.Counts {
			n += c.Valid
		}
		rows += n
		_ = os.Remove(path)
		fmt.Fprintf(stdout, "  %s: %d rows in %v (%.0f rows/s)\n", plan.CaseID(i), n, time.Since(start).Round(time.Second), float64(n)/time.Since(start).Seconds())
	}
	took := time.Since(began)
	nodes, rels, err := store.Size(ctx)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	fmt.Fprintf(stdout, "seeded %d rows in %v (%.0f rows/s): the database holds %d nodes and %d relationships\n",
		rows, took.Round(time.Second), float64(rows)/took.Seconds(), nodes, rels)
	return 0
}
