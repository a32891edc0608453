package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/graph"
)

// retractLinksCypher withdraws the case from every relationship and deletes
// those no case asserts any more, in transactions of their own: a case may
// hold hundreds of thousands of relationships (see deleteAllCypher for why
// this is an implicit transaction). Each keeps the other cases' claims,
// its own properties falling back to theirs (withdrawLinkClaim).
var retractLinksCypher = `
MATCH ()-[r]->() WHERE $caseId IN r.sources
CALL (r) {
  ` + withdrawLinkClaim + `
  WITH r WHERE size(r.sources) = 0
  DELETE r
} IN TRANSACTIONS OF 5000 ROWS`

// retractPageCypher reads, and locks, the next page of the case's nodes in
// id order (the id index gives the order, so paging is one pass over the
// nodes). The page is written in the same transaction: a claim or a case
// another writer adds meanwhile must not be overwritten by what this read.
const retractPageCypher = `
MATCH (n:Entity) WHERE n.id > $after AND $caseId IN n.sources AND NOT n:CaseFile
WITH n ORDER BY n.id LIMIT $page
SET n._lock = true
REMOVE n._lock
RETURN n`

// retractWriteCypher deletes the nodes only this case mentioned and leaves
// the others with what the remaining cases say (see afterRetraction).
var retractWriteCypher = `
UNWIND $deletes AS id
MATCH (n:Entity {id: id})
DETACH DELETE n
WITH count(*) AS deleted
UNWIND $keeps AS row
MATCH (n:Entity {id: row.id})
SET n += row.set, n.sources = row.sources, n.searchTokens = row.tokens, n.updatedAt = datetime()
FOREACH (k IN row.remove + $caseKeys | SET n[k] = null)
FOREACH (_ IN CASE WHEN row.dropVictim THEN [1] ELSE [] END | REMOVE n:Victim)
FOREACH (_ IN CASE WHEN row.dropRecruiter THEN [1] ELSE [] END | REMOVE n:Recruiter)
SET n.sortName = ` + sortNameOf("n") + `
REMOVE n:$($caseLabel)
RETURN count(*)`

const retractCaseFileCypher = `MATCH (c:CaseFile {id: $caseId}) DETACH DELETE c`

// RetractCase removes a whole case: its provenance leaves every node and
// relationship; what no other case mentions is deleted; what others
// mention keeps only their word (values this case alone gave go, values it
// last changed fall back to another case's). The case file and its import
// log go too. For an administrator: the audit records who did it.
func (s *Store) RetractCase(ctx context.Context, caseID string) (graph.RetractResult, error) {
	res := graph.RetractResult{CaseID: caseID}
	if _, err := s.Node(ctx, graph.AllCases(), caseID); err != nil {
		return res, err
	}
	// Relationships first, in batches of their own transactions.
	sess := s.session(ctx, neo4j.AccessModeWrite)
	s.roundTrips.Add(1)
	out, err := sess.Run(ctx, retractLinksCypher, map[string]any{"caseId": caseID}, neo4j.WithTxTimeout(10*time.Minute))
	if err == nil {
		var sum neo4j.ResultSummary
		if sum, err = out.Consume(ctx); err == nil {
			res.LinksDeleted = sum.Counters().RelationshipsDeleted()
		}
	}
	sess.Close(ctx)
	if err != nil {
		return res, fmt.Errorf("retracting %s's relationships: %w", caseID, classify(err))
	}
	after := ""
	for {
		var deletes []string
		var keeps []map[string]any
		pageAfter := after
		err := s.write(ctx, func(r runner) error {
			after = pageAfter // the function runs again if the transaction is retried
			recs, err := r.collect(ctx, "retract_page", retractPageCypher, map[string]any{"caseId": caseID, "after": after, "page": 1000})
			if err != nil {
				return err
			}
			deletes, keeps = deletes[:0], keeps[:0]
			for _, rec := range recs {
				n := rec.Values[0].(dbtypeNode)
				id, _ := n.Props["id"].(string)
				after = id
				row, gone := afterRetraction(n.Props, n.Labels, caseID)
				if gone {
					deletes = append(deletes, id)
				} else {
					keeps = append(keeps, row)
				}
			}
			if len(deletes)+len(keeps) == 0 {
				return nil
			}
			_, err = r.collect(ctx, "retract_write", retractWriteCypher, map[string]any{
				"deletes": nonNil(deletes), "keeps": nonNil(keeps), "caseKeys": graph.PerCaseKeysOf(caseID), "caseLabel": caseLabel(caseID)})
			return err
		})
		if err != nil {
			return res, err
		}
		if len(deletes)+len(keeps) == 0 {
			break
		}
		res.NodesDeleted += len(deletes)
		res.NodesKept += len(keeps)
	}
	err = s.write(ctx, func(r runner) error {
		_, err := r.collect(ctx, "retract_case_file", retractCaseFileCypher, map[string]any{"caseId": caseID})
		return err
	})
	return res, err
}

