package resolvers

import (
	"context"

	"github.com/scamgraph/scamgraph/graph"
)

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
		c, err := firstFar[graph.Country](ctx, graph.RelLocatedIn, id)
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
