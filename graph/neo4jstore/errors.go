package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/graph"
)

// classify turns driver errors into graph's kinds (ErrNotFound,
// ErrConflict, ErrUnavailable, ErrTransient) so that callers never need to
// import the driver to decide what to tell a user or whether to retry.
func classify(err error) error {
	out := classifyKind(err)
	if isTransient(out) {
		return transientError{out}
	}
	return out
}

func classifyKind(err error) error {
	if err == nil {
		return nil
	}
	var verr graph.ValidationErrors
	var one *graph.ValidationError
	if errors.As(err, &verr) || errors.As(err, &one) || errors.Is(err, graph.ErrNotFound) || errors.Is(err, graph.ErrConflict) {
		return err
	}
	var n4j *neo4j.Neo4jError
	if errors.As(err, &n4j) {
		switch {
		case n4j.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			// Neo4j's message quotes the clashing value, which may be a
			// passport number: say what happened, not what the value was.
			return fmt.Errorf("%w: another write created the same entity at the same moment; retry", graph.ErrConflict)
		case strings.HasPrefix(n4j.Code, "Neo.TransientError.Transaction.") && strings.Contains(n4j.Code, "Timedout"),
			n4j.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
			strings.HasPrefix(n4j.Code, "Neo.TransientError.General."),
			n4j.Code == "Neo.ClientError.Security.Unauthorized",
			n4j.Code == "Neo.ClientError.Security.AuthenticationRateLimit",
			n4j.Code == "Neo.ClientError.Database.DatabaseNotFound",
			strings.HasPrefix(n4j.Code, "Neo.ClientError.Cluster."):
			return fmt.Errorf("%w: %s", graph.ErrUnavailable, n4j.Msg)
		}
		return err
	}
	if neo4j.IsConnectivityError(err) || errors.Is(err, context.DeadlineExceeded) ||
		neo4j.IsTransactionExecutionLimit(err) {
		return fmt.Errorf("%w: %v", graph.ErrUnavailable, err)
	}
	var usage *neo4j.UsageError
	if errors.As(err, &usage) {
		return err
	}
	// The driver reports a refused TCP connection as a plain error from its pool.
	msg := err.Error()
	if strings.Contains(msg, "connection refused") || strings.Contains(msg, "ConnectivityError") ||
		strings.Contains(msg, "i/o timeout") || strings.Contains(msg, "no such host") {
		return fmt.Errorf("%w: %v", graph.ErrUnavailable, err)
	}
	return err
}

// isTransient says whether Neo4j refused work for a reason that goes away
// on retry (a deadlock, a lock wait timeout) after the driver's own
// retries ran out. classifyKind keeps only the text of the driver's error,
// so the Neo4j status code is looked for in it.
func isTransient(err error) bool {
	return err != nil && errors.Is(err, graph.ErrUnavailable) && strings.Contains(err.Error(), "Neo.TransientError.")
}

// transientError is an error errors.Is finds as graph.ErrTransient, with
// the message of the error it wraps.
type transientError struct{ error }

func (e transientError) Is(target error) bool { return target == graph.ErrTransient }
func (e transientError) Unwrap() error        { return e.error }
