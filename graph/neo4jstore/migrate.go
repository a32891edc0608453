package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/graph"
)

// Start-up migrations: what earlier versions of scamgraph did not write,
// filled in once per database. Each backfill works in pages, records its end
// in a (:SchemaState {name}) node so that later start-ups skip it at the
// cost of one read, and is safe to run again after an interruption.

var (
	caseLabelsDoneCypher = `OPTIONAL MATCH (m:SchemaState {name: 'caseLabels'}) RETURN m IS NOT NULL AS done`

	// caseLabelsBackfillCypher labels the next page of nodes in id order
	// with the cases of their sources (the id index gives the order).
	caseLabelsBackfillCypher = `
MATCH (n:Entity) WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $page
WITH collect(n) AS page
FOREACH (n IN page | FOREACH (c IN coalesce(n.sources, []) | SET n:$('` + caseLabelPrefix + `' + c)))
RETURN page[-1].id AS last, size(page) AS done`

	caseLabelsMarkCypher = `MERGE (m:SchemaState {name: 'caseLabels'}) SET m.at = datetime()`
)

// BackfillCaseLabels labels every node with the cases that mention it,
// once per database (data written before case labels existed); a marker
// node (SchemaState) says it is done. It returns the nodes visited.
func (s *Store) BackfillCaseLabels(ctx context.Context) (int, error) {
	done, err := s.readValue(ctx, "case_labels_done", caseLabelsDoneCypher, nil)
	if err != nil || done == true {
		return 0, err
	}
	visited, err := s.pagesInIDOrder(ctx, "case_labels_backfill", caseLabelsBackfillCypher)
	if err != nil {
		return visited, err
	}
	return visited, s.write(ctx, func(r runner) error {
		_, err := r.collect(ctx, "case_labels_mark", caseLabelsMarkCypher, nil)
		return err
	})
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
		cases = graph.AsStrings(props["sources"])
	}
	created, updated := props["createdAt"], props["createdAt"]
	if len(cases) == 1 {
		updated = props["updatedAt"]
	}
	for _, c := range cases {
		if _, ok := props[graph.CreatedKeyPrefix+c]; ok {
			continue
		}
		if created != nil {
			set[graph.CreatedKeyPrefix+c] = created
		}
		if updated != nil {
			set[graph.UpdatedKeyPrefix+c] = updated
		}
		if claimless {
			continue
		}
		raw, _ := props[graph.ClaimKey(c)].(string)
		var cj graph.ClaimJSON
		if json.Unmarshal([]byte(raw), &cj) != nil {
			continue
		}
		var names []string
		for _, name := range namesOf(cj.Props) {
			names = append(names, strings.ToLower(name))
		}
		set[graph.NamesKeyPrefix+c] = nonNil(names)
		if src, ok := graph.ClaimSortSource(cj.Props).(string); ok {
			set[graph.SortKeyPrefix+c] = strings.ToLower(src)
		}
	}
	if _, ok := props["ownCase"]; !ok && !claimless {
		if src := graph.AsStrings(props["sources"]); len(src) > 0 {
			set["ownCase"] = src[0] // see ownCase: kept from now on
		}
	}
	erased, _ := props["erased"].(bool)
	return map[string]any{"id": props["id"], "set": set, "erased": erased}
}

