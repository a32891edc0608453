package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Search limits: a hit list is a page for a person to read, and the
// full-text candidates are checked one by one in Go.
const (
	DefaultSearchHits  = 20
	MaxSearchHits      = 100
	maxSearchTextRunes = 200
	searchCandidates   = 500 // full-text candidates fetched before checking, at most
	maxIdentifierUsers = 50  // entities listed per exact identifier hit
	minCoverage        = 0.5 // share of the query's tokens a name must match
)

// Search types: the labels a search may be limited to.
var searchLabels = map[string]string{
	"PERSON": KindPerson, "VICTIM": "Victim", "RECRUITER": "Recruiter", "ORGANIZATION": KindOrganization,
	"COMPOUND": KindCompound, "BANK_ACCOUNT": KindBankAccount, "IDENTIFIER": "Identifier",
}

// SearchOptions is one search: the text, the types to return (none: all),
// the region in which a national phone number is read (ISO country code),
// and how many hits.
type SearchOptions struct {
	Text   string
	Types  []string
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

// searchFulltextCypher looks up candidates in the token index (see
// SearchTokens) and returns each visible one; candidateNames then reads
// from the node the name variants of the visible cases' claims to check it
// against: a name only a hidden case knows must not find the entity.
// (The names used to come as columns of their own, which sent every
// claim twice.)
var searchFulltextCypher = `
CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $candidates}) YIELD node AS n, score
WHERE ` + visible("n") + ` AND (size($labels) = 0 OR any(l IN labels(n) WHERE l IN $labels))
RETURN n.id AS id, n AS node`

// searchExactCypher finds, in one statement, identifiers by their
// normalised key (with the visible entities that use them) and accounts by
// normalised number, IBAN or address.
var searchExactCypher = `
CALL {
  UNWIND $keys AS key
  MATCH (i:Identifier {key: key})
  WHERE ` + visible("i") + `
  OPTIONAL MATCH (e:Entity)-[u:USES]->(i)
  WHERE ` + visible("e") + ` AND ` + visible("u") + `
  WITH i, e ORDER BY e.id
  RETURN i.id AS id, i.kind + ' ' + i.value AS why, collect(e.id)[..$users] AS users
  UNION
  UNWIND $numbers AS number
  MATCH (a:BankAccount) WHERE a.accountNumber = number OR a.iban = number
  WITH DISTINCT a
  WHERE ` + visible("a") + `
  RETURN a.id AS id, CASE WHEN a.iban IN $numbers THEN 'IBAN' ELSE 'account number' END AS why, [] AS users
  LIMIT $users
}
RETURN id, why, users`

// Search finds entities by name or alias in any of the region's scripts,
// and identifiers and accounts by their exact normalised value: a phone
// typed 010-1234-5678 with region KR finds +821012345678.
func (s *Store) Search(ctx context.Context, scope Scope, opt SearchOptions) (SearchResult, error) {
	text := strings.TrimSpace(opt.Text)
	switch {
	case text == "":
		return SearchResult{}, &ValidationError{Field: "text", Reason: "must not be empty"}
	case !utf8.ValidString(text):
		return SearchResult{}, &ValidationError{Field: "text", Reason: "is not valid UTF-8"}
	case utf8.RuneCountInString(text) > maxSearchTextRunes:
		return SearchResult{}, &ValidationError{Field: "text", Reason: fmt.Sprintf("is longer than %d characters", maxSearchTextRunes)}
	}
	first := opt.First
	if first == 0 {
		first = DefaultSearchHits
	}
	if first < 1 || first > MaxSearchHits {
		return SearchResult{}, &ValidationError{Field: "first", Reason: fmt.Sprintf("must be between 1 and %d", MaxSearchHits)}
	}
	labels := []string{}
	for _, t := range opt.Types {
		l, ok := searchLabels[t]
		if !ok {
			return SearchResult{}, &ValidationError{Field: "types", Reason: "unknown type " + t}
		}
		labels = append(labels, l)
	}
	region := ""
	if strings.TrimSpace(opt.Region) != "" {
		var err error
		if region, err = NormalizeCountry(opt.Region); err != nil {
			return SearchResult{}, &ValidationError{Field: "region", Reason: "not an ISO 3166 alpha-2 country code"}
		}
	}

	hits := map[string]*SearchHit{}
	add := func(id string, score float64, why string) {
		h := hits[id]
		if h == nil {
			h = &SearchHit{}
			hits[id] = h
		}
		h.Score = max(h.Score, score)
		if !slices.Contains(h.MatchedOn, why) {
			h.MatchedOn = append(h.MatchedOn, why)
		}
	}
	keys, numbers := exactCandidates(text, region)
	queryTokens := QueryTokens(text)
	raw := map[string]dbtypeNode{} // full-text candidates, decoded only if they are among the hits
	err := s.read(ctx, func(r runner) error {
		if len(keys)+len(numbers) > 0 {
			recs, err := r.collect(ctx, "search_exact", searchExactCypher,
				scope.params(map[string]any{"keys": nonNil(keys), "numbers": nonNil(numbers), "users": maxIdentifierUsers}))
			if err != nil {
				return err
			}
			for _, rec := range recs {
				why := rec.Values[1].(string)
				add(rec.Values[0].(string), 1, why)
				for _, u := range rec.Values[2].([]any) {
					add(u.(string), 0.95, "uses "+why)
				}
			}
		}
		if len(queryTokens) == 0 {
			return nil
		}
		// Exact tokens first: they find what was typed right, and Lucene
		// ranks the names holding most of them first, so a few candidates
		// per hit asked for do. Only when that finds too little do typos
		// and prefixes join, which match far more names and cost more.
		folded := FoldedName(text)
		for _, fuzzy := range []bool{false, true} {
			candidates := min(searchCandidates, max(50, 5*first))
			query := exactLuceneQuery(queryTokens)
			if fuzzy {
				candidates, query = searchCandidates, luceneQuery(queryTokens)
			}
			recs, err := r.collect(ctx, "search_fulltext", searchFulltextCypher, scope.params(map[string]any{
				"query": query, "candidates": candidates, "labels": labels}))
			if err != nil {
				return err
			}
			for _, rec := range recs {
				id := rec.Values[0].(string)
				node := rec.Values[1].(dbtypeNode)
				own, claims := scope.candidateNames(node.Props)
				for _, v := range nameVariants(own, claims) {
					if score := matchScore(queryTokens, folded, v.value); score > 0 {
						add(id, score, v.field+": "+v.value)
						raw[id] = node
					}
				}
			}
			if len(hits) >= first {
				break
			}
		}
		return nil
	})
	if err != nil {
		return SearchResult{}, err
	}
	// Best first; decode only as many as are returned (the read log, and
	// so the audit, then counts what the caller got, not the candidates).
	ranked := make([]string, 0, len(hits))
	var fetch []string // exact hits, which the full-text rows did not bring
	for id := range hits {
		ranked = append(ranked, id)
		if _, ok := raw[id]; !ok {
			fetch = append(fetch, id)
		}
	}
	sort.Slice(ranked, func(i, j int) bool {
		a, b := hits[ranked[i]], hits[ranked[j]]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return ranked[i] < ranked[j]
	})
	fetched := map[string]Node{}
	if len(fetch) > 0 {
		if fetched, err = s.NodesByID(ctx, scope, fetch); err != nil {
			return SearchResult{}, err
		}
	}
	var out SearchResult
	for _, id := range ranked {
		if len(out.Hits) > first {
			break
		}
		h := hits[id]
		n := fetched[id]
		if rn, ok := raw[id]; ok {
			if n, err = decodeNode(rn, scope); err != nil {
				return SearchResult{}, err
			}
		}
		if n == nil || !labelsAllow(labels, n) {
			continue // hidden, gone since, or of a type not asked for (identifier users)
		}
		if p, ok := n.(*Person); ok && p.Name == WithheldName {
			// A withheld name must not be confirmed by finding it.
			h.MatchedOn = slices.DeleteFunc(h.MatchedOn, func(m string) bool {
				return strings.HasPrefix(m, "name: ") || strings.HasPrefix(m, "alias: ")
			})
			if len(h.MatchedOn) == 0 {
				continue
			}
		}
		h.Node = n
		sort.Strings(h.MatchedOn)
		out.Hits = append(out.Hits, *h)
	}
	if len(out.Hits) > first {
		out.Hits, out.Truncated = out.Hits[:first], true
	}
	return out, nil
}

// labelsAllow says whether a node is of one of the labels asked for.
func labelsAllow(labels []string, n Node) bool {
	if len(labels) == 0 {
		return true
	}
	for _, l := range labels {
		switch v := n.(type) {
		case *Person:
			if l == KindPerson || l == "Victim" && v.IsVictim || l == "Recruiter" && v.IsRecruiter {
				return true
			}
		case *Organization:
			if l == KindOrganization || l == "Recruiter" && v.IsRecruiter {
				return true
			}
		case *Compound:
			if l == KindCompound {
				return true
			}
		case *BankAccount:
			if l == KindBankAccount {
				return true
			}
		case *Identifier:
			if l == "Identifier" {
				return true
			}
		}
	}
	return false
}

// candidateNames are a full-text candidate's names to check: its own name
// and aliases when the scope sees every case, and the claims of the cases
// the scope sees.
func (s Scope) candidateNames(props map[string]any) (own, claims []any) {
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

type nameVariant struct{ field, value string }

// nameVariants are the names to check a candidate against: the node's own
// (when everything is visible) and those of the visible cases' claims.
func nameVariants(own, claims []any) []nameVariant {
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
		// skips building a map of every property (JSON decoding of claims
		// was an eighth of a search's CPU in make bench's profile).
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
