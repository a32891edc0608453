package neo4jstore

import (
	"slices"
	"strings"
	"sync"

	"github.com/scamgraph/scamgraph/graph"
)

// listShape is what decides the text of a list or count statement: the
// label, the order, whether a cursor continues it, which filters are set
// and whether it is limited to a case. Each filter that is not set is left
// out of the text rather than written as "$x IS NULL OR ...": Neo4j
// evaluates what is written for every node it reads, and the always-true
// terms read properties (aliases, sources) of every node for nothing
// (docs/decisions.md, "List statements hold only the filters set").
type listShape struct {
	label              graph.Label
	field              graph.ListOrderField
	desc, after, count bool
	name, status, kind bool
	region, country    bool
	byCase             bool // the statement names CASE_LABEL (see caseStatement)
	// scoped: the reader sees some cases only, so filters and orders read
	// the values those cases gave (see caseview.go), not the node's own,
	// which may be a hidden case's.
	scoped bool
}

func listShapeOf(q graph.ListQuery, scope graph.Scope, count bool) listShape {
	f := q.Filter
	return listShape{label: q.Label, field: q.Order.Field, desc: q.Order.Descending, after: q.After != "" && !count, count: count,
		name: strings.TrimSpace(f.NameContains) != "", status: f.Status != "", kind: f.Kind != "",
		region: f.Region != "", country: f.Country != "", byCase: f.CaseID != "", scoped: !scope.SeesAll()}
}

// claimedLabels are the labels whose nodes carry claims (and so per-case
// names and sort keys); the others (identifiers, case files, countries)
// show one value to everyone who may see them.
var claimedLabels = []graph.Label{graph.KindPerson, graph.RoleVictim, graph.RoleRecruiter, graph.KindOrganization, graph.KindCompound, graph.KindBankAccount}

// personLabels are the labels whose nodes may be victims whose name is
// withheld from the reader.
var personLabels = []graph.Label{graph.KindPerson, graph.RoleVictim, graph.RoleRecruiter}

// withheldName is true when a victim's name is withheld from the reader
// (see Scope.withholdsName): a victim in a visible case, whose own case
// (the first of its sources) the reader does not see, and who did not
// consent as far as the reader's cases say. It errs towards withholding:
// unless every visible case that states consent says true, the name
// neither matches a filter nor gives the order.
var withheldName = "(n:Victim AND " + victimInScope + " AND NOT coalesce(n.ownCase, n.sources[0]) IN $scopeCases" +
	" AND NOT (any(c IN $scopeCases WHERE n['claim:' + c] CONTAINS '\"consentToShare\":true')" +
	" AND NOT any(c IN $scopeCases WHERE n['claim:' + c] CONTAINS '\"consentToShare\":false')))"

// visibleEnum is the condition that the value a scoped reader is shown of
// an enum property (the node's own when a visible claim gives it, else the
// first visible claim's by case id: Scope.viewProps) equals $param. A
// claim's JSON holds "prop":"VALUE" only as a property (a quote inside a
// value is escaped), and enum values need no escaping.
func visibleEnum(prop, param string) string {
	has := func(value string) string {
		return "n['claim:' + c] CONTAINS ('\"" + prop + "\":\"' + " + value + " + '\"')"
	}
	first := "head([c IN $scopeCases WHERE n['claim:' + c] CONTAINS '\"" + prop + "\":\"' | c])"
	return "(CASE WHEN any(c IN $scopeCases WHERE " + has("n."+prop) + ") THEN n." + prop + " = $" + param +
		"\n     ELSE coalesce(n['claim:' + " + first + "] CONTAINS ('\"" + prop + "\":\"' + $" + param + " + '\"'), false) END)"
}

