package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/loaders"
)

// Subscriptions (the alerts subscription, docs/alerts.md) run over a
// WebSocket on /graphql, with gqlgen's transport (graphql-transport-ws and
// graphql-ws). Who is calling is decided as for HTTP, by the same
// authenticator: the credential comes in the upgrade request's headers
// (clients that can set them) or in the connection_init payload
// ({"Authorization": "Bearer sgk_..."} or {"X-API-Key": "sgk_..."}:
// browsers cannot set a WebSocket's headers). A refused credential closes
// the connection with code 4403 and the reason, as graphql-transport-ws
// says. Each subscription is checked, when it starts, by the permission
// checker (authorizeSubscription) and audited then.

// Close code of a refused connection_init (graphql-transport-ws: Forbidden).
const wsCloseForbidden = 4403

// Keep-alive and initialisation times of a WebSocket connection.
const (
	wsKeepAlive   = 15 * time.Second
	wsInitTimeout = 10 * time.Second
)

// overWebSocketKey marks the context of a WebSocket connection that
// passed wsInit.
type overWebSocketKey struct{}

// isSubscription says whether ctx's operation is a subscription.
func isSubscription(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	oc := graphql.GetOperationContext(ctx)
	return oc != nil && oc.Operation != nil && oc.Operation.Operation == ast.Subscription
}

// isWebSocketUpgrade: the request asks to become a WebSocket.
func isWebSocketUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// websocketTransport is gqlgen's WebSocket transport with our
// authentication and keep-alives (graphql-ws "ka" messages, and
// graphql-transport-ws pings the client must answer).
func websocketTransport(a *auth.Authenticator, dev bool, store *neo4jstore.Store, failed *RateLimiter, refused *refusedAggregator, logger *slog.Logger) transport.Websocket {
	return transport.Websocket{
		// The Origin is checked before the upgrade (withWebSocketOrigin),
		// against the same list as CORS.
		Implementation:        transport.CoderWebsocketImplementation{AcceptOptions: coderws.AcceptOptions{InsecureSkipVerify: true}},
		InitFunc:              wsInit(a, dev, store, failed, refused),
		InitTimeout:           wsInitTimeout,
		KeepAlivePingInterval: wsKeepAlive,
		PingPongInterval:      wsKeepAlive,
		ErrorFunc: func(ctx context.Context, err error) {
			logger.DebugContext(ctx, "websocket", "request_id", RequestID(ctx), "error", err)
		},
	}
}

// wsInit authenticates a WebSocket connection at connection_init: the
// principal of the upgrade request's headers, or else the credential in
// the payload. The connection then carries the principal and loaders in
// its scope, as an HTTP request does. A refusal counts against the
// address's failed-authentication limit and is summed up in the audit as
// a 401 is (withFailedAuthLimit, refusedAggregator).
func wsInit(a *auth.Authenticator, dev bool, store *neo4jstore.Store, failed *RateLimiter, refused *refusedAggregator) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		refuse := func(reason string) (context.Context, *transport.InitPayload, error) {
			host, _ := ctx.Value(wsClientKey{}).(string)
			if failed != nil {
				failed.Allow("addr:" + host)
			}
			if refused != nil {
				refused.add(refusedKey{operation: "graphql", kind: audit.KindQuery, code: "UNAUTHENTICATED", principal: "(unauthenticated)"}, host)
				if ra := auditOf(ctx); ra != nil {
					ra.written.Store(true) // summed up, as a 401 is
				}
			}
			msg := "UNAUTHENTICATED: " + reason
			if len(msg) > 120 { // a close reason holds 123 bytes
				msg = msg[:120]
			}
			ctx = transport.WithWebsocketCloseCode(ctx, wsCloseForbidden)
			ctx = transport.AppendCloseReason(ctx, msg)
			return ctx, nil, &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": "UNAUTHENTICATED"}}
		}
		hdr := http.Header{}
		for k, v := range payload {
			s, _ := v.(string)
			switch {
			case strings.EqualFold(k, "Authorization"):
				hdr.Set("Authorization", s)
			case strings.EqualFold(k, "X-API-Key"):
				hdr.Set("X-API-Key", s)
			}
		}
		p, ok := auth.FromContext(ctx)
		switch {
		case ok && len(hdr) > 0:
			return refuse("send one credential: in the upgrade request's headers or in connection_init, not both")
		case ok:
		case dev:
			p = auth.Dev()
		case a == nil:
			return refuse("authentication is not configured on this server")
		default:
			var err error
			p, err = a.Authenticate((&http.Request{Header: hdr}).WithContext(ctx))
			if err != nil {
				reason := "authentication failed"
				var ae *auth.Error
				if errors.As(err, &ae) {
					reason = ae.Reason
				}
				return refuse(reason)
			}
		}
		ctx = context.WithValue(auth.WithPrincipal(ctx, p), overWebSocketKey{}, true)
		scope := ScopeFor(p)
		if ra := auditOf(ctx); ra != nil {
			ra.principal = &p
			scope = scope.WithReadLog(ra.reads)
		}
		return loaders.With(ctx, loaders.New(store, scope)), nil, nil
	}
}

