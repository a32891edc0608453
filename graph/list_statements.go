package graph

import (
	"strings"
	"sync"
)

// listShape is what decides the text of a list or count statement: the
// label, the order, whether a cursor continues it, which filters are set
// and whether it is limited to a case. Each filter that is not set is left
// out of the text rather than written as "$x IS NULL OR ...": Neo4j
// evaluates what is written for every node it reads, and the always-true
// terms read properties (aliases, sources) of every node for nothing (a
// probe on the seeded network: 0.5-0.6 s for a case's victims whose name
// contains "9" through the API's generic statement, 0.24 s for the
// statement of the filters set).
type listShape struct {
	label, field       string
	desc, after, count bool
	name, status, kind bool
	region, country    bool
	byCase             bool // the statement names CASE_LABEL (see caseStatement)
}

func (q ListQuery) shape(count bool) listShape {
	f := q.Filter
	return listShape{label: q.Label, field: q.Order.Field, desc: q.Order.Descending, after: q.After != "" && !count, count: count,
		name: strings.TrimSpace(f.NameContains) != "", status: f.Status != "", kind: f.Kind != "",
		region: f.Region != "", country: f.Country != "", byCase: f.CaseID != ""}
}

// listStatements caches the statement of each shape (a few thousand shapes
// at most, built as they are asked for).
var listStatements sync.Map // listShape -> statement

// listStatement is the statement of a shape, built from constant
// fragments. A statement limited to a case says CASE_LABEL where the
// case's label goes (see caseStatement).
func listStatement(sh listShape) string {
	if q, ok := listStatements.Load(sh); ok {
		return q.(string)
	}
	q := buildListStatement(sh)
	listStatements.Store(sh, q)
	return q
}

func buildListStatement(sh listShape) string {
	var b strings.Builder
	b.WriteString("MATCH (n:" + sh.label)
	if sh.byCase {
		// Start from the case's nodes: a scan of one case, not of the label.
		b.WriteString(":CASE_LABEL) USING SCAN n:CASE_LABEL")
	} else {
		b.WriteString(")")
	}
	cmp, dir := ">", "ASC"
	if sh.desc {
		cmp, dir = "<", "DESC"
	}
	var conds []string
	if sh.field == "NAME" && !sh.count && !sh.byCase {
		// A range on the indexed sort key (from the cursor on, or every key
		// on a first page) lets Neo4j read the index in order and stop at
		// the page's end; going down, a first page asks for every key with
		// IS NOT NULL, as no string is after all others.
		switch {
		case sh.after && !sh.desc:
			conds = append(conds, "n.sortName >= $afterKey")
		case sh.after:
			conds = append(conds, "n.sortName <= $afterKey")
		case sh.desc:
			conds = append(conds, "n.sortName IS NOT NULL")
		default:
			conds = append(conds, "n.sortName >= ''")
		}
	}
	conds = append(conds, "(n:Country OR "+visible("n")+")")
	if r := roleInScope(sh.label); r != "" {
		conds = append(conds, r)
	}
	if sh.name {
		conds = append(conds, "(toLower(coalesce(n.name, n.title, '')) CONTAINS $nameContains\n"+
			"     OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS $nameContains))")
	}
	if sh.status {
		conds = append(conds, "n.status = $status")
	}
	if sh.kind {
		conds = append(conds, "n.kind = $kind")
	}
	if sh.region {
		conds = append(conds, "n.region = $region")
	}
	if sh.country {
		conds = append(conds, "(n.code = $country OR n.country = $country\n"+
			"     OR EXISTS { MATCH (n)-[:NATIONAL_OF|LOCATED_IN]->(:Country {code: $country}) })")
	}
	key := sortKeys[sh.field]
	if sh.after && sh.field == "NAME" {
		conds = append(conds, "(n.sortName "+cmp+" $afterKey OR (n.sortName = $afterKey AND n.id "+cmp+" $afterId))")
	}
	b.WriteString("\nWHERE " + strings.Join(conds, "\n  AND "))
	switch {
	case sh.count:
		b.WriteString("\nRETURN count(n) AS total")
	case sh.field == "NAME":
		b.WriteString("\nRETURN n, n.sortName AS k ORDER BY n.sortName " + dir + ", n.id " + dir + " LIMIT $limit")
	default:
		b.WriteString("\nWITH n, " + key + " AS k")
		if sh.after {
			b.WriteString("\nWHERE k " + cmp + " $afterKey OR (k = $afterKey AND n.id " + cmp + " $afterId)")
		}
		b.WriteString("\nRETURN n, k ORDER BY k " + dir + ", n.id " + dir + " LIMIT $limit")
	}
	return b.String()
}