// visibleTime is the earliest (cmp "<") or latest (">") of the visible
// cases' times under prefix, in epoch milliseconds; a node without them (a
// country, a case file) sorts by its own.
func visibleTime(prefix, cmp, own string) string {
	t := "n['" + prefix + "' + c]"
	return "coalesce(reduce(m = null, c IN $scopeCases | CASE WHEN " + t + " IS NOT NULL AND (m IS NULL OR " + t + " " + cmp + " m) THEN " + t + " ELSE m END), " + own + ").epochMillis"
}

// visibleSortKey is the key a scoped reader's list sorts by (what the
// reader is shown: a withheld name sorts as one, a name only a hidden case
// gives sorts as none), and the earliest and latest visible case times.
func visibleSortKey(sh listShape) string {
	switch sh.field {
	case graph.ListOrderFieldName:
		if !slices.Contains(claimedLabels, sh.label) {
			return "n.sortName"
		}
		key := "CASE WHEN any(c IN $scopeCases WHERE n['" + graph.SortKeyPrefix + "' + c] = n.sortName) THEN n.sortName" +
			"\n     ELSE coalesce(head([c IN $scopeCases WHERE n['" + graph.SortKeyPrefix + "' + c] IS NOT NULL | n['" + graph.SortKeyPrefix + "' + c]]), CASE WHEN n.erased THEN n.sortName ELSE '' END) END"
		if slices.Contains(personLabels, sh.label) {
			key = "CASE WHEN " + withheldName + " THEN '" + strings.ToLower(graph.WithheldName) + "' ELSE " + key + " END"
		}
		return key
	case graph.ListOrderFieldCreatedAt:
		return visibleTime(graph.CreatedKeyPrefix, "<", "n.createdAt")
	case graph.ListOrderFieldUpdatedAt:
		return visibleTime(graph.UpdatedKeyPrefix, ">", "n.updatedAt")
	}
	return sortKeys[sh.field]
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
	b.WriteString("MATCH (n:" + string(sh.label))
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
	// A scoped reader's order is computed per node (visibleSortKey), so
	// only readers of every case read the index in order.
	indexOrder := sh.field == graph.ListOrderFieldName && !sh.scoped
	if indexOrder && !sh.count && !sh.byCase {
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
	claimed := sh.scoped && slices.Contains(claimedLabels, sh.label)
	switch {
	case sh.name && claimed:
		conds = append(conds, "any(c IN $scopeCases WHERE any(x IN coalesce(n['"+graph.NamesKeyPrefix+"' + c], []) WHERE x CONTAINS $nameContains))")
		if slices.Contains(personLabels, sh.label) {
			conds = append(conds, "NOT "+withheldName)
		}
	case sh.name:
		conds = append(conds, "(toLower(coalesce(n.name, n.title, '')) CONTAINS $nameContains\n"+
			"     OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS $nameContains))")
	}
	if sh.status && claimed {
		conds = append(conds, visibleEnum("status", "status"))
	} else if sh.status {
		conds = append(conds, "n.status = $status")
	}
	if sh.kind && claimed {
		conds = append(conds, visibleEnum("kind", "kind"))
	} else if sh.kind {
		conds = append(conds, "n.kind = $kind")
	}
	if sh.region {
		conds = append(conds, "n.region = $region")
	}
	if sh.country {
		conds = append(conds, "(n.code = $country OR n.country = $country\n"+
			"     OR EXISTS { MATCH (n)-[r:NATIONAL_OF|LOCATED_IN]->(:Country {code: $country}) WHERE "+visible("r")+" })")
	}
	key := sortKeys[sh.field]
	if sh.scoped {
		key = visibleSortKey(sh)
	}
	if sh.after && indexOrder {
		conds = append(conds, "(n.sortName "+cmp+" $afterKey OR (n.sortName = $afterKey AND n.id "+cmp+" $afterId))")
	}
	b.WriteString("\nWHERE " + strings.Join(conds, "\n  AND "))
	switch {
	case sh.count:
		b.WriteString("\nRETURN count(n) AS total")
	case indexOrder:
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
