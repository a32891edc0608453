package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph"
)

// requestAudit travels with a request: the nodes its reads returned, and
// whether an audit record was written for it yet.
type requestAudit struct {
	reads   *graph.ReadLog
	client  string
	written atomic.Bool
	// changed counts the records the request's writes reported.
	changed *audit.Tally
	// interrupted is set when an answer that had begun could not be
	// finished (an export cut by a deadline or a gone client): the status
	// says 200, the audit must not say ok.
	interrupted atomic.Bool
	// principal is who the request turned out to be (set by
	// withPrincipal, which runs inside withAudit's context).
	principal *auth.Principal
}

type requestAuditKey struct{}

func auditOf(ctx context.Context) *requestAudit {
	ra, _ := ctx.Value(requestAuditKey{}).(*requestAudit)
	return ra
}

// scopeOfRequest is what the caller of a request may read, with the
// request's read log attached for the audit.
func scopeOfRequest(r *http.Request) graph.Scope {
	s := ScopeFor(principalOf(r.Context()))
	if ra := auditOf(r.Context()); ra != nil {
		s = s.WithReadLog(ra.reads)
	}
	return s
}

// withAudit audits every request to an audited endpoint. The GraphQL
// operation writes its own record (auditOperations) with what it read;
// a request refused before it reached GraphQL (no credential, rate limit,
// body too large) or an export is recorded here from its HTTP status.
//
// Refusals without a GraphQL record (401, 429) go to refused, which sums
// them up in one record per window.
func withAudit(log *audit.Log, logger *slog.Logger, refused *refusedAggregator, operation, kind string, next http.Handler) http.Handler {
	if log == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ra := &requestAudit{reads: graph.NewReadLog(), client: r.RemoteAddr}
		ctx, tally := audit.WithTally(r.Context())
		ra.changed = tally
		ctx = context.WithValue(ctx, requestAuditKey{}, ra)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if ra.written.Load() {
			return
		}
		outcome, code := audit.OutcomeOK, ""
		switch {
		case ra.interrupted.Load():
			outcome, code = audit.OutcomeError, "INTERRUPTED"
		case rec.status == http.StatusUnauthorized:
			outcome, code = audit.OutcomeDenied, "UNAUTHENTICATED"
		case rec.status == http.StatusForbidden:
			outcome, code = audit.OutcomeDenied, CodeForbidden
		case rec.status == http.StatusTooManyRequests:
			outcome, code = audit.OutcomeDenied, "RATE_LIMITED"
		case rec.status == http.StatusServiceUnavailable:
			outcome, code = audit.OutcomeUnavailable, CodeUnavailable
		case rec.status >= 400:
			outcome, code = audit.OutcomeError, http.StatusText(rec.status)
		}
		if refused != nil && (code == "UNAUTHENTICATED" || code == "RATE_LIMITED") {
			k := refusedKey{operation: operation, kind: kind, code: code, principal: "(unauthenticated)"}
			if ra.principal != nil {
				k.principal, k.role = ra.principal.ID, string(ra.principal.Role)
			}
			refused.add(k, clientHost(r))
			return
		}
		// The request's own context may be cancelled by now; the record
		// must still be written.
		record(context.WithoutCancel(ctx), log, logger, audit.Record{
			Operation: operation, Kind: kind, VariablesHMAC: queryHMAC(log, r),
			Outcome: outcome, ErrorCode: code,
		})
	})
}

// queryHMAC keys the query string of an export (its parameters name what
// was exported).
func queryHMAC(log *audit.Log, r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	vars := map[string]any{}
	for k, v := range r.URL.Query() {
		vars[k] = v
	}
	h, _ := log.VariablesHMAC(vars)
	return h
}

