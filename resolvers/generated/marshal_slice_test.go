package generated

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/scamgraph/scamgraph/resolvers/inorder"
)

// Marshalled in order or by gqlgen's goroutines, a list gives the same
// elements, each with its index in its field context, and a panicking
// element becomes an error at its path and a null.
func TestMarshalSliceInOrderAsConcurrently(t *testing.T) {
	for _, marked := range []bool{false, true} {
		// graphql.DefaultRecover prints the stack; this one only says what panicked.
		quiet := func(_ context.Context, p any) error { return fmt.Errorf("panic: %v", p) }
		ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, quiet)
		ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "victims"}}})
		if marked {
			ctx = inorder.Lists(ctx)
		}
		got := marshalSlice(ctx, 5, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if i == 3 {
				panic("element 3")
			}
			return graphql.MarshalInt(*graphql.GetFieldContext(ctx).Index * 10)
		})
		var b bytes.Buffer
		got.MarshalGQL(&b)
		if b.String() != "[0,10,20,null,40]" {
			t.Errorf("marked %v: %s", marked, b.String())
		}
		errs := graphql.GetErrors(ctx)
		if len(errs) != 1 || errs[0].Path.String() != "victims[3]" {
			t.Errorf("marked %v: errors %v, want one at victims[3]", marked, errs)
		}
	}
}

// `make generate` points the generated code's lists at marshalSlice; a
// regeneration without that step would bring the goroutines back.
func TestGeneratedListsGoThroughMarshalSlice(t *testing.T) {
	src, err := os.ReadFile("exec.go")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "graphql.MarshalSliceConcurrently("); n > 0 {
		t.Errorf("exec.go calls graphql.MarshalSliceConcurrently %d times: run make generate", n)
	}
	if !strings.Contains(string(src), "marshalSlice(") {
		t.Error("exec.go never calls marshalSlice")
	}
}
