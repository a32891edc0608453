package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/loaders"
)

// edgeField is a field that reads a node's relationships of one type and
// direction (edgesAs, farAs, firstFar in entities.resolvers.go): links
// says it returns the relationships (a Recruitment), not the far nodes (a
// Country).
type edgeField struct {
	rel   graph.RelType
	dir   graph.Direction
	links bool
}

// edgeFields are those fields, by GraphQL type and field name. A field
// missing here is resolved by the loaders level by level as before; one
// here whose resolver reads otherwise would prefetch a page nobody asks
// for (TestPrefetchedFieldsReadWhatTheyPrefetch holds the two together).
var edgeFields = map[string]map[string]edgeField{
	"BankAccount": {
		"country":      {graph.RelLocatedIn, graph.Outgoing, false},
		"holders":      {graph.RelHolds, graph.Incoming, true},
		"transfersOut": {graph.RelTransferred, graph.Outgoing, true},
		"transfersIn":  {graph.RelTransferred, graph.Incoming, true},
		"paymentsIn":   {graph.RelPaid, graph.Incoming, true},
	},
	"Compound": {
		"country":       {graph.RelLocatedIn, graph.Outgoing, false},
		"operatedBy":    {graph.RelOperatedBy, graph.Outgoing, true},
		"detentions":    {graph.RelHeldAt, graph.Incoming, true},
		"recruiters":    {graph.RelRecruitsFor, graph.Incoming, true},
		"relocatedTo":   {graph.RelRelocatedTo, graph.Outgoing, true},
		"relocatedFrom": {graph.RelRelocatedTo, graph.Incoming, true},
		"holdings":      {graph.RelHolds, graph.Outgoing, true},
		"identifiers":   {graph.RelUses, graph.Outgoing, false},
	},
	"Organization": {
		"country":     {graph.RelLocatedIn, graph.Outgoing, false},
		"operates":    {graph.RelOperatedBy, graph.Incoming, true},
		"members":     {graph.RelMemberOf, graph.Incoming, true},
		"recruiters":  {graph.RelRecruitsFor, graph.Incoming, true},
		"holdings":    {graph.RelHolds, graph.Outgoing, true},
		"identifiers": {graph.RelUses, graph.Outgoing, false},
	},
	"Person": {
		"nationality": {graph.RelNationalOf, graph.Outgoing, false},
		"identifiers": {graph.RelUses, graph.Outgoing, false},
		"memberships": {graph.RelMemberOf, graph.Outgoing, true},
		"holdings":    {graph.RelHolds, graph.Outgoing, true},
	},
	"Recruiter": {
		"nationality": {graph.RelNationalOf, graph.Outgoing, false},
		"recruited":   {graph.RelRecruited, graph.Outgoing, true},
		"recruitsFor": {graph.RelRecruitsFor, graph.Outgoing, true},
		"identifiers": {graph.RelUses, graph.Outgoing, false},
	},
	"Victim": {
		"nationality": {graph.RelNationalOf, graph.Outgoing, false},
		"recruitedBy": {graph.RelRecruited, graph.Incoming, true},
		"heldAt":      {graph.RelHeldAt, graph.Outgoing, true},
		"journey":     {graph.RelTransited, graph.Outgoing, true},
		"payments":    {graph.RelPaid, graph.Outgoing, true},
		"identifiers": {graph.RelUses, graph.Outgoing, false},
	},
}

// sameNode are the fields that view the node itself as another type
// (Person.asVictim): their selections read from the same node.
var sameNode = map[string]map[string]bool{
	"Person":       {"asVictim": true, "asRecruiter": true},
	"Organization": {"asRecruiter": true},
	"Victim":       {"asRecruiter": true},
}

// linkEnds names, for each relationship type's GraphQL object, the fields
// that resolve its start node and its end node: reached from one end, the
// other end's fields go on from the far node.
var linkEnds = map[string][2][]string{
	"Detention":   {{"victim"}, {"compound"}},
	"Holding":     {{"holder"}, {"account"}},
	"JourneyStep": {{"victim"}, {"country"}},
	"Membership":  {{"person"}, {"organization"}},
	"Operation":   {{"compound"}, {"organization"}},
	"Payment":     {{"victim"}, {"account"}},
	"Recruitment": {{"recruiter"}, {"victim"}},
	"RecruitsFor": {{"recruiter"}, {"compound", "agency"}},
	"Relocation":  {{"from"}, {"to"}},
	"Transfer":    {{"from"}, {"to"}},
}

