// Package graph is scamgraph's knowledge graph: the domain types of an
// organised scam network (people in recruiter and victim roles,
// organisations, compounds, accounts, identifiers, countries, case files)
// and everything that reads or writes them in Neo4j.
//
// It knows nothing of GraphQL or HTTP so that the API, the importers and the
// command-line tools share one model and one set of rules:
//
//   - Cypher text is constant; values travel as parameters. Labels and
//     relationship types that vary are chosen from allow-lists in this
//     package (see kinds.go), never from caller input.
//   - Reads run in managed read transactions (so a neo4j:// URI routes them
//     to followers), writes in managed write transactions; every
//     transaction carries a timeout and every variable-length pattern and
//     list is bounded.
//   - Every read takes a Scope: the case files the caller may see. The
//     filter is applied inside the Cypher, never after the fact in Go.
//   - Every node and relationship records the case files that mention it
//     in its `sources` property (provenance); an entity disappears only
//     when no case mentions it any more.
package graph
