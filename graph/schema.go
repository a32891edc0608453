package graph

import "context"

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
	"CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)",
	"CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name)",
	"CREATE INDEX compound_name IF NOT EXISTS FOR (n:Compound) ON (n.name)",
	"CREATE INDEX compound_status IF NOT EXISTS FOR (n:Compound) ON (n.status)",
	"CREATE INDEX victim_status IF NOT EXISTS FOR (n:Victim) ON (n.status)",
	"CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Person|Organization|Compound|BankAccount) ON EACH [n.name, n.aliases]",
}

// relIDIndexes let removeLink and re-imports find a relationship by its id.
func relIDIndexes() []string {
	var out []string
	for _, t := range LinkTypes() {
		out = append(out, "CREATE INDEX rel_"+t+"_id IF NOT EXISTS FOR ()-[r:"+t+"]-() ON (r.id)")
	}
	return out
}

// EnsureSchema creates constraints and indexes and waits for them to be
// online. Schema changes cannot share a transaction with each other's data
// writes, so each statement runs in its own write transaction.
func (s *Store) EnsureSchema(ctx context.Context) error {
	for _, stmt := range append(append([]string{}, schemaStatements...), relIDIndexes()...) {
		err := s.write(ctx, func(r runner) error {
			_, err := r.collect(ctx, "schema", stmt, nil)
			return err
		})
		if err != nil {
			return err
		}
	}
	return s.write(ctx, func(r runner) error {
		_, err := r.collect(ctx, "schema_await", "CALL db.awaitIndexes(300)", nil)
		return err
	})
}

// Bootstrap prepares an empty or existing database: schema, then countries.
func (s *Store) Bootstrap(ctx context.Context) error {
	if err := s.EnsureSchema(ctx); err != nil {
		return err
	}
	return s.SeedCountries(ctx)
}
