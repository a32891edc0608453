package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

// Claim is what one case file says about an entity: the property values
// and roles it gave. Two cases that disagree (a holder's name spelt two
// ways) keep both claims; the entity shows the value last changed.
type Claim struct {
	CaseID string
	Props  map[string]any
	Roles  []string
}

// ClaimKey is the node property that holds a case's claim.
func ClaimKey(caseID string) string { return "claim:" + caseID }

// claimJSON is how a claim is stored.
type claimJSON struct {
	Props map[string]any `json:"props"`
	Roles []string       `json:"roles,omitempty"`
}

// mergeClaim adds props and roles to a stored claim (an update names only
// the fields it changes) and returns the new JSON and the merged
// properties. Go sorts map keys, so the same claim always encodes the same
// and comparing strings finds change.
func mergeClaim(stored string, props map[string]any, roles []string) (string, map[string]any, error) {
	c := claimJSON{Props: map[string]any{}}
	if stored != "" {
		if err := json.Unmarshal([]byte(stored), &c); err != nil {
			return "", nil, fmt.Errorf("stored claim: %w", err)
		}
		if c.Props == nil {
			c.Props = map[string]any{}
		}
	}
	for k, v := range props {
		if k == "location" {
			continue // kept as latitude and longitude
		}
		c.Props[k] = v
	}
	for _, r := range roles {
		if !slices.Contains(c.Roles, r) {
			c.Roles = append(c.Roles, r)
		}
	}
	sort.Strings(c.Roles)
	b, err := json.Marshal(c)
	return string(b), c.Props, err
}

var claimsCypher = `
UNWIND $ids AS key
MATCH (n:Entity {id: key})
UNWIND [k IN keys(n) WHERE k STARTS WITH 'claim:'] AS claimKey
WITH n, key, substring(claimKey, 6) AS caseId, n[claimKey] AS claim
WHERE $scopeAll OR caseId IN $scopeCases
RETURN key, caseId, claim, n.sources AS sources, n.consentToShare AS consent, n.ownCase AS ownCase
ORDER BY caseId`

// Claims returns, for each id, the claims of the visible case files.
func (s *Store) Claims(ctx context.Context, scope Scope, ids []string) (map[string][]Claim, error) {
	if len(ids) > maxIDsPerLookup {
		return nil, fmt.Errorf("lookup of %d ids exceeds the limit of %d", len(ids), maxIDsPerLookup)
	}
	recs, err := s.readRecords(ctx, "claims", claimsCypher, scope.params(map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := map[string][]Claim{}
	sources := map[string][]any{}
	consent := map[string]any{}
	owner := map[string]any{}
	for _, rec := range recs {
		key := rec.Values[0].(string)
		var cj claimJSON
		if err := json.Unmarshal([]byte(rec.Values[2].(string)), &cj); err != nil {
			return nil, fmt.Errorf("claim of %s on %s: %w", rec.Values[1], key, err)
		}
		out[key] = append(out[key], Claim{CaseID: rec.Values[1].(string), Props: cj.Props, Roles: cj.Roles})
		sources[key], _ = rec.Values[3].([]any)
		consent[key] = rec.Values[4]
		owner[key] = rec.Values[5]
	}
	for key, claims := range out {
		props := map[string]any{"sources": sources[key], "ownCase": owner[key]}
		if consent[key] != nil {
			props["consentToShare"] = consent[key]
		}
		scope.protectVictimClaims(claims, props)
	}
	return out, nil
}

// protectVictimClaims applies protectVictim to the claims of one node: a
// withheld name must not come back as a name variant. props are the
// node's sources and own consentToShare; claims are the visible ones, by
// case id. Consent is decided as viewProps decides the node's: the own
// value when a visible claim gives it, else the first visible claim's (not
// "any visible claim says yes", which gave back as variants a name the
// node shows withheld).
func (s Scope) protectVictimClaims(claims []Claim, props map[string]any) {
	victim := false
	var consent *bool
	own, hasOwn := props["consentToShare"].(bool)
	for _, c := range claims {
		if slices.Contains(c.Roles, RoleVictim) {
			victim = true
		}
		if v, ok := c.Props["consentToShare"].(bool); ok {
			if hasOwn && v == own {
				consent = &own
			} else if consent == nil {
				consent = &v
			}
		}
	}
	if !victim {
		return
	}
	withhold := s.withholdsName(consent, props)
	for _, c := range claims {
		if s.redactVictims {
			delete(c.Props, "birthDate")
		}
		if withhold {
			delete(c.Props, "name")
			delete(c.Props, "aliases")
		}
	}
}

// Variant is one value of a property and the cases that give it.
type Variant struct {
	Property string
	Value    any
	CaseIDs  []string
}

// Variants lists, per property the claims disagree on, each value with its
// cases; properties all claims agree on are left out.
func Variants(claims []Claim) []Variant {
	byProp := map[string]map[string]*Variant{}
	for _, c := range claims {
		for k, v := range c.Props {
			key := fmt.Sprint(v)
			if byProp[k] == nil {
				byProp[k] = map[string]*Variant{}
			}
			if byProp[k][key] == nil {
				byProp[k][key] = &Variant{Property: k, Value: v}
			}
			byProp[k][key].CaseIDs = append(byProp[k][key].CaseIDs, c.CaseID)
		}
	}
	var out []Variant
	for _, values := range byProp {
		if len(values) < 2 {
			continue
		}
		for _, v := range values {
			sort.Strings(v.CaseIDs)
			out = append(out, *v)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Property != out[j].Property {
			return out[i].Property < out[j].Property
		}
		return fmt.Sprint(out[i].Value) < fmt.Sprint(out[j].Value)
	})
	return out
}
