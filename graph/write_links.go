package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// upsertLinkTmpl writes the links of one type. The ends must exist and be
// of the kinds the type joins (FROMOK and TOOK, spliced from linkRules),
// and a link with the same identity must not already join other ends (a
// txId recorded for another beneficiary): rows that do not fit are not
// returned, and WriteLinks says why.
const upsertLinkTmpl = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
WHERE FROMOK AND TOOK
OPTIONAL MATCH ()-[old:TYPE {id: row.id}]->()
WITH a, b, row, old WHERE old IS NULL OR (startNode(old) = a AND endNode(old) = b)
MERGE (a)-[r:TYPE {id: row.id}]->(b)
ON CREATE SET r.createdAt = datetime(), r.sources = []
WITH r, row, r.createdAt = datetime() AS created
WITH r, row, created,
     [k IN keys(row.props) WHERE r[k] IS NULL OR r[k] <> row.props[k]] AS changed,
     NOT $caseId IN r.sources AS newCase
SET r += row.props,
    r.sources = CASE WHEN $caseId IN r.sources THEN r.sources ELSE r.sources + $caseId END
RETURN row.idx AS idx, created, NOT created AND (size(changed) > 0 OR newCase) AS updated`

// removeLinkTmpl withdraws one case's assertion of a relationship; the
// relationship goes when no case asserts it any more.
const removeLinkTmpl = `
MATCH ()-[r:TYPE {id: $id}]->()
WHERE $caseId IN r.sources
SET r.sources = [s IN r.sources WHERE s <> $caseId]
WITH r, size(r.sources) = 0 AS gone
CALL (r, gone) { WITH r WHERE gone DELETE r }
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
		removeLinkQueries[t] = strings.ReplaceAll(removeLinkTmpl, "TYPE", t)
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
//	TRANSITED     victim + order (one step per place in the journey)
//	TRANSFERRED   sending account + txId, or without a txId: both accounts + date + amount + currency
//	PAID          victim + account + date + amount + currency
//	others        the two ends (one relationship of a type between two nodes)
func linkIdentity(w linkWrite) string {
	p := func(k string) string { return fmt.Sprint(w.props[k]) }
	switch w.relType {
	case "TRANSITED":
		return linkID(w.relType, w.from, "order", p("order"))
	case "TRANSFERRED":
		if tx, ok := w.props["txId"].(string); ok && tx != "" {
			return linkID(w.relType, w.from, "tx", tx)
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

// WriteLinks writes a batch of relationships of one case in one write
// transaction. A row whose ends are missing or of the wrong kind is refused
// alone, with the field (from or to) and the reason.
func (s *Store) WriteLinks(ctx context.Context, caseID string, rows []PreparedLink) ([]RowResult, error) {
	var results []RowResult
	err := s.write(ctx, func(r runner) error {
		results = make([]RowResult, len(rows))
		if _, err := caseRegion(ctx, r, caseID); err != nil {
			return err
		}
		byType := map[string][]map[string]any{}
		for i, p := range rows {
			results[i].ID = p.w.id
			byType[p.w.relType] = append(byType[p.w.relType], map[string]any{"idx": i, "id": p.w.id, "from": p.w.from, "to": p.w.to, "props": p.w.props})
		}
		written := make([]bool, len(rows))
		for t, batch := range byType {
			recs, err := r.collect(ctx, "upsert_link_"+t, upsertLinkQueries[t], map[string]any{"caseId": caseID, "rows": batch})
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
		return explainUnwritten(ctx, r, rows, written, results)
	})
	return results, err
}

// explainUnwritten says, for each link the upsert did not write, which end
// is missing or of the wrong kind. Only refused rows pay for this look-up.
func explainUnwritten(ctx context.Context, r runner, rows []PreparedLink, written []bool, results []RowResult) error {
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
			errs.add(identityField[w.relType], "contradicts a %s already recorded with the same identity (%s) between other ends",
				w.relType, identityWords[w.relType])
		}
		results[i].Err = errs
	}
	return nil
}

// AddLink validates and writes one relationship asserted by a case; adding
// the same relationship again changes nothing.
func (s *Store) AddLink(ctx context.Context, in LinkInput) (WriteResult, error) {
	p, err := PrepareLink(in)
	if err != nil {
		return WriteResult{}, err
	}
	res, err := s.WriteLinks(ctx, in.CaseID, []PreparedLink{p})
	if err != nil {
		return WriteResult{}, err
	}
	return res[0].WriteResult, res[0].Err
}

// identityField and identityWords name what makes a link the same one, for
// the error of a link that contradicts a recorded one (see linkIdentity).
var identityField = map[string]string{"TRANSFERRED": "input.txId", "TRANSITED": "input.order", "PAID": "input.date"}
var identityWords = map[string]string{
	"TRANSFERRED": "sending account and txId", "TRANSITED": "victim and order",
	"PAID": "victim, account, date, amount and currency",
}

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
