package benchreport

import (
	"strings"
	"testing"
	"time"
)

func msd(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }

// pair is one family measured both ways at one concurrency.
func pair(family string, c int, raw, api float64) []Result {
	return []Result{
		{Family: family, Mode: ModeRaw, Concurrency: c, Requests: 100, P50: msd(raw), P95: msd(raw * 2), P99: msd(raw * 3), Throughput: 1000 / raw},
		{Family: family, Mode: ModeAPI, Concurrency: c, Requests: 100, P50: msd(api), P95: msd(api * 2), P99: msd(api * 3), Throughput: 1000 / api, RoundTripsPerRequest: 1},
	}
}

// sample is a full benchmark: every family at concurrency 1 and 16, the
// import only through the importer.
func sample() []Result {
	var rs []Result
	for _, c := range []int{1, 16} {
		rs = append(rs, pair(FamilyNodeLookup, c, 0.8, 1.2)...)
		rs = append(rs, pair(FamilyFilteredList, c, 3, 3.5)...)
		rs = append(rs, pair(FamilyNested, c, 6, 7)...)
		rs = append(rs, pair(FamilyNeighborhood, c, 12, 14)...)
		rs = append(rs, pair(FamilyShortestPath, c, 30, 35)...)
		rs = append(rs, pair(FamilyMoneyTrail, c, 20, 24)...)
		rs = append(rs, pair(FamilySearch, c, 4, 4.6)...)
		// Judged by its latency alone: four times its blocking lookup is
		// no miss.
		rs = append(rs, pair(FamilyResolution, c, 100, 400)...)
		rs = append(rs, Result{Family: FamilyImport, Mode: ModeAPI, Concurrency: c, Requests: 1, Throughput: 80000})
	}
	return rs
}

