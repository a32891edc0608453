package neo4jstore

import (
	"github.com/scamgraph/scamgraph/graph"

	"context"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// allLinkProps is every property any relationship type takes, sorted.
var allLinkProps = func() []string {
	seen := map[string]bool{}
	var out []string
	for _, ps := range graph.LinkProps {
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}()

// cypherList writes constant strings as a Cypher list literal (they are
// property names from linkProps: letters only).
func cypherList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + x + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// withdrawLinkClaim is a FOREACH body (it uses only SET, REMOVE and
// FOREACH) that withdraws case $caseId from relationship r: it takes r's
// write lock first (so what it reads next is the latest committed state),
// removes the case from the sources and its claim properties, and
// recomputes each own property from the remaining claims: the own value
// stays when a remaining claim gives it, else the value of the first
// remaining claim (in claim-key order) that has the property, else the
// property goes. The caller deletes r when its sources are empty.
var withdrawLinkClaim = `SET r._lock = true
  SET r.sources = [s IN r.sources WHERE s <> $caseId]
  FOREACH (k IN [k IN keys(r) WHERE k STARTS WITH 'claim:' + $caseId + ':'] | SET r[k] = null)
  FOREACH (p IN ` + cypherList(allLinkProps) + ` |
    SET r[p] = CASE
      WHEN any(k IN keys(r) WHERE k STARTS WITH 'claim:' AND k ENDS WITH ':' + p AND r[k] = r[p]) THEN r[p]
      ELSE r[reduce(m = '', k IN keys(r) | CASE WHEN k STARTS WITH 'claim:' AND k ENDS WITH ':' + p AND (m = '' OR k < m) THEN k ELSE m END)]
    END)
  REMOVE r._lock`

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
	linkIDPageCypher = map[string]string{
		"TRANSFERRED": `MATCH (a)-[r:TRANSFERRED]->(b) WHERE r.id > $after AND r.txId IS NOT NULL AND r.txId <> ''
RETURN r.id AS id, a.id AS from, b.id AS to, r.txId AS part ORDER BY r.id LIMIT $page`,
		"TRANSITED": `MATCH (a)-[r:TRANSITED]->(b) WHERE r.id > $after
RETURN r.id AS id, a.id AS from, b.id AS to, r.order AS part ORDER BY r.id LIMIT $page`,
	}
	// linkIDWriteCypher renames; a relationship whose new id is taken
	// already (an earlier binary wrote it again after a migration) keeps
	// its old id rather than break the uniqueness constraint and the
	// start-up.
	linkIDWriteCypher = map[string]string{
		"TRANSFERRED": `UNWIND $rows AS row MATCH ()-[r:TRANSFERRED {id: row.old}]->()
WHERE NOT EXISTS { MATCH ()-[:TRANSFERRED {id: row.new}]->() } SET r.id = row.new RETURN count(*)`,
		"TRANSITED": `UNWIND $rows AS row MATCH ()-[r:TRANSITED {id: row.old}]->()
WHERE NOT EXISTS { MATCH ()-[:TRANSITED {id: row.new}]->() } SET r.id = row.new RETURN count(*)`,
	}
)

const linkBackfillPage = 5000

// BackfillLinkClaims migrates relationships written before per-case
// claims, once per database (a SchemaState node marks it done): each gets
// a claim per source case holding its current properties, and
// TRANSFERRED (with a txId) and TRANSITED relationships get the ids of
// their new identity (both ends; see linkIdentity). Both steps are
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
	for _, t := range []string{"TRANSFERRED", "TRANSITED"} {
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
					if t == "TRANSFERRED" {
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

// linkViewProp is the Cypher form of linkView for one property of
// relationship v (both constant names from this package): the own value
// for a reader of every case, or when a visible case's claim gives it;
// else the value of the first visible claim in claim-key order; else
// null. Filters, sums and orders on relationship properties use it, so
// that they work on the values the reader may see, as the answer does.
func linkViewProp(v, prop string) string {
	claim := "k STARTS WITH 'claim:' AND k ENDS WITH ':" + prop + "' AND split(k, ':')[1] IN $scopeCases"
	return "(CASE WHEN $scopeAll THEN " + v + "." + prop +
		" WHEN any(k IN keys(" + v + ") WHERE " + claim + " AND " + v + "[k] = " + v + "." + prop + ") THEN " + v + "." + prop +
		" ELSE " + v + "[reduce(m = '', k IN keys(" + v + ") | CASE WHEN " + claim + " AND (m = '' OR k < m) THEN k ELSE m END)] END)"
}
