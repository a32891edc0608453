package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// upsertLinkTmpl writes the links of one type as the claims of case
// $caseId. The ends must exist and be of the kinds the type joins (FROMOK
// and TOOK, spliced from LinkRules): rows that do not fit are not
// returned, and WriteLinks says why. The relationship's write lock is
// taken (SET r._lock) before anything of it is read, so that concurrent
// writers (two cases, an import and a retraction) queue on it and none
// loses another's claim; the merge of the case's claim happens here, in
// the statement, not in Go. Only the properties whose claim changed take
// the new value as the relationship's own ("the value last changed").
// created and updated are as the writing case sees them: created when the
// case did not assert the relationship before (whether or not a hidden case
// did), updated when its own claim changed.
const upsertLinkTmpl = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
WHERE FROMOK AND TOOK
OPTIONAL MATCH ()-[old:TYPE {id: row.id}]->()
WITH a, b, row, old WHERE old IS NULL OR (startNode(old) = a AND endNode(old) = b)
MERGE (a)-[r:TYPE {id: row.id}]->(b)
ON CREATE SET r.createdAt = datetime(), r.sources = []
SET r._lock = true
WITH r, row
WITH r, row,
     [k IN keys(row.props) WHERE r[$claimPrefix + k] IS NULL OR r[$claimPrefix + k] <> row.props[k]] AS changed,
     NOT $caseId IN r.sources AS newCase
FOREACH (k IN changed | SET r[$claimPrefix + k] = row.props[k], r[k] = row.props[k])
SET r.sources = CASE WHEN newCase THEN r.sources + $caseId ELSE r.sources END
REMOVE r._lock
RETURN row.idx AS idx, newCase AS created, NOT newCase AND size(changed) > 0 AS updated`

// contradictionQueries find, for the types whose identity has a
// discriminator besides the ends (a TRANSFERRED's txId, a TRANSITED's
// order), a relationship of the same start and discriminator to another
// end that the writer may see (the writer's scope plus the writing case).
// A hidden one is not looked at: it neither refuses the write nor changes
// the id the writer gets (the ends are part of the identity).
var contradictionQueries = map[graph.RelType]string{
	graph.RelTransferred: `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})-[r:TRANSFERRED]->(b)
WHERE r.txId = row.part AND b.id <> row.to AND ` + visible("r") + ` AND ` + visible("b") + `
RETURN DISTINCT row.idx AS idx`,
	graph.RelTransited: `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})-[r:TRANSITED]->(b)
