package neo4jstore

import (
	"context"
	"regexp"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/graph"
)

var relIndexName = regexp.MustCompile(`^rel_[A-Z_]+_id$`)

// schemaStatements create the uniqueness constraints on every natural key
// and the indexes reads rely on. Each is idempotent (IF NOT EXISTS) and they
// run at start-up before any write: without the uniqueness constraint two
// concurrent MERGEs of the same key create two nodes.
var schemaStatements = []string{
	"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT country_code IF NOT EXISTS FOR (n:Country) REQUIRE n.code IS UNIQUE",
	"CREATE CONSTRAINT bank_account_key IF NOT EXISTS FOR (n:BankAccount) REQUIRE n.accountKey IS UNIQUE",
	"CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (n:Identifier) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT case_file_id IF NOT EXISTS FOR (n:CaseFile) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT erasure_tombstone_id IF NOT EXISTS FOR (n:ErasureTombstone) REQUIRE n.id IS UNIQUE",
	"CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)",
	"CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name)",
	"CREATE INDEX compound_name IF NOT EXISTS FOR (n:Compound) ON (n.name)",
	"CREATE INDEX compound_status IF NOT EXISTS FOR (n:Compound) ON (n.status)",
	"CREATE INDEX victim_status IF NOT EXISTS FOR (n:Victim) ON (n.status)",
	"CREATE INDEX entity_search_version IF NOT EXISTS FOR (n:Entity) ON (n.searchVersion)",
	"CREATE INDEX bank_account_number IF NOT EXISTS FOR (n:BankAccount) ON (n.accountNumber)",
	"CREATE INDEX bank_account_iban IF NOT EXISTS FOR (n:BankAccount) ON (n.iban)",
	// The search index holds tokens computed in Go (see SearchTokens), so it
	// only splits on whitespace: Lucene's own analyzers know one script each.
	"CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Person|Organization|Compound|BankAccount) ON EACH [n.searchTokens] " +
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
	// entity_names (a standard-analyzer index of earlier versions) is
	// replaced by entity_search; keeping it would cost every write.
	"DROP INDEX entity_names IF EXISTS",
}

// relIDConstraints make every relationship's id unique within its type.
// MERGE then finds a relationship by a unique index seek, whatever the
// statistics say: without them the planner, replanning as an import grows
// the graph, sometimes expands from a country with 100,000 relationships.
// They also keep concurrent imports from creating a relationship twice.
// (An earlier version had plain indexes of the same names; they go.)
func relIDConstraints() []string {
	var out []string
	for _, t := range append(graph.LinkTypes(), graph.RelSameAs) {
		out = append(out, "CREATE CONSTRAINT rel_"+string(t)+"_id_unique IF NOT EXISTS FOR ()-[r:"+string(t)+"]-() REQUIRE r.id IS UNIQUE")
	}
	return out
}

// plainRelIndexesCypher finds the plain relationship-id indexes of earlier
// versions, which the uniqueness constraints replace.
const plainRelIndexesCypher = `
SHOW INDEXES YIELD name, entityType, owningConstraint
WHERE entityType = 'RELATIONSHIP' AND name STARTS WITH 'rel_' AND owningConstraint IS NULL
RETURN name`

// EnsureSchema creates constraints and indexes and waits for them to be
// online. Schema changes cannot share a transaction with each other's data
// writes, so each statement runs in its own write transaction.
func (s *Store) EnsureSchema(ctx context.Context) error {
	var stale []string
	err := s.read(ctx, func(r runner) error {
		recs, err := r.collect(ctx, "schema_show", plainRelIndexesCypher, nil)
		for _, rec := range recs {
			stale = append(stale, rec.Values[0].(string))
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, name := range stale {
		if !relIndexName.MatchString(name) {
			continue
		}
		// The name is checked against a strict pattern: DROP INDEX takes no parameter.
		if err := s.write(ctx, func(r runner) error {
			_, err := r.collect(ctx, "schema_drop", "DROP INDEX "+name+" IF EXISTS", nil)
			return err
		}); err != nil {
			return err
		}
	}
	for _, stmt := range append(append(append(append([]string{}, schemaStatements...), sortNameIndexes()...), relIDConstraints()...), watchSchemaStatements...) {
		err := s.write(ctx, func(r runner) error {
			_, err := r.collect(ctx, "schema", stmt, nil)
			return err
		})
		if err != nil {
			return err
		}
	}
	return s.awaitIndexes(ctx)
}

// awaitIndexesSeconds is how long EnsureSchema waits for new indexes to be
// populated (on a large database, minutes).
const awaitIndexesSeconds = 300

// awaitIndexesTxTimeout is the timeout of the transaction that waits:
// longer than the wait itself. The store's transaction timeout (15 s by
// default) would cut a wait of up to five minutes short, and start-up
// would fail on a large database for no fault of its own.
func awaitIndexesTxTimeout() time.Duration {
	return awaitIndexesSeconds*time.Second + 30*time.Second
}

// awaitIndexes waits until every index is online, in an auto-commit
// transaction of its own (a procedure call needs no managed retry) with
// awaitIndexesTxTimeout.
func (s *Store) awaitIndexes(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	s.roundTrips.Add(1)
	start := time.Now()
	res, err := sess.Run(ctx, "CALL db.awaitIndexes($seconds)", map[string]any{"seconds": int64(awaitIndexesSeconds)},
		neo4j.WithTxTimeout(awaitIndexesTxTimeout()))
	if err == nil {
		_, err = res.Consume(ctx)
	}
	s.observe("schema_await", time.Since(start), err)
	return classify(err)
}
