package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// upsertEntityCypher creates or updates one entity of a given kind. The
// label is spliced from the kinds allow-list at init. updatedAt moves only
// when something actually changed, so saving the same data twice changes
// nothing.
const upsertEntityTmpl = `
MERGE (n:Entity {id: $id})
ON CREATE SET n:KIND, n.createdAt = datetime(), n.updatedAt = datetime(), n.sources = [$caseId], n.created = true
WITH n, coalesce(n.created, false) AS created
REMOVE n.created
WITH n, created,
     [k IN keys($props) WHERE n[k] IS NULL OR n[k] <> $props[k]] AS changed,
     NOT $caseId IN n.sources AS newCase,
     [l IN $roles WHERE NOT l IN labels(n)] AS newRoles
SET n += $props
SET n.sources = CASE WHEN newCase THEN n.sources + $caseId ELSE n.sources END
FOREACH (_ IN CASE WHEN 'Recruiter' IN newRoles THEN [1] ELSE [] END | SET n:Recruiter)
FOREACH (_ IN CASE WHEN 'Victim' IN newRoles THEN [1] ELSE [] END | SET n:Victim)
FOREACH (_ IN CASE WHEN NOT created AND (size(changed) > 0 OR newCase OR size(newRoles) > 0) THEN [1] ELSE [] END |
  SET n.updatedAt = datetime())
RETURN created, NOT created AND (size(changed) > 0 OR newCase OR size(newRoles) > 0) AS updated`

var upsertEntityQueries = map[string]string{}

func init() {
	for _, k := range []string{KindPerson, KindOrganization, KindCompound, KindBankAccount} {
		upsertEntityQueries[k] = strings.ReplaceAll(upsertEntityTmpl, "KIND", k)
	}
}

// attachCountriesCypher links an entity to its countries (nationality or
// location) for one case.
const attachCountriesTmpl = `
MATCH (n:Entity {id: $id})
UNWIND $countries AS row
MATCH (c:Country {code: row.code})
MERGE (n)-[r:REL {id: row.relId}]->(c)
ON CREATE SET r.sources = [], r.createdAt = datetime()
SET r.sources = CASE WHEN $caseId IN r.sources THEN r.sources ELSE r.sources + $caseId END`

var attachCountriesQueries = map[string]string{
	"NATIONAL_OF": strings.ReplaceAll(attachCountriesTmpl, "REL", "NATIONAL_OF"),
	"LOCATED_IN":  strings.ReplaceAll(attachCountriesTmpl, "REL", "LOCATED_IN"),
}

// attachIdentifiersCypher merges identifiers by their natural key, so two
// entities in two cases that use one phone number meet on one node.
const attachIdentifiersCypher = `
MATCH (n:Entity {id: $id})
UNWIND $identifiers AS idf
MERGE (i:Identifier {key: idf.Key})
ON CREATE SET i:Entity, i.id = idf.ID, i.kind = idf.Kind, i.value = idf.Value, i.sources = [],
              i.createdAt = datetime(), i.updatedAt = datetime()
SET i.sources = CASE WHEN $caseId IN i.sources THEN i.sources ELSE i.sources + $caseId END
MERGE (n)-[u:USES {id: idf.RelID}]->(i)
ON CREATE SET u.sources = [], u.createdAt = datetime()
SET u.sources = CASE WHEN $caseId IN u.sources THEN u.sources ELSE u.sources + $caseId END`

const labelsOfCypher = `
UNWIND $ids AS key
OPTIONAL MATCH (n:Entity {id: key})
RETURN key, labels(n) AS labels`

const caseCountryCypher = `MATCH (c:CaseFile {id: $caseId}) RETURN coalesce(c.country, '') AS country`

// caseRegion returns the country of a case (the default region of phone
// numbers written in national form) or a validation error naming caseId.
func caseRegion(ctx context.Context, r runner, caseID string) (string, error) {
	recs, err := r.collect(ctx, "case_country", caseCountryCypher, map[string]any{"caseId": caseID})
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return "", &ValidationError{Field: "input.caseId", Reason: "no such case file; create it first (createCaseFile)"}
	}
	c, _ := recs[0].Values[0].(string)
	return c, nil
}

