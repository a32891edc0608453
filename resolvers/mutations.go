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
func (r *Resolver) mustBe(ctx context.Context, id, kind string) error {
	n, err := r.Store.Node(ctx, scope(ctx), id)
	if err != nil {
		return err
	}
	ok := false
	switch kind {
	case "Victim":
		ok = graph.VictimOf(n) != nil
	case "Recruiter":
		_, isPerson := n.(*graph.Person)
		ok = isPerson && graph.RecruiterOf(n) != nil
	case "Person":
		_, ok = n.(*graph.Person)
	case "Organization":
		_, ok = n.(*graph.Organization)
	case "Compound":
		_, ok = n.(*graph.Compound)
	case "BankAccount":
		_, ok = n.(*graph.BankAccount)
	}
	if !ok {
		return fmt.Errorf("%s %q: %w", kind, id, graph.ErrNotFound)
	}
	return nil
}

func (r *Resolver) deleteFromCase(ctx context.Context, caseID, id, label string) (*model.DeleteResult, error) {
	if err := r.mustBe(ctx, id, label); err != nil {
		return nil, err
	}
	gone, err := r.Store.DeleteFromCase(ctx, caseID, id, label)
	if err != nil {
		return nil, err
	}
	if gone, err = goneForCaller(ctx, gone, func(s graph.Scope) error { _, err := r.Store.Node(ctx, s, id); return err }); err != nil {
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

// crossesBorder compares where two accounts are: their country, or for a
// crypto wallet its chain (money that enters a chain has left the
// banking system of its country).
func crossesBorder(ctx context.Context, fromID, toID string) (bool, error) {
	where := func(id string) (string, error) {
		a, err := nodeAs[graph.BankAccount](ctx, id)
		if err != nil || a == nil {
			return "", err
		}
		if a.Kind == "CRYPTO_WALLET" {
			return "chain:" + deref(a.Chain), nil
		}
		c, err := firstFar[graph.Country](ctx, "LOCATED_IN", id)
		if err != nil || c == nil {
			return "", err
		}
		return c.Code, nil
	}
	a, err := where(fromID)
	if err != nil {
		return false, err
	}
	b, err := where(toID)
	if err != nil {
		return false, err
	}
	return a != "" && b != "" && a != b, nil
}
