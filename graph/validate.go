package graph

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EntityWrite is a validated, normalised entity ready for Cypher.
type EntityWrite struct {
	Kind        Label
	ID          string
	caseID      string
	Roles       []Label
	Props       map[string]any
	CountryRel  RelType // NATIONAL_OF or LOCATED_IN
	Countries   []string
	Identifiers []identifierWrite
	// Warnings are optional values left out of the write, each with its
	// field and why (an importer reports them; --strict refuses them).
	Warnings ValidationErrors
}

type identifierWrite struct {
	ID, Key, Kind, Value, RelID string
}

const maxTextLen = 2000

// props builds a property map from the given fields only.
type propBuilder struct {
	errs  *ValidationErrors
	props map[string]any
	// warns records optional values left out (see enumProp): the record
	// is written without them.
	warns *ValidationErrors
}

func (b propBuilder) text(field, name string, v *string) {
	if v == nil {
		return
	}
	s := strings.TrimSpace(*v)
	switch {
	case !utf8.ValidString(s):
		b.errs.Add(field, "is not valid UTF-8")
	case strings.ContainsRune(s, 0):
		b.errs.Add(field, "contains a NUL character")
	case len(s) > maxTextLen:
		b.errs.Add(field, "is longer than %d bytes", maxTextLen)
	default:
		b.props[name] = s
	}
}

func (b propBuilder) texts(field, name string, vs []string) {
	if vs == nil {
		return
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		v := v
		before := len(*b.errs)
		b.text(field, name+"\x00tmp", &v)
		if len(*b.errs) == before && strings.TrimSpace(v) != "" {
			out = append(out, strings.TrimSpace(v))
		}
	}
	delete(b.props, name+"\x00tmp")
	b.props[name] = out
}

// enumProp checks an enum value and stores it as the plain string the
// database holds (a named type would not compare equal to what is read
// back).
func enumProp[T ~string](b propBuilder, field, name string, v *T, allowed []string) {
	if v == nil {
		return
	}
	c, ok := CanonicalEnum(string(*v), allowed)
	if !ok {
		// An optional value outside its vocabulary does not cost the
		// record: it is left out, and said so.
		b.warns.Add(field, "%s", EnumReason(string(*v), allowed))
		return
	}
	b.props[name] = c
}

// enumsProp is enumProp of a list.
func enumsProp[T ~string](b propBuilder, field, name string, vs []T, allowed []string) {
	if vs == nil {
		return
	}
	ss := make([]string, len(vs))
	for i, v := range vs {
		ss[i] = string(v)
	}
	kept := make([]string, 0, len(ss))
	for _, v := range ss {
		c, ok := CanonicalEnum(v, allowed)
		if !ok {
			b.warns.Add(field, "%s", EnumReason(v, allowed))
			continue
		}
		kept = append(kept, c)
	}
	b.props[name] = kept
}

// date checks a date again: importers may build inputs without the
// scalar's or the JSON decoder's check.
func (b propBuilder) date(name string, v *PartialDate) {
	if v == nil || *v == "" {
		return
	}
	if _, err := ParsePartialDate(string(*v)); err != nil {
		b.errs.Add("input."+name, "%s", err.Error())
		return
	}
	b.props[name] = string(*v)
}

func (b propBuilder) requireOnCreate(update bool, field, name string) {
	if !update {
		if s, _ := b.props[name].(string); s == "" {
			b.errs.Add(field, "is required")
		}
	}
}

func checkIdentifiers(errs *ValidationErrors, in []IdentifierInput, region, ownerID string) []identifierWrite {
	var out []identifierWrite
	for i, idf := range in {
		field := "input.identifiers[" + strconv.Itoa(i) + "]"
		kind, ok := CanonicalEnum(string(idf.Kind), IdentifierKinds)
		if !ok {
			errs.Add(field+".kind", "%s", EnumReason(string(idf.Kind), IdentifierKinds))
			continue
		}
		key, value, err := IdentifierKey(kind, idf.Value, region)
		if err != nil {
			errs.Add(field+".value", "%s", err.(*ValidationError).Reason)
			continue
		}
		out = append(out, identifierWrite{ID: "identifier:" + key, Key: key, Kind: kind, Value: value, RelID: LinkID(RelUses, ownerID, "identifier:"+key)})
	}
	return out
}

func checkCountries(errs *ValidationErrors, field string, codes []string) []string {
	var out []string
	for _, c := range codes {
		n, err := NormalizeCountry(c)
		if err != nil {
			errs.Add(field, "%s", err.(*ValidationError).Reason)
			continue
		}
		out = append(out, n)
	}
	return out
}

func checkRef(errs *ValidationErrors, ref *string) string {
	if ref == nil {
		return ""
	}
	if !refPattern.MatchString(*ref) {
		errs.Add("input.ref", "a ref is 1 to 80 letters, digits, '.', '_', '/' or '-'")
	}
	return *ref
}

