package graph

import (
	"slices"
)

// The allow-lists: every label and relationship type that appears in Cypher
// built by this package comes from here, never from input.

// Entity kinds that carry their own label next to :Entity.
const (
	KindPerson       = "Person"
	KindOrganization = "Organization"
	KindCompound     = "Compound"
	KindBankAccount  = "BankAccount"
	KindIdentifier   = "Identifier"
	KindCaseFile     = "CaseFile"
	KindCountry      = "Country"
)

// Role labels.
const (
	RoleRecruiter = "Recruiter"
	RoleVictim    = "Victim"
)

// linkRule says which nodes a relationship type may join. A side is a list
// of labels, any one of which the node must carry.
type linkRule struct {
	From, To []string
	NewLink  func() Link
}

var LinkRules = map[string]linkRule{
	"RECRUITED":    {[]string{RoleRecruiter}, []string{RoleVictim}, func() Link { return &Recruitment{} }},
	"RECRUITS_FOR": {[]string{RoleRecruiter}, []string{KindCompound}, func() Link { return &RecruitsFor{} }},
	"HELD_AT":      {[]string{RoleVictim}, []string{KindCompound}, func() Link { return &Detention{} }},
	"TRANSITED":    {[]string{RoleVictim}, []string{KindCountry}, func() Link { return &JourneyStep{} }},
	"NATIONAL_OF":  {[]string{KindPerson}, []string{KindCountry}, func() Link { return &Nationality{} }},
	"LOCATED_IN":   {[]string{KindCompound, KindOrganization, KindBankAccount}, []string{KindCountry}, func() Link { return &Situated{} }},
	"OPERATED_BY":  {[]string{KindCompound}, []string{KindOrganization}, func() Link { return &Operation{} }},
	"MEMBER_OF":    {[]string{KindPerson}, []string{KindOrganization}, func() Link { return &Membership{} }},
	"HOLDS":        {[]string{KindPerson, KindOrganization, KindCompound}, []string{KindBankAccount}, func() Link { return &Holding{} }},
	"TRANSFERRED":  {[]string{KindBankAccount}, []string{KindBankAccount}, func() Link { return &Transfer{} }},
	"PAID":         {[]string{RoleVictim}, []string{KindBankAccount}, func() Link { return &Payment{} }},
	"USES":         {[]string{KindPerson, KindOrganization, KindCompound}, []string{KindIdentifier}, func() Link { return &Usage{} }},
	"RELOCATED_TO": {[]string{KindCompound}, []string{KindCompound}, func() Link { return &Relocation{} }},
}

// LinkTypes lists the relationship types the model knows, sorted.
func LinkTypes() []string {
	out := make([]string, 0, len(LinkRules))
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
