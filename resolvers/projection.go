package resolvers

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/scamgraph/scamgraph/graph"
)

// nodeProps names, by GraphQL node type and field, the stored properties
// the field's value is made of: the stored property its struct field
// decodes from, or none for a field that reads the node's id or labels
// (roles, kind), another node (asVictim, person) or another statement
// (variants, through the claims loader). A prefetch reads the far nodes
// of its plan with the union of what a request's fields name here, and
// not whole (see requestProjection). A field of a node type missing here
// makes the request read whole nodes: so a field added to the schema
// costs speed until it is listed, never a wrong answer.
// TestProjectedNodesAnswerAsWholeNodes holds every entry to its resolver.
var nodeProps = map[string]map[string][]string{
	"Node": {"id": nil},
	"Person": {"id": nil, "name": {"name"}, "aliases": {"aliases"}, "gender": {"gender"}, "birthDate": {"birthDate"},
		"roles": nil, "nameVariants": nil, "variants": nil, "caseIds": {"sources"},
		"createdAt": {"createdAt"}, "updatedAt": {"updatedAt"}},
	"Victim": {"id": nil, "name": {"name"}, "aliases": {"aliases"}, "gender": {"gender"}, "birthDate": {"birthDate"},
		"victimType": {"victimType"}, "status": {"status"}, "controlMethods": {"controlMethods"},
		"consentToShare": {"consentToShare"}, "person": nil, "nameVariants": nil, "variants": nil,
		"caseIds": {"sources"}, "createdAt": {"createdAt"}, "updatedAt": {"updatedAt"}},
	"Recruiter": {"id": nil, "name": {"name"}, "aliases": {"aliases"}, "kind": nil, "person": nil, "organization": nil,
		"activeFrom": {"activeFrom"}, "activeTo": {"activeTo"}, "caseIds": {"sources"}},
	"Organization": {"id": nil, "name": {"name"}, "aliases": {"aliases"}, "kind": {"kind"},
		"registrationNumber": {"registrationNumber"}, "nameVariants": nil, "variants": nil, "caseIds": {"sources"},
		"createdAt": {"createdAt"}, "updatedAt": {"updatedAt"}},
	"Compound": {"id": nil, "name": {"name"}, "aliases": {"aliases"}, "status": {"status"}, "city": {"city"},
		"address": {"address"}, "location": {"latitude", "longitude"}, "estimatedWorkers": {"estimatedWorkers"},
		"scamTypes": {"scamTypes"}, "nameVariants": nil, "variants": nil, "caseIds": {"sources"},
		"createdAt": {"createdAt"}, "updatedAt": {"updatedAt"}},
	"BankAccount": {"id": nil, "accountKey": {"accountKey"}, "kind": {"kind"}, "accountNumber": {"accountNumber"},
		"iban": {"iban"}, "institution": {"institution"}, "bankCode": {"bankCode"}, "currency": {"currency"},
		"chain": {"chain"}, "status": {"status"}, "holderName": {"name"}, "variants": nil, "caseIds": {"sources"},
		"createdAt": {"createdAt"}, "updatedAt": {"updatedAt"}},
	"Country": {"id": nil, "code": {"code"}, "name": {"name"}, "region": {"region"}},
}

// linkProps names, by GraphQL relationship type and field, the stored
// properties of the relationship the field reads, as nodeProps does for
// nodes; an end of the relationship (recruiter, victim) reads the node by
// the id the statement returns beside it. variants is apart: it needs
// every case's claim (graph.Projection.LinkVariants). A field read from
// elsewhere (Transfer.crossesBorder reads the accounts and their
// countries) is missing, so that a request asking for it reads whole
// nodes and relationships.
var linkProps = map[string]map[string][]string{
	"Recruitment": {"id": {"id"}, "recruiter": nil, "victim": nil, "date": {"date"}, "channel": {"channel"},
		"method": {"method"}, "promisedJob": {"promisedJob"}, "promisedSalary": {"promisedSalary"}, "caseIds": {"sources"}},
	"RecruitsFor": {"id": {"id"}, "recruiter": nil, "compound": nil, "agency": nil, "since": {"since"}, "until": {"until"}, "caseIds": {"sources"}},
	"Detention":   {"id": {"id"}, "victim": nil, "compound": nil, "since": {"since"}, "until": {"until"}, "caseIds": {"sources"}},
	"JourneyStep": {"id": {"id"}, "victim": nil, "country": nil, "order": {"order"}, "date": {"date"}, "mode": {"mode"}, "caseIds": {"sources"}},
	"Operation":   {"id": {"id"}, "compound": nil, "organization": nil, "since": {"since"}, "until": {"until"}, "caseIds": {"sources"}},
	"Membership":  {"id": {"id"}, "person": nil, "organization": nil, "role": {"role"}, "caseIds": {"sources"}},
	"Holding":     {"id": {"id"}, "holder": nil, "account": nil, "role": {"role"}, "caseIds": {"sources"}},
	"Transfer": {"id": {"id"}, "from": nil, "to": nil, "txId": {"txId"}, "amount": {"amount"}, "currency": {"currency"},
		"amountUsd": {"amountUsd"}, "date": {"date"}, "reference": {"reference"}, "caseIds": {"sources"}},
	"Payment": {"id": {"id"}, "victim": nil, "account": nil, "amount": {"amount"}, "currency": {"currency"},
		"amountUsd": {"amountUsd"}, "date": {"date"}, "reason": {"reason"}, "caseIds": {"sources"}},
	"Relocation": {"id": {"id"}, "from": nil, "to": nil, "date": {"date"}, "caseIds": {"sources"}},
}

