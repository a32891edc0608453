package neo4jstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/graph"
)

// upsertEntityTmpl creates or updates the entities of one kind with the
// case's claim about each. A claim is what one case says about the entity
// (its property values and roles), kept on the node as the JSON property
// "claim:<case id>", so two cases that disagree (a name spelt two ways)
// both keep their value. (A relationship from the case file would do the
// same, but every write of a case would then lock the case file's node and
// concurrent batches would queue behind it.) The node's own properties
// change only when this case's claim changes, so re-importing an unchanged
// file changes nothing even after another case wrote other values.
// Concurrent writers of one case's claim do not lose each other's word:
// the statement locks the node and writes only if the claim is still the
// one the merge started from (row.prev); a row that lost the race is not
// returned, and WriteEntities merges it again from the claim now stored.
// The per-case names, sort key and times beside the claim are explained
// in caseview.go. Created and updated, as the statement returns them, are
// the writing case's: an entity new to the case is created for it even if
// another case recorded it (an account, by its natural key), so that an
// import report or an answer does not tell what a hidden case holds.
// Search tokens (see SearchTokens) only grow: every case's spelling of a
// name stays findable, and a concurrent write of another case cannot take
// this one's tokens away. Search checks each hit against the visible
// cases' names, so a token of a hidden case finds nothing.
const upsertEntityTmpl = `
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n:KIND, n.createdAt = datetime(), n.updatedAt = datetime(), n.sources = [], n.ownCase = $caseId
WITH n, row, n.createdAt = datetime() AS created
SET n._lock = true
REMOVE n._lock
WITH n, row, created WHERE coalesce(n[$claimKey], '') = row.prev
WITH n, row, created,
     coalesce(n[$claimKey], '') <> row.claim AS claimChanged,
     [l IN row.roles WHERE NOT l IN labels(n)] AS newRoles,
     NOT $caseId IN n.sources AS newCase
SET n[$claimKey] = row.claim,
    n[$namesKey] = [x IN row.names | toLower(x)],
    n[$sortKey] = toLower(row.sortSource),
    n[$createdKey] = coalesce(n[$createdKey], datetime()),
    n.sources = CASE WHEN $caseId IN n.sources THEN n.sources ELSE n.sources + $caseId END,
    n:$($caseLabel)
FOREACH (_ IN CASE WHEN created OR claimChanged THEN [1] ELSE [] END | SET n += row.props, n[$updatedKey] = datetime())
FOREACH (_ IN CASE WHEN 'Recruiter' IN newRoles THEN [1] ELSE [] END | SET n:Recruiter)
FOREACH (_ IN CASE WHEN 'Victim' IN newRoles THEN [1] ELSE [] END | SET n:Victim)
WITH n, row, created OR newCase AS createdForCase, NOT (created OR newCase) AND (claimChanged OR size(newRoles) > 0) AS updatedForCase,
     NOT created AND (claimChanged OR newCase OR size(newRoles) > 0) AS updated,
     [t IN row.tokens WHERE NOT t IN coalesce(n.searchTokens, [])] AS newTokens
FOREACH (_ IN CASE WHEN updated THEN [1] ELSE [] END | SET n.updatedAt = datetime())
FOREACH (_ IN CASE WHEN size(newTokens) > 0 OR n.searchVersion IS NULL THEN [1] ELSE [] END |
  SET n.searchTokens = coalesce(n.searchTokens, []) + newTokens,
      n.searchVersion = coalesce(n.searchVersion, $searchVersion))
SET n.sortName = SORT_NAME
RETURN row.idx AS idx, createdForCase, updatedForCase`

var upsertEntityQueries = map[graph.Label]string{}

func init() {
	for _, k := range []graph.Label{graph.KindPerson, graph.KindOrganization, graph.KindCompound, graph.KindBankAccount} {
		upsertEntityQueries[k] = strings.NewReplacer("KIND", string(k), "SORT_NAME", sortNameOf("n")).Replace(upsertEntityTmpl)
	}
}

// caseAssertsRel ends a statement that has just merged relationship r of
// entity n: the writing case ($caseId) joins r's sources, and n is
// returned when r is new or new to the case.
const caseAssertsRel = `ON CREATE SET r.sources = [], r.createdAt = datetime(), r._new = true
WITH n, r, coalesce(r._new, false) OR NOT $caseId IN r.sources AS changed
REMOVE r._new
SET r.sources = CASE WHEN $caseId IN r.sources THEN r.sources ELSE r.sources + $caseId END
WITH n, changed WHERE changed
RETURN DISTINCT n.id AS id`

