package casefile

import (
	"slices"

	"github.com/scamgraph/scamgraph/graph"
)

// typeFields are the fields each entity type takes, as prepareEntity
// reads them. A mapping is checked against them because prepareEntity
// leaves out a field its type does not take without a word: a mapping
// that gives a Person an accountNumber would otherwise lose a column of
// every row silently.
var typeFields = map[string][]string{
	"Person": {"id", "roles", "name", "aliases", "gender", "birthDate", "nationality", "victimType", "status",
		"controlMethods", "consentToShare", "activeFrom", "activeTo"},
	"Organization": {"id", "roles", "name", "aliases", "kind", "country", "registrationNumber", "activeFrom", "activeTo"},
	"Compound": {"id", "name", "aliases", "status", "country", "city", "address", "lat", "lon", "location.lat", "location.lon",
		"estimatedWorkers", "scamTypes"},
	"BankAccount": {"id", "kind", "country", "institution", "bankCode", "accountNumber", "iban", "currency", "chain", "status", "name"},
}

// kindOf is the kind an entity type is stored as.
func kindOf(typ string) string {
	switch typ {
	case "Victim", "Recruiter":
		return "Person"
	}
	return typ
}

// takesIdentifiers: an account is its own identifier.
func takesIdentifiers(typ string) bool { return kindOf(typ) != "BankAccount" }

// linkTakes says whether a link type has field f (a lasting link reads a
// date as its since, see prepareLink).
func linkTakes(typ, f string) bool {
	props := graph.LinkProps[graph.RelType(typ)]
	return slices.Contains(props, f) || (f == "date" && slices.Contains(props, "since"))
}

// labels are the kind and role an entity rule's records have, or nil when
// its roles come from the sheet (then only the import can tell).
func (r *entityRule) labels() []graph.Label {
	for _, f := range r.fields {
		if f.name == "roles" {
			return nil
		}
	}
	ls := []graph.Label{graph.Label(kindOf(r.typ))}
	if r.typ != kindOf(r.typ) {
		ls = append(ls, graph.Label(r.typ))
	}
	return ls
}

// joins says whether an entity rule's records can be an end that wants
// one of want.
func (r *entityRule) joins(want []graph.Label) bool {
	ls := r.labels()
	return ls == nil || slices.ContainsFunc(ls, func(l graph.Label) bool { return slices.Contains(want, l) })
}