// wsClientKey carries the client address of a WebSocket connection, for
// the failed-authentication limit of wsInit.
type wsClientKey struct{}

// withWebSocket sends WebSocket upgrades of /graphql to ws (with the
// caller's principal when the upgrade's headers carry a credential) and
// everything else to next. An upgrade is not held to the request timeout
// or the body limits: it lives as long as its subscriptions. An address
// over its failed-authentication limit gets 429 before the upgrade, as on
// HTTP.
func withWebSocket(a *auth.Authenticator, dev bool, origins []string, failed *RateLimiter, ws http.Handler, next http.Handler) http.Handler {
	authenticated := withPrincipal(a, dev, ws)
	if !dev {
		authenticated = withFailedAuthLimit(failed, authenticated)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isWebSocketUpgrade(r) {
			next.ServeHTTP(w, r)
			return
		}
		if failed != nil && !dev {
			if ok, _ := failed.Peek("addr:" + clientHost(r)); !ok {
				auth.WriteError(w, http.StatusTooManyRequests, CodeRateLimited, "too many requests without a valid credential from this address; retry later")
				return
			}
		}
		r = r.WithContext(context.WithValue(r.Context(), wsClientKey{}, clientHost(r)))
		if !webSocketOriginAllowed(origins, r) {
			auth.WriteError(w, http.StatusForbidden, CodeForbidden, "this origin may not open a WebSocket here (SCAMGRAPH_CORS_ORIGINS)")
			return
		}
		// The HTTP server's read and write timeouts stay on a hijacked
		// connection: they would cut every subscription after a minute.
		// The keep-alive pings watch the connection instead.
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
		if r.Header.Get("Authorization") != "" || r.Header.Get("X-API-Key") != "" {
			authenticated.ServeHTTP(w, r)
			return
		}
		ws.ServeHTTP(w, r) // the credential comes with connection_init (wsInit)
	})
}

// webSocketOriginAllowed applies the CORS origins to a WebSocket upgrade,
// which browsers send from any page without a preflight: a request without
// Origin (not a browser) or from the server's own origin is allowed, and
// so is one from an origin SCAMGRAPH_CORS_ORIGINS lists ("*": any).
func webSocketOriginAllowed(origins []string, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if slices.Contains(origins, "*") {
		return true
	}
	return slices.Contains(origins, strings.ToLower(u.Scheme+"://"+u.Host))
}

// authorizeSubscription checks a subscription's root fields with the
// permission checker when it starts (its root field runs then, before any
// response middleware) and audits the start, allowed or refused.
func authorizeSubscription(store *neo4jstore.Store, perms permissions, log *audit.Log, logger *slog.Logger) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if !isSubscription(ctx) {
			return next(ctx)
		}
		if over, _ := ctx.Value(overWebSocketKey{}).(bool); !over {
			// Over HTTP a subscription would hold the request until its
			// first event or the request timeout.
			return graphql.OneShot(auditResponse(ctx, log, logger, &graphql.Response{Errors: gqlerror.List{{
				Message:    "a subscription needs a WebSocket on /graphql (graphql-transport-ws or graphql-ws)",
				Extensions: map[string]any{"code": "BAD_REQUEST"}}}}))
		}
		oc := graphql.GetOperationContext(ctx)
		approved, errs := perms.authorizeRootFields(ctx, store, oc, "Subscription")
		for _, e := range errs {
			if _, coded := e.Extensions["code"]; !coded {
				e.Message = "the graph database is unavailable; try again in a few seconds"
				e.Extensions = map[string]any{"code": CodeUnavailable}
			}
		}
		resp := auditResponse(ctx, log, logger, &graphql.Response{Errors: errs})
		if len(resp.Errors) > 0 {
			return graphql.OneShot(resp)
		}
		return next(context.WithValue(ctx, approvedKey{}, approved))
	}
}