// attachCountriesTmpl links entities to their countries (nationality or
// location) for one case and returns the entities whose links changed.
const attachCountriesTmpl = `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
MATCH (c:Country {code: row.code})
MERGE (n)-[r:REL {id: row.relId}]->(c)
` + caseAssertsRel

var attachCountriesQueries = map[graph.RelType]string{
	graph.RelNationalOf: strings.ReplaceAll(attachCountriesTmpl, "REL", string(graph.RelNationalOf)),
	graph.RelLocatedIn:  strings.ReplaceAll(attachCountriesTmpl, "REL", string(graph.RelLocatedIn)),
}

// attachIdentifiersCypher merges identifiers by their natural key, so two
// entities in two cases that use one phone number meet on one node, and
// returns the entities whose identifiers changed.
var attachIdentifiersCypher = `
UNWIND $rows AS row
MATCH (n:Entity {id: row.owner})
MERGE (i:Identifier {key: row.key})
ON CREATE SET i:Entity, i.id = row.id, i.kind = row.kind, i.value = row.value, i.sources = [],
              i.createdAt = datetime(), i.updatedAt = datetime(), i.sortName = toLower(row.value)
SET i.sources = CASE WHEN $caseId IN i.sources THEN i.sources ELSE i.sources + $caseId END, i:$($caseLabel),
    i[$createdKey] = coalesce(i[$createdKey], datetime()), i[$updatedKey] = coalesce(i[$updatedKey], datetime())
MERGE (n)-[r:USES {id: row.relId}]->(i)
` + caseAssertsRel

// markVictimDataCypher marks the identifiers of sensitive kinds that a
// victim uses: readers whose victim details are redacted cannot see them
// (see Scope.WithVictimDetailsRedacted), since an identifier's id is its
// value. The mark stays when the victim later stops using it: the number
// was a victim's once.
const markVictimDataCypher = `
UNWIND $ids AS id
MATCH (p:Entity {id: id})-[:USES]->(i:Identifier)
WHERE p:Victim AND i.kind IN $kinds AND i.victimData IS NULL
SET i.victimData = true`

// markAllVictimDataCypher does the same for every victim, at start-up, for
// databases written before the mark existed.
const markAllVictimDataCypher = `
MATCH (p:Victim)-[:USES]->(i:Identifier)
WHERE i.kind IN $kinds AND i.victimData IS NULL
WITH DISTINCT i LIMIT 10000
SET i.victimData = true
RETURN count(i) AS marked`

