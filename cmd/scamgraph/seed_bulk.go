package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/synthetic"
)

// seedBulk imports the plan's case files into an offline graph (the graph
// the same imports would write into an empty database) and writes it as
// Neo4j's bulk importer's files into dir: a first load of a million rows
// goes through `neo4j-admin database import` in a fraction of the online
// import's time. See docs/decisions.md, "A first load goes through the
// bulk importer".
func seedBulk(ctx context.Context, plan synthetic.Plan, dir string, stdout, stderr io.Writer) int {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	for _, pattern := range []string{"nodes-*.csv", "rels-*.csv", neo4jstore.BulkFixupsFile} {
		old, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				fmt.Fprintln(stderr, err)
				return 3
			}
		}
	}
	fmt.Fprintf(stdout, "seeding %s (bulk files): %d case files of %d units, about %d nodes, %d relationships, %d import rows (seed %d)\n",
		dir, plan.Cases, plan.UnitsPerCase, plan.Nodes(), plan.Relationships(), plan.Rows(), plan.Seed)
	bulkMemory()
	began := time.Now()
	g := neo4jstore.NewOfflineGraph()
	rows, code := importPlan(ctx, g, plan, stdout, stderr)
	if code != 0 {
		return code
	}
	files, err := g.WriteBulk(dir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	took := time.Since(began)
	fmt.Fprintf(stdout, "wrote %d rows as %d nodes and %d relationships (%d node files, %d relationship files, %d fix-ups) in %v (%.0f rows/s)\n",
		rows, files.NodeCount, files.RelCount, len(files.Nodes), len(files.Relationships), files.FixupCount,
		took.Round(time.Second), float64(rows)/took.Seconds())
	return 0
}

// seedFinish prepares a database that `neo4jctl import` loaded from a
// --bulk directory: the start-up's schema (indexes and constraints, waited
// for) and migrations, then the values the CSV could not hold.
func seedFinish(ctx context.Context, dir string, stdout, stderr io.Writer) int {
	began := time.Now()
	store, cfg, err := openForBulk(ctx)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	defer store.Close(context.Background())
	prepared := time.Since(began)
	n, err := store.ApplyBulkFixups(ctx, filepath.Join(dir, neo4jstore.BulkFixupsFile))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	nodes, rels, err := store.Size(ctx)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	fmt.Fprintf(stdout, "finished %s: schema and migrations in %v, %d fix-ups in %v: the database holds %d nodes and %d relationships\n",
		cfg.URI, prepared.Round(time.Second), n, (time.Since(began) - prepared).Round(time.Second), nodes, rels)
	return 0
}

// bulkMemory lets the offline graph grow without a collection every time
// the heap doubles: the graph is live until it is written (about 0.9 GB
// for a seed of 200,000 nodes, 151 collections with the default GOGC),
// so collecting only near a memory limit saves scanning it again and
// again. The limit is 70% of the memory the host has available (8 GiB if
// it cannot be read): with a fixed 8 GiB the full seed's files slowed
// from 35,117 to 16,517 rows/s as the heap neared it, and with 14 GiB on
// a 24 GB machine they kept 25,000-34,000 (bench/README.md). GOGC or
// GOMEMLIMIT in the environment are kept.
func bulkMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(-1)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(bulkMemoryLimit())
	}
}

// bulkMemoryLimit is 70% of the host's available memory, at least 1 GiB,
// or 8 GiB where that cannot be read.
func bulkMemoryLimit() int64 {
	available, ok := memAvailable()
	if !ok {
		return 8 << 30
	}
	return max(available*7/10, 1<<30)
}

// memAvailable is MemAvailable of /proc/meminfo, in bytes.
func memAvailable() (int64, bool) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "MemAvailable:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
