package graph

import (
	"fmt"
	"slices"
)

// The allow-lists: every label and relationship type that appears in Cypher
// is a Label or a RelType, and the only way from caller input to one of
// them is ParseLabel or ParseRelType, which refuse what is not listed here.
// So the type is the allow-list: a typo in a literal is a compile error
// when it is not one of the constants, and a string from outside cannot
// reach a Cypher splice without passing a parse.

// Label is a Neo4j node label of the model: an entity kind (carried next to
// :Entity) or a person's role label.
type Label string

// Entity kinds that carry their own label next to :Entity.
const (
	KindPerson       Label = "Person"
	KindOrganization Label = "Organization"
	KindCompound     Label = "Compound"
	KindBankAccount  Label = "BankAccount"
	KindIdentifier   Label = "Identifier"
	KindCaseFile     Label = "CaseFile"
	KindCountry      Label = "Country"
)

// Role labels.
const (
	RoleRecruiter Label = "Recruiter"
	RoleVictim    Label = "Victim"
)

// Labels lists every label the model knows, in a fixed order.
var Labels = []Label{KindPerson, KindOrganization, KindCompound, KindBankAccount, KindIdentifier, KindCaseFile, KindCountry, RoleRecruiter, RoleVictim}

// ParseLabel is the one way from a string to a Label: unknown labels are an
// error.
func ParseLabel(s string) (Label, error) {
	if l := Label(s); slices.Contains(Labels, l) {
		return l, nil
	}
	return "", fmt.Errorf("unknown label %q", s)
}

// RelType is a relationship type of the model; GraphQL's RelationshipType
// and LinkType enums are bound to it (gqlgen.yml).
type RelType string

// The relationship types; LinkRules says what each may join.
const (
	RelRecruited   RelType = "RECRUITED"
	RelRecruitsFor RelType = "RECRUITS_FOR"
	RelHeldAt      RelType = "HELD_AT"
	RelTransited   RelType = "TRANSITED"
	RelNationalOf  RelType = "NATIONAL_OF"
	RelLocatedIn   RelType = "LOCATED_IN"
	RelOperatedBy  RelType = "OPERATED_BY"
	RelMemberOf    RelType = "MEMBER_OF"
	RelHolds       RelType = "HOLDS"
	RelTransferred RelType = "TRANSFERRED"
	RelPaid        RelType = "PAID"
	RelUses        RelType = "USES"
	RelRelocatedTo RelType = "RELOCATED_TO"
)

// ParseRelType is the one way from a string to a RelType: a type not in
// LinkRules is an error.
func ParseRelType(s string) (RelType, error) {
	if _, ok := LinkRules[RelType(s)]; ok {
		return RelType(s), nil
	}
	return "", fmt.Errorf("unknown relationship type %q", s)
}

// linkRule says which nodes a relationship type may join. A side is a list
// of labels, any one of which the node must carry.
type linkRule struct {
	From, To []Label
	NewLink  func() Link
}

var LinkRules = map[RelType]linkRule{
	RelRecruited:   {[]Label{RoleRecruiter}, []Label{RoleVictim}, func() Link { return &Recruitment{} }},
	RelRecruitsFor: {[]Label{RoleRecruiter}, []Label{KindCompound, KindOrganization}, func() Link { return &RecruitsFor{} }},
	RelHeldAt:      {[]Label{RoleVictim}, []Label{KindCompound}, func() Link { return &Detention{} }},
	RelTransited:   {[]Label{RoleVictim}, []Label{KindCountry}, func() Link { return &JourneyStep{} }},
	RelNationalOf:  {[]Label{KindPerson}, []Label{KindCountry}, func() Link { return &Nationality{} }},
	RelLocatedIn:   {[]Label{KindCompound, KindOrganization, KindBankAccount}, []Label{KindCountry}, func() Link { return &Situated{} }},
	RelOperatedBy:  {[]Label{KindCompound}, []Label{KindOrganization}, func() Link { return &Operation{} }},
	RelMemberOf:    {[]Label{KindPerson}, []Label{KindOrganization}, func() Link { return &Membership{} }},
	RelHolds:       {[]Label{KindPerson, KindOrganization, KindCompound}, []Label{KindBankAccount}, func() Link { return &Holding{} }},
	RelTransferred: {[]Label{KindBankAccount}, []Label{KindBankAccount}, func() Link { return &Transfer{} }},
	RelPaid:        {[]Label{RoleVictim}, []Label{KindBankAccount}, func() Link { return &Payment{} }},
	RelUses:        {[]Label{KindPerson, KindOrganization, KindCompound}, []Label{KindIdentifier}, func() Link { return &Usage{} }},
	RelRelocatedTo: {[]Label{KindCompound}, []Label{KindCompound}, func() Link { return &Relocation{} }},
}

// LinkTypes lists the relationship types the model knows, sorted.
func LinkTypes() []RelType {
	out := make([]RelType, 0, len(LinkRules))
	for t := range LinkRules {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// Direction of a relationship seen from a node.
type Direction int

const (
	Outgoing Direction = iota
	Incoming
)
