package model

import "github.com/scamgraph/scamgraph/graph"

// Connections are written by hand (not generated) so that they carry the
// list query that produced them: totalCount is then resolved, and costs a
// count query, only when a client asks for it.

// ListQuery is the query behind a connection.
type ListQuery struct {
	Query graph.ListQuery
}

// Connection is a page of nodes in the Relay connection shape. E is the
// page's edge type (CountryEdge, VictimEdge, ...), which gqlgen generates.
type Connection[E any] struct {
	ListQuery
	Edges    []*E
	PageInfo *PageInfo
}

// The connections gqlgen.yml binds, one a list of the schema. They are
// defined types, not aliases, of Connection's instances: gqlgen then writes
// their names (not Connection[...]) into the generated code, and a
// *Connection[E] converts to them as it is.
type (
	CountryConnection      Connection[CountryEdge]
	RecruiterConnection    Connection[RecruiterEdge]
	VictimConnection       Connection[VictimEdge]
	PersonConnection       Connection[PersonEdge]
	CompoundConnection     Connection[CompoundEdge]
	OrganizationConnection Connection[OrganizationEdge]
	BankAccountConnection  Connection[BankAccountEdge]
	CaseFileConnection     Connection[CaseFileEdge]
)
