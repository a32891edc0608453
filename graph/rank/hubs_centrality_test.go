package rank

import (
	"context"
	"errors"
	"math"
	"math/rand"
	"testing"
	"time"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
)

// The context-checked centralities give gonum's values.
func TestCentralitiesAgreeWithGonum(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 30; round++ {
		n := 2 + rng.Intn(40)
		g := newSimpleGraph(n)
		directed, undirected := simple.NewDirectedGraph(), simple.NewUndirectedGraph()
		for i := 0; i < n; i++ {
			directed.AddNode(simple.Node(i))
			undirected.AddNode(simple.Node(i))
		}
		for e := rng.Intn(3 * n); e > 0; e-- {
			a, b := rng.Intn(n), rng.Intn(n)
			if a == b {
				continue
			}
			g.addEdge(a, b)
			directed.SetEdge(directed.NewEdge(simple.Node(a), simple.Node(b)))
			undirected.SetEdge(undirected.NewEdge(simple.Node(a), simple.Node(b)))
		}
		pr, err := g.pageRank(context.Background(), 0.85, 1e-10)
		if err != nil {
			t.Fatal(err)
		}
		want := network.PageRankSparse(directed, 0.85, 1e-10)
		for i := 0; i < n; i++ {
			if math.Abs(pr[i]-want[int64(i)]) > 1e-6 {
				t.Fatalf("round %d: PageRank of %d = %v, gonum %v", round, i, pr[i], want[int64(i)])
			}
		}
		bc, err := g.betweenness(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		wantB := network.Betweenness(gonum.Undirected(undirected))
		for i := 0; i < n; i++ {
			if math.Abs(bc[i]-wantB[int64(i)]) > 1e-9 {
				t.Fatalf("round %d: betweenness of %d = %v, gonum %v", round, i, bc[i], wantB[int64(i)])
			}
		}
	}
}

// A done context stops both computations.
func TestCentralitiesStopAtTheDeadline(t *testing.T) {
	const n = 20_000
	g := newSimpleGraph(n)
	rng := rand.New(rand.NewSource(1))
	for e := 0; e < 2*n; e++ {
		a, b := rng.Intn(n), rng.Intn(n)
		if a != b {
			g.addEdge(a, b)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	began := time.Now()
	if _, err := g.betweenness(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("betweenness over %d nodes within 200ms: %v", n, err)
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Fatalf("betweenness stopped %v after the start, the deadline was 200ms", took)
	}
	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := g.pageRank(done, 0.85, 1e-8); !errors.Is(err, context.Canceled) {
		t.Fatalf("PageRank on a cancelled context: %v", err)
	}
}
