package neo4jstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/synthetic"
)

// TestOfflineGraphEqualsOnlineImport imports the same case files (a small
// synthetic plan of two overlapping cases, the demo case, and the first
// file again) online into the test Neo4j and offline through Neo4j's bulk
// importer into a Neo4j of its own, and compares the two graphs: every
// node with its labels and properties (claims and per-case keys included),
// every relationship with its type, ends and properties. Timestamps differ
// by when they were written: only their presence and type are compared.
func TestOfflineGraphEqualsOnlineImport(t *testing.T) {
	ctx := context.Background()
	files := offlineTestFiles(t)

	online := testneo4j.Open(t)
	for _, f := range files {
		importInto(t, online, f)
	}
	want := dumpGraph(t, testneo4j.Config())

	g := neo4jstore.NewOfflineGraph()
	for _, f := range files {
		importInto(t, g, f)
	}
	dir := t.TempDir()
	if _, err := g.WriteBulk(dir); err != nil {
		t.Fatal(err)
	}
	offline, offlineCfg := bulkLoaded(t, dir)
	if err := offline.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := offline.ApplyBulkFixups(ctx, filepath.Join(dir, neo4jstore.BulkFixupsFile)); err != nil {
		t.Fatal(err)
	}
	got := dumpGraph(t, offlineCfg)

	if len(want) < 1000 {
		t.Fatalf("the online import wrote only %d elements: the comparison would prove little", len(want))
	}
	missing, extra := diff(want, got), diff(got, want)
	for i, m := range missing {
		if i == 5 {
			break
		}
		t.Errorf("online, not offline:\n  %s", m)
	}
	for i, m := range extra {
		if i == 5 {
			break
		}
		t.Errorf("offline, not online:\n  %s", m)
	}
	if len(missing)+len(extra) > 0 {
		t.Fatalf("%d elements online only, %d offline only (of %d online)", len(missing), len(extra), len(want))
	}
}

// offlineTestFiles writes the synthetic plan's case files; the demo case
// and the first file again follow them.
func offlineTestFiles(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	plan := synthetic.PlanFor(600, 7)
	var files []string
	for i := range plan.Cases {
		path := filepath.Join(dir, plan.CaseID(i)+".json")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := plan.WriteCase(f, i); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	return append(files, filepath.Join("..", "..", "demo", "demo-case.json"), files[0])
}

func importInto(t *testing.T, store casefile.Store, path string) {
	t.Helper()
	rep, err := casefile.Import(context.Background(), store, path, casefile.Options{ImportedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ExitCode != 0 {
		var b strings.Builder
		rep.WriteText(&b)
		t.Fatalf("importing %s: exit %d\n%s", path, rep.ExitCode, b.String())
	}
}

// bulkLoaded runs `neo4jctl import` of dir into a data folder of its own,
// starts a Neo4j on it (a free port) and returns a store on it. The
// instance stops when the test ends.
func bulkLoaded(t *testing.T, dir string) (*neo4jstore.Store, neo4jstore.Config) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctl, err := filepath.Abs(filepath.Join("..", "..", "neo4j-local", "neo4jctl"))
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), fmt.Sprintf("NEO4J_BOLT_PORT=%d", port), "NEO4J_DATA_DIR="+t.TempDir(),
		"NEO4J_HEAP=512m", "NEO4J_PAGECACHE=256m", "NEO4J_IMPORT_MEMORY=512m", "NEO4J_IMPORT_HEAP=512m")
	run := func(args ...string) {
		cmd := exec.Command(ctl, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("neo4jctl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("import", dir)
	run("start")
	t.Cleanup(func() { run("stop") })
	cfg := testneo4j.Config()
	cfg.URI = fmt.Sprintf("bolt://127.0.0.1:%d", port)
	store, err := neo4jstore.Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(context.Background()) })
	return store, cfg
}

// dumpGraph is every node and relationship of the database of cfg as a
// line of canonical JSON, sorted.
func dumpGraph(t *testing.T, cfg neo4jstore.Config) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	d, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(ctx)
	var out []string
	for _, q := range []string{
		`MATCH (n) RETURN labels(n) AS labels, properties(n) AS props`,
		`MATCH (a)-[r]->(b) RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props`,
	} {
		res, err := neo4j.ExecuteQuery(ctx, d, q, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(cfg.Database), neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(time.Minute)))
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range res.Records {
			row := rec.AsMap()
			if ls, ok := row["labels"].([]any); ok {
				slices.SortFunc(ls, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
			}
			row["props"] = canonical(row["props"])
			b, err := json.Marshal(row)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
		}
	}
	slices.Sort(out)
	return out
}

// canonical replaces times by their type (when they were written differs)
// and points by their fields.
func canonical(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = canonical(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = canonical(x)
		}
		return out
	case time.Time:
		return "<datetime>"
	case dbtype.Point2D:
		return fmt.Sprintf("point(%v, %v, %d)", v.X, v.Y, v.SpatialRefId)
	}
	return v
}

// diff is the lines of a not in b (both sorted).
func diff(a, b []string) []string {
	var out []string
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			j++
			continue
		}
		out = append(out, x)
	}
	return out
}
