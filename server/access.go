package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph"
)

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

// mutationActions are the mutations that need more than ActionWrite; every
// other mutation is a write into the case it names.
var mutationActions = map[string]auth.Action{
	"importCaseFile":  auth.ActionImport,
	"retractCase":     auth.ActionAdmin,
	"eraseVictimData": auth.ActionAdmin,
}

// queryActions are the queries that need more than ActionRead.
var queryActions = map[string]auth.Action{
	"auditLog": auth.ActionAdmin,
}

// authorizeRootFields checks every root field before it runs: the role
// must allow the action, and a write must go into a case of the caller's
// compartments. Being in one place, a new mutation is checked as a write
// into the case it names without anyone remembering to: a mutation that
// names no case is refused unless it is in mutationActions.
func authorizeRootFields(store *graph.Store) graphql.RootFieldMiddleware {
	return func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		return authorizeRootField(ctx, store, next)
	}
}

func authorizeRootField(ctx context.Context, store *graph.Store, next graphql.RootResolver) graphql.Marshaler {
	rfc := graphql.GetRootFieldContext(ctx)
	if rfc == nil || rfc.Field.Field == nil {
		return next(ctx)
	}
	p := principalOf(ctx)
	field := rfc.Field.Name
	oc := graphql.GetOperationContext(ctx)
	isMutation := oc.Operation != nil && oc.Operation.Operation == ast.Mutation
	deny := func(reason string) graphql.Marshaler {
		graphql.AddError(ctx, &gqlerror.Error{Message: reason, Path: graphql.GetPath(ctx), Extensions: map[string]any{"code": CodeForbidden}})
		return graphql.Null
	}
	if !isMutation {
		action, ok := queryActions[field]
		if !ok {
			action = auth.ActionRead
		}
		if !p.Can(action) {
			return deny(fmt.Sprintf("%s needs the %s permission, which role %s does not have", field, action, p.Role))
		}
		if action == auth.ActionAdmin && !p.AllCases {
			return deny(field + " needs an ADMIN of every case (cases \"*\")")
		}
		return next(ctx)
	}
	action, special := mutationActions[field]
	if !special {
		action = auth.ActionWrite
	}
	if !p.Can(action) {
		return deny(fmt.Sprintf("%s needs the %s permission, which role %s does not have", field, action, p.Role))
	}
	if special {
		// Import checks the file's case itself. Retracting a case, erasing a
		// victim and reading the audit log reach every case: only an ADMIN
		// of every case may.
		if action == auth.ActionAdmin && !p.AllCases {
			return deny(field + " needs an ADMIN of every case (cases \"*\")")
		}
		return next(ctx)
	}
	args := rfc.Field.ArgumentMap(oc.Variables)
	caseID := caseOfMutation(field, args)
	if caseID == "" {
		return deny(field + " names no case; writes go into a case")
	}
	if !p.CanWriteCase(caseID) {
		return deny(fmt.Sprintf("case %s is not in your compartments", caseID))
	}
	// The entities a write names (to update, delete, link or give a role)
	// must be visible to the writer: else the answer ("no such node", "not
	// a victim") would tell what a hidden case holds, and the write would
	// change it. Not found is the answer either way.
	if ids := referencedEntities(args); len(ids) > 0 {
		seen, err := store.NodesByID(ctx, ScopeFor(p), ids)
		if err != nil {
			graphql.AddError(ctx, err)
			return graphql.Null
		}
		for _, id := range ids {
			if seen[id] == nil {
				graphql.AddError(ctx, &gqlerror.Error{Message: "not found: " + id, Path: graphql.GetPath(ctx), Extensions: map[string]any{"code": CodeNotFound}})
				return graphql.Null
			}
		}
	}
	return next(ctx)
}

// referencedEntities are the existing entities a mutation names: id,
// input.personId, input.from and input.to (countries are everyone's and
// are left out).
func referencedEntities(args map[string]any) []string {
	var ids []string
	add := func(v any) {
		s, _ := v.(string)
		for _, prefix := range []string{"person:", "organization:", "compound:", "account:", "identifier:"} {
			if strings.HasPrefix(s, prefix) {
				ids = append(ids, s)
				return
			}
		}
	}
	add(args["id"])
	if input, ok := args["input"].(map[string]any); ok {
		add(input["personId"])
		add(input["from"])
		add(input["to"])
	}
	return ids
}

// caseOfMutation finds the case a write goes into: caseId, input.caseId,
// or a new case file's own id.
func caseOfMutation(field string, args map[string]any) string {
	str := func(v any) string { s, _ := v.(string); return s }
	if c := str(args["caseId"]); c != "" {
		return c
	}
	input, _ := args["input"].(map[string]any)
	if field == "createCaseFile" {
		return str(input["id"])
	}
	return str(input["caseId"])
}
