package graph

import (
	"sort"
	"strings"
)

// Each case's word about a relationship is kept apart, as for nodes, but
// flat: the value a case gave to property p is the relationship property
// "claim:<case id>:<p>" (case ids have no ':'), holding the value itself
// (a string, or an integer for order). Flat claims can be merged, removed
// and recomputed inside one Cypher statement (no JSON in Cypher), so a
// write, a removeLink, a deletion and a retraction each change one case's
// claim under the relationship's write lock, with no read-merge-write in
// Go. The relationship's own properties hold the value last changed (what
// a reader of every case sees, and what aggregates sort on); sources are
// the cases that assert it (a case may assert it with no properties).

// LinkClaimPrefix is the prefix of every claim property of one case.
func LinkClaimPrefix(caseID string) string { return "claim:" + caseID + ":" }

// parseLinkClaimKey splits "claim:<case>:<prop>".
func parseLinkClaimKey(k string) (caseID, prop string, ok bool) {
	rest, ok := strings.CutPrefix(k, "claim:")
	if !ok {
		return "", "", false
	}
	return strings.Cut(rest, ":")
}

// LinkView is what a scoped reader may see of a relationship's properties
// (the ViewProps rule for links): each property takes its value from the
// visible cases' claims (the own value when a visible claim gives it, else
// the first visible claim in claim-key order), a property only hidden
// cases gave is dropped, sources name only visible cases, and the claim
// properties themselves are not shown. It also returns the variants: per
// property the visible claims disagree on, each value with its cases.
func (s Scope) LinkView(props map[string]any) (map[string]any, []Variant) {
	out := make(map[string]any, len(props))
	var claims []Claim
	byCase := map[string]int{}
	claimed := map[string]bool{}
	var keys []string
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		caseID, prop, ok := parseLinkClaimKey(k)
		if !ok {
			if k != "_lock" {
				out[k] = props[k]
			}
			continue
		}
		claimed[prop] = true
		if !s.claimShown(caseID) {
			continue
		}
		i, seen := byCase[caseID]
		if !seen {
			i = len(claims)
			byCase[caseID] = i
			claims = append(claims, Claim{CaseID: caseID, Props: map[string]any{}})
		}
		claims[i].Props[prop] = props[k]
	}
	if _, ok := props["sources"]; ok {
		out["sources"] = s.visibleSources(props)
	}
	if s.all && s.word == "" {
		return out, Variants(claims)
	}
	for prop := range claimed {
		own, hasOwn := props[prop]
		delete(out, prop)
		first := ""
		for _, k := range keys { // claim-key order, as withdrawLinkClaim
			caseID, p, ok := parseLinkClaimKey(k)
			if !ok || p != prop || !s.claimShown(caseID) {
				continue
			}
			if hasOwn && SameValue(own, props[k]) {
				first = ""
				out[prop] = own
				break
			}
			if first == "" {
				first = k
			}
		}
		if first != "" {
			out[prop] = props[first]
		}
	}
	return out, Variants(claims)
}