// WriteEntities writes a batch of prepared entities of one case in one
// write transaction (an id may appear once per batch: a later row of the
// same id waits for the next batch, see SplitBatch): the nodes with the case's claims, their countries and
// their identifiers. A row that cannot be written (its id belongs to
// another kind of node, or an update whose node does not exist) is refused
// alone; the error return is for the batch as a whole (Neo4j unavailable,
// no such case).
func (s *Store) WriteEntities(ctx context.Context, caseID string, rows []graph.Prepared) ([]graph.RowResult, error) {
	var results []graph.RowResult
	err := s.write(ctx, func(r runner) error {
		results = make([]graph.RowResult, len(rows))
		if _, err := caseRegion(ctx, r, caseID); err != nil {
			return err
		}
		ids := make([]string, len(rows))
		seen := make(map[string]bool, len(rows))
		for i, p := range rows {
			ids[i] = p.Entity.ID
			if seen[p.Entity.ID] {
				return fmt.Errorf("WriteEntities: id %s twice in one batch", p.Entity.ID)
			}
			seen[p.Entity.ID] = true
		}
		existing, err := existingOf(ctx, r, caseID, ids...)
		if err != nil {
			return err
		}
		var countries = map[graph.RelType][]map[string]any{}
		var identifiers []map[string]any
		var pending []int
		// The writes as they go in: an erased victim's are trimmed here, on
		// a copy (the function runs again if the transaction is retried).
		writes := make([]graph.EntityWrite, len(rows))
		for i, p := range rows {
			w := p.Entity
			results[i].ID = w.ID
			ex := existing[w.ID]
			ls := ex.labels
			switch {
			case len(ls) > 0 && !slices.Contains(ls, string(w.Kind)):
				results[i].Err = fmt.Errorf("%w: id %s belongs to a %s, not a %s", graph.ErrConflict, w.ID, kindOf(ls), w.Kind)
				continue
			case len(ls) == 0 && p.MustExist:
				results[i].Err = fmt.Errorf("%s %q: %w", w.Kind, w.ID, graph.ErrNotFound)
				continue
			case ex.erased:
				kept := keepErased(&w)
				if kept > 0 && p.RefuseErased {
					results[i].Err = &graph.ValidationError{Field: "input", Reason: "the personal data of this victim was erased at their request (name, aliases, birth date, gender, identifiers) and cannot be recorded again"}
					continue
				}
				results[i].KeptErased = kept
			}
			writes[i] = w
			pending = append(pending, i)
			for _, c := range w.Countries {
				countries[w.CountryRel] = append(countries[w.CountryRel], map[string]any{
					"id": w.ID, "code": c, "relId": graph.LinkID(w.CountryRel, w.ID, graph.CountryID(c))})
			}
			for _, idf := range w.Identifiers {
				identifiers = append(identifiers, map[string]any{
					"owner": w.ID, "id": idf.ID, "key": idf.Key, "kind": idf.Kind, "value": idf.Value, "relId": idf.RelID})
			}
		}
		if err := s.upsertClaims(ctx, r, caseID, writes, pending, existing, results); err != nil {
			return err
		}
		changed := map[string]bool{}
		collectChanged := func(name, cypher string, batch []map[string]any) error {
			if len(batch) == 0 {
				return nil
			}
			recs, err := r.collect(ctx, name, cypher, caseKeyParams(caseID, map[string]any{"caseId": caseID, "caseLabel": caseLabel(caseID), "rows": batch}))
			for _, rec := range recs {
				changed[rec.Values[0].(string)] = true
			}
			return err
		}
		for rel, batch := range countries {
			if err := collectChanged("attach_countries", attachCountriesQueries[rel], batch); err != nil {
				return err
			}
		}
		if err := collectChanged("attach_identifiers", attachIdentifiersCypher, identifiers); err != nil {
			return err
		}
		// Every written person that is a victim, by this case or another:
		// an update adds identifiers without naming the role.
		var victims []string
		for i, p := range rows {
			if results[i].Err == nil && p.Entity.Kind == graph.KindPerson {
				victims = append(victims, p.Entity.ID)
			}
		}
		if len(victims) > 0 {
			if _, err := r.collect(ctx, "mark_victim_data", markVictimDataCypher, map[string]any{"ids": victims, "kinds": graph.SensitiveIdentifierKinds}); err != nil {
				return err
			}
		}
		for i := range results {
			if changed[results[i].ID] && results[i].Err == nil && !results[i].Created {
				results[i].Updated = true
			}
		}
		return nil
	})
	return results, err
}

// upsertClaims merges this case's word into the stored claim of each
// pending row and writes it. A row whose claim another writer changed
// after existingOf read it (a node created meanwhile by a concurrent write
// of the same case) comes back unwritten: it is read again, now under this
// transaction's lock, and merged again; the second pass cannot lose.
func (s *Store) upsertClaims(ctx context.Context, r runner, caseID string, writes []graph.EntityWrite, pending []int, existing map[string]existing, results []graph.RowResult) error {
	for attempt := 0; len(pending) > 0; attempt++ {
		if attempt == 3 {
			return fmt.Errorf("WriteEntities: %d rows of case %s still changed by other writers after %d attempts", len(pending), caseID, attempt)
		}
		byKind := map[graph.Label][]map[string]any{}
		for _, i := range pending {
			w := writes[i]
			ex := existing[w.ID]
			claim, merged, err := graph.MergeClaim(ex.claim, w.Props, w.Roles)
			if err != nil {
				return err
			}
			props := storedProps(w.Props)
			if ex.erased {
				// The node shows the erased name (it may be new: the
				// tombstone outlives a deleted node); no claim holds it.
				props = maps.Clone(props)
				props["name"] = ErasedName
			}
			byKind[w.Kind] = append(byKind[w.Kind], map[string]any{"idx": i, "id": w.ID, "props": props, "roles": strs(w.Roles),
				"prev": ex.claim, "claim": claim, "names": nonNil(namesOf(merged)), "sortSource": graph.ClaimSortSource(merged),
				"tokens": nonNil(indexTokens(w.Kind, namesOf(w.Props)...))})
		}
		written := map[int]bool{}
		for kind, batch := range byKind {
			recs, err := r.collect(ctx, "upsert_"+string(kind), upsertEntityQueries[kind], caseKeyParams(caseID, map[string]any{
				"caseId": caseID, "caseLabel": caseLabel(caseID), "rows": batch, "searchVersion": indexTokensVersion}))
			if err != nil {
				return err
			}
			for _, rec := range recs {
				idx, _ := rec.Values[0].(int64)
				written[int(idx)] = true
				results[idx].Created, _ = rec.Values[1].(bool)
				results[idx].Updated, _ = rec.Values[2].(bool)
			}
		}
		var again []string
		var stale []int
		for _, i := range pending {
			if !written[i] {
				stale = append(stale, i)
				again = append(again, writes[i].ID)
			}
		}
		if len(stale) > 0 {
			reread, err := existingOf(ctx, r, caseID, again...)
			if err != nil {
				return err
			}
			for id, ex := range reread {
				existing[id] = ex
			}
		}
		pending = stale
	}
	return nil
}

