package server

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/resolvers/generated"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// Who may call a root field is declared in the schema, next to the
// field (see the "permissions" section there and docs/access.md):
//
//	@can(action: READ|WRITE|IMPORT|ADMIN)  on every Query and Mutation field
//	@writesInto(case: "input.caseId")      the case a WRITE goes into
//	@caseId, @entityId, @linkId            arguments and input fields that carry ids
//	@personal                              a mutation of the caller's own watchlist
//
// This file is the one interpreter of those directives. compilePermissions
// reads them from the parsed schema once, when the server starts, and
// authorizeOperation applies them to every root field of an operation
// before any runs. Nothing else names a field: a new mutation is checked
// from its declaration, and one without @can is refused.

// actionOf maps the schema's Action enum onto auth's actions.
var actionOf = map[model.Action]auth.Action{
	model.ActionRead:   auth.ActionRead,
	model.ActionWrite:  auth.ActionWrite,
	model.ActionImport: auth.ActionImport,
	model.ActionAdmin:  auth.ActionAdmin,
}

// idKind is what an id argument holds, as its directive says.
type idKind string

const (
	idCase   idKind = "caseId"
	idEntity idKind = "entityId"
	idLink   idKind = "linkId"
)

// idArg is one argument or input field that carries an id.
type idArg struct {
	path []string // from the field's arguments: {"input", "caseId"}
	kind idKind
	// countryCodeBy names the sibling input field holding a link type
	// (@entityId(orCountryCodeBy: "type")): when that type ends at a
	// country, a value without ':' is an ISO code, which the write checks.
	countryCodeBy string
}

func (a idArg) name() string { return strings.Join(a.path, ".") }

// permission is what the schema declares of one root field.
type permission struct {
	action     auth.Action
	writesInto []string // path of the case written into; nil when none
	// ids are parsed in this order: case ids first, then the others, each
	// in the order of declaration (so the first problem named is the one
	// the checks named before they were declared in the schema).
	ids []idArg
	// personal: a mutation that writes only the caller's own data (its
	// watchlist), never a case (@personal): READ is enough, it names no
	// case, and every entity it names must be visible to the caller.
	personal bool
	// personalBlind: a @personal(mustSee: false) mutation, whose entity
	// ids are parsed but need not be visible (unwatch).
	personalBlind bool
	// problem is a declaration the checker cannot follow: the field is
	// refused, and TestSchemaDeclaresEveryPermission fails.
	problem string
}

// permissions are the declarations of every root field, by "Type.field".
type permissions map[string]*permission

// rootTypes are the types whose fields are checked before an operation
// runs (a subscription's when it starts: authorizeSubscription).
var rootTypes = []string{"Query", "Mutation", "Subscription"}

// compilePermissions reads the permission directives of every root field
// of schema.
func compilePermissions(schema *ast.Schema) permissions {
	perms := permissions{}
	for _, typeName := range rootTypes {
		def := schema.Types[typeName]
		if def == nil {
			continue
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue // introspection: authorizeOperation decides
			}
			if p := compileField(schema, typeName, f); p != nil {
				perms[typeName+"."+f.Name] = p
			}
		}
	}
	return perms
}

