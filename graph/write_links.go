package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

const upsertLinkTmpl = `
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MERGE (a)-[r:TYPE {id: $relId}]->(b)
ON CREATE SET r.createdAt = datetime(), r.sources = [$caseId], r.created = true
WITH r, coalesce(r.created, false) AS created
REMOVE r.created
WITH r, created,
     [k IN keys($props) WHERE r[k] IS NULL OR r[k] <> $props[k]] AS changed,
     NOT $caseId IN r.sources AS newCase
SET r += $props
SET r.sources = CASE WHEN newCase THEN r.sources + $caseId ELSE r.sources END
RETURN created, NOT created AND (size(changed) > 0 OR newCase) AS updated`

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
	for t := range linkRules {
		upsertLinkQueries[t] = strings.ReplaceAll(upsertLinkTmpl, "TYPE", t)
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
	w := linkWrite{relType: in.Type, from: strings.TrimSpace(in.From), to: strings.TrimSpace(in.To), caseID: in.CaseID}
	if w.from == "" {
		errs.add("input.from", "is required")
	}
	if slices.Equal(rule.to, []string{KindCountry}) {
		code := strings.TrimPrefix(w.to, "country:")
		if c, err := NormalizeCountry(code); err != nil {
			errs.add("input.to", "%s", err.(*ValidationError).Reason)
		} else {
			w.to = CountryID(c)
		}
	} else if w.to == "" {
		errs.add("input.to", "is required")
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

// AddLink validates and writes a relationship asserted by a case; adding
// the same relationship again changes nothing.
func (s *Store) AddLink(ctx context.Context, in LinkInput) (WriteResult, error) {
	w, err := in.write()
	if err != nil {
		return WriteResult{}, err
	}
	var res WriteResult
	err = s.write(ctx, func(r runner) error {
		if _, err := caseRegion(ctx, r, w.caseID); err != nil {
			return err
		}
		labels, err := labelsOf(ctx, r, w.from, w.to)
		if err != nil {
			return err
		}
		rule := linkRules[w.relType]
		var errs ValidationErrors
		checkEnd := func(field, id string, want []string) {
			ls, ok := labels[id]
			switch {
			case !ok:
				errs.add(field, "no node has this id")
			case !slices.ContainsFunc(want, func(l string) bool { return slices.Contains(ls, l) }):
				errs.add(field, "a %s link must %s a %s", w.relType, map[string]string{"input.from": "start at", "input.to": "end at"}[field], strings.Join(want, " or "))
			}
		}
		checkEnd("input.from", w.from, rule.from)
		checkEnd("input.to", w.to, rule.to)
		if err := errs.err(); err != nil {
			return err
		}
		recs, err := r.collect(ctx, "add_link_"+w.relType, upsertLinkQueries[w.relType], map[string]any{
			"from": w.from, "to": w.to, "relId": w.id, "caseId": w.caseID, "props": w.props,
		})
		if err != nil {
			return err
		}
		res = WriteResult{ID: w.id}
		res.Created, _ = recs[0].Values[0].(bool)
		res.Updated, _ = recs[0].Values[1].(bool)
		return nil
	})
	return res, err
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
	t, ok := LinkTypeOfID(id)
	if !ok {
		return false, &ValidationError{Field: "input.id", Reason: "not a link id"}
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
