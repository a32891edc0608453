package neo4jstore

import "strings"

// treeHead is how a plan's statement begins: text that sets s0, the ids
// its top steps start from, and may read more (the roots, a list's page),
// which it carries through the steps and returns beside the pages.
type treeHead struct {
	text     string
	returned string // the variable returned before the pages, if any
}

var (
	// idsHead starts from the ids the caller read before ($ids).
	idsHead = treeHead{text: "WITH $ids AS s0"}
	// rootsHead reads the roots themselves too, as NodesByID does, and
	// starts from those of them with the label $rootLabel.
	rootsHead = treeHead{text: `MATCH (root:Entity) WHERE root.id IN $ids AND (root:Country OR ` + visible("root") + `)
WITH collect(root) AS roots
WITH roots, [x IN roots WHERE $rootLabel IN labels(x) | x.id] AS s0`, returned: "roots"}
)

// listHead reads a list's page (a list statement, which returns n and its
// order key k) as rows [n, k] in order, and starts from the page's first
// $first nodes (the statement reads one more, to tell a next page).
func listHead(list string) (treeHead, bool) {
	i := strings.LastIndex(list, "\nRETURN n")
	if i < 0 {
		return treeHead{}, false
	}
	return treeHead{text: list[:i] + "\nWITH n" + list[i+len("\nRETURN n"):] + `
WITH collect([n, k]) AS rows
WITH rows, [x IN rows[..$first] | x[0].id] AS s0`, returned: "rows"}, true
}
