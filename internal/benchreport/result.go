// Package benchreport turns the benchmark's measurements into a report: a
// markdown page with the numbers and the verdict on each target the issue
// sets, and a PNG chart of the latencies. It measures nothing itself, so
// that the report can be written again from saved results without a Neo4j.
package benchreport

import (
	"fmt"
	"slices"
	"time"
)

// Modes of a Result: the same operation through the GraphQL API over HTTP,
// and as hand-written Cypher through the Go driver. Comparing the two is
// the point of the benchmark: it is the cost the API adds. ModePeer is the
// optional side-by-side (make bench-peer): the same answer from another
// GraphQL server, @neo4j/graphql (bench/peer), on the same Neo4j.
const (
	ModeAPI  = "api"
	ModeRaw  = "raw"
	ModePeer = "peer"
)

// Family names the benchmark should use. The report shows any family, but
// the fixed targets (DefaultTarget) find theirs by these names.
const (
	FamilyNodeLookup   = "node lookup"
	FamilyFilteredList = "filtered list page"
	FamilyNested       = "nested query 3 levels"
	// The question: 20 recruiters of a case, the victims each
	// recruited, where each was held, that compound's country.
	FamilyNestedList   = "nested list 20 recruiters"
	FamilyNeighborhood = "neighborhood depth 2"
	FamilyShortestPath = "shortest path"
	FamilyMoneyTrail   = "money trail 4 hops"
	FamilySearch       = "search"
	FamilyImport       = "import"
	// The resolution candidates of a case of 1,000 people (issue 16).
	FamilyResolution = "resolution candidates 1,000 people"
)

// Result is one measured cell: one operation family, one mode, one
// concurrency.
type Result struct {
	Family      string
	Mode        string // ModeAPI, ModeRaw or ModePeer
	Concurrency int
	Requests    int
	Errors      int
	P50         time.Duration
	P95         time.Duration
	P99         time.Duration
	// Throughput is per second: requests, or rows for the import family.
	Throughput float64
	// RoundTripsPerRequest is the Neo4j round trips one GraphQL request
	// makes; only meaningful for api rows, 0 for raw.
	RoundTripsPerRequest float64
	// AuditBytesPerRequest is how much the audit log grew per GraphQL
	// request (one record each): what the victim ids read cost on disk.
	// Only for api rows; 0 when not measured.
	AuditBytesPerRequest float64
}

// Machine says where and on what the numbers were measured, since they
// mean little without it.
type Machine struct {
	CPUs               int
	MemoryGB           float64
	OS                 string
	GoVersion          string
	Neo4jVersion       string
	Scale              string
	Nodes              int64
	Relationships      int64
	PeakServerMemoryMB float64
	Date               time.Time
	// Peer names the peer GraphQL server when the side-by-side ran
	// ("@neo4j/graphql 7.6.3"); PeerAnswers says, one line per family,
	// whether the peer and the API answered the same data.
	Peer        string
	PeerAnswers []string
}

// Verdict is the outcome of one target, worded for a reader of the report.
type Verdict struct {
	Check string
	Want  string
	Got   string
	Met   bool
}

// Target holds the targets, in one place so that the verdicts and
// their wording cannot drift apart.
type Target struct {
	// The API may cost at most RatioP50 times the raw p50 when the raw
	// p50 is above RatioAbove; below that a ratio is too harsh (1 ms vs
	// 1.5 ms is noise and HTTP), so at most AddedP50 is added instead.
	RatioP50   float64
	RatioAbove time.Duration
	AddedP50   time.Duration

	// Fixed latency targets, checked on the api rows (what users see).
	NeighborhoodFamily string
	NeighborhoodP95    time.Duration
	ShortestPathFamily string
	ShortestPathP95    time.Duration

	// ImportFamily's throughput is rows per second.
	ImportFamily     string
	ImportRowsPerSec float64

	ServerMemoryMB float64

	// With the side-by-side: PeerFamily's api throughput must be at least
	// PeerThroughputRatio times the peer's, at every concurrency the peer
	// was measured at.
	PeerFamily          string
	PeerThroughputRatio float64

	// ResolutionFamily is judged by its latency alone: its raw row is the
	// blocking lookup, a part of the work, so a ratio says little.
	ResolutionFamily string
	ResolutionP95    time.Duration
}

