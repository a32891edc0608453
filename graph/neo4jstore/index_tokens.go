package neo4jstore

import (
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/resolution"
	"github.com/scamgraph/scamgraph/graph/textsearch"
)

// indexTokens are the full-text tokens stored with an entity for its
// names (the entity_search index): the search tokens, and entity
// resolution's blocking keys with their prefix, so that the candidates of
// a person are found by one index lookup, not by comparing every pair.
// Keys from every case's names are stored, as search tokens are: the
// index only proposes candidates, which are then scored on what the
// reader may see.
func indexTokens(kind graph.Label, names ...string) []string {
	tokens := textsearch.SearchTokens(names...)
	if len(names) == 0 || (kind != graph.KindPerson && kind != graph.KindOrganization) {
		return tokens
	}
	// The kind matters: a one-word name is a key for an organisation, and
	// for a person only a surname (too common to block on).
	for _, k := range resolution.BlockingKeys(resolution.Profile{Kind: string(kind), Names: names}) {
		tokens = append(tokens, blockingKeyPrefix+k)
	}
	return tokens
}

// indexTokensVersion is stored as each entity's searchVersion: start-up
// recomputes the tokens of entities written with another (see
// BackfillSearchTokens). Raise blockingKeysVersion whenever
// resolution.BlockingKeys gives other keys for the same names.
const (
	blockingKeysVersion = 1
	indexTokensVersion  = textsearch.SearchTokensVersion*1000 + blockingKeysVersion
)
