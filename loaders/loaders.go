// Package loaders batches and caches the graph reads of one GraphQL request
// (the dataloader pattern, with vikstrous/dataloadgen) so that a nested
// query costs Neo4j round trips bounded by its depth, never by its rows:
// every field at one level of the query asks its loader, and the loader
// sends one statement for all of them.
package loaders

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/scamgraph/scamgraph/graph"
)

// batchWait is how long a loader collects keys before it sends the batch.
// gqlgen resolves the fields of a level concurrently, so a short wait
// catches them all; it is paid once per level of a query. It is long
// enough for the goroutines of one level to arrive in one batch on a busy
// 2-core machine (server/roundtrip_test.go: 4 round trips for 50
// recruiters; see docs/decisions.md, "Loaders wait 2 ms for a batch"); a
// root node lookup does not wait at all (NodesNow).
const batchWait = 2 * time.Millisecond

type edgeKey struct {
	relType graph.RelType
	dir     graph.Direction
}

// Loaders is one request's set of loaders, all reading in one scope.
type Loaders struct {
	store  Reader
	scope  graph.Scope
	nodes  *dataloadgen.Loader[string, graph.Node]
	claims *dataloadgen.Loader[string, []graph.Claim]

	mu    sync.Mutex
	edges map[edgeKey]*dataloadgen.Loader[string, graph.EdgePage]
	// prefetched are the pages Prefetch cached, by kind and node: EdgesNow,
	// which reads without the loader's cache, takes them from it instead.
	prefetched map[edgeKey]map[string]bool
}

// New makes the loaders of one request.
func New(store Reader, scope graph.Scope) *Loaders {
	l := &Loaders{store: store, scope: scope, edges: map[edgeKey]*dataloadgen.Loader[string, graph.EdgePage]{},
		prefetched: map[edgeKey]map[string]bool{}}
	l.nodes = dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]graph.Node, error) {
		return store.NodesByID(ctx, scope, ids)
	}, dataloadgen.WithWait(batchWait), dataloadgen.WithBatchCapacity(1000))
	l.claims = dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]graph.Claim, error) {
		return store.Claims(ctx, scope, ids)
	}, dataloadgen.WithWait(batchWait), dataloadgen.WithBatchCapacity(1000))
	return l
}

// Claims loads what each visible case says about an entity.
func (l *Loaders) Claims(ctx context.Context, id string) ([]graph.Claim, error) {
	c, err := l.claims.Load(ctx, id)
	if isMissing(err) {
		return nil, nil
	}
	return c, err
}

// Scope is the case scope this request reads in.
func (l *Loaders) Scope() graph.Scope { return l.scope }

// Node loads one node; a missing or invisible node is (nil, nil).
func (l *Loaders) Node(ctx context.Context, id string) (graph.Node, error) {
	n, err := l.nodes.Load(ctx, id)
	if isMissing(err) {
		return nil, nil
	}
	return n, err
}

// Prime puts a node already read into the cache, so resolving it later
// costs nothing.
func (l *Loaders) Prime(n graph.Node) { l.nodes.Prime(n.GetID(), n) }

// Edges loads the relationships of one type and direction of a node, and
// primes the node cache with the nodes at their far ends.
func (l *Loaders) Edges(ctx context.Context, relType graph.RelType, dir graph.Direction, id string) (graph.EdgePage, error) {
	page, err := l.edgeLoader(relType, dir).Load(ctx, id)
	if isMissing(err) {
		return graph.EdgePage{}, nil
	}
	if err != nil {
		return graph.EdgePage{}, err
	}
	l.primeFar(page)
	return page, nil
}

// EdgesNow is Edges without waiting for a batch: for a field that no
// sibling can share a batch with (its object is not an element of a list,
// so it is resolved once), where the wait (batchWait) would be for nothing per
// level. The page and its far nodes are cached for the rest of the request.
func (l *Loaders) EdgesNow(ctx context.Context, relType graph.RelType, dir graph.Direction, id string) (graph.EdgePage, error) {
	if l.wasPrefetched(relType, dir, id) {
		return l.Edges(ctx, relType, dir, id) // cached: no batch to wait for
	}
	ld := l.edgeLoader(relType, dir)
	pages, err := l.store.EdgesOf(ctx, l.scope, relType, dir, []string{id})
	if err != nil {
		return graph.EdgePage{}, err
	}
	page := pages[id]
	ld.Prime(id, page)
	l.primeFar(page)
	return page, nil
}

