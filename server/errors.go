package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph"
)

// Error codes in `extensions.code`, the contract clients branch on.
const (
	CodeBadUserInput = "BAD_USER_INPUT"
	CodeNotFound     = "NOT_FOUND"
	CodeConflict     = "CONFLICT"
	CodeUnavailable  = "UNAVAILABLE"
	CodeInternal     = "INTERNAL"
)

// presentError maps domain errors to GraphQL errors with a code. Validation
// errors name the field and the reason (never the value: it may be a
// passport number). Unknown errors are masked: the client gets a request id,
// the log gets the detail.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if gerr.Extensions != nil && gerr.Extensions["code"] != nil {
			return gerr // parse and validation errors of gqlgen keep their codes
		}
		if strings.HasSuffix(err.Error(), "introspection disabled") {
			// __schema or __type outside development mode: a refusal, not
			// a fault (authorizeOperation refuses root ones before this).
			gerr.Message = errIntrospectionOff
			gerr.Extensions = map[string]any{"code": CodeForbidden}
			return gerr
		}
		var transportErr *gqlerror.Error
		if errors.As(err, &transportErr) && transportErr.Err == nil && len(transportErr.Path) == 0 {
			// An error of the transport about the request itself (a body
			// it could not read or decode): a bad request, not a fault of
			// the server. gqlgen's text may quote the body; it is cut off
			// there and nothing is logged.
			msg, _, _ := strings.Cut(gerr.Message, " body:")
			msg, _, _ = strings.Cut(msg, ": ")
			gerr.Message = msg
			gerr.Extensions = map[string]any{"code": CodeBadRequest}
			return gerr
		}
		set := func(code, msg string) *gqlerror.Error {
			gerr.Message = msg
			if gerr.Extensions == nil {
				gerr.Extensions = map[string]any{}
			}
			gerr.Extensions["code"] = code
			return gerr
		}
		// The resolver's own error, without the location and path gqlgen
		// puts before it ("input:1:3: hubs ..."): what the message shows.
		inner := err
		if ge := (*gqlerror.Error)(nil); errors.As(err, &ge) && ge.Err != nil {
			inner = ge.Err
		}
		var many graph.ValidationErrors
		var one *graph.ValidationError
		switch {
		case errors.As(err, &many):
			problems := make([]map[string]any, len(many))
			for i, p := range many {
				problems[i] = map[string]any{"field": p.Field, "reason": p.Reason}
			}
			gerr.Extensions = map[string]any{"problems": problems}
			return set(CodeBadUserInput, "invalid input: "+many.Error())
		case errors.As(err, &one):
			field := one.Field
			if field == "" {
				field = gerr.Path.String()
			}
			gerr.Extensions = map[string]any{"problems": []map[string]any{{"field": field, "reason": one.Reason}}}
			return set(CodeBadUserInput, fmt.Sprintf("invalid input: %s: %s", field, one.Reason))
		case errors.As(err, new(*auth.ForbiddenError)):
			return set(CodeForbidden, inner.Error())
		case errors.Is(err, graph.ErrNotFound):
			return set(CodeNotFound, "not found: "+notFoundSubject(inner))
		case errors.Is(err, graph.ErrAnalyticsDeadline):
			return set(CodeQueryTooComplex, inner.Error())
		case errors.Is(err, graph.ErrConflict):
			return set(CodeConflict, inner.Error())
		case errors.Is(err, graph.ErrUnavailable):
			logger.WarnContext(ctx, "neo4j unavailable", "request_id", RequestID(ctx), "error", err)
			return set(CodeUnavailable, "the graph database is unavailable; try again in a few seconds")
		}
		logger.ErrorContext(ctx, "internal error", "request_id", RequestID(ctx), "path", gerr.Path.String(), "error", err)
		return set(CodeInternal, "internal error (request id "+RequestID(ctx)+")")
	}
}

// notFoundSubject is the "what" of a not-found error, without the sentinel text.
func notFoundSubject(err error) string {
	msg := err.Error()
	if len(msg) > len(": not found") && msg[len(msg)-len(": not found"):] == ": not found" {
		return msg[:len(msg)-len(": not found")]
	}
	return msg
}
