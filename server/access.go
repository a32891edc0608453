package server

import (
	"context"
	"fmt"
	"net/http"

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
	if dev {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(auth.WithPrincipal(r.Context(), auth.Dev())))
		})
	}
	if a == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"errors": []map[string]any{{
				"message": "authentication is not configured on this server", "extensions": map[string]any{"code": "UNAUTHENTICATED"}}}})
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
func authorizeRootFields(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
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
		return next(ctx) // import checks the file's case itself; admin sees all
	}
	caseID := caseOfMutation(field, rfc.Field.ArgumentMap(oc.Variables))
	if caseID == "" {
		return deny(field + " names no case; writes go into a case")
	}
	if !p.CanWriteCase(caseID) {
		return deny(fmt.Sprintf("case %s is not in your compartments", caseID))
	}
	return next(ctx)
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
