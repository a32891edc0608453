package server

import (
	"context"
	"net/http"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph"
)

// errIntrospectionOff refuses __schema and __type outside development mode.
const errIntrospectionOff = "introspection is off on this server (it is on in development mode only)"

// CodeForbidden is the code of an operation the caller's role or
// compartments do not allow; CodeUnauthenticated (auth.Middleware) says
// who is calling could not be established.
const CodeForbidden = "FORBIDDEN"

// withPrincipal establishes who is calling: in development mode everyone
// is the development principal (every case, ADMIN); otherwise the
// authenticator decides, and without one nobody gets in (failing closed:
// a server started without credentials configured serves no data).
func withPrincipal(a *auth.Authenticator, dev bool, next http.Handler) http.Handler {
	// The audit record of a request that is not GraphQL (an export) is
	// written outside this handler: tell it who the caller was.
	inner := next
	next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ra := auditOf(r.Context()); ra != nil {
			if p, ok := auth.FromContext(r.Context()); ok {
				ra.principal = &p
			}
		}
		inner.ServeHTTP(w, r)
	})
	if dev {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(auth.WithPrincipal(r.Context(), auth.Dev())))
		})
	}
	if a == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			auth.WriteError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "authentication is not configured on this server")
		})
	}
	return auth.Middleware(a, next)
}

// principalOf is the caller of a request that passed withPrincipal.
func principalOf(ctx context.Context) auth.Principal {
	p, _ := auth.FromContext(ctx)
	return p
}

// ScopeFor is what a principal may read: the cases of their compartments
// (every case, or the listed ones), and for VIEWERs without victims'
// documents, phones, e-mails and birth dates.
func ScopeFor(p auth.Principal) graph.Scope {
	s := graph.OnlyCases(p.Cases...)
	if p.AllCases {
		s = graph.AllCases()
	}
	if p.Role == auth.RoleViewer {
		s = s.WithVictimDetailsRedacted()
	}
	return s
}