// labelsOf returns the labels of existing nodes (absent ids have none).
func labelsOf(ctx context.Context, r runner, ids ...string) (map[string][]string, error) {
	recs, err := r.collect(ctx, "labels_of", labelsOfCypher, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, rec := range recs {
		key, _ := rec.Get("key")
		ls, _ := rec.Get("labels")
		if ls == nil {
			continue
		}
		var labels []string
		for _, l := range ls.([]any) {
			labels = append(labels, l.(string))
		}
		out[key.(string)] = labels
	}
	return out, nil
}

// WriteResult says what a write did, for callers that report it.
type WriteResult struct {
	ID      string
	Created bool
	Updated bool
}

// saveEntity validates (through build, which needs the case's country) and
// writes one entity with its countries and identifiers in one transaction.
// existing is the id an update must find, or "" for a create.
func (s *Store) saveEntity(ctx context.Context, caseID, existing string, build func(region string) (entityWrite, error)) (WriteResult, error) {
	var res WriteResult
	err := s.write(ctx, func(r runner) error {
		res = WriteResult{}
		region, err := caseRegion(ctx, r, caseID)
		if err != nil {
			return err
		}
		w, err := build(region)
		if err != nil {
			return err
		}
		labels, err := labelsOf(ctx, r, w.id)
		if err != nil {
			return err
		}
		if ls, ok := labels[w.id]; ok && !slices.Contains(ls, w.kind) {
			return fmt.Errorf("%w: id %s belongs to a %v, not a %s", ErrConflict, w.id, ls, w.kind)
		} else if !ok && existing != "" {
			return fmt.Errorf("%s %q: %w", w.kind, existing, ErrNotFound)
		}
		recs, err := r.collect(ctx, "upsert_"+w.kind, upsertEntityQueries[w.kind], map[string]any{
			"id": w.id, "caseId": w.caseID, "props": w.props, "roles": nonNil(w.roles),
		})
		if err != nil {
			return err
		}
		res.ID = w.id
		res.Created, _ = recs[0].Values[0].(bool)
		res.Updated, _ = recs[0].Values[1].(bool)
		if len(w.countries) > 0 {
			rows := make([]map[string]any, len(w.countries))
			for i, c := range w.countries {
				rows[i] = map[string]any{"code": c, "relId": linkID(w.countryRel, w.id, CountryID(c))}
			}
			if _, err := r.collect(ctx, "attach_countries", attachCountriesQueries[w.countryRel],
				map[string]any{"id": w.id, "caseId": w.caseID, "countries": rows}); err != nil {
				return err
			}
		}
		if len(w.identifiers) > 0 {
			rows := make([]map[string]any, len(w.identifiers))
			for i, idf := range w.identifiers {
				rows[i] = map[string]any{"ID": idf.ID, "Key": idf.Key, "Kind": idf.Kind, "Value": idf.Value, "RelID": idf.RelID}
			}
			if _, err := r.collect(ctx, "attach_identifiers", attachIdentifiersCypher,
				map[string]any{"id": w.id, "caseId": w.caseID, "identifiers": rows}); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// SavePerson creates (id "") or updates (id given) a person with the given
// role labels added. PersonID on the input adds the roles to that person.
func (s *Store) SavePerson(ctx context.Context, id string, roles []string, in PersonInput) (WriteResult, error) {
	if id == "" && in.PersonID != nil {
		id = *in.PersonID
	}
	return s.saveEntity(ctx, in.CaseID, id, func(region string) (entityWrite, error) { return in.write(id, roles, region) })
}

// SaveOrganization creates or updates an organisation.
func (s *Store) SaveOrganization(ctx context.Context, id string, in OrganizationInput) (WriteResult, error) {
	return s.saveEntity(ctx, in.CaseID, id, func(region string) (entityWrite, error) { return in.write(id, region) })
}

// SaveCompound creates or updates a compound.
func (s *Store) SaveCompound(ctx context.Context, id string, in CompoundInput) (WriteResult, error) {
	return s.saveEntity(ctx, in.CaseID, id, func(region string) (entityWrite, error) { return in.write(id, region) })
}

// SaveBankAccount creates (or finds, by its account key) or updates an account.
func (s *Store) SaveBankAccount(ctx context.Context, id string, in BankAccountInput) (WriteResult, error) {
	return s.saveEntity(ctx, in.CaseID, id, func(string) (entityWrite, error) { return in.write(id) })
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