// personWrite validates a PersonInput. id is the existing id on update (or
// PersonID), empty on create; region is the case's country, the default for
// phone numbers written in national form.
func (in PersonInput) write(id string, roles []Label, region string) (EntityWrite, error) {
	var errs ValidationErrors
	update := id != ""
	checkCaseID(&errs, "input.caseId", in.CaseID)
	if !update {
		id = entityID("person", in.CaseID, checkRef(&errs, in.Ref))
	}
	var warns ValidationErrors
	b := propBuilder{&errs, map[string]any{}, &warns}
	b.text("input.name", "name", in.Name)
	b.requireOnCreate(update, "input.name", "name")
	b.texts("input.aliases", "aliases", in.Aliases)
	enumProp(b, "input.gender", "gender", in.Gender, Genders)
	b.date("birthDate", in.BirthDate)
	enumProp(b, "input.victimType", "victimType", in.VictimType, VictimTypes)
	enumProp(b, "input.status", "status", in.Status, VictimStatuses)
	enumsProp(b, "input.controlMethods", "controlMethods", in.ControlMethods, ControlMethods)
	if in.ConsentToShare != nil {
		b.props["consentToShare"] = *in.ConsentToShare
	}
	b.date("activeFrom", in.ActiveFrom)
	b.date("activeTo", in.ActiveTo)
	if slices.Contains(roles, RoleVictim) && !update {
		if _, ok := b.props["victimType"]; !ok {
			b.props["victimType"] = "TRAFFICKED_WORKER"
		}
		if _, ok := b.props["status"]; !ok {
			b.props["status"] = "UNKNOWN"
		}
	}
	w := EntityWrite{Kind: KindPerson, ID: id, caseID: in.CaseID, Roles: roles, Props: b.props, CountryRel: RelNationalOf, Warnings: warns}
	w.Countries = checkCountries(&errs, "input.nationality", in.Nationality)
	w.Identifiers = checkIdentifiers(&errs, in.Identifiers, region, id)
	return w, errs.Err()
}

func (in OrganizationInput) write(id, region string) (EntityWrite, error) {
	var errs ValidationErrors
	update := id != ""
	checkCaseID(&errs, "input.caseId", in.CaseID)
	if !update {
		id = entityID("organization", in.CaseID, checkRef(&errs, in.Ref))
	}
	var warns ValidationErrors
	b := propBuilder{&errs, map[string]any{}, &warns}
	b.text("input.name", "name", in.Name)
	b.requireOnCreate(update, "input.name", "name")
	b.texts("input.aliases", "aliases", in.Aliases)
	enumProp(b, "input.kind", "kind", in.Kind, OrgKinds)
	b.text("input.registrationNumber", "registrationNumber", in.RegistrationNumber)
	b.date("activeFrom", in.ActiveFrom)
	b.date("activeTo", in.ActiveTo)
	w := EntityWrite{Kind: KindOrganization, ID: id, caseID: in.CaseID, Props: b.props, CountryRel: RelLocatedIn, Warnings: warns}
	if in.IsRecruiter != nil && *in.IsRecruiter {
		w.Roles = []Label{RoleRecruiter}
	}
	if in.Country != nil {
		w.Countries = checkCountries(&errs, "input.country", []string{*in.Country})
	}
	w.Identifiers = checkIdentifiers(&errs, in.Identifiers, region, id)
	return w, errs.Err()
}

func (in CompoundInput) write(id, region string) (EntityWrite, error) {
	var errs ValidationErrors
	update := id != ""
	checkCaseID(&errs, "input.caseId", in.CaseID)
	if !update {
		id = entityID("compound", in.CaseID, checkRef(&errs, in.Ref))
	}
	var warns ValidationErrors
	b := propBuilder{&errs, map[string]any{}, &warns}
	b.text("input.name", "name", in.Name)
	b.requireOnCreate(update, "input.name", "name")
	b.texts("input.aliases", "aliases", in.Aliases)
	enumProp(b, "input.status", "status", in.Status, CompoundStatuses)
	b.text("input.city", "city", in.City)
	b.text("input.address", "address", in.Address)
	enumsProp(b, "input.scamTypes", "scamTypes", in.ScamTypes, ScamTypes)
	if in.EstimatedWorkers != nil {
		if *in.EstimatedWorkers < 0 || *in.EstimatedWorkers > 1_000_000 {
			errs.Add("input.estimatedWorkers", "must be between 0 and 1000000")
		}
		b.props["estimatedWorkers"] = int64(*in.EstimatedWorkers)
	}
	if l := in.Location; l != nil {
		if l.Lat < -90 || l.Lat > 90 || l.Lon < -180 || l.Lon > 180 {
			errs.Add("input.location", "latitude must be within ±90 and longitude within ±180")
		}
		b.props["latitude"], b.props["longitude"] = l.Lat, l.Lon
		b.props["location"] = Location{Lat: l.Lat, Lon: l.Lon}
	}
	w := EntityWrite{Kind: KindCompound, ID: id, caseID: in.CaseID, Props: b.props, CountryRel: RelLocatedIn, Warnings: warns}
	if in.Country != nil {
		w.Countries = checkCountries(&errs, "input.country", []string{*in.Country})
	}
	w.Identifiers = checkIdentifiers(&errs, in.Identifiers, region, id)
	return w, errs.Err()
}

