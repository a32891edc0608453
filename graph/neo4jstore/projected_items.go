package neo4jstore

import (
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/graph"
)

// itemDecoder reads an edge statement's item: its relationship and far
// node, each whole or projected (linkProjection, farProjection).
type itemDecoder struct {
	far interface {
		decode(v any, scope graph.Scope) (graph.Node, error)
	}
	link interface {
		decode(v any, relType graph.RelType, from, to string, scope graph.Scope) (graph.Link, error)
	}
}

// wholeFar reads a whole node.
type wholeFar struct{}

func (wholeFar) decode(v any, scope graph.Scope) (graph.Node, error) {
	n, ok := v.(dbtype.Node)
	if !ok {
		return nil, fmt.Errorf("far end is %T, not a node", v)
	}
	return decodeNode(n, scope)
}

// projectedFar reads a farProjection whose props are the values of these
// property names, in this order.
type projectedFar []string

func (keys projectedFar) decode(v any, scope graph.Scope) (graph.Node, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("far end is %T, not a projection", v)
	}
	vals, _ := m["props"].([]any)
	perCase, _ := m["perCase"].([]any)
	if len(vals) != len(keys) {
		return nil, fmt.Errorf("projection of %d properties for %d names", len(vals), len(keys))
	}
	props, err := projectedProps(keys, vals, perCase)
	if err != nil {
		return nil, err
	}
	props["id"] = m["id"]
	var labels []string
	ls, _ := m["labels"].([]any)
	for _, l := range ls {
		s, _ := l.(string)
		labels = append(labels, s)
	}
	return decodeView(props, labels, scope)
}

// projectedProps are the properties of a projection: the values of keys
// (null ones absent) and the [key, value] pairs of its per-case keys.
func projectedProps(keys []string, vals, pairs []any) (map[string]any, error) {
	props := make(map[string]any, len(keys)+len(pairs))
	for i, k := range keys {
		if vals[i] != nil {
			props[k] = vals[i]
		}
	}
	for _, kv := range pairs {
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

// wholeLink reads a whole relationship.
type wholeLink struct{}

func (wholeLink) decode(v any, _ graph.RelType, from, to string, scope graph.Scope) (graph.Link, error) {
	r, ok := v.(dbtype.Relationship)
	if !ok {
		return nil, fmt.Errorf("relationship is %T, not a relationship", v)
	}
	return decodeLink(r, from, to, scope)
}

// projectedLink reads a linkProjection whose props are the values of
// these property names, in this order.
type projectedLink []string

func (keys projectedLink) decode(v any, relType graph.RelType, from, to string, scope graph.Scope) (graph.Link, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("relationship is %T, not a projection", v)
	}
	vals, _ := m["props"].([]any)
	claims, _ := m["claims"].([]any)
	if len(vals) != len(keys) {
		return nil, fmt.Errorf("projection of %d properties for %d names", len(vals), len(keys))
	}
	props, err := projectedProps(keys, vals, claims)
	if err != nil {
		return nil, err
	}
	props["id"] = m["id"]
	return decodeLinkProps(relType, props, from, to, scope)
}
