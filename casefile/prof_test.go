package casefile_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

func TestProfImport(t *testing.T) {
	if os.Getenv("PROF") == "" {
		return
	}
	testneo4j.Open(t)
	var mu sync.Mutex
	stats := map[string]time.Duration{}
	counts := map[string]int{}
	s, _ := graph.Open(testneo4j.Config(), func(name string, d time.Duration, err error) {
		mu.Lock(); stats[name] += d; counts[name]++; mu.Unlock()
	})
	path := filepath.Join(t.TempDir(), "x.json")
	f, _ := os.Create(path)
	casefile.WriteSyntheticCase(f, "PROF", 50000, 1)
	f.Close()
	start := time.Now()
	rep, err := casefile.Import(context.Background(), s, path, casefile.Options{DryRun: true})
	fmt.Println("dry run", time.Since(start), err, rep.ExitCode)
	start = time.Now()
	rep, err = casefile.Import(context.Background(), s, path, casefile.Options{BatchSize: 2000})
	fmt.Println(time.Since(start), err, rep.ExitCode)
	var names []string
	for n := range stats { names = append(names, n) }
	sort.Slice(names, func(i, j int) bool { return stats[names[i]] > stats[names[j]] })
	for _, n := range names { fmt.Printf("%-30s %5d %v\n", n, counts[n], stats[n]) }
}
