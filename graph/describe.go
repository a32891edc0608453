package graph

import (
	"strings"
)

// Drawn is a node as a link chart or an export shows it.
type Drawn struct {
	ID         string
	Type       Label
	Label      string
	Roles      []Role
	Properties map[string]any
}

// Draw describes a node for link charts and exports: its model type, a
// label (name, account number, identifier value, title or code) and its
// properties under their stored names.
func Draw(n Node) Drawn {
	d := Describe(n)
	d.Properties = propsOf(n)
	return d
}

// Describe is Draw without the properties, which cost the most to build:
// the API builds them only when a client asks for them.
func Describe(n Node) Drawn {
	d := Drawn{ID: n.GetID()}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	switch v := n.(type) {
	case *Person:
		d.Type, d.Label, d.Roles = KindPerson, v.Name, v.Roles()
	case *Organization:
		d.Type, d.Label = KindOrganization, v.Name
		if v.IsRecruiter {
			d.Roles = []Role{RecruiterRole}
		}
	case *Compound:
		d.Type, d.Label = KindCompound, v.Name
	case *BankAccount:
		d.Type = KindBankAccount
		d.Label = strings.TrimSpace(str(v.Institution) + " " + str(v.AccountNumber))
		if d.Label == "" {
			d.Label = v.AccountKey
		}
	case *Identifier:
		d.Type, d.Label = KindIdentifier, string(v.Kind)+" "+v.Value
	case *CaseFile:
		d.Type, d.Label = KindCaseFile, v.Title
	case *Country:
		d.Type, d.Label = KindCountry, v.Name
	}
	if d.Roles == nil {
		d.Roles = []Role{}
	}
	return d
}

// NodeProperties are a node's properties under their stored names.
func NodeProperties(n Node) map[string]any { return propsOf(n) }

// LinkProperties are a relationship's properties under their stored names.
func LinkProperties(l Link) map[string]any { return propsOf(l) }

// LinkCases are the case ids that assert a relationship.
func LinkCases(l Link) []string {
	type cased interface{ cases() []string }
	return l.(cased).cases()
}

func (e *Edge) cases() []string { return e.CaseIDs }
