package rank

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/scamgraph/scamgraph/graph"
)

// maxStructuralNodes bounds the nodes a structural ranking works on (the
// subgraph reads are capped at MaxCaseExport already): betweenness costs
// nodes x (nodes + links), which the request deadline bounds in time.
const maxStructuralNodes = graph.MaxCaseExport

// RankStructural computes degree, PageRank or betweenness on a subgraph
// without its countries, and ranks the nodes of the asked type. It checks
// ctx between iterations (PageRank) and between source nodes
// (betweenness), and returns ErrAnalyticsDeadline once ctx is done.
func RankStructural(ctx context.Context, sg graph.Subgraph, q graph.HubQuery) ([]graph.Hub, error) {
	var nodes []graph.Node
	ids := map[string]int{}
	for _, n := range sg.Nodes {
		if _, isCountry := n.(*graph.Country); isCountry {
			continue
		}
		if _, dup := ids[n.GetID()]; dup {
			continue
		}
		ids[n.GetID()] = len(nodes)
		nodes = append(nodes, n)
	}
	if len(nodes) > maxStructuralNodes {
		return nil, &graph.ValidationError{Field: "caseId", Reason: fmt.Sprintf("%s is computed on at most %d nodes; narrow it with around and depth", q.Metric, maxStructuralNodes)}
	}
	g := newSimpleGraph(len(nodes))
	degree := make([]float64, len(nodes))
	for _, l := range sg.Links {
		from, to := l.Ends()
		a, okA := ids[from]
		b, okB := ids[to]
		if !okA || !okB || a == b {
			continue
		}
		degree[a]++
		degree[b]++
		g.addEdge(a, b)
	}
	var scores []float64
	var err error
	switch q.Metric {
	case graph.HubMetricDegree:
		scores = degree
	case graph.HubMetricPageRank:
		scores, err = g.pageRank(ctx, 0.85, 1e-8)
	case graph.HubMetricBetweenness:
		scores, err = g.betweenness(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (%s over %d nodes and %d links)", graph.ErrAnalyticsDeadline, q.Metric, len(nodes), g.edges)
	}
	var out []graph.Hub
	for num, n := range nodes {
		if ofType(n, q.Type) {
			out = append(out, graph.Hub{Node: n, Score: scores[num]})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Node.GetID() < out[j].Node.GetID()
	})
	if len(out) > q.First {
		out = out[:q.First]
	}
	return out, nil
}

// simpleGraph is a simple graph (no self loops, one edge per ordered pair)
// over nodes 0..n-1, kept both directed (out) and undirected (nb).
type simpleGraph struct {
	out   [][]int // directed successors
	nb    [][]int // undirected neighbours
	seen  map[[2]int]bool
	edges int // directed edges
}

func newSimpleGraph(n int) *simpleGraph {
	return &simpleGraph{out: make([][]int, n), nb: make([][]int, n), seen: map[[2]int]bool{}}
}

func (g *simpleGraph) addEdge(a, b int) {
	if !g.seen[[2]int{a, b}] {
		g.seen[[2]int{a, b}] = true
		g.out[a] = append(g.out[a], b)
		g.edges++
	}
	lo, hi := min(a, b), max(a, b)
	if !g.seen[[2]int{-1 - lo, hi}] {
		g.seen[[2]int{-1 - lo, hi}] = true
		g.nb[a] = append(g.nb[a], b)
		g.nb[b] = append(g.nb[b], a)
	}
}

// pageRank is the power iteration of gonum's PageRankSparse (damping damp,
// dangling nodes spread evenly, until the 2-norm of the change is below
// tol), with a context check per iteration.
func (g *simpleGraph) pageRank(ctx context.Context, damp, tol float64) ([]float64, error) {
	n := len(g.out)
	if n == 0 {
		return nil, nil
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for iter := 0; ; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var dangling float64
		for i := range next {
			next[i] = 0
		}
		for a, succ := range g.out {
			if len(succ) == 0 {
				dangling += v[a]
				continue
			}
			share := damp * v[a] / float64(len(succ))
			for _, b := range succ {
				next[b] += share
			}
		}
		base := (1-damp)/float64(n) + damp*dangling/float64(n)
		var diff float64
		for i := range next {
			next[i] += base
			diff += (next[i] - v[i]) * (next[i] - v[i])
		}
		v, next = next, v
		if math.Sqrt(diff) < tol || iter > 10_000 {
			return v, nil
		}
	}
}

// betweenness is Brandes' algorithm on the undirected graph, as gonum's
// network.Betweenness computes it (every ordered pair of ends), with a
// context check per source node.
func (g *simpleGraph) betweenness(ctx context.Context) ([]float64, error) {
	n := len(g.nb)
	cb := make([]float64, n)
	sigma := make([]float64, n)
	dist := make([]int, n)
	delta := make([]float64, n)
	preds := make([][]int, n)
	stack := make([]int, 0, n)
	queue := make([]int, 0, n)
	for s := 0; s < n; s++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		stack, queue = stack[:0], queue[:0]
		for i := 0; i < n; i++ {
			sigma[i], dist[i], delta[i], preds[i] = 0, -1, 0, preds[i][:0]
		}
		sigma[s], dist[s] = 1, 0
		queue = append(queue, s)
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			stack = append(stack, v)
			for _, w := range g.nb[v] {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
					preds[w] = append(preds[w], v)
				}
			}
		}
		for i := len(stack) - 1; i >= 0; i-- {
			w := stack[i]
			for _, v := range preds[w] {
				delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
			}
			if w != s {
				cb[w] += delta[w]
			}
		}
	}
	return cb, nil
}

func ofType(n graph.Node, t graph.HubType) bool {
	switch t {
	case "", graph.HubTypeAny:
		return true
	case graph.HubTypeRecruiter:
		return graph.RecruiterOf(n) != nil
	case graph.HubTypeAccount:
		_, ok := n.(*graph.BankAccount)
		return ok
	case graph.HubTypeCompound:
		_, ok := n.(*graph.Compound)
		return ok
	case graph.HubTypePerson:
		_, ok := n.(*graph.Person)
		return ok
	case graph.HubTypeOrganization:
		_, ok := n.(*graph.Organization)
		return ok
	case graph.HubTypeIdentifier:
		_, ok := n.(*graph.Identifier)
		return ok
	}
	return false
}
