package graph

import (
	"context"
	"encoding/json"
	"fmt"
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
	namesKeyPrefix   = "names:"
	sortKeyPrefix    = "sort:"
	createdKeyPrefix = "created:"
	updatedKeyPrefix = "updated:"
)

// perCaseKeyPrefixes are the prefixes of the properties that hold one
// case's word (the claim and its view keys).
var perCaseKeyPrefixes = []string{"claim:", namesKeyPrefix, sortKeyPrefix, createdKeyPrefix, updatedKeyPrefix}

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

// caseKeyParams are the statement parameters naming a case's per-case
// properties: $claimKey, $namesKey, $sortKey, $createdKey, $updatedKey.
func caseKeyParams(caseID string, p map[string]any) map[string]any {
	if p == nil {
		p = map[string]any{}
	}
	p["claimKey"] = ClaimKey(caseID)
	p["namesKey"] = namesKeyPrefix + caseID
	p["sortKey"] = sortKeyPrefix + caseID
	p["createdKey"] = createdKeyPrefix + caseID
	p["updatedKey"] = updatedKeyPrefix + caseID
	return p
}

// perCaseKeysOf lists the per-case properties of one case.
func perCaseKeysOf(caseID string) []string {
	out := make([]string, len(perCaseKeyPrefixes))
	for i, p := range perCaseKeyPrefixes {
		out[i] = p + caseID
	}
	return out
}

// claimSortSource is what a claim sorts by, as sortNameOf reads a node
// (the name, else the account number); lower-cased in Cypher, so that the
// key compares equal to the node's own sortName when the values agree.
func claimSortSource(props map[string]any) any {
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
		if c, ok := strings.CutPrefix(k, createdKeyPrefix); ok {
			perCase = true
			if t, ok := v.(time.Time); ok && s.SeesCase(c) && (created.IsZero() || t.Before(created)) {
				created = t
			}
		} else if c, ok := strings.CutPrefix(k, updatedKeyPrefix); ok {
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

// sortedScopeCases are the scope's cases in order, as viewProps reads the
// claims (the first visible claim by case id gives a value the node's own
// does not), for statements that compute the same.
func (s Scope) sortedScopeCases() []string {
	out := slices.Clone(s.cases)
	slices.Sort(out)
	return nonNil(out)
}

var (
	caseViewsDoneCypher = `OPTIONAL MATCH (m:SchemaState {name: 'caseViews'}) RETURN m IS NOT NULL AS done`

	// caseViewsPageCypher reads, and locks, the next page of nodes in id
	// order (the id index gives the order).
	caseViewsPageCypher = `
MATCH (n:Entity) WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $page
SET n._lock = true
REMOVE n._lock
RETURN n`

	caseViewsWriteCypher = `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.set
WITH n, row WHERE row.erased
MERGE (t:ErasureTombstone {id: row.id})
ON CREATE SET t.erasedAt = n.erasedAt`

	caseViewsMarkCypher = `MERGE (m:SchemaState {name: 'caseViews'}) SET m.at = datetime()`
)

// BackfillCaseViews gives the entities of a database written before the
// per-case view keys existed their names, sort keys and times per case
// (from the claims; the times from the node's, the only ones known: the
// update time is the node's when one case speaks of it, else its creation
// time, which no other case can have moved), and an erased victim its
// tombstone. Once per database, marked by a SchemaState node. It returns
// the nodes visited.
func (s *Store) BackfillCaseViews(ctx context.Context) (int, error) {
	done, err := s.readValue(ctx, "case_views_done", caseViewsDoneCypher, nil)
	if err != nil || done == true {
		return 0, err
	}
	after, visited := "", 0
	for {
		var last string
		var n int
		pageAfter := after
		err := s.write(ctx, func(r runner) error {
			recs, err := r.collect(ctx, "case_views_page", caseViewsPageCypher, map[string]any{"after": pageAfter, "page": sortNameBackfillPage})
			if err != nil {
				return err
			}
			rows := make([]map[string]any, 0, len(recs))
			for _, rec := range recs {
				node := rec.Values[0].(dbtypeNode)
				last, _ = node.Props["id"].(string)
				rows = append(rows, caseViewsOf(node.Props))
			}
			n = len(recs)
			if n == 0 {
				return nil
			}
			_, err = r.collect(ctx, "case_views_write", caseViewsWriteCypher, map[string]any{"rows": rows})
			return err
		})
		if err != nil {
			return visited, fmt.Errorf("case views backfill after %d nodes: %w", visited, err)
		}
		if n == 0 {
			break
		}
		visited += n
		after = last
	}
	return visited, s.write(ctx, func(r runner) error {
		_, err := r.collect(ctx, "case_views_mark", caseViewsMarkCypher, nil)
		return err
	})
}

// caseViewsOf computes the per-case view keys a node lacks.
func caseViewsOf(props map[string]any) map[string]any {
	set := map[string]any{}
	var cases []string
	for k := range props {
		if c, ok := strings.CutPrefix(k, "claim:"); ok {
			cases = append(cases, c)
		}
	}
	claimless := len(cases) == 0
	if claimless {
		cases = asStrings(props["sources"])
	}
	created, updated := props["createdAt"], props["createdAt"]
	if len(cases) == 1 {
		updated = props["updatedAt"]
	}
	for _, c := range cases {
		if _, ok := props[createdKeyPrefix+c]; ok {
			continue
		}
		if created != nil {
			set[createdKeyPrefix+c] = created
		}
		if updated != nil {
			set[updatedKeyPrefix+c] = updated
		}
		if claimless {
			continue
		}
		raw, _ := props[ClaimKey(c)].(string)
		var cj claimJSON
		if json.Unmarshal([]byte(raw), &cj) != nil {
			continue
		}
		var names []string
		for _, name := range namesOf(cj.Props) {
			names = append(names, strings.ToLower(name))
		}
		set[namesKeyPrefix+c] = nonNil(names)
		if src, ok := claimSortSource(cj.Props).(string); ok {
			set[sortKeyPrefix+c] = strings.ToLower(src)
		}
	}
	if _, ok := props["ownCase"]; !ok && !claimless {
		if src := asStrings(props["sources"]); len(src) > 0 {
			set["ownCase"] = src[0] // see ownCase: kept from now on
		}
	}
	erased, _ := props["erased"].(bool)
	return map[string]any{"id": props["id"], "set": set, "erased": erased}
}

// asStrings reads a stored list of strings.
func asStrings(v any) []string {
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