// afterRetraction computes what a node keeps when caseID withdraws: the
// values of the remaining claims, its sources without the case, its search
// tokens from the remaining names, and its roles as the remaining claims
// give them. gone says no other case mentions it.
func afterRetraction(props map[string]any, labels []string, caseID string) (row map[string]any, gone bool) {
	sources := slices.DeleteFunc(graph.AsStrings(props["sources"]), func(c string) bool { return c == "" || c == caseID })
	if len(sources) == 0 {
		return nil, true
	}
	decode := func(v any) (graph.ClaimJSON, bool) {
		raw, _ := v.(string)
		var cj graph.ClaimJSON
		return cj, raw != "" && json.Unmarshal([]byte(raw), &cj) == nil
	}
	retracted, _ := decode(props[graph.ClaimKey(caseID)])
	var remainingIDs []string
	for k := range props {
		if c, ok := strings.CutPrefix(k, "claim:"); ok && c != caseID {
			remainingIDs = append(remainingIDs, c)
		}
	}
	sort.Strings(remainingIDs)
	var remaining []graph.ClaimJSON
	for _, c := range remainingIDs {
		if cj, ok := decode(props[graph.ClaimKey(c)]); ok {
			remaining = append(remaining, cj)
		}
	}
	set, remove := map[string]any{}, []string{}
	for k, v := range retracted.Props {
		var fallback any
		found := false
		for _, cj := range remaining {
			if fv, ok := cj.Props[k]; ok {
				fallback, found = fv, true
				break
			}
		}
		switch {
		case !found:
			remove = append(remove, k)
		case graph.SameValue(props[k], v):
			set[k] = fallback
		}
	}
	sort.Strings(remove)
	roles := map[graph.Label]bool{}
	var names []string
	for _, cj := range remaining {
		for _, r := range cj.Roles {
			roles[r] = true
		}
		names = append(names, namesOf(cj.Props)...)
	}
	if len(remaining) == 0 { // a node without claims (an identifier)
		roles[graph.RoleVictim], roles[graph.RoleRecruiter] = true, true
	}
	return map[string]any{
		"id": props["id"], "set": set, "remove": remove, "sources": sources,
		"tokens":        nonNil(indexTokens(graph.Label(kindOf(labels)), names...)),
		"dropVictim":    slices.Contains(labels, string(graph.RoleVictim)) && !roles[graph.RoleVictim],
		"dropRecruiter": slices.Contains(labels, string(graph.RoleRecruiter)) && !roles[graph.RoleRecruiter],
	}, false
}

// ErasedName stands for the name of a victim whose personal data was
// erased at their request.
const ErasedName = "[erased]"

// personalKeys are the victim's properties that erasure removes, from the
// node and from every case's claim (else a claim would bring them back).
var personalKeys = []string{"name", "aliases", "birthDate", "gender"}

