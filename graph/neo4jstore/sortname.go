package neo4jstore

import (
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/textsearch"

	"context"
	"fmt"
)

// sortNameLabels are the labels with a sortName index: every kind of node
// (their counts add up to all nodes, which is how the backfill knows it is
// done) and the two role labels, which lists enumerate on their own.
var sortNameLabels = []string{graph.KindPerson, graph.RoleVictim, graph.RoleRecruiter, graph.KindOrganization, graph.KindCompound, graph.KindBankAccount, graph.KindIdentifier, graph.KindCaseFile, graph.KindCountry}

func sortNameIndexes() []string {
	var out []string
	for _, l := range sortNameLabels {
		out = append(out, "CREATE INDEX sort_name_"+l+" IF NOT EXISTS FOR (n:"+l+") ON (n.sortName)")
	}
	return out
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
       UNION ALL MATCH (n:Identifier) WHERE n.sortName IS NOT NULL RETURN count(n) AS c
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
FOREACH (n IN [x IN page WHERE x.sortName IS NULL] | SET n.sortName = ` + textsearch.SortNameOf("n") + `)
RETURN page[-1].id AS last, size(page) AS done`

	sortNameBackfillPage = 10000
)

// BackfillSortNames stores the sort key of every node that lacks one (data
// written by a version before sortName), a page of nodes per write
// transaction, and returns how many nodes it visited.
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
