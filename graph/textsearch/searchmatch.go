package textsearch

import (
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// minCoverage is the share of the query's tokens a name must match.
const minCoverage = 0.5

// IsWordToken says whether a token is a word of a script written with
// spaces (not a bigram), so that typos and prefixes make sense for it.
func IsWordToken(t string) bool {
	for _, r := range t {
		if runeKind(r) != kindWord {
			return false
		}
	}
	return true
}

// MatchScore checks a full-text candidate's name against the query: the
// index returns every name sharing one token, so the score is the share of
// the query's tokens the name holds (exact 1, with a typo or as a prefix
// 0.7), scaled to at most 0.9, and 1 when the whole name equals the query.
// Below minCoverage the candidate is no hit.
func MatchScore(queryTokens []string, foldedQuery, name string) float64 {
	if FoldedName(name) == foldedQuery {
		return 1
	}
	nameTokens := SearchTokens(name)
	have := map[string]bool{}
	for _, t := range nameTokens {
		have[t] = true
	}
	var got float64
	for i, q := range queryTokens {
		switch {
		case have[q]:
			got++
		case IsWordToken(q) && near(q, nameTokens, i == len(queryTokens)-1):
			got += 0.7
		}
	}
	coverage := got / float64(len(queryTokens))
	if coverage < minCoverage {
		return 0
	}
	return 0.9 * coverage
}

// near says whether a word is one typo from a word of the name (for words
// of four letters or more), or, for the last word typed, a prefix of one.
func near(q string, nameTokens []string, last bool) bool {
	n := utf8.RuneCountInString(q)
	for _, t := range nameTokens {
		if !IsWordToken(t) {
			continue
		}
		if n >= 4 && levenshtein.ComputeDistance(q, t) <= 1 {
			return true
		}
		if last && n >= 2 && strings.HasPrefix(t, q) {
			return true
		}
	}
	return false
}
