package casefile

import (
	"slices"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// refInfo is what the importer remembers of an entity of the file, so that
// links can name their ends by ref.
type refInfo struct {
	id    string
	kind  graph.Label
	roles []graph.Label
	// global: attached to an entity already in the graph by its id; its
	// kind is checked against the database when the link is written.
	global bool
}

// prepareEntity validates one entity record into a graph write. region is
// the case's country (the default region of national phone numbers).
func prepareEntity(caseID, region string, e Entity) (graph.Prepared, []graph.Label, error) {
	if e.Ref == "" {
		return graph.Prepared{}, nil, fieldError("ref", "is required: a reference unique within the file")
	}
	ref := &e.Ref
	roles := slices.Clone(e.Roles)
	// The file's type is a label (a kind, or a role that implies a
	// person); one ParseLabel refuses is "", which the last switch below
	// refuses with the list of types.
	typ, _ := graph.ParseLabel(fileLabel(e.Type))
	switch typ {
	case graph.RoleRecruiter, graph.RoleVictim:
		roles = append(roles, string(typ))
		typ = graph.KindPerson
	}
	slices.Sort(roles)
	roles = slices.Compact(roles)
	// The file's role names become labels through ParseLabel; which
	// labels a kind may take is checked below.
	var labels []graph.Label
	for _, r := range roles {
		l, err := graph.ParseLabel(fileLabel(r))
		if err != nil {
			l = "" // refused below with the kind's own message
		}
		labels = append(labels, l)
	}
	id := deref(e.ID)
	switch typ {
	case graph.KindPerson:
		for _, r := range labels {
			if r != graph.RoleRecruiter && r != graph.RoleVictim {
				return graph.Prepared{}, nil, fieldError("roles", "a person's roles are Recruiter and Victim")
			}
		}
		in := graph.PersonInput{
			CaseID: caseID, Ref: ref, Name: e.Name, Aliases: e.Aliases, Gender: enum[graph.Gender](e.Gender),
			BirthDate: e.BirthDate, Nationality: e.Nationality, Identifiers: e.Identifiers,
			VictimType: enum[graph.VictimType](e.VictimType), Status: enum[graph.VictimStatus](e.Status), ControlMethods: enums[graph.ControlMethod](e.ControlMethods), ConsentToShare: e.ConsentToShare,
			ActiveFrom: e.ActiveFrom, ActiveTo: e.ActiveTo,
		}
		p, err := graph.PreparePerson(in, id, labels, region)
		return p, labels, err
	case graph.KindOrganization:
		for _, r := range labels {
			if r != graph.RoleRecruiter {
				return graph.Prepared{}, nil, fieldError("roles", "an organisation's only role is Recruiter")
			}
		}
		recruits := len(roles) > 0
		p, err := graph.PrepareOrganization(graph.OrganizationInput{
			CaseID: caseID, Ref: ref, Name: e.Name, Aliases: e.Aliases, Kind: enum[graph.OrganizationKind](e.Kind), Country: e.Country,
			RegistrationNumber: e.RegistrationNumber, IsRecruiter: &recruits, ActiveFrom: e.ActiveFrom, ActiveTo: e.ActiveTo,
			Identifiers: e.Identifiers,
		}, id, region)
		return p, labels, err
	case graph.KindCompound:
		if len(roles) > 0 {
			return graph.Prepared{}, nil, fieldError("roles", "a compound has no roles")
		}
		p, err := graph.PrepareCompound(graph.CompoundInput{
			CaseID: caseID, Ref: ref, Name: e.Name, Aliases: e.Aliases, Status: enum[graph.CompoundStatus](e.Status), Country: e.Country,
			City: e.City, Address: e.Address, Location: e.Location, EstimatedWorkers: e.EstimatedWorkers,
			ScamTypes: enums[graph.ScamType](e.ScamTypes), Identifiers: e.Identifiers,
		}, id, region)
		return p, nil, err
	case graph.KindBankAccount:
		if len(roles) > 0 {
			return graph.Prepared{}, nil, fieldError("roles", "an account has no roles")
		}
		p, err := graph.PrepareBankAccount(graph.BankAccountInput{
			CaseID: caseID, Kind: enum[graph.AccountKind](e.Kind), Country: e.Country, Institution: e.Institution, BankCode: e.BankCode,
			AccountNumber: e.AccountNumber, Iban: e.Iban, Currency: e.Currency, Chain: e.Chain, Status: enum[graph.AccountStatus](e.Status),
			HolderName: e.Name,
		}, id)
		return p, nil, err
	}
	reason := "must be Person, Recruiter, Victim, Organization, Compound or BankAccount"
	if s := graph.Nearest(strings.ToUpper(strings.TrimSpace(e.Type)), upper(fileTypes)); s != "" {
		reason += "; did you mean " + fileLabel(s) + "?"
	}
	return graph.Prepared{}, nil, fieldError("type", reason)
}

// fileTypes are the types an entity record may give.
var fileTypes = []string{"Person", "Recruiter", "Victim", "Organization", "Compound", "BankAccount"}

// fileLabel reads a type or role as files write it, in any case ("victim",
// "BANKACCOUNT", "Bank account"), as the label it names, or returns it as
// it is for ParseLabel to refuse.
func fileLabel(s string) string {
	k := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), "_", "")
	for _, l := range fileTypes {
		if strings.EqualFold(k, l) {
			return l
		}
	}
	return s
}