var (
	linkClaimsDoneCypher = `OPTIONAL MATCH (m:SchemaState {name: 'linkClaims'}) RETURN m IS NOT NULL AS done`
	linkClaimsMarkCypher = `MERGE (m:SchemaState {name: 'linkClaims'}) SET m.at = datetime()`

	// linkClaimsBackfillCypher gives each relationship written before
	// claims (own properties, no claim property) a claim per source case
	// holding its current properties. Idempotent: a relationship with a
	// claim is left alone. In transactions of its own (an implicit
	// transaction, as deleteAllCypher), so millions of relationships
	// migrate in bounded memory.
	linkClaimsBackfillCypher = `
MATCH ()-[r]->()
WHERE any(p IN ` + cypherList(allLinkProps) + ` WHERE r[p] IS NOT NULL)
  AND none(k IN keys(r) WHERE k STARTS WITH 'claim:')
CALL (r) {
  SET r._lock = true
  FOREACH (c IN coalesce(r.sources, []) |
    FOREACH (p IN [p IN ` + cypherList(allLinkProps) + ` WHERE r[p] IS NOT NULL] | SET r['claim:' + c + ':' + p] = r[p]))
  REMOVE r._lock
} IN TRANSACTIONS OF 5000 ROWS`

	// linkIDPageCypher reads the next page of the relationships of one
	// type whose identity changed (TRANSFERRED with a txId, TRANSITED: both
	// ends are now part of it), in id order.
	linkIDPageCypher = map[graph.RelType]string{
		graph.RelTransferred: `MATCH (a)-[r:TRANSFERRED]->(b) WHERE r.id > $after AND r.txId IS NOT NULL AND r.txId <> ''
RETURN r.id AS id, a.id AS from, b.id AS to, r.txId AS part ORDER BY r.id LIMIT $page`,
		graph.RelTransited: `MATCH (a)-[r:TRANSITED]->(b) WHERE r.id > $after
RETURN r.id AS id, a.id AS from, b.id AS to, r.order AS part ORDER BY r.id LIMIT $page`,
	}
	// linkIDWriteCypher renames; a relationship whose new id is taken
	// already (an earlier binary wrote it again after a migration) keeps
	// its old id rather than break the uniqueness constraint and the
	// start-up.
	linkIDWriteCypher = map[graph.RelType]string{
		graph.RelTransferred: `UNWIND $rows AS row MATCH ()-[r:TRANSFERRED {id: row.old}]->()
WHERE NOT EXISTS { MATCH ()-[:TRANSFERRED {id: row.new}]->() } SET r.id = row.new RETURN count(*)`,
		graph.RelTransited: `UNWIND $rows AS row MATCH ()-[r:TRANSITED {id: row.old}]->()
WHERE NOT EXISTS { MATCH ()-[:TRANSITED {id: row.new}]->() } SET r.id = row.new RETURN count(*)`,
	}
)

const linkBackfillPage = 5000

