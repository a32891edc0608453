package graph

import (
	"fmt"
	"slices"
	"strings"
)

// LinkProps says which properties each type takes; others are an error.
var LinkProps = map[RelType][]string{
	RelRecruited:   {"date", "channel", "method", "promisedJob", "promisedSalary"},
	RelRecruitsFor: {"since", "until"},
	RelHeldAt:      {"since", "until"},
	RelTransited:   {"order", "date", "mode"},
	RelOperatedBy:  {"since", "until"},
	RelMemberOf:    {"role"},
	RelHolds:       {"role"},
	RelTransferred: {"txId", "amount", "currency", "amountUsd", "date", "reference"},
	RelPaid:        {"amount", "currency", "amountUsd", "date", "reason"},
	RelRelocatedTo: {"date"},
}

// LinkWrite is a validated relationship.
type LinkWrite struct {
	RelType              RelType
	From, To, caseID, ID string
	Props                map[string]any
	Warnings             ValidationErrors // optional values left out (see EntityWrite)
}

func (in LinkInput) write() (LinkWrite, error) {
	var errs ValidationErrors
	checkCaseID(&errs, "input.caseId", in.CaseID)
	rule, ok := LinkRules[in.Type]
	if !ok || in.Type == RelUses || in.Type == RelNationalOf || in.Type == RelLocatedIn {
		errs.Add("input.type", "must be one of %s (nationality, location and identifiers are set on the entity)", joinKinds(linkTypesForInput()))
		return LinkWrite{}, errs
	}
	// The ends are used exactly as given: an id with a space or a tab
	// around it is refused, never trimmed (the caller's right to name it
	// was checked on the string as given; see ParseEntityID).
	w := LinkWrite{RelType: in.Type, From: in.From, To: in.To, caseID: in.CaseID}
	if w.From == "" {
		errs.Add("input.from", "is required")
	} else if _, err := ParseEntityID(w.From); err != nil {
		errs.Add("input.from", "%s", err.(*ValidationError).Reason)
	}
	if slices.Equal(rule.To, []Label{KindCountry}) {
		code := strings.TrimPrefix(w.To, "country:")
		if c, err := NormalizeCountry(code); err != nil {
			errs.Add("input.to", "%s", err.(*ValidationError).Reason)
		} else if code != strings.TrimSpace(code) {
			errs.Add("input.to", "a country code has no spaces around it")
		} else {
			w.To = CountryID(c)
		}
	} else if w.To == "" {
		errs.Add("input.to", "is required")
	} else if _, err := ParseEntityID(w.To); err != nil {
		errs.Add("input.to", "%s", err.(*ValidationError).Reason)
	}
	var warns ValidationErrors
	b := propBuilder{&errs, map[string]any{}, &warns}
	b.date("date", in.Date)
	b.date("since", in.Since)
	b.date("until", in.Until)
	enumProp(b, "input.channel", "channel", in.Channel, Channels)
	enumProp(b, "input.method", "method", in.Method, RecruitMethods)
	b.text("input.promisedJob", "promisedJob", in.PromisedJob)
	b.text("input.promisedSalary", "promisedSalary", in.PromisedSalary)
	enumProp(b, "input.mode", "mode", in.Mode, TravelModes)
	b.text("input.txId", "txId", in.TxID)
	b.text("input.reference", "reference", in.Reference)
	enumProp(b, "input.reason", "reason", in.Reason, PaymentReasons)
	if in.Role != nil {
		if in.Type == RelHolds {
			enumProp(b, "input.role", "role", in.Role, HoldingRoles)
		} else {
			b.text("input.role", "role", in.Role)
		}
	}
	if in.Order != nil {
		if *in.Order < 1 || *in.Order > 100 {
			errs.Add("input.order", "must be between 1 and 100")
		}
		b.props["order"] = int64(*in.Order)
	}
	if in.Amount != nil {
		if in.Amount.Value().IsNegative() {
			errs.Add("input.amount", "must not be negative")
		}
		b.props["amount"] = string(*in.Amount)
	}
	if in.AmountUsd != nil {
		b.props["amountUsd"] = string(*in.AmountUsd)
	}
	if in.Currency != nil {
		c, err := NormalizeCurrency(*in.Currency)
		if err != nil {
			errs.Add("input.currency", "%s", err.(*ValidationError).Reason)
		}
		b.props["currency"] = c
	}
	if in.Since != nil && in.Until != nil && *in.Until < *in.Since {
		errs.Add("input.until", "is before since")
	}
	allowed := LinkProps[in.Type]
	for k := range b.props {
		if !slices.Contains(allowed, k) {
			errs.Add("input."+k, "does not apply to %s", in.Type)
		}
	}
	switch in.Type {
	case RelTransferred, RelPaid:
		if in.Amount == nil {
			errs.Add("input.amount", "is required for %s", in.Type)
		}
		if in.Currency == nil {
			errs.Add("input.currency", "is required for %s", in.Type)
		}
	case RelTransited:
		if in.Order == nil {
			errs.Add("input.order", "is required for TRANSITED: the place of this step in the journey")
		}
	}
	w.Props, w.Warnings = b.props, warns
	w.ID = LinkIdentity(w)
	return w, errs.Err()
}