// compileField reads one root field's declaration, or nil when it has none.
func compileField(schema *ast.Schema, typeName string, f *ast.FieldDefinition) *permission {
	can := f.Directives.ForName("can")
	if can == nil {
		return nil
	}
	p := &permission{}
	if arg := can.Arguments.ForName("action"); arg != nil && arg.Value != nil {
		p.action = actionOf[model.Action(arg.Value.Raw)]
	}
	if p.action == "" {
		p.problem = "@can names no known action"
		return p
	}
	if d := f.Directives.ForName("personal"); d != nil {
		p.personal = true
		if arg := d.Arguments.ForName("mustSee"); arg != nil && arg.Value != nil && arg.Value.Raw == "false" {
			p.personalBlind = true
		}
	}
	switch {
	case p.personal && (typeName != "Mutation" || p.action != auth.ActionRead || f.Directives.ForName("writesInto") != nil):
		p.problem = "@personal is for a mutation that needs READ and writes into no case"
	case typeName == "Mutation" && p.action == auth.ActionRead && !p.personal:
		p.problem = "a mutation needs more than READ"
	}
	var caseIDs, others []idArg
	for _, a := range f.Arguments {
		walkIDArgs(schema, []string{a.Name}, a.Directives, a.Type, 0, func(id idArg) {
			if id.kind == idCase {
				caseIDs = append(caseIDs, id)
			} else {
				others = append(others, id)
			}
		})
	}
	p.ids = append(caseIDs, others...)
	if w := f.Directives.ForName("writesInto"); w != nil {
		if arg := w.Arguments.ForName("case"); arg != nil && arg.Value != nil && arg.Value.Raw != "" {
			p.writesInto = strings.Split(arg.Value.Raw, ".")
		}
		// The case written into is checked as a case id like every other:
		// it must be one of the declared ones.
		if !slices.ContainsFunc(caseIDs, func(id idArg) bool { return slices.Equal(id.path, p.writesInto) }) {
			p.problem = "@writesInto names no argument declared @caseId"
		}
	}
	return p
}

// walkIDArgs calls found for every argument or input field under path
// that a directive declares an id, going into input objects (not into
// lists: no list carries ids a write must check).
func walkIDArgs(schema *ast.Schema, path []string, dirs ast.DirectiveList, t *ast.Type, depth int, found func(idArg)) {
	for _, kind := range []idKind{idCase, idEntity, idLink} {
		d := dirs.ForName(string(kind))
		if d == nil {
			continue
		}
		id := idArg{path: slices.Clone(path), kind: kind}
		if by := d.Arguments.ForName("orCountryCodeBy"); by != nil && by.Value != nil {
			id.countryCodeBy = by.Value.Raw
		}
		found(id)
	}
	if def := inputObjectOf(schema, t, depth); def != nil {
		for _, f := range def.Fields {
			walkIDArgs(schema, append(slices.Clone(path), f.Name), f.Directives, f.Type, depth+1, found)
		}
	}
}

// inputObjectOf is the input object whose fields a value of type t
// carries, or nil: a scalar, a list (no list carries ids a write must
// check) or past the depth any schema of ours nests.
func inputObjectOf(schema *ast.Schema, t *ast.Type, depth int) *ast.Definition {
	if t == nil || t.Elem != nil || depth > 8 {
		return nil
	}
	if def := schema.Types[t.NamedType]; def != nil && def.Kind == ast.InputObject {
		return def
	}
	return nil
}

// valueAt is the value at path in a field's arguments, and the map that
// holds it (for its siblings).
func valueAt(args map[string]any, path []string) (v any, parent map[string]any) {
	parent = args
	for i, name := range path {
		if parent == nil {
			return nil, nil
		}
		v = parent[name]
		if i < len(path)-1 {
			parent, _ = v.(map[string]any)
		}
	}
	return v, parent
}

// approvedKey marks the context of an operation whose root fields passed
// authorizeOperation; the value is the set of response names approved.
type approvedKey struct{}

// authorizeOperation checks every root field of an operation before any
// runs, as its declaration in the schema says: the role must allow
// the action, a write must go into a case of the caller's compartments,
// and every id a mutation names must be an id (graph.ParseEntityID) of an
// entity the caller may see. One refused field refuses the whole
// operation: `mutation { a: createVictim(B) b: createVictim(A) }` writes
// nothing. A root field with no declaration is refused.
//
// It is a response middleware registered after the audit's, so the audit
// records the refusal; the root fields run inside it (gqlgen executes an
// operation when its response is asked for), after every check passed.
func authorizeOperation(store *neo4jstore.Store, perms permissions) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if !graphql.HasOperationContext(ctx) {
			return next(ctx)
		}
		oc := graphql.GetOperationContext(ctx)
		if oc == nil || oc.Operation == nil {
			return next(ctx)
		}
		typeName := "Query"
		switch oc.Operation.Operation {
		case ast.Mutation:
			typeName = "Mutation"
		case ast.Subscription:
			typeName = "Subscription"
		}
		if typeName == "Subscription" {
			return next(ctx) // checked once, as it started (authorizeSubscription)
		}
		approved, errs := perms.authorizeRootFields(ctx, store, oc, typeName)
		if len(errs) > 0 {
			for _, err := range errs {
				graphql.AddError(ctx, err)
			}
			return &graphql.Response{Errors: graphql.GetErrors(ctx)}
		}
		return next(context.WithValue(ctx, approvedKey{}, approved))
	}
}

