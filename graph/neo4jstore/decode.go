package neo4jstore

import (
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/graph"
)

// decodeNode turns a stored node into its domain type by its labels, as
// the scope's reader may see it (see ViewProps and ProtectVictim), and
// records it in the scope's read log.
func decodeNode(n dbtype.Node, scope graph.Scope) (graph.Node, error) {
	return decodeView(n.Props, n.Labels, scope)
}

// decodeView is decodeNode of a node's properties and labels, whole or
// as a statement projected them (projectedFar).
func decodeView(stored map[string]any, storedLabels []string, scope graph.Scope) (graph.Node, error) {
	props, labels := scope.ViewProps(stored, storedLabels)
	has := func(l graph.Label) bool { return slices.Contains(labels, string(l)) }
	var out graph.Node
	var err error
	switch {
	case has(graph.KindPerson):
		p := &graph.Person{IsVictim: has(graph.RoleVictim), IsRecruiter: has(graph.RoleRecruiter)}
		err, out = graph.DecodeProps(props, p), p
		if err == nil {
			scope.ProtectVictim(p, stored)
		}
	case has(graph.KindOrganization):
		o := &graph.Organization{IsRecruiter: has(graph.RoleRecruiter)}
		err, out = graph.DecodeProps(props, o), o
	case has(graph.KindCompound):
		c := &graph.Compound{}
		err, out = graph.DecodeProps(props, c), c
	case has(graph.KindBankAccount):
		a := &graph.BankAccount{}
		err, out = graph.DecodeProps(props, a), a
	case has(graph.KindIdentifier):
		i := &graph.Identifier{}
		err, out = graph.DecodeProps(props, i), i
	case has(graph.KindCaseFile):
		c := &graph.CaseFile{}
		err, out = graph.DecodeProps(props, c), c
	case has(graph.KindCountry):
		c := &graph.Country{}
		err, out = graph.DecodeProps(props, c), c
	default:
		return nil, fmt.Errorf("node with labels %v is not part of the model", storedLabels)
	}
	if err != nil {
		return nil, fmt.Errorf("decoding %v node: %w", storedLabels, err)
	}
	scope.Reads().Record(out)
	return out, nil
}

// decodeLink turns a stored relationship into its domain type, as the
// scope's reader may see it: properties from the visible cases' claims, the
// visible cases among its sources, and the variants of the visible claims
// (see LinkView).
func decodeLink(r dbtype.Relationship, from, to string, scope graph.Scope) (graph.Link, error) {
	return decodeLinkProps(graph.RelType(r.Type), r.Props, from, to, scope)
}

// decodeLinkProps is decodeLink of a relationship's type and properties,
// whole or as a statement projected them (projectedLink).
func decodeLinkProps(relType graph.RelType, stored map[string]any, from, to string, scope graph.Scope) (graph.Link, error) {
	if relType == graph.RelSameAs {
		return sameAsLink(stored, from, to, scope), nil
	}
	rule, ok := graph.LinkRules[relType]
	if !ok {
		return nil, fmt.Errorf("relationship type %s is not part of the model", relType)
	}
	props, variants := scope.LinkView(stored)
	l := rule.NewLink()
	if err := graph.DecodeProps(props, l); err != nil {
		return nil, fmt.Errorf("decoding %s relationship: %w", relType, err)
	}
	setEnds(l, from, to)
	l.(interface{ SetVariants([]graph.Variant) }).SetVariants(variants)
	return l, nil
}

// setEnds stores the endpoint ids, which are not relationship properties.
func setEnds(l graph.Link, from, to string) {
	type ender interface{ SetEnds(from, to string) }
	l.(ender).SetEnds(from, to)
}

// asNode reads a node column of a record.
func asNode(rec *neo4j.Record, key string, scope graph.Scope) (graph.Node, error) {
	v, ok := rec.Get(key)
	if !ok || v == nil {
		return nil, nil
	}
	n, ok := v.(dbtype.Node)
	if !ok {
		return nil, fmt.Errorf("column %s is %T, not a node", key, v)
	}
	return decodeNode(n, scope)
}

// Short names for the driver's value types.
type (
	dbtypeNode         = dbtype.Node
	dbtypeRelationship = dbtype.Relationship
)

// linkFromRecord reads the columns r, from and to that the traversal
// statements return for each relationship.
func linkFromRecord(rec *neo4j.Record, scope graph.Scope) (graph.Link, error) {
	rel, _ := rec.Get("r")
	from, _ := rec.Get("from")
	to, _ := rec.Get("to")
	r, ok := rel.(dbtype.Relationship)
	if !ok {
		return nil, fmt.Errorf("column r is %T, not a relationship", rel)
	}
	return decodeLink(r, from.(string), to.(string), scope)
}