// BackfillLinkClaims migrates relationships written before per-case
// claims, once per database (a SchemaState node marks it done): each gets
// a claim per source case holding its current properties, and
// TRANSFERRED (with a txId) and TRANSITED relationships get the ids of
// their new identity (both ends; see LinkIdentity). Both steps are
// idempotent, so a start-up cut off half-way redoes them safely. It
// returns the relationships whose id changed.
func (s *Store) BackfillLinkClaims(ctx context.Context) (int, error) {
	done, err := s.readValue(ctx, "link_claims_done", linkClaimsDoneCypher, nil)
	if err != nil || done == true {
		return 0, err
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	s.roundTrips.Add(1)
	res, err := sess.Run(ctx, linkClaimsBackfillCypher, nil, neo4j.WithTxTimeout(30*time.Minute))
	if err == nil {
		_, err = res.Consume(ctx)
	}
	sess.Close(ctx)
	if err != nil {
		return 0, classify(err)
	}
	changed := 0
	for _, t := range []graph.RelType{graph.RelTransferred, graph.RelTransited} {
		after := ""
		for {
			var rows []map[string]any
			n := 0
			err := s.read(ctx, func(r runner) error {
				recs, err := r.collect(ctx, "link_ids_page", linkIDPageCypher[t], map[string]any{"after": after, "page": linkBackfillPage})
				rows, n = rows[:0], len(recs)
				for _, rec := range recs {
					id, _ := rec.Values[0].(string)
					from, _ := rec.Values[1].(string)
					to, _ := rec.Values[2].(string)
					after = id
					var w graph.LinkWrite
					if t == graph.RelTransferred {
						tx, _ := rec.Values[3].(string)
						w = graph.LinkWrite{RelType: t, From: from, To: to, Props: map[string]any{"txId": tx}}
					} else {
						w = graph.LinkWrite{RelType: t, From: from, To: to, Props: map[string]any{"order": rec.Values[3]}}
					}
					if nid := graph.LinkIdentity(w); nid != id {
						rows = append(rows, map[string]any{"old": id, "new": nid})
					}
				}
				return err
			})
			if err != nil {
				return changed, err
			}
			if len(rows) > 0 {
				if err := s.write(ctx, func(r runner) error {
					recs, err := r.collect(ctx, "link_ids_write", linkIDWriteCypher[t], map[string]any{"rows": rows})
					if err == nil && len(recs) == 1 {
						n, _ := recs[0].Values[0].(int64)
						changed += int(n)
					}
					return err
				}); err != nil {
					return changed, err
				}
			}
			if n < linkBackfillPage {
				break
			}
		}
	}
	return changed, s.write(ctx, func(r runner) error {
		_, err := r.collect(ctx, "link_claims_mark", linkClaimsMarkCypher, nil)
		return err
	})
}

// Bootstrap prepares an empty or existing database: schema, countries,
// then what earlier versions did not write: search tokens, and the mark on
// victims' sensitive identifiers.
func (s *Store) Bootstrap(ctx context.Context) error {
	if err := s.EnsureSchema(ctx); err != nil {
		return err
	}
	if err := s.SeedCountries(ctx); err != nil {
		return err
	}
	if _, err := s.BackfillSortNames(ctx); err != nil {
		return err
	}
	if _, err := s.BackfillCaseLabels(ctx); err != nil {
		return err
	}
	if _, err := s.BackfillCaseViews(ctx); err != nil {
		return err
	}
	if _, err := s.BackfillLinkClaims(ctx); err != nil {
		return err
	}
	backfilled, err := s.BackfillSearchTokens(ctx)
	if err != nil || backfilled == 0 {
		// Nodes without current search tokens are the sign of data written
		// by an earlier version; without them the victim-data marks are
		// current too (every write sets them), and a start-up does not
		// scan every victim.
		return err
	}
	for {
		var marked int64
		err := s.write(ctx, func(r runner) error {
			recs, err := r.collect(ctx, "mark_all_victim_data", markAllVictimDataCypher, map[string]any{"kinds": graph.SensitiveIdentifierKinds})
			if err == nil && len(recs) == 1 {
				marked, _ = recs[0].Values[0].(int64)
			}
			return err
		})
		if err != nil || marked == 0 {
			return err
		}
	}
}

// Search tokens of nodes written before search existed, or by a version
// whose SearchTokens differed, are recomputed at start-up. Counting first
// keeps a start on an up-to-date database cheap: label counts come from
// Neo4j's count store and the current ones from the searchVersion index.
const (
	searchableCountCypher = `
CALL { MATCH (n:Person) RETURN count(n) AS c
       UNION ALL MATCH (n:Organization) RETURN count(n) AS c
       UNION ALL MATCH (n:Compound) RETURN count(n) AS c
       UNION ALL MATCH (n:BankAccount) RETURN count(n) AS c }
WITH sum(c) AS total
OPTIONAL MATCH (m:Entity) WHERE m.searchVersion = $version
RETURN total, count(m) AS current`

	staleSearchCypher = `
MATCH (n:Entity)
WHERE (n:Person OR n:Organization OR n:Compound OR n:BankAccount)
  AND (n.searchVersion IS NULL OR n.searchVersion <> $version)
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases,
       [k IN keys(n) WHERE k STARTS WITH 'claim:' | n[k]] AS claims, labels(n) AS labels
LIMIT $batch`

	setSearchTokensCypher = `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.searchTokens = row.tokens, n.searchVersion = $version`

	backfillBatch = 2000
)

// BackfillSearchTokens computes the search tokens of every searchable node
// that lacks current ones, in batches of their own write transactions, and
// returns how many it updated.
func (s *Store) BackfillSearchTokens(ctx context.Context) (int, error) {
	var total, current int64
	err := s.read(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "search_backfill_count", searchableCountCypher, map[string]any{"version": indexTokensVersion})
		if err == nil && len(recs) == 1 {
			total, current = recs[0].Values[0].(int64), recs[0].Values[1].(int64)
		}
		return err
	})
	if err != nil || total == current {
		return 0, err
	}
	done := 0
	for {
		var rows []map[string]any
		err := s.read(ctx, func(r runner) error {
			recs, err := r.collect(ctx, "search_backfill_read", staleSearchCypher, map[string]any{"version": indexTokensVersion, "batch": backfillBatch})
			if err != nil {
				return err
			}
			rows = rows[:0]
			for _, rec := range recs {
				var names []string
				if n, ok := rec.Values[1].(string); ok {
					names = append(names, n)
				}
				for _, a := range rec.Values[2].([]any) {
					if s, ok := a.(string); ok {
						names = append(names, s)
					}
				}
				for _, c := range rec.Values[3].([]any) {
					raw, _ := c.(string)
					var cj graph.ClaimJSON
					if json.Unmarshal([]byte(raw), &cj) == nil {
						names = append(names, namesOf(cj.Props)...)
					}
				}
				rows = append(rows, map[string]any{"id": rec.Values[0], "tokens": nonNil(indexTokens(graph.Label(kindOf(graph.AsStrings(rec.Values[4]))), names...))})
			}
			return nil
		})
		if err != nil {
			return done, fmt.Errorf("search backfill: %w", err)
		}
		if len(rows) == 0 {
			return done, nil
		}
		if err := s.write(ctx, func(r runner) error {
			_, err := r.collect(ctx, "search_backfill_write", setSearchTokensCypher, map[string]any{"rows": rows, "version": indexTokensVersion})
			return err
		}); err != nil {
			return done, fmt.Errorf("search backfill: %w", err)
		}
		done += len(rows)
	}
}

