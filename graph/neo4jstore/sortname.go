package neo4jstore

import (
	"github.com/scamgraph/scamgraph/graph"
)

// Lists sorted by NAME (the default order of every list) read an index in
// order and stop at the page's end, instead of sorting every node of the
// label (docs/decisions.md, "Lists read a sort-key index").
// Neo4j indexes properties, not expressions, so every write that changes
// what a node sorts by also stores the key itself as `sortName`:
// sortNameOf is that key, the lower-cased name (title of a case file,
// value of an identifier, number of an account without a holder name).
// The writes that set it: upsertEntityTmpl, seedCountriesCypher,
// attachIdentifiersCypher, saveCaseFileCypher, retractWriteCypher and
// eraseVictimCypher; BackfillSortNames fills it in for data written before.

// sortNameOf is the Cypher expression of a node variable's sort key. It is
// concatenated only with constant variable names from this package.
func sortNameOf(v string) string {
	return "toLower(coalesce(" + v + ".name, " + v + ".title, " + v + ".code, " + v + ".value, " + v + ".accountNumber, ''))"
}

// sortNameLabels are the labels with a sortName index: every kind of node
// (their counts add up to all nodes, which is how the backfill knows it is
// done) and the two role labels, which lists enumerate on their own.
var sortNameLabels = []graph.Label{graph.KindPerson, graph.RoleVictim, graph.RoleRecruiter, graph.KindOrganization, graph.KindCompound, graph.KindBankAccount, graph.KindIdentifier, graph.KindCaseFile, graph.KindCountry}

func sortNameIndexes() []string {
	var out []string
	for _, l := range sortNameLabels {
		out = append(out, "CREATE INDEX sort_name_"+string(l)+" IF NOT EXISTS FOR (n:"+string(l)+") ON (n.sortName)")
	}
	return out
}
