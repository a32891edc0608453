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
