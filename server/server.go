// Package server wires HTTP: the GraphQL endpoint, the offline GraphiQL
// playground, health and readiness probes and metrics. It holds no domain
// logic: requests go to resolvers, which go to loaders and graph.
package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/loaders"
	"github.com/scamgraph/scamgraph/resolvers"
	"github.com/scamgraph/scamgraph/resolvers/generated"
	"github.com/scamgraph/scamgraph/server/explorer"
	"github.com/scamgraph/scamgraph/server/graphiql"
)

// Options configure the HTTP side.
type Options struct {
	// Dev turns on introspection and GraphiQL and serves everyone as the
	// development principal (every case, ADMIN) without authentication.
	Dev bool
	// Auth says who is calling (API keys, JWT). Required unless Dev:
	// without it every request is refused.
	Auth *auth.Authenticator
	// Audit records every operation; nil records nothing (tests).
	// AuditDir is its folder, which ADMINs read through auditLog.
	Audit    *audit.Log
	AuditDir string
	// RateLimiter bounds each principal's requests; nil: no limit (tests).
	RateLimiter *RateLimiter
	// FailedAuthLimiter bounds, per client address, the requests that fail
	// authentication (see withFailedAuthLimit); nil: a limiter of
	// DefaultUnauthenticatedRate and DefaultUnauthenticatedBurst.
	FailedAuthLimiter *RateLimiter
	// RefusedAuditWindow is how long refused requests (401, 429) are
	// summed up before one audit record; default 10 s.
	RefusedAuditWindow time.Duration
	// CORSOrigins are the browser origins allowed to call; none: CORS off.
	CORSOrigins []string
	// RequestTimeout bounds a GraphQL request (not an upload); default 20 s.
	// Exports get six times as long.
	RequestTimeout time.Duration
	// MaxBodyBytes bounds a request body (and a GET's query string);
	// MaxUploadBytes a multipart upload (importCaseFile). Over either is
	// 413 PAYLOAD_TOO_LARGE.
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// UploadTimeout bounds reading an upload and importing it; default
	// 15 minutes. The HTTP server's WriteTimeout must be longer (see
	// WriteTimeout).
	UploadTimeout time.Duration
	// ComplexityLimit bounds the cost of one operation.
	ComplexityLimit int
}

// New returns the HTTP handler of the API.
func New(store *neo4jstore.Store, ready *Readiness, metrics *Metrics, logger *slog.Logger, opts Options) http.Handler {
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.MaxUploadBytes == 0 {
		opts.MaxUploadBytes = 1 << 30
	}
	if opts.RequestTimeout == 0 {
		opts.RequestTimeout = 20 * time.Second
	}
	if opts.UploadTimeout == 0 {
		opts.UploadTimeout = DefaultUploadTimeout
	}
	if opts.ComplexityLimit == 0 {
		opts.ComplexityLimit = 5000
	}
	alerting := resolvers.NewAlerting(store, logger)
	alerting.Stored, alerting.Delivered = auditAlertsStored(opts.Audit, logger), auditAlertDelivered(opts.Audit, logger)
	es := generated.NewExecutableSchema(generated.Config{
		Resolvers:  &resolvers.Resolver{Store: store, AuditDir: opts.AuditDir, Alerting: alerting},
		Directives: permissionDirectives(),
	})
	perms := compilePermissions(es.Schema())
	if opts.FailedAuthLimiter == nil {
		opts.FailedAuthLimiter = NewRateLimiter(DefaultUnauthenticatedRate, DefaultUnauthenticatedBurst, 0)
	}
	refused := newRefusedAggregator(opts.Audit, logger, opts.RefusedAuditWindow)
	gql := handler.New(es)
	gql.AddTransport(transport.Options{})
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})
	gql.AddTransport(transport.MultipartForm{MaxUploadSize: opts.MaxUploadBytes, MaxMemory: 32 << 20})
	gql.AddTransport(websocketTransport(opts.Auth, opts.Dev, store, opts.FailedAuthLimiter, refused, logger)) // subscriptions: server/subscriptions.go
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	lim := DefaultLimits()
	lim.MaxComplexity = opts.ComplexityLimit
	ApplyParserTokenLimit(gql, lim)
	gql.Use(operationLimit{max: opts.MaxBodyBytes}) // a 5 MB variable in a multipart form too
	gql.Use(lim.Extension())                        // depth, aliases, root fields: cheap, so first
	gql.Use(analyticsLimit{})                       // at most one structural hubs ranking per request
	gql.Use(lim.ComplexityExtension())
	if opts.Dev {
		gql.Use(extension.Introspection{})
	}
	gql.SetErrorPresenter(presentError(logger))
	gql.SetRecoverFunc(func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "request_id", RequestID(ctx), "panic", p)
		return errInternalPanic
	})
	gql.AroundResponses(observeOperation(metrics))
	gql.AroundResponses(auditOperations(opts.Audit, logger))
	gql.AroundResponses(authorizeOperation(store, perms)) // inside the audit: refusals are recorded
	gql.AroundOperations(authorizeSubscription(store, perms, opts.Audit, logger))
	gql.AroundFields(raiseAlerts(alerting, perms)) // after a write commits: docs/alerts.md
	gql.AroundRootFields(stopMutationAtFirstError)
	gql.Use(resolvers.ListsInOrder{}) // a root field read in one statement marshals its lists without a goroutine an element

	// Outside in: audit (records even a refused request), who is calling,
	// body limits, then the per-request loaders with the caller's scope.
	// CORS preflights carry no credential, so CORS answers them first.
	guard := func(operation, kind string, h http.Handler) http.Handler {
		if opts.RateLimiter != nil {
			h = opts.RateLimiter.Middleware(func(r *http.Request) string { return principalOf(r.Context()).ID }, h)
		}
		principal := withPrincipal(opts.Auth, opts.Dev, h)
		if !opts.Dev {
			principal = withFailedAuthLimit(opts.FailedAuthLimiter, principal)
		}
		return withCORS(opts.CORSOrigins, withAudit(opts.Audit, logger, refused, operation, kind, principal))
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", withWebSocket(opts.Auth, opts.Dev, opts.CORSOrigins, opts.FailedAuthLimiter, withAudit(opts.Audit, logger, refused, "graphql", audit.KindQuery, gql),
		guard("graphql", audit.KindQuery, withRequestTimeout(opts.RequestTimeout, opts.UploadTimeout,
			withRequestChecks(opts.MaxBodyBytes, opts.MaxUploadBytes, opts.UploadTimeout, loaders.Middleware(store, scopeOfRequest, gql))))))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if !ready.Prepared() {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "reason": "database not prepared yet"})
			return
		}
		if err := store.Ping(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "reason": "neo4j does not answer"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready"})
	})
	mux.Handle("/export", guard("export", audit.KindExport, withRequestTimeout(ExportTimeout(opts.RequestTimeout), 0, exportHandler(store, scopeOfRequest, logger))))
	mux.Handle("/metrics", promhttp.HandlerFor(metrics.Registry, promhttp.HandlerOpts{}))
	// The explorer is a static page that calls /graphql and /export with the
	// key typed into it: it is served with and without authentication.
	explore := explorer.Handler()
	mux.Handle(explorer.Path, explore)
	mux.Handle(explorer.Path+"/", explore)
	if opts.Dev {
		page := graphiql.Handler(graphiql.Options{
			Endpoint: "/graphql", Title: "scamgraph",
			Banner:       "Development mode: authentication is off and every case is visible.",
			DefaultQuery: defaultQuery,
		})
		mux.Handle("/", page)
		mux.Handle("/graphiql/", page)
	}
	return withRequestID(withAccessLog(logger, mux))
}

