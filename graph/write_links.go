package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// upsertLinkTmpl writes the links of one type as the claims of case
// $caseId. The ends must exist and be of the kinds the type joins (FROMOK
// and TOOK, spliced from linkRules): rows that do not fit are not
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
var contradictionQueries = map[string]string{
	"TRANSFERRED": `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})-[r:TRANSFERRED]->(b)
WHERE r.txId = row.part AND b.id <> row.to AND ` + visible("r") + ` AND ` + visible("b") + `
RETURN DISTINCT row.idx AS idx`,
	"TRANSITED": `
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

var upsertLinkQueries, removeLinkQueries = map[string]string{}, map[string]string{}

func init() {
	labelTest := func(v string, labels []string) string {
		parts := make([]string, len(labels))
		for i, l := range labels {
			parts[i] = v + ":" + l
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	}
	for t, rule := range linkRules {
		upsertLinkQueries[t] = strings.NewReplacer("TYPE", t, "FROMOK", labelTest("a", rule.from), "TOOK", labelTest("b", rule.to)).Replace(upsertLinkTmpl)
		removeLinkQueries[t] = strings.ReplaceAll(removeLinkTmpl, ":TYPE ", ":"+t+" ")
	}
}

// linkProps says which properties each type takes; others are an error.
var linkProps = map[string][]string{
	"RECRUITED":    {"date", "channel", "method", "promisedJob", "promisedSalary"},
	"RECRUITS_FOR": {"since", "until"},
	"HELD_AT":      {"since", "until"},
	"TRANSITED":    {"order", "date", "mode"},
	"OPERATED_BY":  {"since", "until"},
	"MEMBER_OF":    {"role"},
	"HOLDS":        {"role"},
	"TRANSFERRED":  {"txId", "amount", "currency", "amountUsd", "date", "reference"},
	"PAID":         {"amount", "currency", "amountUsd", "date", "reason"},
	"RELOCATED_TO": {"date"},
}

// linkWrite is a validated relationship.
type linkWrite struct {
	relType, from, to, caseID, id string
	props                         map[string]any
}

func (in LinkInput) write() (linkWrite, error) {
	var errs ValidationErrors
	checkCaseID(&errs, "input.caseId", in.CaseID)
	rule, ok := linkRules[in.Type]
	if !ok || in.Type == "USES" || in.Type == "NATIONAL_OF" || in.Type == "LOCATED_IN" {
		errs.add("input.type", "must be one of %v (nationality, location and identifiers are set on the entity)", linkTypesForInput())
		return linkWrite{}, errs
	}
	// The ends are used exactly as given: an id with a space or a tab
	// around it is refused, never trimmed (the caller's right to name it
	// was checked on the string as given; see ParseEntityID).
	w := linkWrite{relType: in.Type, from: in.From, to: in.To, caseID: in.CaseID}
	if w.from == "" {
		errs.add("input.from", "is required")
	} else if _, err := ParseEntityID(w.from); err != nil {
		errs.add("input.from", "%s", err.(*ValidationError).Reason)
	}
	if slices.Equal(rule.to, []string{KindCountry}) {
		code := strings.TrimPrefix(w.to, "country:")
		if c, err := NormalizeCountry(code); err != nil || code != strings.TrimSpace(code) {
			errs.add("input.to", "not an ISO 3166-1 alpha-2 country code (such as KH, TH, KR)")
		} else {
			w.to = CountryID(c)
		}
	} else if w.to == "" {
		errs.add("input.to", "is required")
	} else if _, err := ParseEntityID(w.to); err != nil {
		errs.add("input.to", "%s", err.(*ValidationError).Reason)
	}
	b := propBuilder{&errs, map[string]any{}}
	b.date("date", in.Date)
	b.date("since", in.Since)
	b.date("until", in.Until)
	b.enum("input.channel", "channel", in.Channel, Channels)
	b.enum("input.method", "method", in.Method, RecruitMethods)
	b.text("input.promisedJob", "promisedJob", in.PromisedJob)
	b.text("input.promisedSalary", "promisedSalary", in.PromisedSalary)
	b.enum("input.mode", "mode", in.Mode, TravelModes)
	b.text("input.txId", "txId", in.TxID)
	b.text("input.reference", "reference", in.Reference)
	b.enum("input.reason", "reason", in.Reason, PaymentReasons)
	if in.Role != nil {
		if in.Type == "HOLDS" {
			b.enum("input.role", "role", in.Role, HoldingRoles)
		} else {
			b.text("input.role", "role", in.Role)
		}
	}
	if in.Order != nil {
		if *in.Order < 1 || *in.Order > 100 {
			errs.add("input.order", "must be between 1 and 100")
		}
		b.props["order"] = int64(*in.Order)
	}
	if in.Amount != nil {
		if in.Amount.Value().IsNegative() {
			errs.add("input.amount", "must not be negative")
		}
		b.props["amount"] = string(*in.Amount)
	}
	if in.AmountUsd != nil {
		b.props["amountUsd"] = string(*in.AmountUsd)
	}
	if in.Currency != nil {
		c, err := NormalizeCurrency(*in.Currency)
		if err != nil {
			errs.add("input.currency", "%s", err.(*ValidationError).Reason)
		}
		b.props["currency"] = c
	}
	if in.Since != nil && in.Until != nil && *in.Until < *in.Since {
		errs.add("input.until", "is before since")
	}
	allowed := linkProps[in.Type]
	for k := range b.props {
		if !slices.Contains(allowed, k) {
			errs.add("input."+k, "does not apply to %s", in.Type)
		}
	}
	switch in.Type {
	case "TRANSFERRED", "PAID":
		if in.Amount == nil {
			errs.add("input.amount", "is required for %s", in.Type)
		}
		if in.Currency == nil {
			errs.add("input.currency", "is required for %s", in.Type)
		}
	case "TRANSITED":
		if in.Order == nil {
			errs.add("input.order", "is required for TRANSITED: the place of this step in the journey")
		}
	}
	w.props = b.props
	w.id = linkIdentity(w)
	return w, errs.err()
}

// linkIdentity is what makes a relationship the same one on a re-import:
//
//	TRANSITED     victim + country + order
//	TRANSFERRED   both accounts + txId, or without a txId: both accounts + date + amount + currency
//	PAID          victim + account + date + amount + currency
//	others        the two ends (one relationship of a type between two nodes)
//
// Both ends are part of every identity, so the id a writer gets depends
// only on what it wrote, never on what a hidden case recorded (ids are
// hashes anyone can compute). A TRANSFERRED with the txId of a visible
// one to another beneficiary, or a TRANSITED step with the order of a
// visible one to another country, is a contradiction (see
// contradictionQueries).
func linkIdentity(w linkWrite) string {
	p := func(k string) string { return fmt.Sprint(w.props[k]) }
	switch w.relType {
	case "TRANSITED":
		return linkID(w.relType, w.from, w.to, "order", p("order"))
	case "TRANSFERRED":
		if tx, ok := w.props["txId"].(string); ok && tx != "" {
			return linkID(w.relType, w.from, w.to, "tx", tx)
		}
		return linkID(w.relType, w.from, w.to, p("date"), p("amount"), p("currency"))
	case "PAID":
		return linkID(w.relType, w.from, w.to, p("date"), p("amount"), p("currency"))
	}
	return linkID(w.relType, w.from, w.to)
}

func linkTypesForInput() []string {
	var out []string
	for _, t := range LinkTypes() {
		if t != "USES" && t != "NATIONAL_OF" && t != "LOCATED_IN" {
			out = append(out, t)
		}
	}
	return out
}

// PreparedLink is a validated relationship, ready for WriteLinks.
type PreparedLink struct{ w linkWrite }

// ID is the relationship's id.
func (p PreparedLink) ID() string { return p.w.id }

// Type is the relationship type.
func (p PreparedLink) Type() string { return p.w.relType }

// PrepareLink validates a relationship without the database.
func PrepareLink(in LinkInput) (PreparedLink, error) {
	w, err := in.write()
	return PreparedLink{w}, err
}

// contradictionPart is the discriminator contradictionQueries compare, or
// nil when the link has none (no txId).
func contradictionPart(w linkWrite) any {
	switch w.relType {
	case "TRANSITED":
		return w.props["order"]
	case "TRANSFERRED":
		if tx, ok := w.props["txId"].(string); ok && tx != "" {
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
func (s *Store) WriteLinks(ctx context.Context, scope Scope, caseID string, rows []PreparedLink) ([]RowResult, error) {
	var results []RowResult
	if !scope.all && !slices.Contains(scope.cases, caseID) {
		scope.cases = append(slices.Clone(scope.cases), caseID)
	}
	err := s.write(ctx, func(r runner) error {
		results = make([]RowResult, len(rows))
		if _, err := caseRegion(ctx, r, caseID); err != nil {
			return err
		}
		byType := map[string][]map[string]any{}
		checks := map[string][]map[string]any{}
		for i, p := range rows {
			results[i].ID = p.w.id
			byType[p.w.relType] = append(byType[p.w.relType], map[string]any{"idx": i, "id": p.w.id, "from": p.w.from, "to": p.w.to, "props": p.w.props})
			if part := contradictionPart(p.w); part != nil {
				checks[p.w.relType] = append(checks[p.w.relType], map[string]any{"idx": i, "from": p.w.from, "to": p.w.to, "part": part})
			}
		}
		// Within the batch, the first row of an identity's discriminator
		// wins, as when the rows are written one after the other.
		contradicts := map[int64]bool{}
		firstTo := map[string]string{}
		for i, p := range rows {
			if part := contradictionPart(p.w); part != nil {
				key := fmt.Sprint(p.w.relType, "\x00", p.w.from, "\x00", part)
				if to, seen := firstTo[key]; !seen {
					firstTo[key] = p.w.to
				} else if to != p.w.to {
					contradicts[int64(i)] = true
				}
			}
		}
		for t, batch := range checks {
			recs, err := r.collect(ctx, "link_contradictions_"+t, contradictionQueries[t], scope.params(map[string]any{"rows": batch}))
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
			rule := linkRules[p.w.relType]
			if !hasAnyLabel(roles, p.w.from, rule.from) || !hasAnyLabel(roles, p.w.to, rule.to) {
				contradicts[int64(i)] = true
			}
		}
		written := make([]bool, len(rows))
		for t, batch := range byType {
			if len(contradicts) > 0 {
				batch = slices.DeleteFunc(batch, func(row map[string]any) bool { return contradicts[int64(row["idx"].(int))] })
			}
			recs, err := r.collect(ctx, "upsert_link_"+t, upsertLinkQueries[t], map[string]any{
				"caseId": caseID, "claimPrefix": linkClaimPrefix(caseID), "rows": batch})
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
func explainUnwritten(ctx context.Context, r runner, rows []PreparedLink, written []bool, results []RowResult, roles map[string][]string) error {
	var ends []string
	for i, p := range rows {
		if !written[i] {
			ends = append(ends, p.w.from, p.w.to)
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
		w, rule := p.w, linkRules[p.w.relType]
		var errs ValidationErrors
		checkEnd := func(field, verb, id string, want []string) {
			ls, ok := labels[id]
			switch {
			case !ok:
				errs.add(field, "no node has this id")
			case !slices.ContainsFunc(want, func(l string) bool { return slices.Contains(ls, l) }):
				errs.add(field, "a %s link must %s a %s, not a %s", w.relType, verb, strings.Join(want, " or "), kindOf(ls))
			}
		}
		checkEnd("input.from", "start at", w.from, rule.from)
		checkEnd("input.to", "end at", w.to, rule.to)
		if len(errs) == 0 {
			errs.add(identityField[w.relType], "contradicts a %s already recorded with the same %s to another %s",
				w.relType, identityWords[w.relType], identityOther[w.relType])
		}
		results[i].Err = errs
	}
	return nil
}

// AddLink validates and writes one relationship asserted by a case; adding
// the same relationship again changes nothing.
// scope is the writer's (its compartments): a contradiction is reported
// only against relationships it may see.
func (s *Store) AddLink(ctx context.Context, scope Scope, in LinkInput) (WriteResult, error) {
	p, err := PrepareLink(in)
	if err != nil {
		return WriteResult{}, err
	}
	res, err := s.WriteLinks(ctx, scope, in.CaseID, []PreparedLink{p})
	if err != nil {
		return WriteResult{}, err
	}
	return res[0].WriteResult, res[0].Err
}

// identityField and identityWords name what makes a link the same one, for
// the error of a link that contradicts a recorded one (see linkIdentity).
var identityField = map[string]string{"TRANSFERRED": "input.txId", "TRANSITED": "input.order"}
var identityWords = map[string]string{"TRANSFERRED": "sending account and txId", "TRANSITED": "victim and order"}
var identityOther = map[string]string{"TRANSFERRED": "beneficiary", "TRANSITED": "country"}

// LinkTypeOfID reads the type from a relationship id ("transferred:3fa9...").
func LinkTypeOfID(id string) (string, bool) {
	prefix, _, ok := strings.Cut(id, ":")
	if !ok {
		return "", false
	}
	t := strings.ToUpper(prefix)
	_, known := linkRules[t]
	return t, known
}

// RemoveLink withdraws a case's assertion of a relationship. It reports
// whether the relationship is gone (no case asserts it any more).
func (s *Store) RemoveLink(ctx context.Context, caseID, id string) (gone bool, err error) {
	t, err := ParseLinkID(id)
	if err != nil {
		return false, &ValidationError{Field: "input.id", Reason: err.(*ValidationError).Reason}
	}
	err = s.write(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "remove_link_"+t, removeLinkQueries[t], map[string]any{"id": id, "caseId": caseID})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return fmt.Errorf("link %q in case %q: %w", id, caseID, ErrNotFound)
		}
		gone, _ = recs[0].Values[0].(bool)
		return nil
	})
	return gone, err
}

// endRoles reads, for the ends that a link type wants in a role (a
// RECRUITED's recruiter and victim, a HELD_AT's or PAID's victim, a
// RECRUITS_FOR's recruiter), the labels the writer's scope sees: the role
// labels the visible cases' claims give (viewProps), not the node's, which
// a hidden case may have set. A reader of every case gets the node's.
func endRoles(ctx context.Context, r runner, scope Scope, rows []PreparedLink) (map[string][]string, error) {
	wantsRole := func(want []string) bool {
		return slices.Contains(want, RoleVictim) || slices.Contains(want, RoleRecruiter)
	}
	var ids []string
	for _, p := range rows {
		rule := linkRules[p.w.relType]
		if wantsRole(rule.from) {
			ids = append(ids, p.w.from)
		}
		if wantsRole(rule.to) {
			ids = append(ids, p.w.to)
		}
	}
	out := map[string][]string{}
	if len(ids) == 0 || scope.all {
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
		_, ls := scope.viewProps(n.Props, n.Labels)
		id, _ := n.Props["id"].(string)
		out[id] = ls
	}
	return out, nil
}

// hasAnyLabel says whether the end id, if endRoles read it, has one of
// the labels wanted (an end endRoles did not read is left to the write).
func hasAnyLabel(roles map[string][]string, id string, want []string) bool {
	ls, ok := roles[id]
	return !ok || slices.ContainsFunc(want, func(l string) bool { return slices.Contains(ls, l) })
}
