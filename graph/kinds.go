package graph

import (
	"slices"
	"strings"
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
	from, to []string
	newLink  func() Link
}

var linkRules = map[string]linkRule{
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
	out := make([]string, 0, len(linkRules))
	for t := range linkRules {
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

// edgeQueries holds, per relationship type and direction, the constant
// statement that loads the relationships of many nodes at once (one round
// trip per dataloader batch). The type is spliced from the allow-list above.
var edgeQueries = map[string][2]string{}

// edgesPerNode caps how many relationships of one type one node returns;
// the API says so when it cuts (see EdgePage).
const edgesPerNode = 1000

func init() {
	const tmpl = `
UNWIND $ids AS key
MATCH (a:Entity {id: key})ARROW
WHERE VIS_R AND (b:Country OR VIS_B)
WITH key, r, b ORDER BY coalesce(r.order, 0), coalesce(VIEW_DATE, VIEW_SINCE, ""), r.id
WITH key, collect({r: r, b: b, from: startNode(r).id, to: endNode(r).id}) AS items
RETURN key, items[..$cap] AS items, size(items) > $cap AS truncated`
	for t := range linkRules {
		view := []string{"VIS_R", visible("r"), "VIS_B", visible("b"), "VIEW_DATE", linkViewProp("r", "date"), "VIEW_SINCE", linkViewProp("r", "since")}
		out := strings.NewReplacer(append([]string{"ARROW", "-[r:" + t + "]->(b)"}, view...)...).Replace(tmpl)
		in := strings.NewReplacer(append([]string{"ARROW", "<-[r:" + t + "]-(b)"}, view...)...).Replace(tmpl)
		edgeQueries[t] = [2]string{out, in}
	}
}
