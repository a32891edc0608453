// Package neo4jstore keeps the knowledge graph in Neo4j: the schema and
// its constraints, the statements, the reads and writes, the traversals
// (neighbourhoods, paths, money trails, flows, timelines, overlaps) and the
// start-up migrations (migrate.go). It turns graph's values into Cypher
// parameters and stored records back into graph's values.
//
// Its rules:
//   - Cypher text is constant; values travel as parameters. Labels and
//     relationship types that vary are spliced from graph's allow-lists,
//     never from caller input; a case's label is spliced only from an id
//     that graph.CaseIDPattern allows, backquoted (caselabels.go).
//   - Reads run in managed read transactions (so a neo4j:// URI routes them
//     to followers), writes in managed write transactions; every
//     transaction carries a timeout and every variable-length pattern and
//     list is bounded.
//   - Every read takes a graph.Scope and decides visibility inside the
//     Cypher: what the scope may not see never leaves the database. (Go
//     then works only on visible values, such as search checking a
//     candidate's visible names.)
//   - Every node and relationship records the case files that mention it
//     in its `sources` property (provenance) and each case's word as a
//     claim; an entity disappears only when no case mentions it any more.
//
// Choices made for speed (sort keys, case labels, statement shapes) and
// their measurements are in docs/decisions.md.
package neo4jstore
