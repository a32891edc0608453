package benchreport

import (
	"strings"
	"testing"
)

func TestWriteMarkdown(t *testing.T) {
	rs := sample()
	rs[0].Errors = 3
	for i := range rs {
		if rs[i].Family == FamilyNested && rs[i].Mode == ModeAPI {
			rs[i].AuditBytesPerRequest = 7596
		}
	}
	m := sampleMachine()
	m.PeakServerMemoryMB = 250
	vs := Evaluate(rs, m)
	var b strings.Builder
	if err := WriteMarkdown(&b, rs, m, vs, "bench.png"); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"8 CPUs", "go1.26.8", "Neo4j 5.26", "1,200,000 nodes", "3,400,000 relationships",
		"## Concurrency 1", "## Concurrency 16",
		"| node lookup | 0.80 ms | 1.60 ms | 2.40 ms | 1.20 ms | 2.40 ms | 3.60 ms | 1.50× | +0.40 ms |",
		"| import | — | — | — | — | — | — | — | — | 80,000 rows/s | — | — |", "| 1.00 | 7,596 |", "| audit B/request |", "Errors: node lookup raw: 3 of 100",
		"❌ missed", "✅ met", "| server peak memory | < 200 MB | 250.0 MB | ❌ missed |",
		"![p50 and p95 per family, api vs raw](bench.png)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	for _, f := range families(rs) {
		if !strings.Contains(md, "| "+f+" |") {
			t.Errorf("markdown lacks a row for %q", f)
		}
	}
	for _, v := range vs {
		if !strings.Contains(md, "| "+v.Check+" |") {
			t.Errorf("markdown lacks verdict %q", v.Check)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Log(md)
	}
}

// withPeer adds the side-by-side's rows to sample(): the peer at 10 ms
// (100/s) on the nested query and at 5 ms (200/s) on the filtered list.
func withPeer() []Result {
	rs := sample()
	for _, c := range []int{1, 16} {
		rs = append(rs,
			Result{Family: FamilyNested, Mode: ModePeer, Concurrency: c, Requests: 100, P50: msd(10), P95: msd(20), P99: msd(30), Throughput: 100},
			Result{Family: FamilyFilteredList, Mode: ModePeer, Concurrency: c, Requests: 100, P50: msd(5), P95: msd(10), P99: msd(15), Throughput: 200})
	}
	return rs
}

func TestWriteMarkdownPeer(t *testing.T) {
	rs := withPeer()
	rs[len(rs)-1].Errors = 2 // the filtered list's peer row at c=16
	m := sampleMachine()
	m.Peer = "@neo4j/graphql 7.6.3"
	m.PeerAnswers = []string{"nested query 3 levels: the same data for 5 of 5 ids"}
	vs := Evaluate(rs, m)
	var b strings.Builder
	if err := WriteMarkdown(&b, rs, m, vs, ""); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"- Peer: @neo4j/graphql 7.6.3 (bench/peer), on the same Neo4j and data",
		"## Side by side with @neo4j/graphql 7.6.3",
		"| family | clients | peer p50 | peer p95 | peer throughput | api p50 | api p95 | api throughput | api/peer throughput |",
		// api nested: 7 ms, 14 ms, 1000/7 = 142.9/s; over the peer's 100/s
		"| nested query 3 levels | 1 | 10.00 ms | 20.00 ms | 100.0/s | 7.00 ms | 14.00 ms | 142.9/s | 1.43× |",
		"| nested query 3 levels | 16 | 10.00 ms | 20.00 ms | 100.0/s | 7.00 ms | 14.00 ms | 142.9/s | 1.43× |",
		// api list: 3.5 ms, 7 ms, 285.7/s; over the peer's 200/s
		"| filtered list page | 1 | 5.00 ms | 10.00 ms | 200.0/s | 3.50 ms | 7.00 ms | 285.7/s | 1.43× |",
		"Errors: filtered list page peer (c=16): 2 of 100.",
		"- nested query 3 levels: the same data for 5 of 5 ids",
		"| nested query 3 levels api/peer throughput (c=1) | ≥ 1.50× | 1.43× (142.9/s vs 100.0/s) | ❌ missed |",
		// the tables of api and raw are as without the peer
		"| node lookup | 0.80 ms | 1.60 ms | 2.40 ms | 1.20 ms | 2.40 ms | 3.60 ms | 1.50× | +0.40 ms |",
		"| nested query 3 levels | 6.00 ms | 12.00 ms | 18.00 ms | 7.00 ms | 14.00 ms | 21.00 ms | 1.17× |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// The side-by-side comes after the concurrency tables and before
	// the targets, and has one row per family and concurrency measured.
	side := strings.Index(md, "## Side by side")
	if side < strings.Index(md, "## Concurrency 16") || side > strings.Index(md, "## Targets") {
		t.Errorf("the side-by-side is out of place:\n%s", md)
	}
	if n := strings.Count(md[side:strings.Index(md, "## Targets")], "\n| nested query 3 levels | "); n != 2 {
		t.Errorf("side-by-side has %d nested rows, want 2", n)
	}
	if t.Failed() || testing.Verbose() {
		t.Log(md)
	}
}

// Without peer rows, the report says nothing of a peer.
func TestWriteMarkdownWithoutPeer(t *testing.T) {
	var b strings.Builder
	if err := WriteMarkdown(&b, sample(), sampleMachine(), Evaluate(sample(), sampleMachine()), ""); err != nil {
		t.Fatal(err)
	}
	for _, unwanted := range []string{"Side by side", "peer", "Peer"} {
		if strings.Contains(b.String(), unwanted) {
			t.Errorf("markdown without a peer mentions %q", unwanted)
		}
	}
}
