package neo4jstore

import (
	"sort"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// allLinkProps is every property any relationship type takes, sorted.
var allLinkProps = func() []string {
	seen := map[string]bool{}
	var out []string
	for _, ps := range graph.LinkProps {
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}()

// cypherList writes constant strings as a Cypher list literal (they are
// property names from LinkProps: letters only).
func cypherList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + x + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// withdrawLinkClaim is a FOREACH body (it uses only SET, REMOVE and
// FOREACH) that withdraws case $caseId from relationship r: it takes r's
// write lock first (so what it reads next is the latest committed state),
// removes the case from the sources and its claim properties, and
// recomputes each own property from the remaining claims: the own value
// stays when a remaining claim gives it, else the value of the first
// remaining claim (in claim-key order) that has the property, else the
// property goes. The caller deletes r when its sources are empty.
var withdrawLinkClaim = `SET r._lock = true
  SET r.sources = [s IN r.sources WHERE s <> $caseId]
  FOREACH (k IN [k IN keys(r) WHERE k STARTS WITH 'claim:' + $caseId + ':'] | SET r[k] = null)
  FOREACH (p IN ` + cypherList(allLinkProps) + ` |
    SET r[p] = CASE
      WHEN any(k IN keys(r) WHERE k STARTS WITH 'claim:' AND k ENDS WITH ':' + p AND r[k] = r[p]) THEN r[p]
      ELSE r[reduce(m = '', k IN keys(r) | CASE WHEN k STARTS WITH 'claim:' AND k ENDS WITH ':' + p AND (m = '' OR k < m) THEN k ELSE m END)]
    END)
  REMOVE r._lock`

// linkViewProp is the Cypher form of LinkView for one property of
// relationship v (both constant names from this package): the own value
// for a reader of every case, or when a visible case's claim gives it;
// else the value of the first visible claim in claim-key order; else
// null. Filters, sums and orders on relationship properties use it, so
// that they work on the values the reader may see, as the answer does.
func linkViewProp(v, prop string) string {
	claim := "k STARTS WITH 'claim:' AND k ENDS WITH ':" + prop + "' AND split(k, ':')[1] IN $scopeCases"
	return "(CASE WHEN $scopeAll THEN " + v + "." + prop +
		" WHEN any(k IN keys(" + v + ") WHERE " + claim + " AND " + v + "[k] = " + v + "." + prop + ") THEN " + v + "." + prop +
		" ELSE " + v + "[reduce(m = '', k IN keys(" + v + ") | CASE WHEN " + claim + " AND (m = '' OR k < m) THEN k ELSE m END)] END)"
}
