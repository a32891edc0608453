package neo4jstore

import (
	"errors"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/graph"
)

// TestTransientErrorsAreFoundWithoutTheDriver: an importer retries a batch
// Neo4j refused for a deadlock by asking errors.Is(err, graph.ErrTransient),
// without importing the driver; other failures are not retried.
func TestTransientErrorsAreFoundWithoutTheDriver(t *testing.T) {
	deadlock := &neo4j.TransactionExecutionLimit{Cause: "timeout (exceeded max retry time: 30s)",
		Errors: []error{&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected", Msg: "deadlock"}}}
	err := classify(deadlock)
	if !errors.Is(err, graph.ErrTransient) || !errors.Is(err, graph.ErrUnavailable) {
		t.Fatalf("a deadlock after the driver's retries: want ErrTransient and ErrUnavailable, got %v", err)
	}
	if err.Error() != classifyKind(deadlock).Error() {
		t.Errorf("marking it transient changed its message: %q", err)
	}
	for _, other := range []error{
		&neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "bad"},
		&neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed", Msg: "P123"},
		errors.New("dial tcp 127.0.0.1:7687: connect: connection refused"),
	} {
		if errors.Is(classify(other), graph.ErrTransient) {
			t.Errorf("%v is not transient, classify said it was", other)
		}
	}
}
