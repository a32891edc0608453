package graph

import (
	"context"
	"fmt"
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

var claimsCypher = `
UNWIND $ids AS key
MATCH (c:CaseFile)-[m:MENTIONS]->(n:Entity {id: key})
WHERE ` + visible("c") + `
RETURN key, c.id AS caseId, properties(m) AS props
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
	for _, rec := range recs {
		key := rec.Values[0].(string)
		props := rec.Values[2].(map[string]any)
		c := Claim{CaseID: rec.Values[1].(string), Props: map[string]any{}}
		for k, v := range props {
			switch k {
			case "id", "sources":
			case "roles":
				for _, r := range v.([]any) {
					c.Roles = append(c.Roles, r.(string))
				}
			default:
				c.Props[k] = v
			}
		}
		out[key] = append(out[key], c)
	}
	return out, nil
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
