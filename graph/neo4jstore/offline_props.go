package neo4jstore

import (
	"slices"
	"strings"
)

// propList is the properties of an element of the offline graph, sorted
// by key. A seed holds five million relationships of a dozen properties
// each: as maps, with a key built for each, the first full seed's graph
// grew past 5.5 GB before its second case file (and the garbage
// collector's scans of it took a third of the CPU), so properties are a
// slice, and the per-case keys are built once (OfflineGraph.key).
type propList []kv

type kv struct {
	k string
	v any
}

func (p propList) find(k string) (int, bool) {
	return slices.BinarySearchFunc(p, k, func(e kv, k string) int { return strings.Compare(e.k, k) })
}

func (p propList) get(k string) (any, bool) {
	i, ok := p.find(k)
	if !ok {
		return nil, false
	}
	return p[i].v, true
}

func (p *propList) set(k string, v any) {
	i, ok := p.find(k)
	if ok {
		(*p)[i].v = v
		return
	}
	*p = slices.Insert(*p, i, kv{k, v})
}

func (p *propList) del(k string) {
	if i, ok := p.find(k); ok {
		*p = slices.Delete(*p, i, i+1)
	}
}

// key is prefix+suffix, built once for the graph: the per-case keys of
// every node and relationship share their strings.
func (g *OfflineGraph) key(prefix, suffix string) string {
	pair := [2]string{prefix, suffix}
	if k, ok := g.keys[pair]; ok {
		return k
	}
	k := prefix + suffix
	g.keys[pair] = k
	return k
}
