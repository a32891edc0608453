// Package textsearch tokenises and matches names across scripts: the
// search tokens stored with every entity (SearchTokens), the tokens of a
// query (QueryTokens), and the score of a candidate name against a query
// (MatchScore). It knows nothing of where the names are stored.
package textsearch