// authorizeRootFields checks every root field of the operation, of type
// typeName, and returns the response names approved, or why some are not.
func (perms permissions) authorizeRootFields(ctx context.Context, store *neo4jstore.Store, oc *graphql.OperationContext, typeName string) (map[string]bool, gqlerror.List) {
	// CollectFields honours fragments, @skip and @include with the
	// operation's variables: exactly the fields that will run.
	var errs gqlerror.List
	approved := map[string]bool{}
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{typeName}) {
		if f.Name == "__typename" {
			continue
		}
		if strings.HasPrefix(f.Name, "__") {
			if oc.DisableIntrospection {
				errs = append(errs, &gqlerror.Error{Message: errIntrospectionOff, Path: ast.Path{ast.PathName(f.Alias)}, Extensions: map[string]any{"code": CodeForbidden}})
			}
			continue
		}
		if err := perms.authorizeField(ctx, store, principalOf(ctx), typeName, f.Field, oc.Variables); err != nil {
			var gerr *gqlerror.Error
			if !errors.As(err, &gerr) {
				// a store error (Neo4j down): the error presenter names it
				gerr = gqlerror.WrapPath(ast.Path{ast.PathName(responseName(f.Field))}, err)
			}
			errs = append(errs, gerr)
			continue
		}
		approved[responseName(f.Field)] = true
	}
	return approved, errs
}

// responseName is the key of a field in the answer: its alias or name.
func responseName(f *ast.Field) string {
	if f.Alias != "" {
		return f.Alias
	}
	return f.Name
}

// authorizeField says why one root field may not run, or nil.
func (perms permissions) authorizeField(ctx context.Context, store *neo4jstore.Store, p auth.Principal, typeName string, f *ast.Field, vars map[string]any) error {
	field := f.Name
	path := ast.Path{ast.PathName(responseName(f))}
	deny := func(reason string) *gqlerror.Error {
		return &gqlerror.Error{Message: reason, Path: path, Extensions: map[string]any{"code": CodeForbidden}}
	}
	perm := perms[typeName+"."+field]
	if perm == nil {
		// Failing closed: a field nobody declared a permission for is
		// nobody's to call.
		return deny(field + " declares no permission (@can in the schema)")
	}
	if perm.problem != "" {
		return deny(field + " has a permission declaration the server cannot follow: " + perm.problem)
	}
	action := perm.action
	if !p.Can(action) {
		return deny(fmt.Sprintf("%s needs the %s permission, which role %s does not have", field, action, p.Role))
	}
	args := f.ArgumentMap(vars)
	// Every id is parsed at the edge, before any right is checked on it:
	// the string checked is the string written, or the request is refused.
	refs, bad := perm.parseIDs(args)
	if bad != nil {
		bad.Path = path
		return bad
	}
	// Retracting a case, erasing a victim and reading the audit log reach
	// every case: only an ADMIN of every case may.
	if action == auth.ActionAdmin && !p.AllCases {
		return deny(field + " needs an ADMIN of every case (cases \"*\")")
	}
	if perm.personal {
		// The caller's own watchlist: no case is written, but an entity
		// it names must be one the caller sees (not found otherwise),
		// unless the declaration says it need not.
		if perm.personalBlind {
			return nil
		}
		return mustSee(ctx, store, p, refs, path)
	}
	if perm.writesInto == nil {
		// Import checks the file's case itself, once it is known; an
		// ADMIN field reaches every case. Any other mutation writes into
		// a case and must say which.
		if typeName == "Mutation" && action != auth.ActionImport && action != auth.ActionAdmin {
			return deny(field + " names no case; writes go into a case")
		}
		return nil
	}
	v, _ := valueAt(args, perm.writesInto)
	caseID, _ := v.(string)
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
	return mustSee(ctx, store, p, refs, path)
}