// eraseVictimCypher erases, and leaves a tombstone (an ErasureTombstone
// node with the victim's id, outside the model: no read returns it) that
// later writes consult, so that importing the case file again, or a
// mutation, cannot bring the erased data back, even after the node itself
// was deleted and is created again.
var eraseVictimCypher = `
MATCH (n:Entity {id: $id}) WHERE n:Victim
MERGE (t:ErasureTombstone {id: $id})
ON CREATE SET t.erasedAt = datetime()
WITH n
OPTIONAL MATCH (n)-[u:USES]->(i:Identifier)
WITH n, collect(u) AS uses, collect(i.id) AS identifierIds
FOREACH (u IN uses | DELETE u)
FOREACH (k IN $personal | SET n[k] = null)
FOREACH (c IN $claims | SET n[c.key] = c.claim)
FOREACH (k IN $dropKeys | SET n[k] = null)
SET n.name = $erasedName, n.sortName = toLower($erasedName), n.searchTokens = [], n.erased = true, n.erasedAt = datetime(), n.updatedAt = datetime()
// A reviewer's note on a SAME_AS decision, and a watcher's note on a watch
// of the victim, are free text that may name them: they go too.
WITH n, identifierIds
OPTIONAL MATCH (n)-[sa:SAME_AS]-()
WITH n, identifierIds, collect(sa) AS decisions
FOREACH (sa IN decisions | FOREACH (k IN [k IN keys(sa) WHERE k STARTS WITH 'claim:' AND k ENDS WITH ':note'] | SET sa[k] = null))
WITH identifierIds
OPTIONAL MATCH (w:Watch {entityId: $id})
WITH identifierIds, collect(w) AS watches
FOREACH (w IN watches | SET w.note = null)
RETURN identifierIds`

// EraseVictimData erases a victim's personal data when their consent is
// withdrawn: name (it becomes "[erased]"), aliases, birth date, gender,
// and the identifiers they used (phones, passports, e-mails; an identifier
// nobody else uses is deleted), from the node and from every case's claim.
// The victim stays as a node, so the network (who recruited them, where
// they were held, the money paid) stays intact and countable. It returns
// the number of identifiers unlinked.
func (s *Store) EraseVictimData(ctx context.Context, id string) (int, error) {
	var unlinked int
	err := s.write(ctx, func(r runner) error {
		// Locked before it is read: a claim written meanwhile would
		// otherwise be overwritten with its old value, and keep the name.
		recs, err := r.collect(ctx, "erase_victim_read", `MATCH (n:Entity {id: $id}) WHERE n:Victim SET n._lock = true REMOVE n._lock RETURN n`, map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return fmt.Errorf("victim %q: %w", id, graph.ErrNotFound)
		}
		n := recs[0].Values[0].(dbtypeNode)
		claims := []map[string]any{}
		dropKeys := []string{}
		for k, v := range n.Props {
			if strings.HasPrefix(k, graph.NamesKeyPrefix) || strings.HasPrefix(k, graph.SortKeyPrefix) {
				dropKeys = append(dropKeys, k)
			}
			if !strings.HasPrefix(k, "claim:") {
				continue
			}
			raw, _ := v.(string)
			var cj graph.ClaimJSON
			if json.Unmarshal([]byte(raw), &cj) != nil {
				continue
			}
			for _, pk := range personalKeys {
				delete(cj.Props, pk)
			}
			b, err := json.Marshal(cj)
			if err != nil {
				return err
			}
			claims = append(claims, map[string]any{"key": k, "claim": string(b)})
		}
		recs, err = r.collect(ctx, "erase_victim", eraseVictimCypher, map[string]any{
			"id": id, "personal": personalKeys, "claims": claims, "dropKeys": dropKeys, "erasedName": ErasedName})
		if err != nil || len(recs) == 0 {
			return err
		}
		ids, _ := recs[0].Values[0].([]any)
		unlinked = len(ids)
		if len(ids) > 0 {
			_, err = r.collect(ctx, "refresh_identifiers", refreshIdentifiersCypher, map[string]any{"ids": ids})
		}
		if err == nil {
			err = forgetErasedIdentifiers(ctx, r, ids) // watch_erasure.go
		}
		return err
	})
	return unlinked, err
}
