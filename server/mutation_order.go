package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodeNotRun marks a mutation's root field that was not run because an
// earlier one failed.
const CodeNotRun = "NOT_RUN"

// stopMutationAtFirstError runs a mutation's root fields (gqlgen runs them
// one after the other, in order) only while none has failed: a field
// refused while it runs (bad input, an erased victim's data, not found)
// stops the ones after it, which answer NOT_RUN and write nothing. Every
// root field returns a non-null type, so one error makes the answer's
// data null: without this, the fields after a failed one would write
// while the answer shows nothing written. (Rights are checked for every
// field before any runs: authorizeOperation.) A field that failed after
// others succeeded leaves their writes; the audit counts them.
func stopMutationAtFirstError(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Mutation || len(graphql.GetErrors(ctx)) == 0 {
		return next(ctx)
	}
	rfc := graphql.GetRootFieldContext(ctx)
	name := "field"
	if rfc != nil {
		name = rfc.Field.Alias
	}
	graphql.AddError(ctx, &gqlerror.Error{
		Message:    "not run: an earlier field of this mutation failed, so " + name + " wrote nothing",
		Path:       ast.Path{ast.PathName(name)},
		Extensions: map[string]any{"code": CodeNotRun},
	})
	return graphql.Null
}