// LinkIdentity is what makes a relationship the same one on a re-import:
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
func LinkIdentity(w LinkWrite) string {
	p := func(k string) string { return fmt.Sprint(w.Props[k]) }
	switch w.RelType {
	case RelTransited:
		return LinkID(w.RelType, w.From, w.To, "order", p("order"))
	case RelTransferred:
		if tx, ok := w.Props["txId"].(string); ok && tx != "" {
			return LinkID(w.RelType, w.From, w.To, "tx", tx)
		}
		return LinkID(w.RelType, w.From, w.To, p("date"), p("amount"), p("currency"))
	case RelPaid:
		return LinkID(w.RelType, w.From, w.To, p("date"), p("amount"), p("currency"))
	}
	return LinkID(w.RelType, w.From, w.To)
}

// joinKinds lists kinds plainly, for a person to read: "HOLDS, PAID".
func joinKinds[T ~string](ks []T) string {
	ss := make([]string, len(ks))
	for i, k := range ks {
		ss[i] = string(k)
	}
	return strings.Join(ss, ", ")
}

func linkTypesForInput() []RelType {
	var out []RelType
	for _, t := range LinkTypes() {
		if t != RelUses && t != RelNationalOf && t != RelLocatedIn {
			out = append(out, t)
		}
	}
	return out
}

// PreparedLink is a validated relationship, ready for WriteLinks.
type PreparedLink struct{ Link LinkWrite }

// ID is the relationship's id.
func (p PreparedLink) ID() string { return p.Link.ID }

// Type is the relationship type.
func (p PreparedLink) Type() RelType { return p.Link.RelType }

// PrepareLink validates a relationship without the database.
func PrepareLink(in LinkInput) (PreparedLink, error) {
	w, err := in.write()
	return PreparedLink{w}, err
}

// identityField, identityWords and identityOther name what makes a link
// the same one (see LinkIdentity) and what a contradiction changes.
var (
	identityField = map[RelType]string{RelTransferred: "input.txId", RelTransited: "input.order"}
	identityWords = map[RelType]string{RelTransferred: "sending account and txId", RelTransited: "victim and order"}
	identityOther = map[RelType]string{RelTransferred: "beneficiary", RelTransited: "country"}
)

// Contradiction is the error of a link of type t that would change what a
// recorded one says of its identity: a transfer with a known txId to
// another beneficiary, a journey step with a known order to another country.
func Contradiction(t RelType) *ValidationError {
	return &ValidationError{Field: identityField[t], Reason: fmt.Sprintf("contradicts a %s already recorded with the same %s to another %s",
		t, identityWords[t], identityOther[t])}
}

// LinkTypeOfID reads the type from a relationship id ("transferred:3fa9...").
func LinkTypeOfID(id string) (RelType, bool) {
	prefix, _, ok := strings.Cut(id, ":")
	if !ok {
		return "", false
	}
	t := RelType(strings.ToUpper(prefix))
	_, known := LinkRules[t]
	return t, known
}
