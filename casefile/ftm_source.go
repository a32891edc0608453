package casefile

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// FtMSource reads FollowTheMoney entities as JSON lines (exports of
// Aleph/OpenAleph, OpenSanctions): {"id", "schema", "properties": {name:
// [values]}}. The mapping to our model is in docs/formats.md; schemata it
// does not map are counted in Unmapped, never dropped silently.
type FtMSource struct {
	path, name string
	te         textEncoding

	scanned     bool
	linkPasses  int
	schemaOf    map[string]string                  // FtM id -> schema, for choosing how to map links
	identifiers map[string][]graph.IdentifierInput // owner id -> identifiers from UserAccount and Passport
	unmapped    map[string]int
}

// NewFtMSource reads the FtM JSON lines file at path.
func NewFtMSource(path, name string) *FtMSource {
	return &FtMSource{path: path, name: name}
}

func (s *FtMSource) Format() string { return FormatFTM }

// Header: FtM files name no case; --case does.
func (s *FtMSource) Header() (*CaseHeader, error) { return nil, nil }

// Unmapped counts the records of schemata the model does not map.
func (s *FtMSource) Unmapped() map[string]int { return s.unmapped }

type ftmEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

func (e ftmEntity) first(props ...string) *string {
	for _, p := range props {
		for _, v := range e.Properties[p] {
			if v = strings.TrimSpace(v); v != "" {
				return &v
			}
		}
	}
	return nil
}

func (e ftmEntity) all(props ...string) []string {
	var out []string
	for _, p := range props {
		for _, v := range e.Properties[p] {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// FtM schemata by what they become.
var (
	ftmPersons = map[string]bool{"Person": true}
	ftmOrgs    = map[string]string{"Company": "FRONT_COMPANY", "Organization": "OTHER", "LegalEntity": "OTHER", "PublicBody": "OTHER"}
	ftmLinks   = map[string]bool{"Payment": true, "Ownership": true, "Control": true, "Employment": true, "Membership": true}
	ftmIDs     = map[string]bool{"UserAccount": true, "Passport": true, "Identification": true}
)

// lines streams the file's objects with their line numbers.
func (s *FtMSource) lines(fn func(line int, e ftmEntity, rowErr error) error) error {
	raw, err := os.Open(s.path)
	if err != nil {
		return &FileError{Location{File: s.name}, "cannot open: " + err.Error()}
	}
	f, _, _ := s.te.decoded(raw)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" {
			continue
		}
		var e ftmEntity
		err := json.Unmarshal([]byte(text), &e)
		switch {
		case err != nil:
			err = fmt.Errorf("not a JSON object: %v", err)
		case e.ID == "" || e.Schema == "":
			err = fieldError("id", "an FtM entity has an id and a schema")
		}
		if err := fn(n, e, err); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return &FileError{Location{File: s.name}, "cannot read: " + err.Error()}
	}
	return nil
}

// scan is a first pass that learns each entity's schema and collects the
// identifiers that FtM keeps in entities of their own (UserAccount,
// Passport), so they can be attached to their owners.
func (s *FtMSource) scan() error {
	if s.scanned {
		return nil
	}
	s.schemaOf, s.identifiers, s.unmapped = map[string]string{}, map[string][]graph.IdentifierInput{}, map[string]int{}
	err := s.lines(func(_ int, e ftmEntity, rowErr error) error {
		if rowErr != nil {
			return nil
		}
		s.schemaOf[e.ID] = e.Schema
		switch {
		case ftmPersons[e.Schema], ftmOrgs[e.Schema] != "", ftmLinks[e.Schema], e.Schema == "BankAccount", e.Schema == "CryptoWallet":
		case e.Schema == "UserAccount":
			for _, owner := range e.all("owner") {
				s.identifiers[owner] = append(s.identifiers[owner], userAccountIdentifiers(e)...)
			}
		case e.Schema == "Passport" || e.Schema == "Identification":
			kind := "NATIONAL_ID"
			if e.Schema == "Passport" || strings.EqualFold(deref(e.first("type")), "passport") {
				kind = "PASSPORT"
			}
			for _, holder := range e.all("holder") {
				for _, num := range e.all("number", "passportNumber") {
					s.identifiers[holder] = append(s.identifiers[holder], graph.IdentifierInput{Kind: graph.IdentifierKind(kind), Value: num})
				}
			}
		default:
			s.unmapped[e.Schema]++
		}
		return nil
	})
	s.scanned = err == nil
	return err
}

// userAccountIdentifiers maps an FtM UserAccount (service, username,
// email, phone) to identifiers.
func userAccountIdentifiers(e ftmEntity) []graph.IdentifierInput {
	var out []graph.IdentifierInput
	service := strings.ToLower(deref(e.first("service")))
	kind := map[string]string{"telegram": "TELEGRAM", "whatsapp": "WHATSAPP", "line": "LINE", "wechat": "WECHAT",
		"facebook": "FACEBOOK", "tiktok": "TIKTOK"}[service]
	for _, u := range e.all("username") {
		if kind == "WHATSAPP" || kind == "" {
			if kind == "" {
				continue // a handle on a service we do not model
			}
		}
		out = append(out, graph.IdentifierInput{Kind: graph.IdentifierKind(kind), Value: u})
	}
	for _, m := range e.all("email") {
		out = append(out, graph.IdentifierInput{Kind: "EMAIL", Value: m})
	}
	for _, p := range e.all("phone") {
		k := "PHONE"
		if kind == "WHATSAPP" {
			k = "WHATSAPP"
		}
		out = append(out, graph.IdentifierInput{Kind: graph.IdentifierKind(k), Value: p})
	}
	return out
}

var (
	tronAddress = regexp.MustCompile(`^T[1-9A-HJ-NP-Za-km-z]{33}$`)
	evmAddress  = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)
	btcAddress  = regexp.MustCompile(`^(bc1[0-9a-z]{20,80}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$`)
)