// keepErased removes from a write what erasure took from a victim (the
// personal properties and the identifiers), and says how many it removed:
// an import of the case file again must not bring them back.
func keepErased(w *graph.EntityWrite) int {
	kept := len(w.Identifiers)
	w.Identifiers = nil
	props := make(map[string]any, len(w.Props))
	for k, v := range w.Props {
		if slices.Contains(personalKeys, k) {
			kept++
			continue
		}
		props[k] = v
	}
	w.Props = props
	return kept
}

// kindOf names the model label among a node's labels.
func kindOf(labels []string) string {
	for _, l := range labels {
		if l != "Entity" && l != string(graph.RoleRecruiter) && l != string(graph.RoleVictim) && !isCaseLabel(l) {
			return l
		}
	}
	return strings.Join(labels, ":")
}

// writeOne is WriteEntities for the API's single writes.
func (s *Store) writeOne(ctx context.Context, caseID string, p graph.Prepared, err error) (graph.WriteResult, error) {
	if err != nil {
		return graph.WriteResult{}, err
	}
	p.RefuseErased = true
	res, err := s.WriteEntities(ctx, caseID, []graph.Prepared{p})
	if err != nil {
		return graph.WriteResult{}, err
	}
	return res[0].WriteResult, res[0].Err
}

// CaseRegion returns the country of a case file (the default region of
// phone numbers written in national form), or a validation error.
func (s *Store) CaseRegion(ctx context.Context, caseID string) (string, error) {
	var region string
	err := s.read(ctx, func(r runner) error {
		var err error
		region, err = caseRegion(ctx, r, caseID)
		return err
	})
	return region, err
}

// SavePerson creates (id "") or updates (id given) a person with the given
// role labels added. PersonID on the input adds the roles to that person.
func (s *Store) SavePerson(ctx context.Context, id string, roles []graph.Label, in graph.PersonInput) (graph.WriteResult, error) {
	return s.saveInCase(ctx, in.CaseID, func(region string) (graph.Prepared, error) {
		return graph.PreparePerson(in, id, roles, region)
	})
}

// SaveOrganization creates or updates an organisation.
func (s *Store) SaveOrganization(ctx context.Context, id string, in graph.OrganizationInput) (graph.WriteResult, error) {
	return s.saveInCase(ctx, in.CaseID, func(region string) (graph.Prepared, error) {
		return graph.PrepareOrganization(in, id, region)
	})
}

// SaveCompound creates or updates a compound.
func (s *Store) SaveCompound(ctx context.Context, id string, in graph.CompoundInput) (graph.WriteResult, error) {
	return s.saveInCase(ctx, in.CaseID, func(region string) (graph.Prepared, error) {
		return graph.PrepareCompound(in, id, region)
	})
}

// saveInCase validates an entity in its case's phone region and writes it.
func (s *Store) saveInCase(ctx context.Context, caseID string, prepare func(region string) (graph.Prepared, error)) (graph.WriteResult, error) {
	region, err := s.CaseRegion(ctx, caseID)
	if err != nil {
		return graph.WriteResult{}, err
	}
	p, err := prepare(region)
	return s.writeOne(ctx, caseID, p, err)
}

// SaveBankAccount creates (or finds, by its account key) or updates an account.
func (s *Store) SaveBankAccount(ctx context.Context, id string, in graph.BankAccountInput) (graph.WriteResult, error) {
	p, err := graph.PrepareBankAccount(in, id)
	return s.writeOne(ctx, in.CaseID, p, err)
}

// storedProps is an entity's properties as Neo4j stores them: a
// graph.Location becomes a WGS-84 point (SRID 4326), which the point index
// and distance() read.
func storedProps(props map[string]any) map[string]any {
	l, ok := props["location"].(graph.Location)
	if !ok {
		return props
	}
	props = maps.Clone(props)
	props["location"] = dbtype.Point2D{X: l.Lon, Y: l.Lat, SpatialRefId: 4326}
	return props
}

// namesOf returns the name and aliases among an entity's properties (as
// validated, []string; as decoded from a claim's JSON, []any).
func namesOf(props map[string]any) []string {
	var out []string
	if n, ok := props["name"].(string); ok {
		out = append(out, n)
	}
	switch as := props["aliases"].(type) {
	case []string:
		out = append(out, as...)
	case []any:
		for _, a := range as {
			if s, ok := a.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
