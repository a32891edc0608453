package graph

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors callers map to API error codes. Wrapped errors keep the
// detail for logs; errors.Is finds the kind.
var (
	ErrNotFound    = errors.New("not found")
	ErrConflict    = errors.New("conflict")
	ErrUnavailable = errors.New("neo4j unavailable")
	// ErrTransient marks an ErrUnavailable that goes away on retry (a
	// deadlock between concurrent writers, a lock wait timeout): a caller
	// whose write is idempotent may try again.
	ErrTransient = errors.New("transient")
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

// Add records a problem with field.
func (es *ValidationErrors) Add(field, format string, args ...any) {
	*es = append(*es, &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// Err returns nil when nothing was recorded, so callers can `return errs.Err()`.
func (es ValidationErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Within records a problem with field unless lo <= v <= hi: the bounds of
// a traversal or a page, said the same way everywhere.
func (es *ValidationErrors) Within(field string, v, lo, hi int) {
	if v < lo || v > hi {
		es.Add(field, "must be between %d and %d", lo, hi)
	}
}

// Combine gathers the validation problems of several checks into one
// error, in order, so that a user sees them all at once; an error that is
// not a validation problem is returned alone.
func Combine(errs ...error) error {
	var all ValidationErrors
	for _, err := range errs {
		var many ValidationErrors
		var one *ValidationError
		switch {
		case err == nil:
		case errors.As(err, &many):
			all = append(all, many...)
		case errors.As(err, &one):
			all = append(all, one)
		default:
			return err
		}
	}
	return all.Err()
}
