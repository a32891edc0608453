// The investigation questions the store answers: what each takes and what
// it returns, as values that carry no driver type.
package graph

import (
	"errors"
	"slices"

	"github.com/shopspring/decimal"
)

// HubQuery asks which entities are the hubs.
type HubQuery struct {
	// Type: RECRUITER, ACCOUNT, COMPOUND, PERSON, ORGANIZATION, IDENTIFIER or ANY.
	Type HubType
	// Metric: VICTIMS_RECRUITED, MONEY_RECEIVED (USD), DISTINCT_PAYERS,
	// VICTIMS_HELD over the whole (visible) graph or one case; DEGREE,
	// PAGERANK, BETWEENNESS over a bounded subgraph: a case, or the
	// neighbourhood of Around within Depth hops.
	Metric HubMetric
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

// Event is one dated fact around an entity: a recruitment, a journey step,
// the start or end of a detention, a payment, a transfer...
type Event struct {
	Date  PartialDate
	Kind  string // the relationship type, or HELD_AT_SINCE / HELD_AT_UNTIL style for periods
	Link  Link
	Other Node // the entity at the other end
}

// RetractResult says what retracting a case did.
type RetractResult struct {
	CaseID       string
	NodesDeleted int // entities and identifiers no other case mentions
	NodesKept    int // entities other cases still mention, without this case's word
	LinksDeleted int // relationships no other case asserts
}

// Subgraph is a bounded piece of the graph for a link chart: nodes, the
// relationships between them, and whether a cap cut it.
type Subgraph struct {
	Nodes     []Node
	Links     []Link
	Truncated bool
}

// CountryLinkTypes join any two people of one nationality in two hops;
// traversals leave them out unless asked.
var CountryLinkTypes = []RelType{RelNationalOf, RelLocatedIn, RelTransited}

// CheckLinkTypes validates a requested list of relationship types; empty
// means every type, or every type but the country links when
// withCountries is false.
func CheckLinkTypes(types []RelType, withCountries bool) ([]RelType, error) {
	if len(types) == 0 {
		for _, t := range LinkTypes() {
			if withCountries || !slices.Contains(CountryLinkTypes, t) {
				types = append(types, t)
			}
		}
		return types, nil
	}
	for _, t := range types {
		if t == RelSameAs {
			return nil, &ValidationError{Field: "relationshipTypes", Reason: "SAME_AS is not a relationship of the network: ask with sameAs: true to follow confirmed pairs"}
		}
		if _, ok := LinkRules[t]; !ok {
			return nil, errUnknownLinkType()
		}
	}
	return types, nil
}

// ParseLinkTypes is ParseRelType for a list a request gave as text (the
// export endpoint's types parameter), with CheckLinkTypes' error.
func ParseLinkTypes(ss []string) ([]RelType, error) {
	var out []RelType
	for _, s := range ss {
		t, err := ParseRelType(s)
		if err != nil {
			return nil, errUnknownLinkType()
		}
		out = append(out, t)
	}
	return out, nil
}

func errUnknownLinkType() error {
	return &ValidationError{Field: "relationshipTypes", Reason: "unknown relationship type; the types are " + joinKinds(LinkTypes())}
}

// Bounds of the traversals.
const (
	MaxNeighborhoodDepth = 3
	MaxNeighborhoodLimit = 2000 // relationships in one neighbourhood
	MaxPathHops          = 6
	MaxPaths             = 50
)

// NeighborhoodQuery asks for the subgraph within Depth hops of Around, at
// most Limit relationships, over Types (none: every type).
type NeighborhoodQuery struct {
	Around string
	Depth  int
	Types  []RelType
	Limit  int
	// SameAs follows confirmed SAME_AS pairs too: the other names of an
	// entity and their neighbours are part of its neighbourhood.
	SameAs bool
}

// Checked is the query with its default types filled in, or every way it
// is out of bounds at once.
func (q NeighborhoodQuery) Checked() (NeighborhoodQuery, error) {
	var errs ValidationErrors
	errs.Within("depth", q.Depth, 1, MaxNeighborhoodDepth)
	errs.Within("limit", q.Limit, 1, MaxNeighborhoodLimit)
	types, err := CheckLinkTypes(q.Types, true)
	q.Types = types
	return q, Combine(errs.Err(), err)
}

// PathQuery asks for all the shortest paths (at most First) between From
// and To within MaxHops, over Types (none: every type but the country
// links, unless WithCountries).
type PathQuery struct {
	From, To      string
	MaxHops       int
	Types         []RelType
	WithCountries bool
	First         int
	// SameAs lets a path cross confirmed SAME_AS pairs (one person under
	// two names); each crossing counts as a hop.
	SameAs bool
}

// Checked is the query with its default types filled in, or every way it
// is out of bounds at once.
func (q PathQuery) Checked() (PathQuery, error) {
	var errs ValidationErrors
	errs.Within("maxHops", q.MaxHops, 1, MaxPathHops)
	errs.Within("first", q.First, 1, MaxPaths)
	types, err := CheckLinkTypes(q.Types, q.WithCountries)
	q.Types = types
	var same ValidationErrors
	if q.From == q.To {
		same.Add("to", "is the same node as from")
	}
	return q, Combine(errs.Err(), err, same.Err())
}

// Path is an ordered walk: Nodes[i] and Nodes[i+1] are joined by Links[i].
type Path struct {
	Nodes []Node
	Links []Link
}

// MaxCaseExport caps the nodes and relationships of a case export.
const MaxCaseExport = 20000

// CaseOverlap is another case that knows some of the same entities: its id
// and agency (always: this is how agencies find each other) and the shared
// nodes the caller's scope may see.
type CaseOverlap struct {
	CaseID      string
	Agency      string
	Shared      []Node
	SharedCount int
}
