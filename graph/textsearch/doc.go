// Package textsearch tokenises and matches names across scripts: the
// search tokens stored with every entity, the tokens of a query, and the
// score of a candidate name against a query. It knows nothing of where the
// names are stored.
package textsearch
