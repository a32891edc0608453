package resolvers

import (
	"context"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/graph"
)

// Every createX and updateX mutation is one save: an update first checks
// that the node it names is a visible one of its kind; the store writes;
// what it wrote is counted for the audit and read back in the caller's
// scope.

// save creates (id "") or updates (id) a node of kind through write, one of
// the store's SaveX methods, and returns it as T.
func save[T, I any](ctx context.Context, r *Resolver, kind graph.Label, id string, input I, write func(ctx context.Context, id string, input I) (graph.WriteResult, error)) (*T, error) {
	if id != "" {
		if err := r.mustBe(ctx, id, kind); err != nil {
			return nil, err
		}
	}
	res, err := write(ctx, id, input)
	return saved[T](ctx, r, res, err)
}

// savePerson is save for a person mutation of kind Victim, Recruiter or
// Person, which writes the given roles. An update writes the node it names:
// input.PersonID (give an existing person the role) is for creates.
func (r *Resolver) savePerson(ctx context.Context, kind graph.Label, id string, roles []graph.Label, input graph.PersonInput) (*graph.Person, error) {
	if id != "" {
		input.PersonID = nil
	}
	return save[graph.Person](ctx, r, kind, id, input, func(ctx context.Context, id string, input graph.PersonInput) (graph.WriteResult, error) {
		return r.Store.SavePerson(ctx, id, roles, input)
	})
}

// inRole is a saved person (unless saving failed) in the role its mutation
// returns: view is graph.VictimOf or graph.RecruiterOf.
func inRole[V any](p *graph.Person, err error, view func(graph.Node) *V) (*V, error) {
	if err != nil {
		return nil, err
	}
	return view(p), nil
}

// saved reads back what a mutation wrote, unless it failed.
func saved[T any](ctx context.Context, r *Resolver, res graph.WriteResult, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	if res.Created || res.Updated {
		audit.AddChanged(ctx, 1)
	}
	return reload[T](ctx, r, res.ID)
}

// reload reads back what a mutation wrote, in the caller's scope.
func reload[T any](ctx context.Context, r *Resolver, id string) (*T, error) {
	n, err := r.Store.Node(ctx, scope(ctx), id)
	if err != nil {
		return nil, err
	}
	t, _ := any(n).(*T)
	return t, nil
}
