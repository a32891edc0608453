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
// agency's files would arrive) and reports how long it took. With --bulk
// DIR it writes the graph those imports would make into an empty database
// as the bulk importer's files instead (seed_bulk.go; `make seed` loads
// them with `neo4jctl import` and finishes with --finish DIR).
func runSeed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scale := fs.Int("scale", 100_000, "about how many nodes (relationships are about 4.7 times as many)")
	seed := fs.Uint64("seed", 1, "the same seed gives the same network")
	bulk := fs.String("bulk", "", "write the network as bulk-import files into this directory (no database: an empty one is assumed)")
	finish := fs.String("finish", "", "after `neo4jctl import` of a --bulk directory: prepare the database (indexes, constraints) and set the directory's fix-ups")
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
	plan := synthetic.PlanFor(*scale, *seed)
	switch {
	case *bulk != "" && *finish != "":
		fmt.Fprintln(stderr, "seed: --bulk and --finish are two steps: give one")
		return 3
	case *bulk != "":
		return seedBulk(ctx, plan, *bulk, stdout, stderr)
	case *finish != "":
		return seedFinish(ctx, *finish, stdout, stderr)
	}
	store, cfg, err := openForBulk(ctx)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	defer store.Close(context.Background())
	fmt.Fprintf(stdout, "seeding %s: %d case files of %d units, about %d nodes, %d relationships, %d import rows (seed %d)\n",
		cfg.URI, plan.Cases, plan.UnitsPerCase, plan.Nodes(), plan.Relationships(), plan.Rows(), plan.Seed)
	began := time.Now()
	rows, code := importPlan(ctx, store, plan, stdout, stderr)
	if code != 0 {
		return code
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

// importPlan writes each case file of the plan and imports it into store;
// it returns the rows imported, or an exit code.
func importPlan(ctx context.Context, store casefile.Store, plan synthetic.Plan, stdout, stderr io.Writer) (int, int) {
	dir, err := os.MkdirTemp("", "scamgraph-seed-")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 0, 3
	}
	defer os.RemoveAll(dir)
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
			return rows, 3
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
			return rows, 3
		}
		if rep.ExitCode != 0 {
			rep.WriteText(stderr)
			return rows, rep.ExitCode
		}
		n := 0
		for _, c := range rep.Counts {
			n += c.Valid
		}
		rows += n
		_ = os.Remove(path)
		fmt.Fprintf(stdout, "  %s: %d rows in %v (%.0f rows/s)\n", plan.CaseID(i), n, time.Since(start).Round(time.Second), float64(n)/time.Since(start).Seconds())
	}
	return rows, 0
}
