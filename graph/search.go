package graph

import (
	"encoding/json"
	"strings"
)

// Search limits: a hit list is a page for a person to read, and the
// full-text candidates are checked one by one in Go.
const (
	DefaultSearchHits = 20
	MaxSearchHits     = 100
)

// SearchOptions is one search: the text, the types to return (none: all),
// the region in which a national phone number is read (ISO country code),
// and how many hits.
type SearchOptions struct {
	Text   string
	Types  []SearchType
	Region string
	First  int
}

// SearchHit is one entity found, with a score in (0, 1] (1 is an exact
// identifier, account or whole-name match) and what matched, for the
// investigator to judge the hit: "name: ...", "alias: ...", "PHONE ...".
type SearchHit struct {
	Node      Node
	Score     float64
	MatchedOn []string
}

// SearchResult holds the hits, best first; Truncated says there were more.
type SearchResult struct {
	Hits      []SearchHit
	Truncated bool
}

// CandidateNames are a full-text candidate's names to check: its own name
// and aliases when the scope sees every case, and the claims of the cases
// the scope sees.
func (s Scope) CandidateNames(props map[string]any) (own, claims []any) {
	if s.all {
		own = append(own, props["name"])
		if as, ok := props["aliases"].([]any); ok {
			own = append(own, as...)
		}
	}
	for k, v := range props {
		if caseID, ok := strings.CutPrefix(k, "claim:"); ok && s.SeesCase(caseID) {
			claims = append(claims, v)
		}
	}
	return own, claims
}

type nameVariant struct{ Field, Value string }

// nameVariants are the names to check a candidate against: the node's own
// (when everything is visible) and those of the visible cases' claims.
func NameVariants(own, claims []any) []nameVariant {
	var out []nameVariant
	seen := map[nameVariant]bool{}
	addv := func(field string, v any) {
		s, ok := v.(string)
		if !ok || s == "" {
			return
		}
		nv := nameVariant{field, s}
		if !seen[nv] {
			seen[nv] = true
			out = append(out, nv)
		}
	}
	for i, v := range own {
		if i == 0 {
			addv("name", v)
		} else {
			addv("alias", v)
		}
	}
	for _, c := range claims {
		raw, _ := c.(string)
		// Only the names of the claim: decoding into these two fields
		// skips building a map of every property, for every claim of every
		// candidate (docs/decisions.md, "Search decodes only claims' names").
		var cj struct {
			Props struct {
				Name    any `json:"name"`
				Aliases any `json:"aliases"`
			} `json:"props"`
		}
		if json.Unmarshal([]byte(raw), &cj) != nil {
			continue
		}
		addv("name", cj.Props.Name)
		as, _ := cj.Props.Aliases.([]any)
		for _, a := range as {
			addv("alias", a)
		}
	}
	return out
}