WHERE r.order = row.part AND b.id <> row.to AND ` + visible("r") + ` AND (b:Country OR ` + visible("b") + `)
RETURN DISTINCT row.idx AS idx`,
}

// removeLinkTmpl withdraws one case's claim on a relationship (see
// withdrawLinkClaim); the relationship goes when no case asserts it any
// more.
var removeLinkTmpl = `
MATCH ()-[rel:TYPE {id: $id}]->()
WHERE $caseId IN rel.sources
FOREACH (r IN [rel] | ` + withdrawLinkClaim + `)
WITH rel, size(rel.sources) = 0 AS gone
CALL (rel, gone) { WITH rel WHERE gone DELETE rel }
RETURN gone`

var upsertLinkQueries, removeLinkQueries = map[graph.RelType]string{}, map[graph.RelType]string{}

func init() {
	labelTest := func(v string, labels []graph.Label) string {
		parts := make([]string, len(labels))
		for i, l := range labels {
			parts[i] = v + ":" + string(l)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	}
	for t, rule := range graph.LinkRules {
		upsertLinkQueries[t] = strings.NewReplacer("TYPE", string(t), "FROMOK", labelTest("a", rule.From), "TOOK", labelTest("b", rule.To)).Replace(upsertLinkTmpl)
		removeLinkQueries[t] = strings.ReplaceAll(removeLinkTmpl, ":TYPE ", ":"+string(t)+" ")
	}
}

// contradictionPart is the discriminator contradictionQueries compare, or
// nil when the link has none (no txId).
func contradictionPart(w graph.LinkWrite) any {
	switch w.RelType {
	case graph.RelTransited:
		return w.Props["order"]
	case graph.RelTransferred:
		if tx, ok := w.Props["txId"].(string); ok && tx != "" {
			return tx
		}
	}
	return nil
}

// WriteLinks writes a batch of relationships of one case in one write
// transaction, as that case's claims. A row whose ends are missing or of
// the wrong kind is refused alone, with the field (from or to) and the
// reason; so is a row that contradicts a relationship the writer may see
// (scope, plus the writing case: the writer's compartments).
func (s *Store) WriteLinks(ctx context.Context, scope graph.Scope, caseID string, rows []graph.PreparedLink) ([]graph.RowResult, error) {
	var results []graph.RowResult
	scope = scope.WithCase(caseID)
	err := s.write(ctx, func(r runner) error {
		results = make([]graph.RowResult, len(rows))
		if _, err := caseRegion(ctx, r, caseID); err != nil {
			return err
		}
		byType := map[graph.RelType][]map[string]any{}
		checks := map[graph.RelType][]map[string]any{}
		for i, p := range rows {
			results[i].ID = p.Link.ID
			byType[p.Link.RelType] = append(byType[p.Link.RelType], map[string]any{"idx": i, "id": p.Link.ID, "from": p.Link.From, "to": p.Link.To, "props": p.Link.Props})
			if part := contradictionPart(p.Link); part != nil {
				checks[p.Link.RelType] = append(checks[p.Link.RelType], map[string]any{"idx": i, "from": p.Link.From, "to": p.Link.To, "part": part})
			}
		}
		// Within the batch, the first row of an identity's discriminator
		// wins, as when the rows are written one after the other.
		contradicts := map[int64]bool{}
		firstTo := map[string]string{}
		for i, p := range rows {
			if part := contradictionPart(p.Link); part != nil {
				key := fmt.Sprint(p.Link.RelType, "\x00", p.Link.From, "\x00", part)
				if to, seen := firstTo[key]; !seen {
					firstTo[key] = p.Link.To
				} else if to != p.Link.To {
					contradicts[int64(i)] = true
				}
			}
		}
		for t, batch := range checks {
			recs, err := r.collect(ctx, "link_contradictions_"+string(t), contradictionQueries[t], scopeParams(scope, map[string]any{"rows": batch}))
			if err != nil {
				return err
			}
			for _, rec := range recs {
				idx, _ := rec.Values[0].(int64)
				contradicts[idx] = true
			}
		}
		// A role (victim, recruiter) an end must have is one the writer
		// sees: a role only a hidden case gives is no role here, or the
		// answer would tell what the hidden case says (see endRoles).
		roles, err := endRoles(ctx, r, scope, rows)
		if err != nil {
			return err
		}
		for i, p := range rows {
			rule := graph.LinkRules[p.Link.RelType]
			if !hasAnyLabel(roles, p.Link.From, rule.From) || !hasAnyLabel(roles, p.Link.To, rule.To) {
				contradicts[int64(i)] = true
			}
		}
		written := make([]bool, len(rows))
		for t, batch := range byType {
			if len(contradicts) > 0 {
				batch = slices.DeleteFunc(batch, func(row map[string]any) bool { return contradicts[int64(row["idx"].(int))] })
			}
			recs, err := r.collect(ctx, "upsert_link_"+string(t), upsertLinkQueries[t], map[string]any{
				"caseId": caseID, "claimPrefix": graph.LinkClaimPrefix(caseID), "rows": batch})
			if err != nil {
				return err
			}
			for _, rec := range recs {
				idx, _ := rec.Values[0].(int64)
				written[idx] = true
				results[idx].Created, _ = rec.Values[1].(bool)
				results[idx].Updated, _ = rec.Values[2].(bool)
			}
		}
		return explainUnwritten(ctx, r, rows, written, results, roles)
	})
	return results, err
}

// explainUnwritten says, for each link the upsert did not write, which end
// is missing or of the wrong kind. Only refused rows pay for this look-up.
// roles are the labels the writer sees of the ends that must have a role
// (endRoles): they replace the stored ones.
func explainUnwritten(ctx context.Context, r runner, rows []graph.PreparedLink, written []bool, results []graph.RowResult, roles map[string][]string) error {
	var ends []string
	for i, p := range rows {
		if !written[i] {
			ends = append(ends, p.Link.From, p.Link.To)
		}
	}
	if len(ends) == 0 {
		return nil
	}
	labels, err := labelsOf(ctx, r, ends...)
	if err != nil {
		return err
	}
	for id, ls := range roles {
		if _, ok := labels[id]; ok {
			labels[id] = ls
		}
	}
	for i, p := range rows {
		if written[i] {
			continue
		}
		w, rule := p.Link, graph.LinkRules[p.Link.RelType]
		var errs graph.ValidationErrors
		checkEnd := func(field, verb, id string, want []graph.Label) {
			ls, ok := labels[id]
			switch {
			case !ok:
				errs.Add(field, "no node has this id")
			case !slices.ContainsFunc(want, func(l graph.Label) bool { return slices.Contains(ls, string(l)) }):
				errs.Add(field, "a %s link must %s a %s, not a %s", w.RelType, verb, strings.Join(strs(want), " or "), kindOf(ls))
			}
		}
		checkEnd("input.from", "start at", w.From, rule.From)
		checkEnd("input.to", "end at", w.To, rule.To)
		if len(errs) == 0 {
			errs = append(errs, graph.Contradiction(w.RelType))
		}
		results[i].Err = errs
	}
	return nil
}

// AddLink validates and writes one relationship asserted by a case; adding
// the same relationship again changes nothing.
// scope is the writer's (its compartments): a contradiction is reported
// only against relationships it may see.
func (s *Store) AddLink(ctx context.Context, scope graph.Scope, in graph.LinkInput) (graph.WriteResult, error) {
	p, err := graph.PrepareLink(in)
	if err != nil {
		return graph.WriteResult{}, err
	}
	res, err := s.WriteLinks(ctx, scope, in.CaseID, []graph.PreparedLink{p})
	if err != nil {
		return graph.WriteResult{}, err
	}
	return res[0].WriteResult, res[0].Err
}

// RemoveLink withdraws a case's assertion of a relationship. It reports
// whether the relationship is gone (no case asserts it any more).
func (s *Store) RemoveLink(ctx context.Context, caseID, id string) (gone bool, err error) {
	t, err := graph.ParseLinkID(id)
	if err != nil {
		return false, &graph.ValidationError{Field: "input.id", Reason: err.(*graph.ValidationError).Reason}
	}
	err = s.write(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "remove_link_"+string(t), removeLinkQueries[t], map[string]any{"id": id, "caseId": caseID})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return fmt.Errorf("link %q in case %q: %w", id, caseID, graph.ErrNotFound)
		}
		gone, _ = recs[0].Values[0].(bool)
		return nil
	})
	return gone, err
}

// endRoles reads, for the ends that a link type wants in a role (a
// RECRUITED's recruiter and victim, a HELD_AT's or PAID's victim, a
// RECRUITS_FOR's recruiter), the labels the writer's scope sees: the role
// labels the visible cases' claims give (ViewProps), not the node's, which
// a hidden case may have set. A reader of every case gets the node's.
func endRoles(ctx context.Context, r runner, scope graph.Scope, rows []graph.PreparedLink) (map[string][]string, error) {
	wantsRole := func(want []graph.Label) bool {
		return slices.Contains(want, graph.RoleVictim) || slices.Contains(want, graph.RoleRecruiter)
	}
	var ids []string
	for _, p := range rows {
		rule := graph.LinkRules[p.Link.RelType]
		if wantsRole(rule.From) {
			ids = append(ids, p.Link.From)
		}
		if wantsRole(rule.To) {
			ids = append(ids, p.Link.To)
		}
	}
	out := map[string][]string{}
	if len(ids) == 0 || scope.SeesAll() {
		return out, nil
	}
	recs, err := r.collect(ctx, "link_end_roles", `MATCH (n:Entity) WHERE n.id IN $ids RETURN n`, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		n, ok := rec.Values[0].(dbtypeNode)
		if !ok {
			continue
		}
		_, ls := scope.ViewProps(n.Props, n.Labels)
		id, _ := n.Props["id"].(string)
		out[id] = ls
	}
	return out, nil
}

// hasAnyLabel says whether the end id, if endRoles read it, has one of
// the labels wanted (an end endRoles did not read is left to the write).
func hasAnyLabel(roles map[string][]string, id string, want []graph.Label) bool {
	ls, ok := roles[id]
	return !ok || slices.ContainsFunc(want, func(l graph.Label) bool { return slices.Contains(ls, string(l)) })
}