// DefaultTarget is the targets.
var DefaultTarget = Target{
	RatioP50:            1.3,
	RatioAbove:          5 * time.Millisecond,
	AddedP50:            time.Millisecond,
	NeighborhoodFamily:  FamilyNeighborhood,
	NeighborhoodP95:     50 * time.Millisecond,
	ShortestPathFamily:  FamilyShortestPath,
	ShortestPathP95:     100 * time.Millisecond,
	ImportFamily:        FamilyImport,
	ImportRowsPerSec:    50000,
	ServerMemoryMB:      200,
	PeerFamily:          FamilyNested,
	PeerThroughputRatio: 1.5,
	ResolutionFamily:    FamilyResolution,
	ResolutionP95:       2 * time.Second,
}

// Evaluate checks results and m against DefaultTarget.
func Evaluate(results []Result, m Machine) []Verdict {
	return DefaultTarget.Evaluate(results, m)
}

// Evaluate returns one verdict per target, family and concurrency: first
// the API overhead of every family at every concurrency, then the fixed
// targets, then the API against the peer (when the side-by-side ran),
// then the server's memory. A measurement that is missing is a
// missed target, so that a broken benchmark cannot pass silently; the one
// exception is the import, judged by its rows/s, whose raw row and
// latencies the benchmark may leave out.
func (t Target) Evaluate(results []Result, m Machine) []Verdict {
	var out []Verdict
	for _, c := range concurrencies(results) {
		for _, f := range families(results) {
			api, hasAPI := find(results, f, ModeAPI, c)
			raw, hasRaw := find(results, f, ModeRaw, c)
			switch {
			case !hasAPI && !hasRaw:
				continue
			case f == t.ImportFamily && (!hasRaw || !hasAPI || raw.P50 <= 0 || api.P50 <= 0):
				// The import is judged by its rows per second; its
				// latencies are compared only when both were measured.
				continue
			case f == t.ResolutionFamily:
				continue
			case !hasAPI || !hasRaw:
				only := ModeRaw
				if hasAPI {
					only = ModeAPI
				}
				out = append(out, Verdict{
					Check: fmt.Sprintf("%s api overhead p50 (c=%d)", f, c),
					Want:  "api and raw both measured",
					Got:   "only " + only + " measured",
				})
				continue
			}
			out = append(out, t.overhead(f, c, api.P50, raw.P50))
		}
	}
	out = append(out, t.latency(results, t.NeighborhoodFamily, t.NeighborhoodP95)...)
	out = append(out, t.latency(results, t.ShortestPathFamily, t.ShortestPathP95)...)
	if t.ResolutionFamily != "" {
		out = append(out, t.latency(results, t.ResolutionFamily, t.ResolutionP95)...)
	}
	out = append(out, t.importRate(results)...)
	out = append(out, t.peer(results)...)
	return append(out, t.memory(m))
}

// peer checks PeerFamily's api throughput against the peer's, at each
// concurrency the peer was measured at; without peer rows (the
// side-by-side is optional) there is no verdict.
func (t Target) peer(results []Result) []Verdict {
	var out []Verdict
	for _, c := range concurrencies(results) {
		p, ok := find(results, t.PeerFamily, ModePeer, c)
		if !ok {
			continue
		}
		v := Verdict{
			Check: fmt.Sprintf("%s api/peer throughput (c=%d)", t.PeerFamily, c),
			Want:  fmt.Sprintf("≥ %.2f×", t.PeerThroughputRatio),
			Got:   "api not measured",
		}
		if api, ok := find(results, t.PeerFamily, ModeAPI, c); ok && p.Throughput > 0 {
			ratio := api.Throughput / p.Throughput
			v.Got = fmt.Sprintf("%.2f× (%.1f/s vs %.1f/s)", ratio, api.Throughput, p.Throughput)
			v.Met = ratio >= t.PeerThroughputRatio
		} else if ok {
			v.Got = "peer throughput 0"
		}
		out = append(out, v)
	}
	return out
}

