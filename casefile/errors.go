package casefile

import "github.com/scamgraph/scamgraph/graph"

// ValidationErrorAt is a problem with one field of a record.
type ValidationErrorAt = graph.ValidationError

func fieldError(field, reason string) error {
	return &graph.ValidationError{Field: field, Reason: reason}
}
