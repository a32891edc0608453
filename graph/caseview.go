package graph

import (
	"slices"
	"strings"
	"time"
)

// Beside its claim ("claim:<case>", JSON that Cypher cannot look into),
// every entity keeps what lists filter and order on, per case, as plain
// properties:
//
//	names:<case>    the case's name and aliases, lower-cased (nameContains)
//	sort:<case>     the case's sort key (NAME order)
//	created:<case>  when the case first spoke of the entity (CREATED_AT)
//	updated:<case>  when the case last changed its word (UPDATED_AT)
//
// so that a reader of some cases is filtered, ordered and shown
// timestamps from the values of those cases only (docs/access.md, "Each
// case's word"): a name, an order or a time that only a hidden case gives
// would otherwise be an oracle of what that case holds. Identifiers carry
// the two timestamps (they have no claim). Every writer keeps them with
// the claim: upsertEntityTmpl, attachIdentifiersCypher, retractWriteCypher,
// deleteFromCaseCypher and eraseVictimCypher; BackfillCaseViews fills them
// in for data written before they existed.
const (
	NamesKeyPrefix   = "names:"
	SortKeyPrefix    = "sort:"
	CreatedKeyPrefix = "created:"
	UpdatedKeyPrefix = "updated:"
)

// perCaseKeyPrefixes are the prefixes of the properties that hold one
// case's word (the claim and its view keys).
var perCaseKeyPrefixes = []string{"claim:", NamesKeyPrefix, SortKeyPrefix, CreatedKeyPrefix, UpdatedKeyPrefix}

// isPerCaseKey tells a per-case property from the model's properties.
func isPerCaseKey(k string) bool {
	if strings.IndexByte(k, ':') < 0 {
		return false // every model property: decoding asks this of each one
	}
	for _, p := range perCaseKeyPrefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// PerCaseKeysOf lists the per-case properties of one case.
func PerCaseKeysOf(caseID string) []string {
	out := make([]string, len(perCaseKeyPrefixes))
	for i, p := range perCaseKeyPrefixes {
		out[i] = p + caseID
	}
	return out
}

// ClaimSortSource is what a claim sorts by, as sortNameOf reads a node
// (the name, else the account number); lower-cased in Cypher, so that the
// key compares equal to the node's own sortName when the values agree.
func ClaimSortSource(props map[string]any) any {
	for _, k := range []string{"name", "title", "code", "value", "accountNumber"} {
		if s, ok := props[k].(string); ok && s != "" {
			return s
		}
	}
	return nil
}

// visibleTimestamps sets createdAt and updatedAt of a scoped reader's view
// from the cases it sees: the earliest time one of them first spoke of the
// node and the latest time one of them changed its word. A node without
// per-case times (a country, a case file) keeps its own.
func (s Scope) visibleTimestamps(props, out map[string]any) {
	var created, updated time.Time
	perCase := false
	for k, v := range props {
		if c, ok := strings.CutPrefix(k, CreatedKeyPrefix); ok {
			perCase = true
			if t, ok := v.(time.Time); ok && s.SeesCase(c) && (created.IsZero() || t.Before(created)) {
				created = t
			}
		} else if c, ok := strings.CutPrefix(k, UpdatedKeyPrefix); ok {
			perCase = true
			if t, ok := v.(time.Time); ok && s.SeesCase(c) && t.After(updated) {
				updated = t
			}
		}
	}
	if !perCase {
		return
	}
	delete(out, "createdAt")
	delete(out, "updatedAt")
	if !created.IsZero() {
		out["createdAt"] = created
	}
	if !updated.IsZero() {
		out["updatedAt"] = updated
	} else if !created.IsZero() {
		out["updatedAt"] = created
	}
}

// SortedScopeCases are the scope's cases in order, as ViewProps reads the
// claims (the first visible claim by case id gives a value the node's own
// does not), for statements that compute the same.
func (s Scope) SortedScopeCases() []string {
	out := slices.Clone(s.cases)
	slices.Sort(out)
	return out
}

// AsStrings reads a stored list of strings.
func AsStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