// overhead applies the ratio rule, or the added-time rule for fast
// operations.
func (t Target) overhead(family string, c int, api, raw time.Duration) Verdict {
	if raw > t.RatioAbove {
		ratio := float64(api) / float64(raw)
		return Verdict{
			Check: fmt.Sprintf("%s api/raw p50 (c=%d)", family, c),
			Want:  fmt.Sprintf("≤ %.2f× (raw p50 > %s)", t.RatioP50, ms(t.RatioAbove)),
			Got:   fmt.Sprintf("%.2f× (%s vs %s)", ratio, ms(api), ms(raw)),
			Met:   ratio <= t.RatioP50,
		}
	}
	return Verdict{
		Check: fmt.Sprintf("%s api added p50 (c=%d)", family, c),
		Want:  fmt.Sprintf("≤ +%s (raw p50 ≤ %s)", ms(t.AddedP50), ms(t.RatioAbove)),
		Got:   fmt.Sprintf("%+.2f ms (%s vs %s)", msf(api-raw), ms(api), ms(raw)),
		Met:   api-raw <= t.AddedP50,
	}
}

// latency checks a family's api p95 against limit at every concurrency.
func (t Target) latency(results []Result, family string, limit time.Duration) []Verdict {
	var out []Verdict
	for _, c := range concurrencies(results) {
		if r, ok := find(results, family, ModeAPI, c); ok {
			out = append(out, Verdict{
				Check: fmt.Sprintf("%s api p95 (c=%d)", family, c),
				Want:  "< " + ms(limit),
				Got:   ms(r.P95),
				Met:   r.P95 < limit,
			})
		}
	}
	if out == nil {
		out = append(out, Verdict{Check: family + " api p95", Want: "< " + ms(limit), Got: "not measured"})
	}
	return out
}

// importRate checks the import's rows per second, measured through the
// project's importer (the api row), at every concurrency measured.
func (t Target) importRate(results []Result) []Verdict {
	want := fmt.Sprintf("≥ %s rows/s", thousands(t.ImportRowsPerSec))
	var out []Verdict
	for _, c := range concurrencies(results) {
		if r, ok := find(results, t.ImportFamily, ModeAPI, c); ok {
			out = append(out, Verdict{
				Check: fmt.Sprintf("%s throughput (c=%d)", t.ImportFamily, c),
				Want:  want,
				Got:   thousands(r.Throughput) + " rows/s",
				Met:   r.Throughput >= t.ImportRowsPerSec,
			})
		}
	}
	if out == nil {
		out = append(out, Verdict{Check: t.ImportFamily + " throughput", Want: want, Got: "not measured"})
	}
	return out
}

// memory checks the server's peak memory; 0 means it was not measured.
func (t Target) memory(m Machine) Verdict {
	v := Verdict{Check: "server peak memory", Want: fmt.Sprintf("< %.0f MB", t.ServerMemoryMB), Got: "not measured"}
	if m.PeakServerMemoryMB > 0 {
		v.Got = fmt.Sprintf("%.1f MB", m.PeakServerMemoryMB)
		v.Met = m.PeakServerMemoryMB < t.ServerMemoryMB
	}
	return v
}

// find returns the result for one cell. If the benchmark reported a cell
// twice, the last one wins, as the later run is the one to believe.
func find(results []Result, family, mode string, c int) (Result, bool) {
	var found Result
	ok := false
	for _, r := range results {
		if r.Family == family && r.Mode == mode && r.Concurrency == c {
			found, ok = r, true
		}
	}
	return found, ok
}

// families lists the families in the order the benchmark reported them,
// which is the order it chose to present them in.
func families(results []Result) []string {
	return distinct(results, func(r Result) string { return r.Family })
}

// concurrencies lists the concurrencies measured, ascending.
func concurrencies(results []Result) []int {
	out := distinct(results, func(r Result) int { return r.Concurrency })
	slices.Sort(out)
	return out
}

// distinct lists the values of key over results, each once, in the order
// they first come.
func distinct[K comparable](results []Result, key func(Result) K) []K {
	var out []K
	seen := map[K]bool{}
	for _, r := range results {
		if k := key(r); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// ms shows a duration in milliseconds with 2 decimals, the unit of every
// latency in the report so that columns compare at a glance.
func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", msf(d)) }

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// thousands formats a rate as an integer with thousands separators, so
// 50,000 rows/s reads as the issue wrote it.
func thousands(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}
