package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/textsearch"
)

// Limits of one search's statements.
const (
	maxSearchTextRunes = 200
	searchCandidates   = 500 // full-text candidates fetched before checking, at most
	maxIdentifierUsers = 50  // entities listed per exact identifier hit
)

// Search types: the labels a search may be limited to.
var searchLabels = map[graph.SearchType]graph.Label{
	graph.SearchTypePerson: graph.KindPerson, graph.SearchTypeVictim: graph.RoleVictim, graph.SearchTypeRecruiter: graph.RoleRecruiter,
	graph.SearchTypeOrganization: graph.KindOrganization, graph.SearchTypeCompound: graph.KindCompound,
	graph.SearchTypeBankAccount: graph.KindBankAccount, graph.SearchTypeIdentifier: graph.KindIdentifier,
}

// searchFulltextCypher looks up candidates in the token index (see
// SearchTokens) and returns each visible one; CandidateNames then reads
// from the node the name variants of the visible cases' claims to check it
// against: a name only a hidden case knows must not find the entity.
// (No column repeats the names: each claim is sent once, with its node.)
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
func (s *Store) Search(ctx context.Context, scope graph.Scope, opt graph.SearchOptions) (graph.SearchResult, error) {
	text := strings.TrimSpace(opt.Text)
	switch {
	case text == "":
		return graph.SearchResult{}, &graph.ValidationError{Field: "text", Reason: "must not be empty"}
	case !utf8.ValidString(text):
		return graph.SearchResult{}, &graph.ValidationError{Field: "text", Reason: "is not valid UTF-8"}
	case utf8.RuneCountInString(text) > maxSearchTextRunes:
		return graph.SearchResult{}, &graph.ValidationError{Field: "text", Reason: fmt.Sprintf("is longer than %d characters", maxSearchTextRunes)}
	}
	first := opt.First
	if first == 0 {
		first = graph.DefaultSearchHits
	}
	if first < 1 || first > graph.MaxSearchHits {
		return graph.SearchResult{}, &graph.ValidationError{Field: "first", Reason: fmt.Sprintf("must be between 1 and %d", graph.MaxSearchHits)}
	}
	labels := []graph.Label{}
	for _, t := range opt.Types {
		l, ok := searchLabels[t]
		if !ok {
			return graph.SearchResult{}, &graph.ValidationError{Field: "types", Reason: "unknown type " + string(t)}
		}
		labels = append(labels, l)
	}
	region := ""
	if strings.TrimSpace(opt.Region) != "" {
		var err error
		if region, err = graph.NormalizeCountry(opt.Region); err != nil {
			return graph.SearchResult{}, &graph.ValidationError{Field: "region", Reason: "not an ISO 3166 alpha-2 country code"}
		}
	}

	hits := map[string]*graph.SearchHit{}
	add := func(id string, score float64, why string) {
		h := hits[id]
		if h == nil {
			h = &graph.SearchHit{}
			hits[id] = h
		}
		h.Score = max(h.Score, score)
		if !slices.Contains(h.MatchedOn, why) {
			h.MatchedOn = append(h.MatchedOn, why)
		}
	}
	keys, numbers := exactCandidates(text, region)
	queryTokens := textsearch.QueryTokens(text)
	raw := map[string]dbtypeNode{} // full-text candidates, decoded only if they are among the hits
	err := s.read(ctx, func(r runner) error {
		if len(keys)+len(numbers) > 0 {
			recs, err := r.collect(ctx, "search_exact", searchExactCypher,
				scopeParams(scope, map[string]any{"keys": nonNil(keys), "numbers": nonNil(numbers), "users": maxIdentifierUsers}))
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
		folded := textsearch.FoldedName(text)
		for _, fuzzy := range []bool{false, true} {
			candidates := min(searchCandidates, max(50, 5*first))
			query := exactLuceneQuery(queryTokens)
			if fuzzy {
				candidates, query = searchCandidates, luceneQuery(queryTokens)
			}
			recs, err := r.collect(ctx, "search_fulltext", searchFulltextCypher, scopeParams(scope, map[string]any{
				"query": query, "candidates": candidates, "labels": strs(labels)}))
			if err != nil {
				return err
			}
			for _, rec := range recs {
				id := rec.Values[0].(string)
				node := rec.Values[1].(dbtypeNode)
				own, claims := scope.CandidateNames(node.Props)
				for _, v := range graph.NameVariants(own, claims) {
					if score := textsearch.MatchScore(queryTokens, folded, v.Value); score > 0 {
						add(id, score, v.Field+": "+v.Value)
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
		return graph.SearchResult{}, err
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
	fetched := map[string]graph.Node{}
	if len(fetch) > 0 {
		if fetched, err = s.NodesByID(ctx, scope, fetch); err != nil {
			return graph.SearchResult{}, err
		}
	}
	var out graph.SearchResult
	for _, id := range ranked {
		if len(out.Hits) > first {
			break
		}
		h := hits[id]
		n := fetched[id]
		if rn, ok := raw[id]; ok {
			if n, err = decodeNode(rn, scope); err != nil {
				return graph.SearchResult{}, err
			}
		}
		if n == nil || !labelsAllow(labels, n) {
			continue // hidden, gone since, or of a type not asked for (identifier users)
		}
		if p, ok := n.(*graph.Person); ok && p.Name == graph.WithheldName {
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
func labelsAllow(labels []graph.Label, n graph.Node) bool {
	if len(labels) == 0 {
		return true
	}
	for _, l := range labels {
		switch v := n.(type) {
		case *graph.Person:
			if l == graph.KindPerson || l == graph.RoleVictim && v.IsVictim || l == graph.RoleRecruiter && v.IsRecruiter {
				return true
			}
		case *graph.Organization:
			if l == graph.KindOrganization || l == graph.RoleRecruiter && v.IsRecruiter {
				return true
			}
		case *graph.Compound:
			if l == graph.KindCompound {
				return true
			}
		case *graph.BankAccount:
			if l == graph.KindBankAccount {
				return true
			}
		case *graph.Identifier:
			if l == graph.KindIdentifier {
				return true
			}
		}
	}
	return false
}
