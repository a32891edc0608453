package graph

import (
	"sort"

	"github.com/shopspring/decimal"
)

// TrailQuery asks for a money trail.
type TrailQuery struct {
	From        string
	Direction   TrailDirection // OUT (where the money went), IN (where it came from), BOTH
	MaxHops     int
	Since       PartialDate
	Until       PartialDate
	MinAmount   *Decimal // compared with amountUsd where known, else amount
	TimeOrdered bool     // each hop dated on or after the one before (OUT) or before it (IN)
	First       int      // paths
	// SameAs starts from every entity confirmed to be From (SAME_AS) too.
	SameAs bool
}

// TrailHop is one payment or transfer of a trail.
type TrailHop struct {
	Link          Link
	FromID, ToID  string
	Amount        Decimal
	Currency      string
	AmountUsd     *Decimal
	Date          PartialDate
	FromWhere     string // country code, or "chain:TRON" for a wallet
	ToWhere       string
	CrossesBorder bool
}

// TrailPath is a chain of hops from the start, OUT (following the money)
// or IN (tracing where it came from).
type TrailPath struct {
	Direction TrailDirection
	Hops      []TrailHop
	// ReachedMaxHops: the path was cut by maxHops, the money may go on.
	ReachedMaxHops bool
}

// Trail is the answer: the paths, the subgraph they draw, the accounts where
// money comes to rest, and totals in USD.
type Trail struct {
	Paths           []TrailPath
	Graph           Subgraph
	RestingAccounts []string
	// EnteredUsd sums the USD value of the first hops; RestingUsd of the
	// hops into resting accounts (each hop counted once).
	EnteredUsd, RestingUsd decimal.Decimal
	// UsdComplete is false when some hop has no USD value: the totals
	// then leave it out rather than mixing currencies.
	UsdComplete bool
	Truncated   bool
}

// PartialPath is a path being extended: its hops, its nodes (to refuse
// cycles), the node it ends at and where that node sits.
type PartialPath struct {
	Hops  []TrailHop
	Nodes []string
	At    string
	Where string
}

// AddPath records a path found in direction dir (cut: it reached the
// query's MaxHops), unless first paths are there already (Truncated).
func (t *Trail) AddPath(dir TrailDirection, p PartialPath, cut bool, first int) {
	if len(t.Paths) >= first {
		t.Truncated = true
		return
	}
	t.Paths = append(t.Paths, TrailPath{Direction: dir, Hops: p.Hops, ReachedMaxHops: cut})
}

// DatedInOrder: going OUT, money cannot leave before it arrived; going IN, the
// earlier hop must be dated on or before the later one. Partial dates
// compare as the strings they are, so 2024-10 is before 2024-10-03.
func DatedInOrder(prev, next PartialDate, dir TrailDirection) bool {
	if prev == "" || next == "" {
		return true
	}
	if dir == TrailDirectionOut {
		return next >= prev || (len(next) < len(prev) && prev[:len(next)] == next)
	}
	return next <= prev || (len(prev) < len(next) && next[:len(prev)] == prev)
}

// totals sums the USD values of the OUT paths: what entered the trail
// (first hops) and what reached the resting accounts (the last hops), each
// hop once. The accounts where OUT paths end are where the money rests.
func (t *Trail) Totals() {
	first, last := map[string]TrailHop{}, map[string]TrailHop{}
	resting := map[string]bool{}
	for _, p := range t.Paths {
		if p.Direction != TrailDirectionOut {
			continue
		}
		h0, hn := p.Hops[0], p.Hops[len(p.Hops)-1]
		first[h0.Link.LinkID()] = h0
		last[hn.Link.LinkID()] = hn
		if !p.ReachedMaxHops {
			resting[hn.ToID] = true
		}
	}
	sum := func(hops map[string]TrailHop) decimal.Decimal {
		total := decimal.Zero
		for _, h := range hops {
			if h.AmountUsd == nil {
				t.UsdComplete = false
				continue
			}
			total = total.Add(h.AmountUsd.Value())
		}
		return total
	}
	t.EnteredUsd, t.RestingUsd = sum(first), sum(last)
	for id := range resting {
		t.RestingAccounts = append(t.RestingAccounts, id)
	}
	sort.Strings(t.RestingAccounts)
}
