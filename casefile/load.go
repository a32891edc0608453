package casefile

import (
	"context"
	"fmt"
	"slices"

	"github.com/scamgraph/scamgraph/graph"
)

// Report counts what a load did. Loading the same file twice reports
// everything as unchanged the second time.
type Report struct {
	Created, Updated, Unchanged int
}

func (r *Report) add(res graph.WriteResult) {
	switch {
	case res.Created:
		r.Created++
	case res.Updated:
		r.Updated++
	default:
		r.Unchanged++
	}
}

// Load writes a case file entity by entity and link by link. It stops at
// the first error, naming the entity or link; each write is its own
// transaction and idempotent, so running it again after fixing the file
// completes it. (Batched, all-or-nothing imports come with the import issue.)
func Load(ctx context.Context, store *graph.Store, c *Case) (Report, error) {
	var rep Report
	h := c.Case
	res, err := store.SaveCaseFile(ctx, graph.CaseFileInput{
		ID: h.ID, Title: h.Title, Agency: h.Agency, Country: h.Country, Classification: h.Classification,
		OpenedAt: h.OpenedAt, Status: h.Status, Description: h.Description, Fictional: h.Fictional,
	})
	if err != nil {
		return rep, fmt.Errorf("case: %w", err)
	}
	rep.add(res)
	ids := map[string]string{}
	for i, e := range c.Entities {
		res, err := saveEntity(ctx, store, h.ID, e)
		if err != nil {
			return rep, fmt.Errorf("entities[%d] (ref %s): %w", i, e.Ref, err)
		}
		if _, dup := ids[e.Ref]; dup {
			return rep, fmt.Errorf("entities[%d]: ref %s is used twice", i, e.Ref)
		}
		ids[e.Ref] = res.ID
		rep.add(res)
	}
	for i, l := range c.Links {
		from, ok := ids[l.From]
		if !ok {
			return rep, fmt.Errorf("links[%d] (%s): from: no entity has ref %q", i, l.Type, l.From)
		}
		to, ok := ids[l.To]
		if !ok {
			if l.Type != "TRANSITED" {
				return rep, fmt.Errorf("links[%d] (%s): to: no entity has ref %q", i, l.Type, l.To)
			}
			to = l.To // a country code
		}
		res, err := store.AddLink(ctx, graph.LinkInput{
			CaseID: h.ID, Type: l.Type, From: from, To: to, Date: l.Date, Since: l.Since, Until: l.Until,
			Channel: l.Channel, Method: l.Method, PromisedJob: l.PromisedJob, PromisedSalary: l.PromisedSalary,
			Order: l.Order, Mode: l.Mode, Role: l.Role, TxID: l.TxID, Amount: l.Amount, Currency: l.Currency,
			AmountUsd: l.AmountUsd, Reference: l.Reference, Reason: l.Reason,
		})
		if err != nil {
			return rep, fmt.Errorf("links[%d] (%s %s->%s): %w", i, l.Type, l.From, l.To, err)
		}
		rep.add(res)
	}
	return rep, nil
}

func saveEntity(ctx context.Context, store *graph.Store, caseID string, e Entity) (graph.WriteResult, error) {
	ref := &e.Ref
	roles := slices.Clone(e.Roles)
	switch e.Type {
	case "Recruiter", "Victim":
		roles = append(roles, e.Type)
		e.Type = "Person"
	}
	switch e.Type {
	case "Person":
		for _, r := range roles {
			if r != graph.RoleRecruiter && r != graph.RoleVictim {
				return graph.WriteResult{}, &graph.ValidationError{Field: "roles", Reason: "a person's roles are Recruiter and Victim"}
			}
		}
		in := graph.PersonInput{
			CaseID: caseID, Ref: ref, PersonID: e.ID, Name: e.Name, Aliases: e.Aliases, Gender: e.Gender,
			BirthDate: e.BirthDate, Nationality: e.Nationality, Identifiers: e.Identifiers,
			VictimType: e.VictimType, Status: e.Status, ControlMethods: e.ControlMethods, ConsentToShare: e.ConsentToShare,
			ActiveFrom: e.ActiveFrom, ActiveTo: e.ActiveTo,
		}
		return store.SavePerson(ctx, "", slices.Compact(slices.Sorted(slices.Values(roles))), in)
	case "Organization":
		recruits := slices.Contains(roles, graph.RoleRecruiter)
		return store.SaveOrganization(ctx, deref(e.ID), graph.OrganizationInput{
			CaseID: caseID, Ref: ref, Name: e.Name, Aliases: e.Aliases, Kind: e.Kind, Country: e.Country,
			RegistrationNumber: e.RegistrationNumber, IsRecruiter: &recruits, ActiveFrom: e.ActiveFrom, ActiveTo: e.ActiveTo,
			Identifiers: e.Identifiers,
		})
	case "Compound":
		return store.SaveCompound(ctx, deref(e.ID), graph.CompoundInput{
			CaseID: caseID, Ref: ref, Name: e.Name, Aliases: e.Aliases, Status: e.Status, Country: e.Country,
			City: e.City, Address: e.Address, Location: e.Location, EstimatedWorkers: e.EstimatedWorkers,
			ScamTypes: e.ScamTypes, Identifiers: e.Identifiers,
		})
	case "BankAccount":
		return store.SaveBankAccount(ctx, "", graph.BankAccountInput{
			CaseID: caseID, Kind: e.Kind, Country: e.Country, Institution: e.Institution, BankCode: e.BankCode,
			AccountNumber: e.AccountNumber, Iban: e.Iban, Currency: e.Currency, Chain: e.Chain, Status: e.Status,
			HolderName: e.Name,
		})
	}
	return graph.WriteResult{}, &graph.ValidationError{Field: "type", Reason: "must be Person, Recruiter, Victim, Organization, Compound or BankAccount"}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
