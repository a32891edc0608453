package graph

import "strings"

// Drawn is a node as a link chart or an export shows it.
type Drawn struct {
	ID         string
	Type       string
	Label      string
	Roles      []string
	Properties map[string]any
}

// Draw describes a node for link charts and exports: its model type, a
// label (name, account number, identifier value, title or code) and its
// properties under their stored names.
func Draw(n Node) Drawn {
	d := Drawn{ID: n.GetID(), Properties: propsOf(n)}
	str := func(k string) string { s, _ := d.Properties[k].(string); return s }
	switch v := n.(type) {
	case *Person:
		d.Type, d.Label, d.Roles = KindPerson, v.Name, v.Roles()
	case *Organization:
		d.Type, d.Label = KindOrganization, v.Name
		if v.IsRecruiter {
			d.Roles = []string{"RECRUITER"}
		}
	case *Compound:
		d.Type, d.Label = KindCompound, v.Name
	case *BankAccount:
		d.Type = KindBankAccount
		d.Label = strings.TrimSpace(str("institution") + " " + str("accountNumber"))
		if d.Label == "" {
			d.Label = v.AccountKey
		}
	case *Identifier:
		d.Type, d.Label = KindIdentifier, v.Kind+" "+v.Value
	case *CaseFile:
		d.Type, d.Label = KindCaseFile, v.Title
	case *Country:
		d.Type, d.Label = KindCountry, v.Name
	}
	if d.Roles == nil {
		d.Roles = []string{}
	}
	return d
}

// LinkProperties are a relationship's properties under their stored names.
func LinkProperties(l Link) map[string]any { return propsOf(l) }

// LinkCases are the case ids that assert a relationship.
func LinkCases(l Link) []string {
	type cased interface{ cases() []string }
	return l.(cased).cases()
}

func (e *Edge) cases() []string { return e.CaseIDs }