// chainOf guesses a wallet's chain from its address, since FtM has no
// chain property.
func chainOf(addr string) string {
	switch {
	case tronAddress.MatchString(addr):
		return "TRON"
	case evmAddress.MatchString(addr):
		return "ETHEREUM"
	case btcAddress.MatchString(addr):
		return "BITCOIN"
	}
	return "UNKNOWN"
}

// Entities maps Person, Company, Organization, LegalEntity, PublicBody,
// BankAccount and CryptoWallet.
func (s *FtMSource) Entities(fn EntityFunc) error {
	if err := s.scan(); err != nil {
		return err
	}
	fn = wholeRecords(fn)
	return s.lines(func(line int, f ftmEntity, rowErr error) error {
		loc := Location{File: s.name, Line: line}
		if rowErr != nil {
			return fn(loc, Entity{Type: "unknown type"}, rowErr)
		}
		e := Entity{Ref: f.ID, Identifiers: s.identifiers[f.ID]}
		names := f.all("name")
		if len(names) > 0 {
			e.Name = &names[0]
			e.Aliases = append(names[1:], f.all("alias", "previousName", "weakAlias")...)
		}
		for _, p := range f.all("phone") {
			e.Identifiers = append(e.Identifiers, graph.IdentifierInput{Kind: "PHONE", Value: p})
		}
		for _, m := range f.all("email") {
			e.Identifiers = append(e.Identifiers, graph.IdentifierInput{Kind: "EMAIL", Value: m})
		}
		for _, u := range f.all("website") {
			e.Identifiers = append(e.Identifiers, graph.IdentifierInput{Kind: "URL", Value: u})
		}
		switch {
		case ftmPersons[f.Schema]:
			e.Type = "Person"
			if g := f.first("gender"); g != nil {
				gender := strings.ToUpper(*g)
				if gender != "MALE" && gender != "FEMALE" {
					gender = "OTHER"
				}
				e.Gender = &gender
			}
			if b := f.first("birthDate"); b != nil {
				d := graph.PartialDate(*b)
				e.BirthDate = &d
			}
			e.Nationality = upperAll(f.all("nationality", "citizenship"))
			for _, num := range f.all("passportNumber") {
				e.Identifiers = append(e.Identifiers, graph.IdentifierInput{Kind: "PASSPORT", Value: num})
			}
			for _, num := range f.all("idNumber") {
				e.Identifiers = append(e.Identifiers, graph.IdentifierInput{Kind: "NATIONAL_ID", Value: num})
			}
		case ftmOrgs[f.Schema] != "":
			e.Type = "Organization"
			kind := ftmOrgs[f.Schema]
			e.Kind = &kind
			if c := f.first("jurisdiction", "country", "mainCountry"); c != nil {
				u := strings.ToUpper(*c)
				e.Country = &u
			}
			e.RegistrationNumber = f.first("registrationNumber", "idNumber")
		case f.Schema == "BankAccount":
			e.Type = "BankAccount"
			kind := "BANK"
			e.Kind = &kind
			e.AccountNumber = f.first("accountNumber")
			e.Iban = f.first("iban")
			e.Institution = f.first("bankName")
			e.BankCode = f.first("bic", "swift")
			e.Currency = f.first("currency")
			if c := f.first("country"); c != nil {
				u := strings.ToUpper(*c)
				e.Country = &u
			}
			e.Name = nil
			e.Aliases = nil
		case f.Schema == "CryptoWallet":
			e.Type = "BankAccount"
			kind := "CRYPTO_WALLET"
			e.Kind = &kind
			e.AccountNumber = f.first("publicKey")
			if e.AccountNumber != nil {
				c := chainOf(*e.AccountNumber)
				e.Chain = &c
			}
			e.Currency = f.first("currencySymbol", "currency")
			e.Name, e.Aliases = nil, nil
		default:
			return nil // links, identifiers and unmapped schemata
		}
		return fn(loc, e, nil)
	})
}

