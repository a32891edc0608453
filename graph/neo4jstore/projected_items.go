package neo4jstore

import (
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/graph"
)

// wholeItem is an item of a step's page as EdgesOf reads it: the whole
// relationship and far node, and the ids of its ends.
const wholeItem = `{r: r, b: b, from: FROM, to: TO}`

// projectedItem is an item when the plan names the properties its request
// reads (graph.Projection): a list, not a map (no key names repeated a
// thousand times), of the far node's id, model labels, the values of
// $farProps (absent ones null) and, for a reader whose view is computed
// from the cases' claims (graph.Scope.ViewsStoredValues false), the
// per-case keys that view reads; then the relationship's values of
// $linkProps and its claims when that view or the variants asked for
// need them ($linkClaims). The ends' ids are the key and the far node's.
// The rest of a node, the bulk of it (every case's claim repeats its
// values), stays in the database.
const projectedItem = `[b.id, [l IN labels(b) WHERE NOT l STARTS WITH 'Case_'], [k IN $farProps | b[k]],
    CASE WHEN $perCase THEN [k IN keys(b) WHERE k STARTS WITH 'claim:' OR k STARTS WITH 'created:' OR k STARTS WITH 'updated:' | [k, b[k]]] ELSE [] END,
    [k IN $linkProps | r[k]],
    CASE WHEN $linkClaims THEN [k IN keys(r) WHERE k STARTS WITH 'claim:' | [k, r[k]]] ELSE [] END]`

// itemDecoder reads an item of an edge statement's page, the one of key
// (the node it starts from) in step st: whole (wholeItem) or projected
// (projectedItem).
type itemDecoder interface {
	decode(v any, key string, st graph.EdgeStep, scope graph.Scope) (graph.EdgeItem, error)
}

// wholeItems reads {r, b, from, to} with a whole relationship and node.
type wholeItems struct{}

func (wholeItems) decode(v any, _ string, _ graph.EdgeStep, scope graph.Scope) (graph.EdgeItem, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return graph.EdgeItem{}, fmt.Errorf("item is %T, not a map", v)
	}
	r, ok1 := m["r"].(dbtype.Relationship)
	b, ok2 := m["b"].(dbtype.Node)
	from, ok3 := m["from"].(string)
	to, ok4 := m["to"].(string)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return graph.EdgeItem{}, fmt.Errorf("item %v is not {r, b, from, to}", m)
	}
	link, err := decodeLink(r, from, to, scope)
	if err != nil {
		return graph.EdgeItem{}, err
	}
	far, err := decodeNode(b, scope)
	if err != nil {
		return graph.EdgeItem{}, err
	}
	return graph.EdgeItem{Link: link, Far: far}, nil
}

// projectedItems reads projectedItem lists whose far node's values are
// those of the property names far, and relationship's of link, in order.
type projectedItems struct{ far, link []string }

func (p projectedItems) decode(v any, key string, st graph.EdgeStep, scope graph.Scope) (graph.EdgeItem, error) {
	it, ok := v.([]any)
	if !ok || len(it) != 6 {
		return graph.EdgeItem{}, fmt.Errorf("item %v is not a projection of 6", v)
	}
	farID, ok := it[0].(string)
	if !ok {
		return graph.EdgeItem{}, fmt.Errorf("far node id is %T", it[0])
	}
	nodeProps, err := projectedProps(p.far, it[2], it[3])
	if err != nil {
		return graph.EdgeItem{}, err
	}
	nodeProps["id"] = farID
	var labels []string
	ls, _ := it[1].([]any)
	for _, l := range ls {
		s, _ := l.(string)
		labels = append(labels, s)
	}
	far, err := decodeView(nodeProps, labels, scope)
	if err != nil {
		return graph.EdgeItem{}, err
	}
	linkProps, err := projectedProps(p.link, it[4], it[5])
	if err != nil {
		return graph.EdgeItem{}, err
	}
	from, to := key, farID
	if st.Dir == graph.Incoming {
		from, to = farID, key
	}
	link, err := decodeLinkProps(st.RelType, linkProps, from, to, scope)
	if err != nil {
		return graph.EdgeItem{}, err
	}
	return graph.EdgeItem{Link: link, Far: far}, nil
}

// projectedProps are the properties of a projection: the values of keys
// (null ones absent) and the [key, value] pairs of its per-case keys.
func projectedProps(keys []string, values, pairs any) (map[string]any, error) {
	vals, _ := values.([]any)
	if len(vals) != len(keys) {
		return nil, fmt.Errorf("projection of %d properties for %d names", len(vals), len(keys))
	}
	kvs, _ := pairs.([]any)
	props := make(map[string]any, len(keys)+len(kvs))
	for i, k := range keys {
		if vals[i] != nil {
			props[k] = vals[i]
		}
	}
	for _, kv := range kvs {
		pair, _ := kv.([]any)
		k, ok := "", len(pair) == 2
		if ok {
			k, ok = pair[0].(string)
		}
		if !ok {
			return nil, fmt.Errorf("per-case property %v is not a [key, value] pair", kv)
		}
		props[k] = pair[1]
	}
	return props, nil
}