// connectionPlan is the plan of what a list field's selection asks of its
// nodes: the fields under edges { node } (one type of node a list).
func connectionPlan(ctx context.Context) []graph.EdgeStep {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return nil
	}
	conn := fc.Field.Definition.Type.Name()
	var nodeType string
	var fields []graphql.CollectedField
	for _, e := range collect(ctx, fc.Field, conn) {
		if e.Name != "edges" {
			continue
		}
		for _, n := range collect(ctx, e, typeOf(e)) {
			if n.Name == "node" {
				nodeType = typeOf(n)
				fields = append(fields, collect(ctx, n, nodeType)...)
			}
		}
	}
	if nodeType == "" {
		return nil
	}
	return planSteps(ctx, nodeType, fields, new(int))
}

// prefetchNodes prefetches what a root field's selection asks of the
// nodes it returns (node, nodes): each node's fields as its own GraphQL
// type sees them, one statement a type.
func prefetchNodes(ctx context.Context, nodes ...graph.Node) error {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return nil
	}
	byType := map[string][]string{}
	var types []string
	for _, n := range nodes {
		t := nodeType(n)
		if t == "" {
			continue
		}
		if _, ok := byType[t]; !ok {
			types = append(types, t)
		}
		byType[t] = append(byType[t], n.GetID())
	}
	for _, t := range types {
		if err := prefetchSelection(ctx, byType[t], t, collect(ctx, fc.Field, t)); err != nil {
			return err
		}
	}
	return nil
}

// rootTypes are the node types whose selections a root node field plans,
// with their stored labels.
var rootTypes = []struct {
	name  string
	label graph.Label
}{{"Person", graph.KindPerson}, {"Organization", graph.KindOrganization}, {"Compound", graph.KindCompound}, {"BankAccount", graph.KindBankAccount}}

// oneTypePlan is the plan of a root node field's selection (node, nodes)
// when it plans relationships for one type of node only (the usual
// "... on Person { ... }"), with that type's label; nil otherwise.
func oneTypePlan(ctx context.Context) (graph.Label, []graph.EdgeStep) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return "", nil
	}
	var label graph.Label
	var steps []graph.EdgeStep
	for _, t := range rootTypes {
		planned := planSteps(ctx, t.name, collect(ctx, fc.Field, t.name), new(int))
		if len(planned) == 0 {
			continue
		}
		if steps != nil {
			return "", nil
		}
		label, steps = t.label, planned
	}
	return label, steps
}