func upper(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(s)
	}
	return out
}

// linkEnds are the kinds a link type joins, as the file declares them
// (checked before writing so --strict can refuse a file without touching
// the database).
var linkEnds = map[graph.RelType][2][]graph.Label{
	graph.RelRecruited:   {{graph.RoleRecruiter}, {graph.RoleVictim}},
	graph.RelRecruitsFor: {{graph.RoleRecruiter}, {graph.KindCompound, graph.KindOrganization}},
	graph.RelHeldAt:      {{graph.RoleVictim}, {graph.KindCompound}},
	graph.RelTransited:   {{graph.RoleVictim}, {graph.KindCountry}},
	graph.RelOperatedBy:  {{graph.KindCompound}, {graph.KindOrganization}},
	graph.RelMemberOf:    {{graph.KindPerson}, {graph.KindOrganization}},
	graph.RelHolds:       {{graph.KindPerson, graph.KindOrganization, graph.KindCompound}, {graph.KindBankAccount}},
	graph.RelTransferred: {{graph.KindBankAccount}, {graph.KindBankAccount}},
	graph.RelPaid:        {{graph.RoleVictim}, {graph.KindBankAccount}},
	graph.RelRelocatedTo: {{graph.KindCompound}, {graph.KindCompound}},
}

// fileLinkTypes are the link types a file may give, in the order the
// format's documentation lists them.
var fileLinkTypes = []string{"RECRUITED", "RECRUITS_FOR", "HELD_AT", "TRANSITED", "OPERATED_BY", "MEMBER_OF", "HOLDS", "TRANSFERRED", "PAID", "RELOCATED_TO"}

func (r refInfo) is(kinds []graph.Label) bool {
	for _, k := range kinds {
		if k == r.kind || slices.Contains(r.roles, k) {
			return true
		}
	}
	return false
}

