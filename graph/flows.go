package graph

import (
	"github.com/shopspring/decimal"
)

// Flow is a country-to-country flow for a flow map: victims moved, or money
// sent. A place is an ISO code, or "chain:TRON" for money on a chain.
type Flow struct {
	From, To string
	Count    int
	// SumUsd sums the USD values where known; BySum keeps the amounts
	// without one per currency, never mixed.
	SumUsd     decimal.Decimal
	ByCurrency map[string]decimal.Decimal
}
