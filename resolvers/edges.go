package resolvers

import (
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// The edges of the lists' connections, each made from a node the list
// query returned and its cursor. A list of victims or recruiters holds
// persons (or organisations) in that role: VictimOf and RecruiterOf give
// their view in it.

func countryEdge(n graph.Node, cursor string) *model.CountryEdge {
	return &model.CountryEdge{Node: n.(*graph.Country), Cursor: cursor}
}

func recruiterEdge(n graph.Node, cursor string) *model.RecruiterEdge {
	return &model.RecruiterEdge{Node: graph.RecruiterOf(n), Cursor: cursor}
}

func victimEdge(n graph.Node, cursor string) *model.VictimEdge {
	return &model.VictimEdge{Node: graph.VictimOf(n), Cursor: cursor}
}

func personEdge(n graph.Node, cursor string) *model.PersonEdge {
	return &model.PersonEdge{Node: n.(*graph.Person), Cursor: cursor}
}

func compoundEdge(n graph.Node, cursor string) *model.CompoundEdge {
	return &model.CompoundEdge{Node: n.(*graph.Compound), Cursor: cursor}
}

func organizationEdge(n graph.Node, cursor string) *model.OrganizationEdge {
	return &model.OrganizationEdge{Node: n.(*graph.Organization), Cursor: cursor}
}

func bankAccountEdge(n graph.Node, cursor string) *model.BankAccountEdge {
	return &model.BankAccountEdge{Node: n.(*graph.BankAccount), Cursor: cursor}
}

func caseFileEdge(n graph.Node, cursor string) *model.CaseFileEdge {
	return &model.CaseFileEdge{Node: n.(*graph.CaseFile), Cursor: cursor}
}