// record fills in who, what they read and where from, and writes.
func record(ctx context.Context, log *audit.Log, logger *slog.Logger, rec audit.Record) error {
	p, ok := auth.FromContext(ctx)
	if ra := auditOf(ctx); !ok && ra != nil && ra.principal != nil {
		p = *ra.principal
	}
	rec.Principal, rec.Role = p.ID, string(p.Role)
	if rec.Principal == "" {
		rec.Principal = "(unauthenticated)"
	}
	rec.Scope = p.Cases
	if p.AllCases {
		rec.Scope = []string{"*"}
	}
	rec.RequestID = RequestID(ctx)
	rec.ClientRequestID = ClientRequestID(ctx)
	if ra := auditOf(ctx); ra != nil {
		// What the writes reported, not how many fields asked to write.
		rec.Changed = ra.changed.Changed()
		ra.written.Store(true)
		rec.Client = ra.client
		rec.Returned = ra.reads.Count()
		rec.VictimIDs = ra.reads.VictimIDs()
		var notes []string
		if hits := ra.reads.CrossCaseHits(); len(hits) > 0 {
			notes = append(notes, "cross-case hit: "+strings.Join(hits, ", "))
		}
		rec.Note = strings.Join(append(notes, ra.changed.Notes()...), "; ")
	}
	err := log.Write(ctx, rec)
	if err != nil {
		logger.ErrorContext(ctx, "audit log write failed", "request_id", rec.RequestID, "error", err)
	}
	return err
}

// auditOperations writes one audit record per GraphQL operation. If the
// record cannot be written the caller gets no data: an operation that
// cannot be audited is not served (a mutation has happened by then; its
// caller is told the audit failed, the log has the detail).
func auditOperations(log *audit.Log, logger *slog.Logger) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if isSubscription(ctx) {
			return next(ctx) // audited once, as it starts (authorizeSubscription)
		}
		return auditResponse(ctx, log, logger, next(ctx))
	}
}

// auditResponse writes the audit record of one operation's response.
func auditResponse(ctx context.Context, log *audit.Log, logger *slog.Logger, resp *graphql.Response) *graphql.Response {
	if log == nil || resp == nil {
		return resp
	}
	rec := audit.Record{Kind: audit.KindQuery, Operation: "anonymous", Outcome: audit.OutcomeOK}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation != nil {
			if oc.Operation.Name != "" {
				rec.Operation = oc.Operation.Name
			}
			if oc.Operation.Operation == ast.Mutation {
				rec.Kind = audit.KindMutation
			}
			// The name is the client's choice; the root fields say
			// what was done.
			rec.Operation += " [" + strings.Join(rootFields(oc.Operation.SelectionSet), " ") + "]"
		}
		// The query text too: arguments may be literals in it.
		rec.VariablesHMAC, _ = log.VariablesHMAC(map[string]any{"query": oc.RawQuery, "variables": hmacSafe(oc.Variables)})
	}
	if len(resp.Errors) > 0 {
		code, _ := resp.Errors[0].Extensions["code"].(string)
		rec.ErrorCode = code
		switch code {
		case CodeForbidden, "UNAUTHENTICATED":
			rec.Outcome = audit.OutcomeDenied
		case CodeUnavailable:
			rec.Outcome = audit.OutcomeUnavailable
		default:
			rec.Outcome = audit.OutcomeError
		}
	}
	if err := record(context.WithoutCancel(ctx), log, logger, rec); err != nil {
		return &graphql.Response{Errors: gqlerror.List{{Message: "the audit log cannot be written; nothing is served until it can (request id " + RequestID(ctx) + ")",
			Extensions: map[string]any{"code": CodeUnavailable}}}}
	}
	return resp
}

// rootFields names the operation's root fields (fragments as "...").
func rootFields(set ast.SelectionSet) []string {
	var out []string
	for _, sel := range set {
		if f, ok := sel.(*ast.Field); ok {
			out = append(out, f.Name)
		} else {
			out = append(out, "...")
		}
	}
	return out
}

// hmacSafe replaces uploads by their name and size: the HMAC covers what
// identifies the request, not the bytes of a case file.
func hmacSafe(vars map[string]any) map[string]any {
	out := make(map[string]any, len(vars))
	for k, v := range vars {
		if u, ok := v.(graphql.Upload); ok {
			out[k] = map[string]any{"upload": u.Filename, "size": u.Size}
			continue
		}
		out[k] = v
	}
	return out
}
