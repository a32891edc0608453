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
// SearchTokens) and returns each visible one with what CandidateNames
// reads to check it: its own name and aliases, and the claims of the
// cases the reader sees (a name only a hidden case knows must not find
// the entity), and the first $whole candidates by Lucene's score whole
// (the rest are read by id if they are among the hits returned): the
// hundreds a fuzzy pass reads come at a fourth of their size so (410 KB
// whole, 113 KB not, for 500 candidates of the bench's names).
var searchFulltextCypher = `
CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $candidates}) YIELD node AS n, score
WHERE ` + visible("n") + ` AND (size($labels) = 0 OR any(l IN labels(n) WHERE l IN $labels))
WITH collect(n) AS ns
UNWIND range(0, size(ns) - 1) AS i
WITH i, ns[i] AS n
RETURN n.id AS id, n.name AS name, n.aliases AS aliases,
  [k IN keys(n) WHERE k STARTS WITH 'claim:' AND ($scopeAll OR substring(k, 6) IN $scopeCases) | [k, n[k]]] AS claims,
  CASE WHEN i < $whole THEN n END AS node`

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
	wholeHits := map[string]dbtypeNode{} // hits the full-text rows brought whole, decoded only if returned
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
			query, whole := exactLuceneQuery(queryTokens), candidates
			if fuzzy {
				// hundreds of candidates, most of them far off: whole only
				// the best by Lucene's score
				candidates, query, whole = searchCandidates, luceneQuery(queryTokens), first+1
			}
			recs, err := r.collect(ctx, "search_fulltext", searchFulltextCypher, scopeParams(scope, map[string]any{
				"query": query, "candidates": candidates, "labels": strs(labels), "whole": whole}))
			if err != nil {
				return err
			}
			for _, rec := range recs {
				id := rec.Values[0].(string)
				own, claims := scope.CandidateNames(candidateProps(rec.Values))
				for _, v := range graph.NameVariants(own, claims) {
					if score := textsearch.MatchScore(queryTokens, folded, v.Value); score > 0 {
						add(id, score, v.Field+": "+v.Value)
						if n, ok := rec.Values[4].(dbtypeNode); ok {
							wholeHits[id] = n
						}
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
	// Best first; decode only as many as are returned, in order (the read
	// log, and so the audit, then counts what the caller got, not the
	// candidates), reading by id those the full-text rows did not bring
	// whole: the exact hits, the candidates beyond $whole, and then only
	// for the places of hits that turned out hidden, gone or of another
	// type.
	ranked := make([]string, 0, len(hits))
	for id := range hits {
		ranked = append(ranked, id)
	}
	sort.Slice(ranked, func(i, j int) bool {
		a, b := hits[ranked[i]], hits[ranked[j]]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return ranked[i] < ranked[j]
	})
	var out graph.SearchResult
	for len(ranked) > 0 && len(out.Hits) <= first {
		next := ranked[:min(len(ranked), first+1-len(out.Hits))]
		ranked = ranked[len(next):]
		nodes, err := s.searchHitNodes(ctx, scope, next, wholeHits)
		if err != nil {
			return graph.SearchResult{}, err
		}
		for _, id := range next {
			if h := searchHit(hits[id], nodes[id], labels); h != nil {
				out.Hits = append(out.Hits, *h)
			}
		}
	}
	if len(out.Hits) > first {
		out.Hits, out.Truncated = out.Hits[:first], true
	}
	return out, nil
}

// searchHitNodes decodes the nodes of ids, from the whole ones the
// full-text rows brought or else read by id.
func (s *Store) searchHitNodes(ctx context.Context, scope graph.Scope, ids []string, whole map[string]dbtypeNode) (map[string]graph.Node, error) {
	var missing []string
	for _, id := range ids {
		if _, ok := whole[id]; !ok {
			missing = append(missing, id)
		}
	}
	out := map[string]graph.Node{}
	if len(missing) > 0 {
		var err error
		if out, err = s.NodesByID(ctx, scope, missing); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if n, ok := whole[id]; ok {
			d, err := decodeNode(n, scope)
			if err != nil {
				return nil, err
			}
			out[id] = d
		}
	}
	return out, nil
}

// searchHit is a hit on node n, or nil when n is hidden, gone since the
// candidates were read, of a type not asked for (an identifier's users),
// or matched only on a name withheld from the reader, which finding it
// must not confirm.
func searchHit(h *graph.SearchHit, n graph.Node, labels []graph.Label) *graph.SearchHit {
	if n == nil || !labelsAllow(labels, n) {
		return nil
	}
	if p, ok := n.(*graph.Person); ok && p.Name == graph.WithheldName {
		h.MatchedOn = slices.DeleteFunc(h.MatchedOn, func(m string) bool {
			return strings.HasPrefix(m, "name: ") || strings.HasPrefix(m, "alias: ")
		})
		if len(h.MatchedOn) == 0 {
			return nil
		}
	}
	h.Node = n
	sort.Strings(h.MatchedOn)
	return h
}

// candidateProps are the properties of a full-text candidate row (id,
// name, aliases, claims) as CandidateNames reads a node's.
func candidateProps(row []any) map[string]any {
	props := map[string]any{"name": row[1], "aliases": row[2]}
	pairs, _ := row[3].([]any)
	for _, p := range pairs {
		if kv, ok := p.([]any); ok && len(kv) == 2 {
			if k, ok := kv[0].(string); ok {
				props[k] = kv[1]
			}
		}
	}
	return props
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
