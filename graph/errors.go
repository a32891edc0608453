package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Sentinel errors callers map to API error codes. Wrapped errors keep the
// detail for logs; errors.Is finds the kind.
var (
	ErrNotFound    = errors.New("not found")
	ErrConflict    = errors.New("conflict")
	ErrUnavailable = errors.New("neo4j unavailable")
)

// ValidationError says which input field is wrong and why. Field is a path
// such as "input.nationality" or "input.identifiers[2].value". Reason never
// repeats the offending value: it may be a victim's passport number.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Reason }

// ValidationErrors collects every problem of one input so that a user fixes
// them in one go instead of one per round trip.
type ValidationErrors []*ValidationError

func (es ValidationErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// add records a problem with field (relative to prefix).
func (es *ValidationErrors) add(field, format string, args ...any) {
	*es = append(*es, &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// err returns nil when nothing was recorded, so callers can `return errs.err()`.
func (es ValidationErrors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// classify turns driver errors into this package's kinds so that callers
// never need to import the driver to decide what to tell a user.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var verr ValidationErrors
	var one *ValidationError
	if errors.As(err, &verr) || errors.As(err, &one) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) {
		return err
	}
	var n4j *neo4j.Neo4jError
	if errors.As(err, &n4j) {
		switch {
		case n4j.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			// Neo4j's message quotes the clashing value, which may be a
			// passport number: say what happened, not what the value was.
			return fmt.Errorf("%w: another write created the same entity at the same moment; retry", ErrConflict)
		case strings.HasPrefix(n4j.Code, "Neo.TransientError.Transaction.") && strings.Contains(n4j.Code, "Timedout"),
			n4j.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
			strings.HasPrefix(n4j.Code, "Neo.TransientError.General."),
			n4j.Code == "Neo.ClientError.Security.Unauthorized",
			n4j.Code == "Neo.ClientError.Security.AuthenticationRateLimit",
			n4j.Code == "Neo.ClientError.Database.DatabaseNotFound",
			strings.HasPrefix(n4j.Code, "Neo.ClientError.Cluster."):
			return fmt.Errorf("%w: %s", ErrUnavailable, n4j.Msg)
		}
		return err
	}
	if neo4j.IsConnectivityError(err) || errors.Is(err, context.DeadlineExceeded) ||
		neo4j.IsTransactionExecutionLimit(err) {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	var usage *neo4j.UsageError
	if errors.As(err, &usage) {
		return err
	}
	// The driver reports a refused TCP connection as a plain error from its pool.
	msg := err.Error()
	if strings.Contains(msg, "connection refused") || strings.Contains(msg, "ConnectivityError") ||
		strings.Contains(msg, "i/o timeout") || strings.Contains(msg, "no such host") {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return err
}

// IsTransient says whether Neo4j refused work for a reason that goes away
// on retry (a deadlock, a lock wait timeout) after the driver's own
// retries ran out. classify keeps only the text of the driver's error, so
// the Neo4j status code is looked for in it.
func IsTransient(err error) bool {
	return err != nil && errors.Is(err, ErrUnavailable) && strings.Contains(err.Error(), "Neo.TransientError.")
}
