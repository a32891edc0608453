package generated

// This file is written by hand, not by gqlgen: `make generate` points the
// generated code's list marshalling here (see the Makefile).

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/scamgraph/scamgraph/resolvers/inorder"
)

// marshalSlice marshals a list of objects as graphql.MarshalSliceConcurrently
// does (same field contexts, same recovery of a panic as an error and a
// null element), but in order in the caller's goroutine when the root
// field is marked by inorder.Lists: its answer is in memory, and a
// goroutine per element would only cost (package inorder says why).
func marshalSlice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	if !inorder.Marked(ctx) {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	ret := make(graphql.Array, length)
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(childCtx, graphql.Recover(childCtx, r))
					ret[i] = graphql.Null
				}
			}()
			ret[i] = marshalElement(childCtx, i)
		}()
	}
	return ret
}