var (
	// sortNameCountCypher compares the nodes of every kind with those that
	// have a sort key (index scans; Entity's count comes from the count
	// store), so a start on an up-to-date database costs no scan of nodes.
	sortNameCountCypher = `
CALL { MATCH (n:Entity) RETURN count(n) AS total }
CALL { MATCH (n:Person) WHERE n.sortName IS NOT NULL RETURN count(n) AS c
       UNION ALL MATCH (n:Organization) WHERE n.sortName IS NOT NULL RETURN count(n) AS c
       UNION ALL MATCH (n:Compound) WHERE n.sortName IS NOT NULL RETURN count(n) AS c
       UNION ALL MATCH (n:BankAccount) WHERE n.sortName IS NOT NULL RETURN count(n) AS c
       UNION ALL MATCH (n:Identifier) WHERE n.sortName IS NOT NULL AND n.sortName <> '' RETURN count(n) AS c
       UNION ALL MATCH (n:CaseFile) WHERE n.sortName IS NOT NULL RETURN count(n) AS c
       UNION ALL MATCH (n:Country) WHERE n.sortName IS NOT NULL RETURN count(n) AS c }
RETURN total, sum(c) AS keyed`

	// sortNameBackfillCypher keys the unkeyed nodes of the next page of
	// nodes in id order (the id index gives the order: one pass over the
	// nodes, and a pass cut off by a restart writes nothing twice).
	sortNameBackfillCypher = `
MATCH (n:Entity) WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $page
WITH collect(n) AS page
FOREACH (n IN [x IN page WHERE x.sortName IS NULL OR (x:Identifier AND x.sortName = '')] | SET n.sortName = ` + sortNameOf("n") + `)
RETURN page[-1].id AS last, size(page) AS done`

	sortNameBackfillPage = 10000
)

// BackfillSortNames stores the sort key of every node that lacks one (data
// written by a version before sortName), a page of nodes per write
// transaction, and returns how many nodes it visited. Identifiers written
// before 2026-12-02 have an empty one (the statement that created them
// computed it from the node before its value was set): they are keyed
// again.
func (s *Store) BackfillSortNames(ctx context.Context) (int, error) {
	var total, keyed int64
	err := s.read(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "sort_name_count", sortNameCountCypher, nil)
		if err == nil && len(recs) == 1 {
			total, _ = recs[0].Values[0].(int64)
			keyed, _ = recs[0].Values[1].(int64)
		}
		return err
	})
	if err != nil || keyed >= total {
		return 0, err
	}
	return s.pagesInIDOrder(ctx, "sort_name_backfill", sortNameBackfillCypher)
}

// pagesInIDOrder runs a backfill statement page after page of nodes in id
// order, each page in a write transaction of its own, until a page is
// empty. The statement takes $after and $page and returns the last id of
// its page and how many nodes it had. It returns the nodes visited.
func (s *Store) pagesInIDOrder(ctx context.Context, name, cypher string) (int, error) {
	after, visited := "", 0
	for {
		var last string
		var done int64
		if err := s.write(ctx, func(r runner) error {
			recs, err := r.collect(ctx, name, cypher, map[string]any{"after": after, "page": sortNameBackfillPage})
			if err == nil && len(recs) == 1 {
				last, _ = recs[0].Values[0].(string)
				done, _ = recs[0].Values[1].(int64)
			}
			return err
		}); err != nil {
			return visited, fmt.Errorf("%s after %d nodes: %w", name, visited, err)
		}
		if done == 0 {
			return visited, nil
		}
		visited += int(done)
		after = last
	}
}
