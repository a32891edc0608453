package neo4jstore

import (
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// edgeQueries holds, per relationship type and direction, the constant
// statement that loads the relationships of many nodes at once (one round
// trip per dataloader batch). The type is spliced from graph.LinkRules.
var edgeQueries = map[graph.RelType][2]string{}

// edgesPerNode caps how many relationships of one type one node returns;
// the API says so when it cuts (see EdgePage).
const edgesPerNode = 1000

func init() {
	const tmpl = `
UNWIND $ids AS key
MATCH (a:Entity {id: key})ARROW
WHERE VIS_R AND (b:Country OR VIS_B)
WITH key, r, b ORDER BY coalesce(r.order, 0), coalesce(VIEW_DATE, VIEW_SINCE, ""), r.id
WITH key, collect({r: r, b: b, from: startNode(r).id, to: endNode(r).id}) AS items
RETURN key, items[..$cap] AS items, size(items) > $cap AS truncated`
	for t := range graph.LinkRules {
		view := []string{"VIS_R", visible("r"), "VIS_B", visible("b"), "VIEW_DATE", linkViewProp("r", "date"), "VIEW_SINCE", linkViewProp("r", "since")}
		out := strings.NewReplacer(append([]string{"ARROW", "-[r:" + string(t) + "]->(b)"}, view...)...).Replace(tmpl)
		in := strings.NewReplacer(append([]string{"ARROW", "<-[r:" + string(t) + "]-(b)"}, view...)...).Replace(tmpl)
		edgeQueries[t] = [2]string{out, in}
	}
}

// strs turns labels or relationship types into the plain strings a
// statement parameter carries (labels(n) and type(r) are strings in Cypher).
func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
