package export

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
)

// Case-file export: one case in the JSON case-file format
// (docs/formats.md), which `scamgraph import` reads back. It is the
// round-trip and backup format, so it writes the case's own word: sg must
// be read with graph.Scope.CaseWord(caseID), which gives every node and
// relationship the values and roles this case's claims hold, not those
// another case changed last.

// CaseFile builds the JSON case file of case c from sg, what the case
// mentions (CaseSubgraph read as the case's word). Nationalities,
// countries and identifiers (NATIONAL_OF, LOCATED_IN, USES) become fields
// of their entities; entities keep their refs, so the ids come back the
// same on import. An entity whose id is not this case's own (another
// case's person, attached to) is written with its id, so that the import
// attaches to it again: that case must be imported first.
func CaseFile(c *graph.CaseFile, sg graph.Subgraph) (*CaseDoc, error) {
	if sg.Truncated {
		return nil, fmt.Errorf("case %s is larger than an export holds (%d records): it cannot be written whole", c.ID, graph.MaxCaseExport)
	}
	out := &CaseDoc{Case: casefile.CaseHeader{
		ID: c.ID, Title: c.Title, Agency: c.Agency, Country: c.Country, Classification: c.Classification,
		Status: c.Status, Description: c.Description,
	}}
	// An empty case still has its lists: the import wants arrays.
	out.Entities, out.Links = []CaseEntity{}, []casefile.Link{}
	if c.OpenedAt != "" {
		d := c.OpenedAt
		out.Case.OpenedAt = &d
	}
	if c.Fictional {
		t := true
		out.Case.Fictional = &t
	}
	nodes := map[string]graph.Node{}
	for _, n := range sg.Nodes {
		nodes[n.GetID()] = n
	}
	// Fields that are relationships in the graph.
	nationality := map[string][]string{}
	country := map[string]string{}
	idents := map[string][]graph.IdentifierInput{}
	var links []graph.Link
	for _, l := range sg.Links {
		from, to := l.Ends()
		switch l.LinkType() {
		case graph.RelNationalOf:
			if k, ok := nodes[to].(*graph.Country); ok {
				nationality[from] = append(nationality[from], k.Code)
			}
		case graph.RelLocatedIn:
			if k, ok := nodes[to].(*graph.Country); ok {
				country[from] = k.Code
			}
		case graph.RelUses:
			if i, ok := nodes[to].(*graph.Identifier); ok {
				idents[from] = append(idents[from], graph.IdentifierInput{Kind: i.Kind, Value: i.Value})
			}
		default:
			links = append(links, l)
		}
	}
	refs := map[string]string{}
	usedRefs := map[string]bool{}
	// entity starts the record of node n, with its ref (and id when the
	// import must attach rather than derive it).
	entity := func(id, prefix, typ string) CaseEntity {
		e := CaseEntity{Entity: casefile.Entity{Type: typ}}
		rest, _ := strings.CutPrefix(id, prefix+":")
		if ref, ok := strings.CutPrefix(id, prefix+":"+c.ID+":"); ok {
			e.Ref = ref
		} else if prefix != "account" && !strings.Contains(rest, ":") {
			// Typed in through the API without a ref (<prefix>:<uuid>): no
			// import can make that id again, so the uuid becomes the ref
			// and the entity comes back as <prefix>:<case>:<uuid>.
			e.Ref = rest
		} else {
			// Not derived from this case's refs: an account (its key is
			// derived from its fields), another case's entity (attached
			// by id) or an entity typed in without a ref.
			e.Ref = strings.NewReplacer(":", ".", "+", "", "@", ".", " ", "_").Replace(id)
			if prefix != "account" {
				e.ID = &id
			}
		}
		for usedRefs[e.Ref] {
			e.Ref += "_"
		}
		usedRefs[e.Ref] = true
		refs[id] = e.Ref
		e.Nationality = nationality[id]
		e.Identifiers = idents[id]
		if cc, ok := country[id]; ok {
			e.Country = &cc
		}
		return e
	}
	ordered := append([]graph.Node(nil), sg.Nodes...)
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].GetID() < ordered[j].GetID() })
	for _, n := range ordered {
		switch v := n.(type) {
		case *graph.Person:
			e := entity(v.ID, "person", "Person")
			for _, r := range v.Roles() {
				if r == graph.RecruiterRole {
					e.Roles = append(e.Roles, string(graph.RoleRecruiter))
				} else {
					e.Roles = append(e.Roles, string(graph.RoleVictim))
				}
			}
			e.Name, e.Aliases, e.Gender, e.BirthDate = str(v.Name), v.Aliases, (*string)(v.Gender), date(v.BirthDate)
			if v.Name == graph.WithheldName {
				// Withheld from this reader (victim protection): the
				// placeholder is not the case's word, so it is left out
				// rather than written as a name an import would keep.
				e.Name, e.Aliases = nil, nil
			}
			e.VictimType, e.Status, e.ConsentToShare = (*string)(v.VictimType), (*string)(v.Status), v.ConsentToShare
			for _, m := range v.ControlMethods {
				e.ControlMethods = append(e.ControlMethods, string(m))
			}
			e.ActiveFrom, e.ActiveTo = date(v.ActiveFrom), date(v.ActiveTo)
			e.keepEmpty("aliases", v.Aliases)
			e.keepEmpty("controlMethods", v.ControlMethods)
			out.Entities = append(out.Entities, e)
		case *graph.Organization:
			e := entity(v.ID, "organization", "Organization")
			if v.IsRecruiter {
				e.Roles = []string{string(graph.RoleRecruiter)}
			}
			e.Name, e.Aliases, e.Kind, e.RegistrationNumber = str(v.Name), v.Aliases, (*string)(v.Kind), v.RegistrationNumber
			e.ActiveFrom, e.ActiveTo = date(v.ActiveFrom), date(v.ActiveTo)
			e.keepEmpty("aliases", v.Aliases)
			out.Entities = append(out.Entities, e)
		case *graph.Compound:
			e := entity(v.ID, "compound", "Compound")
			e.Name, e.Aliases, e.Status, e.City, e.Address = str(v.Name), v.Aliases, (*string)(v.Status), v.City, v.Address
			if loc := v.Location(); loc != nil {
				e.Location = &graph.LocationInput{Lat: loc.Lat, Lon: loc.Lon}
			}
			e.EstimatedWorkers = v.EstimatedWorkers
			for _, s := range v.ScamTypes {
				e.ScamTypes = append(e.ScamTypes, string(s))
			}
			e.keepEmpty("aliases", v.Aliases)
			e.keepEmpty("scamTypes", v.ScamTypes)
			out.Entities = append(out.Entities, e)
		case *graph.BankAccount:
			e := entity(v.ID, "account", "BankAccount")
			kind := string(v.Kind)
			e.Kind, e.Institution, e.BankCode, e.AccountNumber, e.Iban = &kind, v.Institution, v.BankCode, v.AccountNumber, v.Iban
			e.Currency, e.Chain, e.Status, e.Name = v.Currency, v.Chain, (*string)(v.Status), v.HolderName
			out.Entities = append(out.Entities, e)
		}
	}
	sort.Slice(links, func(i, j int) bool { return links[i].LinkID() < links[j].LinkID() })
	for _, l := range links {
		from, to := l.Ends()
		rec := casefile.Link{Type: string(l.LinkType()), From: refs[from], To: refs[to]}
		if rec.From == "" {
			// Ids are not repeated: an account's holds its number.
			return nil, fmt.Errorf("relationship %s starts at an entity the case does not mention", l.LinkID())
		}
		switch v := l.(type) {
		case *graph.Recruitment:
			rec.Date, rec.Channel, rec.Method, rec.PromisedJob, rec.PromisedSalary = date(v.Date), (*string)(v.Channel), (*string)(v.Method), v.PromisedJob, v.PromisedSalary
		case *graph.RecruitsFor:
			rec.Since, rec.Until = date(v.Since), date(v.Until)
		case *graph.Detention:
			rec.Since, rec.Until = date(v.Since), date(v.Until)
		case *graph.Operation:
			rec.Since, rec.Until = date(v.Since), date(v.Until)
		case *graph.JourneyStep:
			k, ok := nodes[to].(*graph.Country)
			if !ok {
				return nil, fmt.Errorf("journey step %s does not end in a country", l.LinkID())
			}
			order := v.Order
			rec.To, rec.Order, rec.Date, rec.Mode = k.Code, &order, date(v.Date), (*string)(v.Mode)
		case *graph.Membership:
			rec.Role = v.Role
		case *graph.Holding:
			rec.Role = (*string)(v.Role)
		case *graph.Transfer:
			amount, cur := v.Amount, v.Currency
			rec.TxID, rec.Amount, rec.Currency, rec.AmountUsd, rec.Date, rec.Reference = v.TxID, &amount, &cur, v.AmountUsd, date(v.Date), v.Reference
		case *graph.Payment:
			amount, cur := v.Amount, v.Currency
			rec.Amount, rec.Currency, rec.AmountUsd, rec.Date, rec.Reason = &amount, &cur, v.AmountUsd, date(v.Date), (*string)(v.Reason)
		case *graph.Relocation:
			rec.Date = date(v.Date)
		}
		if rec.To == "" {
			return nil, fmt.Errorf("relationship %s ends at an entity the case does not mention", l.LinkID())
		}
		out.Links = append(out.Links, rec)
	}
	return out, nil
}

// CaseDoc is a JSON case file as the export writes it: casefile.Case's
// shape, with entities that keep the lists the case gave as empty.
type CaseDoc struct {
	Case     casefile.CaseHeader `json:"case"`
	Entities []CaseEntity        `json:"entities"`
	Links    []casefile.Link     `json:"links"`
}

// CaseEntity is an entity record that also writes the lists the case gave
// explicitly empty (`"aliases": []`): the case's claim holds them, and
// casefile.Entity's omitempty would drop them, so that the import back
// would not.
type CaseEntity struct {
	casefile.Entity
	empty []string
}

// keepEmpty notes a list field that the case gave empty (a non-nil empty
// slice when decoded).
func (e *CaseEntity) keepEmpty(field string, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice && !rv.IsNil() && rv.Len() == 0 {
		e.empty = append(e.empty, field)
	}
}

// MarshalJSON writes the entity with its explicitly empty lists.
func (e CaseEntity) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(e.Entity)
	if err != nil || len(e.empty) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, f := range e.empty {
		m[f] = json.RawMessage("[]")
	}
	return json.Marshal(m)
}

func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func date(d graph.PartialDate) *graph.PartialDate {
	if d == "" {
		return nil
	}
	return &d
}