func upperAll(vs []string) []string {
	for i, v := range vs {
		vs[i] = strings.ToUpper(v)
	}
	return vs
}

// Links maps Payment (TRANSFERRED between accounts, PAID from a person to
// an account), Ownership and Control (HOLDS for accounts, MEMBER_OF for
// organisations), Employment and Membership (MEMBER_OF), and a crypto
// wallet's holder (HOLDS).
func (s *FtMSource) Links(fn LinkFunc) error {
	if err := s.scan(); err != nil {
		return err
	}
	fn = wholeRecords(fn)
	s.linkPasses++
	countUnmapped := func(what string) {
		if s.linkPasses == 1 { // the same file is read again to write it
			s.unmapped[what]++
		}
	}
	return s.lines(func(line int, f ftmEntity, rowErr error) error {
		loc := Location{File: s.name, Line: line, Record: f.Schema}
		if rowErr != nil {
			return nil // reported with the entities
		}
		isAccount := func(id string) bool { return s.schemaOf[id] == "BankAccount" || s.schemaOf[id] == "CryptoWallet" }
		isOrg := func(id string) bool { return ftmOrgs[s.schemaOf[id]] != "" }
		emit := func(l Link) error { return fn(loc, l, nil) }
		switch f.Schema {
		case "CryptoWallet":
			for _, h := range f.all("holder") {
				role := "OWNER"
				if err := emit(Link{Type: string(graph.RelHolds), From: h, To: f.ID, Role: &role}); err != nil {
					return err
				}
			}
		case "Payment":
			l := Link{TxID: f.first("transactionNumber"), Reference: f.first("purpose", "programme", "summary")}
			if a := f.first("amount"); a != nil {
				d, err := graph.ParseDecimal(strings.ReplaceAll(*a, ",", ""))
				if err != nil {
					return fn(loc, Link{Type: string(graph.RelTransferred)}, fieldError("amount", err.Error()))
				}
				l.Amount = &d
			}
			if a := f.first("amountUsd"); a != nil {
				if d, err := graph.ParseDecimal(*a); err == nil {
					l.AmountUsd = &d
				}
			}
			l.Currency = f.first("currency")
			if d := f.first("date", "startDate"); d != nil {
				pd := graph.PartialDate(firstTen(*d))
				l.Date = &pd
			}
			payerAcct, benAcct := deref(f.first("payerAccount")), deref(f.first("beneficiaryAccount"))
			payer := deref(f.first("payer"))
			switch {
			case payerAcct != "" && benAcct != "":
				l.Type, l.From, l.To = string(graph.RelTransferred), payerAcct, benAcct
			case payer != "" && benAcct != "" && ftmPersons[s.schemaOf[payer]]:
				reason := "SCAM_LOSS"
				l.Type, l.From, l.To, l.Reason = string(graph.RelPaid), payer, benAcct, &reason
			default:
				return fn(loc, Link{Type: string(graph.RelTransferred)}, fieldError("payerAccount", "a Payment needs payerAccount and beneficiaryAccount (or a payer Person and a beneficiaryAccount)"))
			}
			return emit(l)
		case "Ownership", "Control":
			role := map[string]string{"Ownership": "OWNER", "Control": "CONTROLLER"}[f.Schema]
			owners, assets := f.all("owner", "controller"), f.all("asset", "organization")
			for _, o := range owners {
				for _, a := range assets {
					var l Link
					switch {
					case isAccount(a):
						l = Link{Type: string(graph.RelHolds), From: o, To: a, Role: &role}
					case isOrg(a) && ftmPersons[s.schemaOf[o]]:
						r := strings.ToLower(role)
						l = Link{Type: string(graph.RelMemberOf), From: o, To: a, Role: &r}
					default:
						countUnmapped(f.Schema + " (owner and asset not a person/organisation or account)")
						continue
					}
					if err := emit(l); err != nil {
						return err
					}
				}
			}
		case "Employment", "Membership":
			people, orgs := f.all("employee", "member"), f.all("employer", "organization")
			role := f.first("role")
			if role == nil {
				r := strings.ToLower(f.Schema)
				role = &r
			}
			for _, p := range people {
				for _, o := range orgs {
					if !ftmPersons[s.schemaOf[p]] {
						countUnmapped(f.Schema + " (member not a Person)")
						continue
					}
					if err := emit(Link{Type: string(graph.RelMemberOf), From: p, To: o, Role: role}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

func firstTen(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}