// projectingRoots are the root fields whose answers are made of node
// types, the links between them and their connections only: a request
// of these alone reads nothing of a node beyond what its fields select,
// so its prefetch may leave the rest in the database. (Another root field
// may read a node from the same cache for a purpose of its own.)
var projectingRoots = map[string]bool{"node": true, "nodes": true, "victims": true, "recruiters": true,
	"persons": true, "compounds": true, "organizations": true, "bankAccounts": true}

// requestProjection is what the request's fields read of the nodes and
// relationships a prefetch reaches: the union of what nodeProps and
// linkProps name for them. It is the zero Projection (read whole) when a
// field of a node or relationship type is not listed there, or a root
// field is not a projecting one.
func requestProjection(ctx context.Context) graph.Projection {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return graph.Projection{}
	}
	for _, sel := range oc.Operation.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || (!projectingRoots[f.Name] && f.Name != "__typename") {
			return graph.Projection{}
		}
	}
	w := projectionWalk{nodes: map[string]bool{}, links: map[string]bool{}, fragments: map[string]bool{}}
	if !w.add(oc.Operation.SelectionSet) {
		return graph.Projection{}
	}
	return graph.Projection{NodeProps: sortedSet(w.nodes), LinkProps: sortedSet(w.links), LinkVariants: w.variants}
}

// projectionWalk collects what a selection reads, fragments once each.
type projectionWalk struct {
	nodes, links, fragments map[string]bool
	variants                bool
}

// add adds what the fields of set read; false when one of them is a
// field of a node or relationship type that is not listed.
func (w *projectionWalk) add(set ast.SelectionSet) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if !w.addField(s) || !w.add(s.SelectionSet) {
				return false
			}
		case *ast.InlineFragment:
			if !w.add(s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			if w.fragments[s.Name] || s.Definition == nil {
				continue
			}
			w.fragments[s.Name] = true
			if !w.add(s.Definition.SelectionSet) {
				return false
			}
		}
	}
	return true
}

func (w *projectionWalk) addField(f *ast.Field) bool {
	if f.Name == "__typename" || f.ObjectDefinition == nil {
		return true
	}
	typ := f.ObjectDefinition.Name
	if fields, ok := linkProps[typ]; ok {
		if f.Name == "variants" {
			w.variants = true
			return true
		}
		names, ok := fields[f.Name]
		addAll(w.links, names)
		return ok
	}
	if !isNodeType(f.ObjectDefinition) {
		return true
	}
	names, ok := nodeProps[typ][f.Name]
	addAll(w.nodes, names)
	return ok || isLinkField(typ, f.Name)
}

func addAll(set map[string]bool, names []string) {
	for _, n := range names {
		set[n] = true
	}
}

// sortedSet is a set's members in order, never nil (nil would say whole).
func sortedSet(set map[string]bool) []string {
	return append([]string{}, slices.Sorted(maps.Keys(set))...)
}

// isNodeType says whether def is the Node interface or implements it.
func isNodeType(def *ast.Definition) bool {
	return def.Name == "Node" || slices.Contains(def.Interfaces, "Node")
}

// isLinkField says whether a node type's field reads its relationships
// or views the node as another type (edgeFields, sameNode): it reads the
// node's id, and its selection is walked on its own.
func isLinkField(typeName, field string) bool {
	_, ok := edgeFields[typeName][field]
	return ok || sameNode[typeName][field]
}

// ProjectedFields lists, by GraphQL type, the fields whose reads
// nodeProps and linkProps name (variants of every relationship type): for
// the server's tests, which answer each one projected and whole.
func ProjectedFields() map[string][]string {
	out := map[string][]string{}
	for _, table := range []map[string]map[string][]string{nodeProps, linkProps} {
		for typ, fields := range table {
			for f := range fields {
				out[typ] = append(out[typ], f)
			}
			if _, ok := linkProps[typ]; ok {
				out[typ] = append(out[typ], "variants")
			}
			slices.Sort(out[typ])
		}
	}
	return out
}

// ProjectionOfQuery is requestProjection of a query text: for tests that
// check a query they send is read projected.
func ProjectionOfQuery(schema *ast.Schema, query string) (graph.Projection, error) {
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		return graph.Projection{}, errs
	}
	if len(doc.Operations) != 1 {
		return graph.Projection{}, fmt.Errorf("%d operations", len(doc.Operations))
	}
	ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]})
	return requestProjection(ctx), nil
}
