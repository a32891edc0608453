// Package graph is scamgraph's domain: the model of an organised scam
// network (people in recruiter and victim roles, organisations, compounds,
// accounts, identifiers, countries, case files, and the links between
// them), the rules that hold whatever stores it, and the values the
// investigation questions take and return (questions.go, lists.go).
//
// It imports no database driver, no GraphQL and no HTTP, so the API, the
// importers, the exporters and an offline check of a case file share one
// model and one set of rules, and its tests need no Neo4j:
//
//   - Kinds and relationship types are the types Label and RelType
//     (kinds.go): the allow-list is the type, text becomes one only
//     through ParseLabel or ParseRelType, and Cypher that splices a
//     label or a type takes these. The GraphQL enums are bound to
//     graph's named types (enums.go, gqlgen.yml), so a vocabulary
//     travels typed from the schema to the store.
//   - Input is validated and normalised here (validate.go, prepare.go,
//     identifiers.go, accountkey.go, partialdate.go, decimal.go): a write
//     that leaves this package is a graph.Prepared or graph.PreparedLink.
//   - Every case's word about an entity or a link is a claim (claims.go,
//     link_claims.go); a reader sees what the visible cases claim
//     (view.go), through a Scope (scope.go) that only the server builds.
//
// The store that keeps the graph in Neo4j is graph/neo4jstore; names across
// scripts are graph/textsearch; centrality is graph/rank.
package graph