func sampleMachine() Machine {
	return Machine{CPUs: 8, MemoryGB: 32, OS: "linux/amd64", GoVersion: "go1.26.8", Neo4jVersion: "5.26",
		Scale: "medium", Nodes: 1_200_000, Relationships: 3_400_000, PeakServerMemoryMB: 120,
		Date: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func verdict(t *testing.T, vs []Verdict, check string) Verdict {
	t.Helper()
	for _, v := range vs {
		if v.Check == check {
			return v
		}
	}
	t.Fatalf("no verdict %q in %+v", check, vs)
	return Verdict{}
}

func TestOverheadRule(t *testing.T) {
	cases := []struct {
		raw, api float64
		check    string
		met      bool
	}{
		{6, 7.5, "x api/raw p50 (c=16)", true},   // 1.25×
		{6, 8, "x api/raw p50 (c=16)", false},    // 1.33×
		{2, 2.9, "x api added p50 (c=16)", true}, // +0.9 ms
		{2, 3.1, "x api added p50 (c=16)", false},
		{5, 5.9, "x api added p50 (c=16)", true}, // 5 ms is not above 5 ms
	}
	for _, tc := range cases {
		v := verdict(t, Evaluate(pair("x", 16, tc.raw, tc.api), sampleMachine()), tc.check)
		if v.Met != tc.met {
			t.Errorf("raw %v api %v: met = %v, want %v (%+v)", tc.raw, tc.api, v.Met, tc.met, v)
		}
	}
}

func TestOverheadAtEachConcurrency(t *testing.T) {
	rs := append(pair("x", 1, 6, 7), pair("x", 16, 6, 9)...)
	vs := Evaluate(rs, sampleMachine())
	if !verdict(t, vs, "x api/raw p50 (c=1)").Met || verdict(t, vs, "x api/raw p50 (c=16)").Met {
		t.Errorf("want c=1 met and c=16 missed: %+v", vs)
	}
}

func TestFixedTargets(t *testing.T) {
	vs := Evaluate(sample(), sampleMachine())
	for _, check := range []string{
		"neighborhood depth 2 api p95 (c=1)", "neighborhood depth 2 api p95 (c=16)",
		"shortest path api p95 (c=16)", "import throughput (c=16)", "server peak memory",
	} {
		if v := verdict(t, vs, check); !v.Met {
			t.Errorf("%s missed: %+v", check, v)
		}
	}
	for _, v := range vs {
		if !v.Met {
			t.Errorf("sample should meet every target: %+v", v)
		}
		if strings.HasPrefix(v.Check, FamilyImport+" api") {
			t.Errorf("import without a raw row got an overhead verdict: %+v", v)
		}
	}

	rs := sample()
	for i := range rs {
		switch {
		case rs[i].Family == FamilyNeighborhood && rs[i].Mode == ModeAPI:
			rs[i].P95 = 50 * time.Millisecond // the target is strictly below
		case rs[i].Family == FamilyShortestPath && rs[i].Mode == ModeAPI:
			rs[i].P95 = 120 * time.Millisecond
		case rs[i].Family == FamilyImport:
			rs[i].Throughput = 49999
		}
	}
	m := sampleMachine()
	m.PeakServerMemoryMB = 200
	vs = Evaluate(rs, m)
	for _, check := range []string{
		"neighborhood depth 2 api p95 (c=16)", "shortest path api p95 (c=1)",
		"import throughput (c=1)", "server peak memory",
	} {
		if v := verdict(t, vs, check); v.Met {
			t.Errorf("%s met: %+v", check, v)
		}
	}
}

// A benchmark that lost a measurement must not pass for it.
func TestMissingMeasurementsMiss(t *testing.T) {
	rs := []Result{{Family: FamilySearch, Mode: ModeAPI, Concurrency: 16, P50: msd(1)}}
	vs := Evaluate(rs, Machine{})
	for _, check := range []string{
		"search api overhead p50 (c=16)", "neighborhood depth 2 api p95",
		"shortest path api p95", "import throughput", "server peak memory",
	} {
		if v := verdict(t, vs, check); v.Met {
			t.Errorf("%s met without a measurement: %+v", check, v)
		}
	}
}

func TestImportWithRawRow(t *testing.T) {
	rs := []Result{
		{Family: FamilyImport, Mode: ModeAPI, Concurrency: 1, Throughput: 60000},
		{Family: FamilyImport, Mode: ModeRaw, Concurrency: 1, Throughput: 90000},
	}
	vs := Evaluate(rs, sampleMachine())
	if !verdict(t, vs, "import throughput (c=1)").Met {
		t.Errorf("import at 60,000 rows/s missed: %+v", vs)
	}
	for _, v := range vs {
		if strings.Contains(v.Check, "overhead") || strings.Contains(v.Check, "p50") {
			t.Errorf("import without latencies got a latency verdict: %+v", v)
		}
	}
}

func TestPeerTarget(t *testing.T) {
	rs := withPeer()
	vs := Evaluate(rs, sampleMachine())
	for _, c := range []string{"1", "16"} {
		v := verdict(t, vs, "nested query 3 levels api/peer throughput (c="+c+")")
		if v.Met || v.Want != "≥ 1.50×" || !strings.HasPrefix(v.Got, "1.43×") {
			t.Errorf("c=%s: %+v, want missed at 1.43×", c, v)
		}
	}
	// 1.5 times the peer's throughput meets it.
	for i := range rs {
		if rs[i].Family == FamilyNested && rs[i].Mode == ModePeer {
			rs[i].Throughput = 1000.0 / 7 / 1.5
		}
	}
	for _, v := range Evaluate(rs, sampleMachine()) {
		if strings.Contains(v.Check, "api/peer") && !v.Met {
			t.Errorf("at 1.5× the peer: %+v", v)
		}
	}
	// Only the target's family is judged, and nothing without the peer.
	for _, v := range vs {
		if strings.Contains(v.Check, FamilyFilteredList+" api/peer") {
			t.Errorf("unexpected verdict %+v", v)
		}
	}
	for _, v := range Evaluate(sample(), sampleMachine()) {
		if strings.Contains(v.Check, "peer") {
			t.Errorf("verdict %+v without a peer measured", v)
		}
	}
}
