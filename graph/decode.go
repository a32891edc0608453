package graph

import (
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// decodeNode turns a stored node into its domain type by its labels, as
// the scope's reader may see it (see viewProps and protectVictim), and
// records it in the scope's read log.
func decodeNode(n dbtype.Node, scope Scope) (Node, error) {
	props, labels := scope.viewProps(n.Props, n.Labels)
	has := func(l string) bool { return slices.Contains(labels, l) }
	var out Node
	var err error
	switch {
	case has(KindPerson):
		p := &Person{IsVictim: has(RoleVictim), IsRecruiter: has(RoleRecruiter)}
		err, out = decodeProps(props, p), p
		if err == nil {
			scope.protectVictim(p, n.Props)
		}
	case has(KindOrganization):
		o := &Organization{IsRecruiter: has(RoleRecruiter)}
		err, out = decodeProps(props, o), o
	case has(KindCompound):
		c := &Compound{}
		err, out = decodeProps(props, c), c
	case has(KindBankAccount):
		a := &BankAccount{}
		err, out = decodeProps(props, a), a
	case has(KindIdentifier):
		i := &Identifier{}
		err, out = decodeProps(props, i), i
	case has(KindCaseFile):
		c := &CaseFile{}
		err, out = decodeProps(props, c), c
	case has(KindCountry):
		c := &Country{}
		err, out = decodeProps(props, c), c
	default:
		return nil, fmt.Errorf("node with labels %v is not part of the model", n.Labels)
	}
	if err != nil {
		return nil, fmt.Errorf("decoding %v node: %w", n.Labels, err)
	}
	scope.reads.record(out)
	return out, nil
}

// decodeLink turns a stored relationship into its domain type, as the
// scope's reader may see it: properties from the visible cases' claims, the
// visible cases among its sources, and the variants of the visible claims
// (see linkView).
func decodeLink(r dbtype.Relationship, from, to string, scope Scope) (Link, error) {
	rule, ok := linkRules[r.Type]
	if !ok {
		return nil, fmt.Errorf("relationship type %s is not part of the model", r.Type)
	}
	props, variants := scope.linkView(r.Props)
	l := rule.newLink()
	if err := decodeProps(props, l); err != nil {
		return nil, fmt.Errorf("decoding %s relationship: %w", r.Type, err)
	}
	setEnds(l, from, to)
	l.(interface{ setVariants([]Variant) }).setVariants(variants)
	return l, nil
}

// setEnds stores the endpoint ids, which are not relationship properties.
func setEnds(l Link, from, to string) {
	type ender interface{ setEnds(from, to string) }
	l.(ender).setEnds(from, to)
}

func (e *Edge) setEnds(from, to string) { e.FromID, e.ToID = from, to }

func (e *Edge) setVariants(v []Variant) { e.ClaimVariants = v }

// asNode reads a node column of a record.
func asNode(rec *neo4j.Record, key string, scope Scope) (Node, error) {
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
func linkFromRecord(rec *neo4j.Record, scope Scope) (Link, error) {
	rel, _ := rec.Get("r")
	from, _ := rec.Get("from")
	to, _ := rec.Get("to")
	r, ok := rel.(dbtype.Relationship)
	if !ok {
		return nil, fmt.Errorf("column r is %T, not a relationship", rel)
	}
	return decodeLink(r, from.(string), to.(string), scope)
}
