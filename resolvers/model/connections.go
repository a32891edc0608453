package model

import "github.com/scamgraph/scamgraph/graph"

// Connections are written by hand (not generated) so that they carry the
// list query that produced them: totalCount is then resolved, and costs a
// count query, only when a client asks for it.

// ListQuery is the query behind a connection.
type ListQuery struct {
	Query graph.ListQuery
}

// CountryConnection is a page of Country nodes in the Relay connection shape.
type CountryConnection struct {
	ListQuery
	Edges    []*CountryEdge
	PageInfo *PageInfo
}

// RecruiterConnection is a page of Recruiter nodes in the Relay connection shape.
type RecruiterConnection struct {
	ListQuery
	Edges    []*RecruiterEdge
	PageInfo *PageInfo
}

// VictimConnection is a page of Victim nodes in the Relay connection shape.
type VictimConnection struct {
	ListQuery
	Edges    []*VictimEdge
	PageInfo *PageInfo
}

// PersonConnection is a page of Person nodes in the Relay connection shape.
type PersonConnection struct {
	ListQuery
	Edges    []*PersonEdge
	PageInfo *PageInfo
}

// CompoundConnection is a page of Compound nodes in the Relay connection shape.
type CompoundConnection struct {
	ListQuery
	Edges    []*CompoundEdge
	PageInfo *PageInfo
}

// OrganizationConnection is a page of Organization nodes in the Relay connection shape.
type OrganizationConnection struct {
	ListQuery
	Edges    []*OrganizationEdge
	PageInfo *PageInfo
}

// BankAccountConnection is a page of BankAccount nodes in the Relay connection shape.
type BankAccountConnection struct {
	ListQuery
	Edges    []*BankAccountEdge
	PageInfo *PageInfo
}

// CaseFileConnection is a page of CaseFile nodes in the Relay connection shape.
type CaseFileConnection struct {
	ListQuery
	Edges    []*CaseFileEdge
	PageInfo *PageInfo
}
