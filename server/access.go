package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
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

// authorizeOperation checks every root field of an operation before any
// runs: the role must allow the action, a write must go into a case of the
// caller's compartments, and every id a mutation names must be an id
// (graph.ParseEntityID) of an entity the caller may see. One refused field
// refuses the whole operation: `mutation { a: createVictim(B) b:
// createVictim(A) }` writes nothing. Being in one place, a new mutation is
// checked as a write into the case it names without anyone remembering
// to: a mutation that names no case is refused unless it is in
// mutationActions.
//
// It is a response middleware registered after the audit's, so the audit
// records the refusal; the root fields run inside it (gqlgen executes an
// operation when its response is asked for), after every check passed.
func authorizeOperation(store *neo4jstore.Store) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if !graphql.HasOperationContext(ctx) {
			return next(ctx)
		}
		oc := graphql.GetOperationContext(ctx)
		if oc == nil || oc.Operation == nil {
			return next(ctx)
		}
		typeName := "Query"
		isMutation := oc.Operation.Operation == ast.Mutation
		switch oc.Operation.Operation {
		case ast.Mutation:
			typeName = "Mutation"
		case ast.Subscription:
			typeName = "Subscription"
		}
		// CollectFields honours fragments, @skip and @include with the
		// operation's variables: exactly the fields that will run.
		refused := false
		for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{typeName}) {
			if f.Name == "__typename" {
				continue
			}
			if strings.HasPrefix(f.Name, "__") {
				if oc.DisableIntrospection {
					graphql.AddError(ctx, &gqlerror.Error{Message: errIntrospectionOff, Path: ast.Path{ast.PathName(f.Alias)}, Extensions: map[string]any{"code": CodeForbidden}})
					refused = true
				}
				continue
			}
			if err := authorizeField(ctx, store, isMutation, f.Field, oc.Variables); err != nil {
				graphql.AddError(ctx, err)
				refused = true
			}
		}
		if refused {
			return &graphql.Response{Errors: graphql.GetErrors(ctx)}
		}
		return next(ctx)
	}
}

// authorizeField says why one root field may not run, or nil.
func authorizeField(ctx context.Context, store *neo4jstore.Store, isMutation bool, f *ast.Field, vars map[string]any) error {
	p := principalOf(ctx)
	field := f.Name
	path := ast.Path{ast.PathName(f.Alias)}
	if f.Alias == "" {
		path = ast.Path{ast.PathName(f.Name)}
	}
	deny := func(reason string) *gqlerror.Error {
		return &gqlerror.Error{Message: reason, Path: path, Extensions: map[string]any{"code": CodeForbidden}}
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
		return nil
	}
	action, special := mutationActions[field]
	if !special {
		action = auth.ActionWrite
	}
	if !p.Can(action) {
		return deny(fmt.Sprintf("%s needs the %s permission, which role %s does not have", field, action, p.Role))
	}
	args := f.ArgumentMap(vars)
	// Every id is parsed at the edge, before any right is checked on it:
	// the string checked is the string written, or the request is refused.
	refs, bad := parseMutationIDs(field, args)
	if bad != nil {
		bad.Path = path
		return bad
	}
	if special {
		// Import checks the file's case itself. Retracting a case, erasing a
		// victim and reading the audit log reach every case: only an ADMIN
		// of every case may.
		if action == auth.ActionAdmin && !p.AllCases {
			return deny(field + " needs an ADMIN of every case (cases \"*\")")
		}
		return nil
	}
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
	// change it. Not found is the answer either way, word for word.
	if len(refs) > 0 {
		seen, err := store.NodesByID(ctx, ScopeFor(p), refs)
		if err != nil {
			return err
		}
		for _, id := range refs {
			if seen[id] == nil {
				return &gqlerror.Error{Message: "not found: " + id, Path: path, Extensions: map[string]any{"code": CodeNotFound}}
			}
		}
	}
	return nil
}

// parseMutationIDs checks every argument of a mutation that carries an id
// (id, caseId, input.caseId, input.personId, input.from, input.to, a
// case file's input.id, removeLink's input.id) and returns the entities
// that must be visible to the writer (countries are everyone's and are
// left out). An argument that is not an id written exactly is
// BAD_USER_INPUT, naming the argument, never its value.
func parseMutationIDs(field string, args map[string]any) (refs []string, bad *gqlerror.Error) {
	str := func(v any) (string, bool) { s, ok := v.(string); return s, ok }
	refuse := func(name string, err error) *gqlerror.Error {
		reason := err.Error()
		var ve *graph.ValidationError
		if errors.As(err, &ve) {
			reason = ve.Reason
		}
		return &gqlerror.Error{Message: "invalid input: " + name + ": " + reason,
			Extensions: map[string]any{"code": CodeBadUserInput, "problems": []map[string]any{{"field": name, "reason": reason}}}}
	}
	entity := func(name string, v any) *gqlerror.Error {
		s, ok := str(v)
		if !ok {
			return nil
		}
		kind, err := graph.ParseEntityID(s)
		if err != nil {
			return refuse(name, err)
		}
		if kind != graph.KindCountry {
			refs = append(refs, s)
		}
		return nil
	}
	caseArg := func(name string, v any) *gqlerror.Error {
		if s, ok := str(v); ok {
			if err := graph.ParseCaseID(s); err != nil {
				return refuse(name, err)
			}
		}
		return nil
	}
	input, _ := args["input"].(map[string]any)
	if err := caseArg("caseId", args["caseId"]); err != nil {
		return nil, err
	}
	if err := caseArg("input.caseId", input["caseId"]); err != nil {
		return nil, err
	}
	switch field {
	case "createCaseFile":
		if err := caseArg("input.id", input["id"]); err != nil {
			return nil, err
		}
	case "removeLink":
		if s, ok := str(input["id"]); ok {
			if _, err := graph.ParseLinkID(s); err != nil {
				return nil, refuse("input.id", err)
			}
		}
	case "addLink":
		if err := entity("input.from", input["from"]); err != nil {
			return nil, err
		}
		// A link to a country names it by its ISO code: the write checks
		// it (no spaces either); every other end is an entity id.
		if to, _ := str(input["to"]); strings.Contains(to, ":") || !graph.LinkEndsAtCountry(fmt.Sprint(input["type"])) {
			if err := entity("input.to", input["to"]); err != nil {
				return nil, err
			}
		}
	default:
		if err := entity("id", args["id"]); err != nil {
			return nil, err
		}
		if err := entity("input.personId", input["personId"]); err != nil {
			return nil, err
		}
	}
	return refs, nil
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