// prepareLink resolves a link's refs and validates it. rejected holds the
// refs of entities the file has but that were refused.
func prepareLink(caseID string, l Link, refs map[string]refInfo, rejected map[string]bool) (graph.PreparedLink, error) {
	name, _ := graph.CanonicalEnum(l.Type, fileLinkTypes)
	typ, err := graph.ParseRelType(name)
	ends, known := linkEnds[typ]
	if err != nil || !known {
		return graph.PreparedLink{}, fieldError("type", graph.EnumReason(l.Type, fileLinkTypes))
	}
	resolve := func(field, ref string, want []graph.Label) (string, error) {
		if slices.Equal(want, []graph.Label{graph.KindCountry}) {
			return ref, nil // an ISO code, checked by the graph's validation
		}
		info, ok := refs[ref]
		switch {
		case ref == "":
			return "", fieldError(field, "is required")
		case rejected[ref]:
			return "", fieldError(field, "entity "+ref+" was rejected")
		case !ok:
			return "", fieldError(field, "no entity has ref "+ref+" in this file")
		case !info.global && !info.is(want):
			return "", fieldError(field, "a "+l.Type+" link joins "+describe(ends[0])+" to "+describe(ends[1])+"; "+ref+" is a "+describeRef(info))
		}
		return info.id, nil
	}
	from, fromErr := resolve("from", l.From, ends[0])
	to, toErr := resolve("to", l.To, ends[1])
	if fromErr != nil || toErr != nil {
		// the link's own values are checked too, between stand-in ends,
		// so that one pass reports all its problems
		p, err := prepareLinkValues(caseID, typ, l, standIn(caseID, from, fromErr), standIn(caseID, to, toErr))
		return p, graph.Combine(fromErr, toErr, otherFields(err, graph.Combine(fromErr, toErr)))
	}
	return prepareLinkValues(caseID, typ, l, from, to)
}

// standIn is a well-formed entity id in place of an end that could not
// be resolved.
func standIn(caseID, id string, err error) string {
	if err != nil {
		return "person:" + caseID + ":unresolved"
	}
	return id
}

// prepareLinkValues validates a link between resolved ends.
func prepareLinkValues(caseID string, typ graph.RelType, l Link, from, to string) (graph.PreparedLink, error) {
	// A sheet has one date column for every link type; on a link that
	// lasts (since/until, no date of its own: HELD_AT, RECRUITS_FOR,
	// OPERATED_BY) the date is when it began (docs/formats.md).
	date, since := l.Date, l.Since
	if date != nil && since == nil && !slices.Contains(graph.LinkProps[typ], "date") && slices.Contains(graph.LinkProps[typ], "since") {
		date, since = nil, date
	}
	return graph.PrepareLink(graph.LinkInput{
		CaseID: caseID, Type: typ, From: from, To: to, Date: date, Since: since, Until: l.Until,
		Channel: enum[graph.Channel](l.Channel), Method: enum[graph.RecruitMethod](l.Method), PromisedJob: l.PromisedJob, PromisedSalary: l.PromisedSalary,
		Order: l.Order, Mode: enum[graph.TravelMode](l.Mode), Role: l.Role, TxID: l.TxID, Amount: l.Amount, Currency: l.Currency,
		AmountUsd: l.AmountUsd, Reference: l.Reference, Reason: enum[graph.PaymentReason](l.Reason),
	})
}

func describe(kinds []graph.Label) string {
	out := ""
	for i, k := range kinds {
		if i > 0 {
			out += " or "
		}
		out += "a " + string(k)
	}
	return out
}

func describeRef(r refInfo) string {
	if len(r.roles) > 0 {
		return string(r.kind) + " (" + joinRoles(r.roles) + ")"
	}
	return string(r.kind)
}

func joinRoles(roles []graph.Label) string {
	out := ""
	for i, r := range roles {
		if i > 0 {
			out += ", "
		}
		out += string(r)
	}
	return out
}

// enum and enums carry a case file's text into the model's enum types;
// graph's validation (checkEnum) refuses a value not in the vocabulary,
// with the field's name, as it does for the API.
func enum[T ~string](s *string) *T {
	if s == nil {
		return nil
	}
	v := T(*s)
	return &v
}

func enums[T ~string](ss []string) []T {
	if ss == nil {
		return nil
	}
	out := make([]T, len(ss))
	for i, s := range ss {
		out[i] = T(s)
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
