package graph

import (
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
	Roles  []Label
}

// ClaimKey is the node property that holds a case's claim.
func ClaimKey(caseID string) string { return "claim:" + caseID }

// ClaimJSON is how a claim is stored.
type ClaimJSON struct {
	Props map[string]any `json:"props"`
	Roles []Label        `json:"roles,omitempty"`
}

// MergeClaim adds props and roles to a stored claim (an update names only
// the fields it changes) and returns the new JSON and the merged
// properties. Go sorts map keys, so the same claim always encodes the same
// and comparing strings finds change.
func MergeClaim(stored string, props map[string]any, roles []Label) (string, map[string]any, error) {
	c := ClaimJSON{Props: map[string]any{}}
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
	slices.Sort(c.Roles)
	b, err := json.Marshal(c)
	return string(b), c.Props, err
}

// ProtectVictimClaims applies ProtectVictim to the claims of one node: a
// withheld name must not come back as a name variant. props are the
// node's sources and own consentToShare; claims are the visible ones, by
// case id. Consent is decided as ViewProps decides the node's: the own
// value when a visible claim gives it, else the first visible claim's (not
// "any visible claim says yes", which gave back as variants a name the
// node shows withheld).
func (s Scope) ProtectVictimClaims(claims []Claim, props map[string]any) {
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