// mustSee refuses, NOT_FOUND word for word as for a missing id, the first
// of refs that p may not see.
func mustSee(ctx context.Context, store *neo4jstore.Store, p auth.Principal, refs []string, path ast.Path) error {
	if len(refs) == 0 {
		return nil
	}
	seen, err := store.NodesByID(ctx, ScopeFor(p), refs)
	if err != nil {
		return err
	}
	for _, id := range refs {
		if seen[id] == nil {
			return &gqlerror.Error{Message: "not found: " + id, Path: path, Extensions: map[string]any{"code": CodeNotFound}}
		}
	}
	return nil
}

// parseIDs checks every argument the field declares an id and returns the
// entities that must be visible to a writer (countries are everyone's and
// are left out). An argument that is not an id written exactly is
// BAD_USER_INPUT, naming the argument, never its value.
func (perm *permission) parseIDs(args map[string]any) (refs []string, bad *gqlerror.Error) {
	refuse := func(name string, err error) *gqlerror.Error {
		reason := err.Error()
		var ve *graph.ValidationError
		if errors.As(err, &ve) {
			reason = ve.Reason
		}
		return &gqlerror.Error{Message: "invalid input: " + name + ": " + reason,
			Extensions: map[string]any{"code": CodeBadUserInput, "problems": []map[string]any{{"field": name, "reason": reason}}}}
	}
	for _, id := range perm.ids {
		v, parent := valueAt(args, id.path)
		s, ok := v.(string)
		if !ok {
			continue // absent or null: the resolver says what is missing
		}
		switch id.kind {
		case idCase:
			if err := graph.ParseCaseID(s); err != nil {
				return nil, refuse(id.name(), err)
			}
		case idLink:
			if _, err := graph.ParseLinkID(s); err != nil {
				return nil, refuse(id.name(), err)
			}
		case idEntity:
			// A link to a country names it by its ISO code: the write
			// checks it (no spaces either); every other end is an entity id.
			if id.countryCodeBy != "" && !strings.Contains(s, ":") && graph.LinkEndsAtCountry(fmt.Sprint(parent[id.countryCodeBy])) {
				continue
			}
			kind, err := graph.ParseEntityID(s)
			if err != nil {
				return nil, refuse(id.name(), err)
			}
			if kind != graph.KindCountry {
				refs = append(refs, s)
			}
		}
	}
	return refs, nil
}

// permissionDirectives are the run-time side of the permission directives
// (resolvers/generated needs an implementation of @can; the others are
// declarations only, see gqlgen.yml). @can does not decide anything new:
// deciding per field as it runs would let the first fields of a mutation
// write before a later one is refused, which authorizeOperation exists to
// prevent. It asserts that the operation-level check ran and approved this
// field, and that the role still allows the action, so a server assembled
// without authorizeOperation (or a field reached some other way) runs
// nothing rather than everything.
func permissionDirectives() generated.DirectiveRoot {
	return generated.DirectiveRoot{Can: canDirective}
}

// canDirective is @can at run time: see permissionDirectives.
func canDirective(ctx context.Context, _ any, next graphql.Resolver, action model.Action) (any, error) {
	approved, _ := ctx.Value(approvedKey{}).(map[string]bool)
	fc := graphql.GetFieldContext(ctx)
	name := ""
	if fc != nil && fc.Field.Field != nil {
		name = responseName(fc.Field.Field)
	}
	if !approved[name] || !principalOf(ctx).Can(actionOf[action]) {
		return nil, &gqlerror.Error{Message: name + " was not authorised before it ran", Extensions: map[string]any{"code": CodeForbidden}}
	}
	return next(ctx)
}
