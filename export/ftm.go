package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// FollowTheMoney export: what FtM can express of a subgraph, as JSON lines
// that `scamgraph import --format ftm` reads back (see docs/formats.md).
// Compounds, detentions, recruitments, journeys and the victim role have
// no FtM schema and are left out; the people, organisations, accounts,
// identifiers, payments, holdings and memberships come back.

type ftmEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

// ftmID turns an id into an FtM id that is also a valid ref when the file
// is imported again (refs have no ':').
func ftmID(id string) string { return strings.NewReplacer(":", ".", "+", "").Replace(id) }

func derivedID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "ftm-" + hex.EncodeToString(h[:8])
}

func ftm(w io.Writer, sg graph.Subgraph) error {
	enc := json.NewEncoder(w)
	put := func(e ftmEntity) error {
		for k, v := range e.Properties {
			if len(v) == 0 || (len(v) == 1 && v[0] == "") {
				delete(e.Properties, k)
			}
		}
		return enc.Encode(e)
	}
	str := func(p *string) []string {
		if p == nil {
			return nil
		}
		return []string{*p}
	}
	nodes := map[string]graph.Node{}
	for _, n := range sg.Nodes {
		nodes[n.GetID()] = n
	}
	// Identifiers and countries hang on their owners as properties.
	extra := map[string]map[string][]string{}
	addProp := func(id, k, v string) {
		if extra[id] == nil {
			extra[id] = map[string][]string{}
		}
		extra[id][k] = append(extra[id][k], v)
	}
	for _, l := range sg.Links {
		from, to := l.Ends()
		switch l.LinkType() {
		case graph.RelNationalOf:
			if c, ok := nodes[to].(*graph.Country); ok {
				addProp(from, "nationality", strings.ToLower(c.Code))
			}
		case graph.RelLocatedIn:
			if c, ok := nodes[to].(*graph.Country); ok {
				addProp(from, "country", strings.ToLower(c.Code))
			}
		case graph.RelUses:
			idf, ok := nodes[to].(*graph.Identifier)
			if !ok {
				continue
			}
			switch idf.Kind {
			case "PHONE":
				addProp(from, "phone", idf.Value)
			case "EMAIL":
				addProp(from, "email", idf.Value)
			case "URL":
				addProp(from, "website", idf.Value)
			case "PASSPORT", "NATIONAL_ID":
				schema, kind := "Passport", "passport"
				if idf.Kind == "NATIONAL_ID" {
					schema, kind = "Identification", "national id"
				}
				if err := put(ftmEntity{derivedID(from, idf.Key), schema, map[string][]string{"holder": {ftmID(from)}, "number": {idf.Value}, "type": {kind}}}); err != nil {
					return err
				}
			default: // messenger handles
				service := map[string]string{"TELEGRAM": "Telegram", "WHATSAPP": "WhatsApp", "LINE": "Line", "WECHAT": "WeChat", "FACEBOOK": "Facebook", "TIKTOK": "TikTok"}[string(idf.Kind)]
				props := map[string][]string{"owner": {ftmID(from)}, "service": {service}, "username": {idf.Value}}
				if idf.Kind == "WHATSAPP" {
					props = map[string][]string{"owner": {ftmID(from)}, "service": {service}, "phone": {idf.Value}}
				}
				if err := put(ftmEntity{derivedID(from, idf.Key), "UserAccount", props}); err != nil {
					return err
				}
			}
		}
	}
	merge := func(id string, props map[string][]string) map[string][]string {
		for k, v := range extra[id] {
			props[k] = append(props[k], v...)
		}
		return props
	}
	for _, n := range sg.Nodes {
		var e ftmEntity
		switch v := n.(type) {
		case *graph.Person:
			e = ftmEntity{ftmID(v.ID), "Person", merge(v.ID, map[string][]string{
				"name": {v.Name}, "alias": v.Aliases, "birthDate": {string(v.BirthDate)}, "gender": lower(str((*string)(v.Gender)))})}
		case *graph.Organization:
			schema := "Organization"
			if v.Kind != nil && *v.Kind == "FRONT_COMPANY" {
				schema = "Company"
			}
			props := merge(v.ID, map[string][]string{"name": {v.Name}, "alias": v.Aliases, "registrationNumber": str(v.RegistrationNumber)})
			if c, ok := props["country"]; ok {
				props["jurisdiction"] = c
				delete(props, "country")
			}
			e = ftmEntity{ftmID(v.ID), schema, props}
		case *graph.BankAccount:
			if v.Kind == "CRYPTO_WALLET" {
				e = ftmEntity{ftmID(v.ID), "CryptoWallet", merge(v.ID, map[string][]string{"publicKey": str(v.AccountNumber), "currencySymbol": str(v.Currency)})}
			} else {
				e = ftmEntity{ftmID(v.ID), "BankAccount", merge(v.ID, map[string][]string{"accountNumber": str(v.AccountNumber), "iban": str(v.Iban),
					"bankName": str(v.Institution), "bic": str(v.BankCode), "currency": str(v.Currency)})}
			}
		default:
			continue // compounds, identifiers (above), countries, case files
		}
		if err := put(e); err != nil {
			return err
		}
	}
	for _, l := range sg.Links {
		from, to := l.Ends()
		var e ftmEntity
		switch v := l.(type) {
		case *graph.Transfer:
			e = ftmEntity{ftmID(v.ID), "Payment", map[string][]string{"payerAccount": {ftmID(from)}, "beneficiaryAccount": {ftmID(to)},
				"amount": {string(v.Amount)}, "currency": {v.Currency}, "date": {string(v.Date)}, "transactionNumber": str(v.TxID), "purpose": str(v.Reference)}}
			if v.AmountUsd != nil {
				e.Properties["amountUsd"] = []string{string(*v.AmountUsd)}
			}
		case *graph.Holding:
			schema := "Ownership"
			if v.Role != nil && *v.Role == "CONTROLLER" {
				schema = "Control"
			}
			role := "owner"
			if schema == "Control" {
				role = "controller"
			}
			e = ftmEntity{ftmID(v.ID), schema, map[string][]string{role: {ftmID(from)}, "asset": {ftmID(to)}}}
		case *graph.Membership:
			e = ftmEntity{ftmID(v.ID), "Membership", map[string][]string{"member": {ftmID(from)}, "organization": {ftmID(to)}, "role": str(v.Role)}}
		default:
			continue // recruitments, detentions, journeys, payments by victims: no FtM schema
		}
		if err := put(e); err != nil {
			return err
		}
	}
	return nil
}

func lower(v []string) []string {
	for i := range v {
		v[i] = strings.ToLower(v[i])
	}
	return v
}