// nodeWithSelection reads the node of a root node field (Query.node) and,
// with a one-type plan, the plan below it in the same statement: one
// round trip for the field. Otherwise the node is read first and then
// the plan of its type.
func nodeWithSelection(ctx context.Context, id string) (graph.Node, error) {
	nodes, err := nodesWithSelection(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return nodes[0], nil
}

// nodesWithSelection is nodeWithSelection for several ids (Query.nodes):
// the nodes in the order of ids, nil where one is missing or hidden.
func nodesWithSelection(ctx context.Context, ids []string) ([]graph.Node, error) {
	out := make([]graph.Node, len(ids))
	if label, steps := oneTypePlan(ctx); steps != nil {
		read, err := loaders.For(ctx).NodesWithTree(ctx, ids, label, steps, requestProjection(ctx))
		if err != nil {
			return nil, err
		}
		for i, id := range ids {
			out[i] = read[id]
		}
		return out, nil
	}
	read, err := loaders.For(ctx).NodesNow(ctx, ids)
	if err != nil {
		return nil, err
	}
	var found []graph.Node
	for i, id := range ids {
		if out[i] = read[id]; out[i] != nil {
			found = append(found, out[i])
		}
	}
	return out, prefetchNodes(ctx, found...)
}

// nodeType is the GraphQL type of a node the Node interface returns.
func nodeType(n graph.Node) string {
	switch n.(type) {
	case *graph.Person:
		return "Person"
	case *graph.Organization:
		return "Organization"
	case *graph.Compound:
		return "Compound"
	case *graph.BankAccount:
		return "BankAccount"
	case *graph.Victim:
		return "Victim"
	case *graph.Recruiter:
		return "Recruiter"
	}
	return "" // countries, identifiers, case files: nothing to prefetch below them yet
}

// prefetchSelection reads, for the nodes ids of typeName a root field
// returned, the relationships its nested selection fields asks for, in
// one statement (loaders.Prefetch), so that the query costs one round
// trip for them whatever the load: the loaders' batches, which wait
// batchWait for a level's fields, split when the machine is busy.
func prefetchSelection(ctx context.Context, ids []string, typeName string, fields []graphql.CollectedField) error {
	steps := planSteps(ctx, typeName, fields, new(int))
	if len(steps) == 0 {
		return nil
	}
	return loaders.For(ctx).Prefetch(ctx, ids, steps, requestProjection(ctx))
}

// planSteps is the plan of a selection on a node of typeName. budget
// counts the steps planned so far, up to graph.MaxEdgeSteps: what a
// larger query asks beyond it is read by the loaders.
func planSteps(ctx context.Context, typeName string, fields []graphql.CollectedField, budget *int) []graph.EdgeStep {
	var steps []graph.EdgeStep
	for _, f := range fields {
		if sameNode[typeName][f.Name] {
			sub := typeOf(f)
			steps = append(steps, planSteps(ctx, sub, collect(ctx, f, sub), budget)...)
			continue
		}
		ef, ok := edgeFields[typeName][f.Name]
		if !ok || len(f.Arguments) > 0 || *budget >= graph.MaxEdgeSteps {
			continue
		}
		*budget++
		st := graph.EdgeStep{RelType: ef.rel, Dir: ef.dir}
		linkType := typeOf(f)
		switch {
		case !ef.links:
			st.Next = planSteps(ctx, linkType, collect(ctx, f, linkType), budget)
		default:
			ends := linkEnds[linkType]
			farFields := ends[1]
			if ef.dir == graph.Incoming {
				farFields = ends[0]
			}
			for _, lf := range collect(ctx, f, linkType) {
				for _, name := range farFields {
					if lf.Name == name {
						far := typeOf(lf)
						st.Next = append(st.Next, planSteps(ctx, far, collect(ctx, lf, far), budget)...)
					}
				}
			}
		}
		steps = append(steps, st)
	}
	return merged(steps)
}

// merged joins the steps of one type and direction that two fields of a
// selection asked for (aliases, fragments) into one, at every level.
func merged(steps []graph.EdgeStep) []graph.EdgeStep {
	var out []graph.EdgeStep
	for _, st := range steps {
		found := false
		for i := range out {
			if out[i].RelType == st.RelType && out[i].Dir == st.Dir {
				out[i].Next = append(out[i].Next, st.Next...)
				found = true
			}
		}
		if !found {
			out = append(out, st)
		}
	}
	for i := range out {
		out[i].Next = merged(out[i].Next)
	}
	return out
}

// typeOf is the named type a field returns (through lists and non-null).
func typeOf(f graphql.CollectedField) string { return f.Definition.Type.Name() }

// collect is a field's sub-selection as it applies to an object of
// typeName (fragments and @skip/@include resolved).
func collect(ctx context.Context, f graphql.CollectedField, typeName string) []graphql.CollectedField {
	return graphql.CollectFields(graphql.GetOperationContext(ctx), f.Selections, []string{typeName})
}

// PrefetchedFields lists, by GraphQL type, the fields a list's prefetch
// reads ahead: for the server's tests, which hold each to its resolver.
func PrefetchedFields() map[string][]string {
	out := map[string][]string{}
	for typ, fields := range edgeFields {
		for f := range fields {
			out[typ] = append(out[typ], f)
		}
		slices.Sort(out[typ])
	}
	return out
}