// Prefetch reads a nested selection's relationships from the nodes ids
// in one statement (see graph.EdgeStep) and caches every page and far
// node, so that the fields that ask for them later (Edges, Node) find
// them without a round trip. A node the plan reached without a
// relationship of a step's kind is cached as having none, as EdgesOf
// would say. What is already cached stays as it is: a page read earlier
// in the request is the same page.
//
// proj names the only properties of nodes and relationships that the
// request reads anywhere (every field of every type it selects), or is
// zero: what the plan reaches is read with those alone, and cached so,
// since no field of the request reads another.
func (l *Loaders) Prefetch(ctx context.Context, ids []string, steps []graph.EdgeStep, proj graph.Projection) error {
	if len(ids) == 0 || len(steps) == 0 {
		return nil
	}
	read, err := l.store.EdgeTree(ctx, l.scope, ids, steps, proj)
	if err != nil {
		return err
	}
	l.PrimeTree(read)
	return nil
}

// NodesNow loads nodes without waiting for a batch, in one statement: for
// a root field, which has no siblings to batch with. The visible nodes
// among ids, keyed by id, are cached for the rest of the request.
func (l *Loaders) NodesNow(ctx context.Context, ids []string) (map[string]graph.Node, error) {
	nodes, err := l.store.NodesByID(ctx, l.scope, ids)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		l.Prime(n)
	}
	return nodes, nil
}

// NodesWithTree is NodesNow and Prefetch in one statement, for a root
// field whose selection asks for one type of node (label): the nodes are
// read, and the plan from those with that label. The nodes, the pages
// and their far nodes are cached for the rest of the request.
func (l *Loaders) NodesWithTree(ctx context.Context, ids []string, label graph.Label, steps []graph.EdgeStep, proj graph.Projection) (map[string]graph.Node, error) {
	nodes, read, err := l.store.NodesWithTree(ctx, l.scope, ids, label, steps, proj)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		l.Prime(n) // whole, before any far node of the tree
	}
	l.PrimeTree(read)
	return nodes, nil
}

// PrimeTree caches what a plan read: every page, each far node, and that
// each key's page was read (EdgesNow then takes it from the cache).
func (l *Loaders) PrimeTree(read []graph.StepPages) {
	for _, st := range read {
		ld := l.edgeLoader(st.RelType, st.Dir)
		for _, k := range st.Keys {
			page := st.Pages[k]
			ld.Prime(k, page)
			l.primeFar(page)
		}
		l.mu.Lock()
		k := edgeKey{st.RelType, st.Dir}
		if l.prefetched[k] == nil {
			l.prefetched[k] = map[string]bool{}
		}
		for _, id := range st.Keys {
			l.prefetched[k][id] = true
		}
		l.mu.Unlock()
	}
}

func (l *Loaders) wasPrefetched(relType graph.RelType, dir graph.Direction, id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.prefetched[edgeKey{relType, dir}][id]
}

// primeFar caches the nodes at the far ends of a page.
func (l *Loaders) primeFar(page graph.EdgePage) {
	for _, it := range page.Items {
		l.Prime(it.Far)
	}
}

func (l *Loaders) edgeLoader(relType graph.RelType, dir graph.Direction) *dataloadgen.Loader[string, graph.EdgePage] {
	k := edgeKey{relType, dir}
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.edges[k]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]graph.EdgePage, error) {
		return l.store.EdgesOf(ctx, l.scope, relType, dir, ids)
	}, dataloadgen.WithWait(batchWait), dataloadgen.WithBatchCapacity(1000))
	l.edges[k] = ld
	return ld
}

// isMissing is dataloadgen's "mapped fetch returned no value for this key".
func isMissing(err error) bool { return errors.Is(err, dataloadgen.ErrNotFound) }

type ctxKey struct{}

// With stores a request's loaders in its context.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the loaders of the request in ctx.
func For(ctx context.Context) *Loaders {
	l, _ := ctx.Value(ctxKey{}).(*Loaders)
	if l == nil {
		panic("loaders.For: no loaders in context; is the loaders middleware installed?")
	}
	return l
}

// Middleware gives every request fresh loaders, reading in the scope that
// scopeOf returns for the request (access control decides it).
func Middleware(store Reader, scopeOf func(*http.Request) graph.Scope, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(With(r.Context(), New(store, scopeOf(r)))))
	})
}
