package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/graph"
)

// edgeStepCall is one step of EdgeTree's statement, with the same
// visibility, order and cap as EdgesOf's (edges.go), so that what it
// reads is the page EdgesOf would return for each key. SRC is the list of
// ids the step starts from, OUT the pages it returns; ARROW is the
// pattern of an allow-listed relationship type.
const edgeStepCall = `
CALL (SRC) {
  UNWIND SRC AS key
  WITH DISTINCT key
  MATCH (a:Entity {id: key})ARROW
  WHERE VIS_R AND (b:Country OR VIS_B)
  WITH key, r, b ORDER BY coalesce(r.order, 0), coalesce(VIEW_DATE, VIEW_SINCE, ""), r.id
  WITH key, collect(ITEM) AS items
  RETURN collect({key: key, items: items[..$cap], truncated: size(items) > $cap}) AS OUT
}`

// The properties a scoped view reads beside the ones asked for (a reader
// of every case's stored values needs none): a node's cases
// (visibleSources) and the victim's own case and consent
// (graph.Scope.ProtectVictim); a relationship's cases (LinkView).
var (
	nodeViewProps = []string{"sources", "ownCase", "consentToShare"}
	linkViewProps = []string{"sources"}
)

// edgeTreeStatement writes the statement of a plan: one CALL a step, in
// depth-first order, each starting from the far ends of its parent's
// pages (s0, which head sets, for a top step). It is built from constant
// text and relationship types from the allow-list (graph.LinkRules) only;
// the ids and the scope are parameters. A head that reads more returns
// it in the first column.
func edgeTreeStatement(head treeHead, steps []graph.EdgeStep, proj graph.Projection) (string, []graph.EdgeStep, error) {
	item, farID := wholeItem, "it.b.id"
	if proj.Projects() {
		item, farID = projectedItem, "it[0]"
	}
	var b strings.Builder
	carried := []string{"s0"}
	returned := []string{}
	if head.returned != "" {
		carried, returned = []string{head.returned, "s0"}, []string{head.returned}
	}
	b.WriteString(head.text)
	var flat []graph.EdgeStep
	var walk func(steps []graph.EdgeStep, src string) error
	walk = func(steps []graph.EdgeStep, src string) error {
		for _, st := range steps {
			if _, ok := graph.LinkRules[st.RelType]; !ok {
				return fmt.Errorf("unknown relationship type %q", st.RelType)
			}
			flat = append(flat, st)
			i := strconv.Itoa(len(flat))
			// the ends' ids: the key the step started from, and b's
			arrow, from, to := "-[r:"+string(st.RelType)+"]->(b)", "key", "b.id"
			if st.Dir == graph.Incoming {
				arrow, from, to = "<-[r:"+string(st.RelType)+"]-(b)", "b.id", "key"
			}
			b.WriteString(strings.NewReplacer("SRC", src, "OUT", "p"+i, "ARROW", arrow, "ITEM", strings.NewReplacer("FROM", from, "TO", to).Replace(item),
				"VIS_R", visible("r"), "VIS_B", visible("b"),
				"VIEW_DATE", linkViewProp("r", "date"), "VIEW_SINCE", linkViewProp("r", "since")).Replace(edgeStepCall))
			carried = append(carried, "p"+i)
			if len(st.Next) > 0 {
				b.WriteString("\nWITH " + strings.Join(carried, ", ") + ", reduce(acc = [], pg IN p" + i + " | acc + [it IN pg.items | " + farID + "]) AS s" + i)
				carried = append(carried, "s"+i)
				if err := walk(st.Next, "s"+i); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(steps, "s0"); err != nil {
		return "", nil, err
	}
	for i := range flat {
		returned = append(returned, "p"+strconv.Itoa(i+1))
	}
	b.WriteString("\nRETURN " + strings.Join(returned, ", "))
	return b.String(), flat, nil
}

// EdgeTree reads a prefetch plan from the nodes ids in one statement: for
// every step, the page of relationships of each node it started from, as
// EdgesOf would read them. The result follows the plan depth first. The
// far nodes and relationships are read whole, as EdgesOf reads them, or
// with only the properties proj names (see graph.Projection), each seen
// as the scope sees it.
func (s *Store) EdgeTree(ctx context.Context, scope graph.Scope, ids []string, steps []graph.EdgeStep, proj graph.Projection) ([]graph.StepPages, error) {
	if len(ids) > maxIDsPerLookup {
		return nil, fmt.Errorf("lookup of %d ids exceeds the limit of %d", len(ids), maxIDsPerLookup)
	}
	return s.readTree(ctx, scope, "edge_tree", idsHead, map[string]any{"ids": ids}, steps, proj,
		func(any) ([]string, error) { return ids, nil })
}

// NodesWithTree is NodesByID and EdgeTree in one statement: the visible
// nodes among ids, keyed by id, and the plan read from those of them that
// have the label (the type a GraphQL selection asked for).
func (s *Store) NodesWithTree(ctx context.Context, scope graph.Scope, ids []string, label graph.Label, steps []graph.EdgeStep, proj graph.Projection) (map[string]graph.Node, []graph.StepPages, error) {
	if len(ids) > maxIDsPerLookup {
		return nil, nil, fmt.Errorf("lookup of %d ids exceeds the limit of %d", len(ids), maxIDsPerLookup)
	}
	roots := map[string]graph.Node{}
	pages, err := s.readTree(ctx, scope, "nodes_tree", rootsHead, map[string]any{"ids": ids, "rootLabel": string(label)}, steps, proj,
		func(v any) ([]string, error) {
			labelled := map[string]bool{}
			for _, v := range v.([]any) {
				n, ok := v.(dbtype.Node)
				if !ok {
					return nil, fmt.Errorf("root is %T, not a node", v)
				}
				root, err := decodeNode(n, scope)
				if err != nil {
					return nil, err
				}
				roots[root.GetID()] = root
				labelled[root.GetID()] = slices.Contains(n.Labels, string(label))
			}
			// the roots with the label, in the order of the ids asked for
			return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !labelled[id] }), nil
		})
	if err != nil {
		return nil, nil, err
	}
	return roots, pages, nil
}

// readTree runs a plan's statement from head. starts reads what head
// returns (nil when it returns nothing) and says which ids the top steps
// started from, in order.
func (s *Store) readTree(ctx context.Context, scope graph.Scope, name string, head treeHead, params map[string]any, steps []graph.EdgeStep, proj graph.Projection, starts func(any) ([]string, error)) ([]graph.StepPages, error) {
	if n := graph.CountSteps(steps); n == 0 || n > graph.MaxEdgeSteps {
		return nil, fmt.Errorf("a plan of %d steps: between 1 and %d", n, graph.MaxEdgeSteps)
	}
	cypher, flat, err := edgeTreeStatement(head, steps, proj)
	if err != nil {
		return nil, err
	}
	params["cap"] = edgesPerNode
	var dec itemDecoder = wholeItems{}
	if proj.Projects() {
		scoped := !scope.ViewsStoredValues()
		farKeys := projectedKeys(proj.NodeProps, scoped, nodeViewProps)
		farKeys = slices.DeleteFunc(farKeys, func(k string) bool { return k == "id" }) // b.id comes first
		linkKeys := projectedKeys(proj.LinkProps, scoped, linkViewProps)
		params["farProps"], params["perCase"] = farKeys, scoped
		params["linkProps"], params["linkClaims"] = linkKeys, proj.LinkVariants || scoped
		dec = projectedItems{far: farKeys, link: linkKeys}
	}
	recs, err := s.readRecords(ctx, name, cypher, scopeParams(scope, params))
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, fmt.Errorf("edge tree: %d records", len(recs))
	}
	values := recs[0].Values
	var headValue any
	if head.returned != "" {
		headValue, values = values[0], values[1:]
	}
	ids, err := starts(headValue)
	if err != nil {
		return nil, err
	}
	out := make([]graph.StepPages, len(flat))
	for i, st := range flat {
		out[i] = graph.StepPages{RelType: st.RelType, Dir: st.Dir, Pages: map[string]graph.EdgePage{}}
		for _, pv := range values[i].([]any) {
			pm := pv.(map[string]any)
			key := pm["key"].(string)
			page, err := decodeEdgePageWith(pm["items"], pm["truncated"], key, st, scope, dec)
			if err != nil {
				return nil, err
			}
			out[i].Pages[key] = page
		}
	}
	// the keys of each step: the roots, or the far ends of its parent's pages
	var keys func(steps []graph.EdgeStep, src []string, next *int)
	keys = func(steps []graph.EdgeStep, src []string, next *int) {
		for _, st := range steps {
			i := *next
			*next++
			out[i].Keys = distinct(src)
			if len(st.Next) > 0 {
				var far []string
				for _, k := range out[i].Keys {
					for _, it := range out[i].Pages[k].Items {
						far = append(far, it.Far.GetID())
					}
				}
				keys(st.Next, far, next)
			}
		}
	}
	n := 0
	keys(steps, ids, &n)
	return out, nil
}

// projectedKeys are the properties a projection reads: those asked for,
// with the view's for a scoped reader, sorted and without repeats.
func projectedKeys(props []string, scoped bool, view []string) []string {
	keys := slices.Clone(props)
	if scoped {
		keys = append(keys, view...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func distinct(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