// write validates an account. On update (id given) the fields that make up
// the account key cannot change: a different number is a different account.
func (in BankAccountInput) write(id string) (EntityWrite, error) {
	var errs ValidationErrors
	update := id != ""
	checkCaseID(&errs, "input.caseId", in.CaseID)
	var warns ValidationErrors
	b := propBuilder{&errs, map[string]any{}, &warns}
	enumProp(b, "input.kind", "kind", in.Kind, AccountKinds)
	b.text("input.institution", "institution", in.Institution)
	b.text("input.bankCode", "bankCode", in.BankCode)
	enumProp(b, "input.status", "status", in.Status, AccountStatuses)
	b.text("input.holderName", "name", in.HolderName)
	b.text("input.chain", "chain", in.Chain)
	if c, ok := b.props["chain"].(string); ok {
		b.props["chain"] = strings.ToUpper(c)
	}
	if in.Currency != nil {
		c, err := NormalizeCurrency(*in.Currency)
		if err != nil {
			errs.Add("input.currency", "%s", err.(*ValidationError).Reason)
		}
		b.props["currency"] = c
	}
	w := EntityWrite{Kind: KindBankAccount, ID: id, caseID: in.CaseID, Props: b.props, CountryRel: RelLocatedIn, Warnings: warns}
	if in.Country != nil {
		w.Countries = checkCountries(&errs, "input.country", []string{*in.Country})
	}
	if update {
		if in.AccountNumber != nil || in.Iban != nil || in.Kind != nil || in.Country != nil || in.Chain != nil || in.BankCode != nil || in.Institution != nil {
			errs.Add("input", "kind, country, chain, institution, bankCode, accountNumber and iban identify the account and cannot be changed; create the other account instead")
		}
		return w, errs.Err()
	}
	kind, _ := b.props["kind"].(string)
	country := ""
	if len(w.Countries) == 1 {
		country = w.Countries[0]
	}
	key, number, iban, kerr := AccountKey(kind, country, str(in.Chain), str(in.BankCode), str(in.Institution), str(in.AccountNumber), str(in.Iban))
	for _, e := range kerr {
		errs = append(errs, e)
	}
	b.props["accountKey"], b.props["accountNumber"] = key, number
	if iban != "" {
		b.props["iban"] = iban
	}
	w.ID = "account:" + key
	return w, errs.Err()
}

// Props are the properties a new case file sets: title and agency are
// required, status is OPEN unless given.
func (in CaseFileInput) Props() (map[string]any, error) {
	props, err := caseFileProps("input.id", in.ID, CaseFileUpdateInput{
		Title: &in.Title, Agency: &in.Agency, Country: in.Country, Classification: in.Classification,
		OpenedAt: in.OpenedAt, Status: in.Status, Description: in.Description, Fictional: in.Fictional,
	})
	if _, ok := props["status"]; !ok {
		props["status"] = "OPEN"
	}
	return props, err
}

// Props are the properties an update of case file id sets: only the
// fields given; a title or agency given must not be blank (a case file
// always has both).
func (in CaseFileUpdateInput) Props(id string) (map[string]any, error) {
	return caseFileProps("id", id, in)
}

// caseFileProps validates the fields of a case file that are given. A case
// file is one record: a value it gives is kept or refused, never left out
// with a warning.
func caseFileProps(idField, id string, in CaseFileUpdateInput) (map[string]any, error) {
	var errs, warns ValidationErrors
	checkCaseID(&errs, idField, id)
	b := propBuilder{&errs, map[string]any{}, &warns}
	b.text("input.title", "title", in.Title)
	b.text("input.agency", "agency", in.Agency)
	if in.Title != nil {
		b.requireOnCreate(false, "input.title", "title")
	}
	if in.Agency != nil {
		b.requireOnCreate(false, "input.agency", "agency")
	}
	if in.Country != nil {
		if cs := checkCountries(&errs, "input.country", []string{*in.Country}); len(cs) == 1 {
			b.props["country"] = cs[0]
		}
	}
	b.text("input.classification", "classification", in.Classification)
	b.date("openedAt", in.OpenedAt)
	enumProp(b, "input.status", "status", in.Status, CaseStatuses)
	b.text("input.description", "description", in.Description)
	if in.Fictional != nil {
		b.props["fictional"] = *in.Fictional
	}
	errs = append(errs, warns...)
	return b.props, errs.Err()
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}
