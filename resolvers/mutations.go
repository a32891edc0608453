package resolvers

import (
	"context"
	"errors"
	"fmt"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// mustBe checks, before an update, that id is a visible node of the kind
// the mutation names (updateVictim on a compound is NOT_FOUND, not a
// silent relabel).
func (r *Resolver) mustBe(ctx context.Context, id string, kind graph.Label) error {
	n, err := r.Store.Node(ctx, scope(ctx), id)
	if err != nil {
		return err
	}
	ok := false
	switch kind {
	case graph.RoleVictim:
		ok = graph.VictimOf(n) != nil
	case graph.RoleRecruiter:
		_, isPerson := n.(*graph.Person)
		ok = isPerson && graph.RecruiterOf(n) != nil
	case graph.KindPerson:
		_, ok = n.(*graph.Person)
	case graph.KindOrganization:
		_, ok = n.(*graph.Organization)
	case graph.KindCompound:
		_, ok = n.(*graph.Compound)
	case graph.KindBankAccount:
		_, ok = n.(*graph.BankAccount)
	}
	if !ok {
		return fmt.Errorf("%s %q: %w", kind, id, graph.ErrNotFound)
	}
	return nil
}

// deleteFromCase is every deleteX mutation: it checks that id is a visible
// node of the kind the mutation names, then takes the case's claim off it.
func (r *Resolver) deleteFromCase(ctx context.Context, caseID, id string, label graph.Label) (*model.DeleteResult, error) {
	if err := r.mustBe(ctx, id, label); err != nil {
		return nil, err
	}
	gone, err := r.Store.DeleteFromCase(ctx, caseID, id, label)
	return deleted(ctx, id, gone, err, func(s graph.Scope) error { _, err := r.Store.Node(ctx, s, id); return err })
}

// deleted answers a delete of id (a node or a link), unless it failed: it
// counts the change for the audit and says whether the record is gone as
// the caller may be told it (goneForCaller; lookup finds id in a scope).
func deleted(ctx context.Context, id string, gone bool, err error, lookup func(graph.Scope) error) (*model.DeleteResult, error) {
	if err != nil {
		return nil, err
	}
	if gone, err = goneForCaller(ctx, gone, lookup); err != nil {
		return nil, err
	}
	audit.AddChanged(ctx, 1)
	return &model.DeleteResult{ID: id, Deleted: gone}, nil
}

// goneForCaller is a deletion's deleted as the caller may be told it: for a
// reader of some cases, whether the record is gone from every case it may
// see (lookup, in the caller's scope, finds it or answers ErrNotFound), not
// whether a hidden case still mentions it. Else deleting what one has just
// created would tell whether another agency holds the same account, phone
// or relationship. A reader of every case is told whether it left the graph.
func goneForCaller(ctx context.Context, gone bool, lookup func(graph.Scope) error) (bool, error) {
	if gone || scope(ctx).SeesAll() {
		return gone, nil
	}
	switch err := lookup(scope(ctx)); {
	case errors.Is(err, graph.ErrNotFound):
		return true, nil
	case err != nil:
		return false, err
	}
	return false, nil
}
