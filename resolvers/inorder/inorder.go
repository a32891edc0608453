// Package inorder marks a root field whose answer is already in memory
// when it is marshalled, so that its lists are marshalled in order, in
// the goroutine of the field, rather than by gqlgen's goroutine per list
// element.
//
// gqlgen marshals every element of a list of objects in a goroutine of
// its own (graphql.MarshalSliceConcurrently) so that the resolvers below
// them may block on a dataloader together and be served by one batch.
// When the root field has read everything below it in one statement (a
// prefetch, resolvers/prefetch.go), no resolver blocks, and the
// goroutines are pure cost: on the nested list of 20 recruiters (1,045
// victims) a CPU profile gave a quarter of the server's time to growing
// their stacks. The generated code calls marshalSlice
// (resolvers/generated/marshal_slice.go), which asks this package.
package inorder

import "context"

type key struct{}

// Lists marks ctx, a root field's, as one whose lists are marshalled in
// order.
func Lists(ctx context.Context) context.Context {
	return context.WithValue(ctx, key{}, true)
}

// Marked says whether ctx is (below) a root field marked by Lists.
func Marked(ctx context.Context) bool {
	on, _ := ctx.Value(key{}).(bool)
	return on
}
