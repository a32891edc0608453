package graph

import (
	"errors"
)

// HubQuery asks which entities are the hubs.
type HubQuery struct {
	// Type: RECRUITER, ACCOUNT, COMPOUND, PERSON, ORGANIZATION, IDENTIFIER or ANY.
	Type string
	// Metric: VICTIMS_RECRUITED, MONEY_RECEIVED (USD), DISTINCT_PAYERS,
	// VICTIMS_HELD over the whole (visible) graph or one case; DEGREE,
	// PAGERANK, BETWEENNESS over a bounded subgraph: a case, or the
	// neighbourhood of Around within Depth hops.
	Metric string
	CaseID string
	Around string
	Depth  int
	First  int
}

// Hub is a ranked entity.
type Hub struct {
	Node  Node
	Score float64
}

// ErrAnalyticsDeadline: a structural ranking (DEGREE, PAGERANK,
// BETWEENNESS) did not finish within the request's deadline. The
// computation stops at the deadline instead of running on after the client
// is gone; the API answers it as QUERY_TOO_COMPLEX.
var ErrAnalyticsDeadline = errors.New("hubs: the computation did not finish within the request deadline; narrow it (around with a smaller depth, or another case)")