type internalPanic struct{}

func (internalPanic) Error() string { return "internal panic" }

var errInternalPanic error = internalPanic{}

// observeOperation counts operations and their errors by name.
func observeOperation(m *Metrics) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		start := time.Now()
		resp := next(ctx)
		name := "anonymous"
		if graphql.HasOperationContext(ctx) {
			oc := graphql.GetOperationContext(ctx)
			switch {
			case oc == nil:
			case oc.Operation != nil && oc.Operation.Name != "":
				name = oc.Operation.Name
			case oc.OperationName != "":
				name = oc.OperationName
			}
		}
		name = m.operationLabel(name)
		outcome := "ok"
		if resp != nil && len(resp.Errors) > 0 {
			outcome = "error"
			for _, e := range resp.Errors {
				code, _ := e.Extensions["code"].(string)
				if code == "" {
					code = "OTHER"
				}
				m.graphqlErrors.WithLabelValues(code).Inc()
			}
		}
		m.requests.WithLabelValues(name, outcome).Inc()
		m.latency.WithLabelValues(name).Observe(time.Since(start).Seconds())
		return resp
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

const defaultQuery = `# scamgraph, on the fictional demo case. Press the run button.
query Network {
  recruiters(first: 5) {
    totalCount
    edges {
      node {
        name
        kind
        identifiers { kind value }
        recruited {
          date
          channel
          victim {
            name
            status
            nationality { code }
            heldAt { compound { name city country { name } } }
          }
        }
      }
    }
  }
}
`

// DefaultUploadTimeout bounds reading and importing one uploaded case file.
const DefaultUploadTimeout = 15 * time.Minute

// ExportTimeout is how long an export may take: six GraphQL request
// timeouts.
func ExportTimeout(requestTimeout time.Duration) time.Duration {
	if requestTimeout == 0 {
		requestTimeout = 20 * time.Second
	}
	return 6 * requestTimeout
}

// WriteTimeout is the HTTP server's WriteTimeout that agrees with the
// handlers' own deadlines: longer than a GraphQL request and an export, so
// that the server never cuts an answer the audit records as served (the
// handlers end their work at their own deadline; this is the backstop
// against a client that stops reading). An upload moves its connection's
// write deadline to its own timeout.
func WriteTimeout(requestTimeout time.Duration) time.Duration {
	return ExportTimeout(requestTimeout) + 30*time.Second
}
