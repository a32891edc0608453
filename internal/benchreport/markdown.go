package benchreport

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteMarkdown writes the report: where it was measured, one table per
// concurrency putting raw and api side by side, the verdicts, and a link
// to the chart. chartFile is written into the link as given, so it should
// be relative to where the markdown will live; "" leaves the link out.
func WriteMarkdown(w io.Writer, results []Result, m Machine, verdicts []Verdict, chartFile string) error {
	b := bufio.NewWriter(w)
	writeHeading(b, m)
	for _, c := range concurrencies(results) {
		writeTable(b, results, c)
	}
	writePeer(b, results, m)
	writeVerdicts(b, verdicts)
	if chartFile != "" {
		fmt.Fprintf(b, "## Chart\n\n![p50 and p95 per family, api vs raw](%s)\n", chartFile)
	}
	return b.Flush()
}

// writeHeading says on what the numbers were measured and on how much
// data, since latencies of graph queries mean little without either.
func writeHeading(b *bufio.Writer, m Machine) {
	fmt.Fprintf(b, "# Benchmark report")
	if !m.Date.IsZero() {
		fmt.Fprintf(b, " — %s", m.Date.Format("2006-01-02 15:04 MST"))
	}
	fmt.Fprintf(b, "\n\n")
	fmt.Fprintf(b, "- Machine: %d CPUs, %.1f GB memory, %s\n", m.CPUs, m.MemoryGB, orDash(m.OS))
	fmt.Fprintf(b, "- Versions: Go %s, Neo4j %s\n", orDash(m.GoVersion), orDash(m.Neo4jVersion))
	fmt.Fprintf(b, "- Data: scale %s, %s nodes, %s relationships\n",
		orDash(m.Scale), thousands(float64(m.Nodes)), thousands(float64(m.Relationships)))
	if m.PeakServerMemoryMB > 0 {
		fmt.Fprintf(b, "- Server peak memory: %.1f MB\n", m.PeakServerMemoryMB)
	}
	if m.Peer != "" {
		fmt.Fprintf(b, "- Peer: %s (bench/peer), on the same Neo4j and data\n", m.Peer)
	}
	fmt.Fprintf(b, "\n")
}

// writePeer writes the side-by-side with the peer GraphQL server, one row
// per family and concurrency it was measured at: its latencies and
// throughput beside the API's, and the API's throughput over the peer's
// (above 1: the API answers more requests per second). Nothing is written
// when the peer was not measured.
func writePeer(b *bufio.Writer, results []Result, m Machine) {
	var rows []string
	var failed []string
	for _, f := range families(results) {
		for _, c := range concurrencies(results) {
			p, ok := find(results, f, ModePeer, c)
			if !ok {
				continue
			}
			api, hasAPI := find(results, f, ModeAPI, c)
			cells := []string{escape(f), fmt.Sprint(c)}
			cells = append(cells, percentiles(p, true)[:2]...)
			cells = append(cells, fmt.Sprintf("%.1f/s", p.Throughput))
			apiP, apiRate, ratio := []string{"—", "—"}, "—", "—"
			if hasAPI {
				apiP = percentiles(api, true)[:2]
				apiRate = fmt.Sprintf("%.1f/s", api.Throughput)
				if p.Throughput > 0 {
					ratio = fmt.Sprintf("%.2f×", api.Throughput/p.Throughput)
				}
			}
			cells = append(cells, apiP...)
			cells = append(cells, apiRate, ratio)
			rows = append(rows, "| "+strings.Join(cells, " | ")+" |")
			if p.Errors > 0 {
				failed = append(failed, fmt.Sprintf("%s peer (c=%d): %d of %d", escape(f), c, p.Errors, p.Requests))
			}
		}
	}
	if len(rows) == 0 {
		return
	}
	name := m.Peer
	if name == "" {
		name = "the peer"
	}
	fmt.Fprintf(b, "## Side by side with %s\n\n", name)
	fmt.Fprintf(b, "The same answer through %s on the same Neo4j (bench/peer); api/peer throughput above 1 means the API answers more requests per second.\n\n", name)
	fmt.Fprintf(b, "| family | clients | peer p50 | peer p95 | peer throughput | api p50 | api p95 | api throughput | api/peer throughput |\n")
	fmt.Fprintf(b, "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rows {
		fmt.Fprintln(b, r)
	}
	if len(failed) > 0 {
		fmt.Fprintf(b, "\nErrors: %s.\n", strings.Join(failed, "; "))
	}
	if len(m.PeerAnswers) > 0 {
		fmt.Fprintf(b, "\nSame data, checked before measuring:\n\n")
		for _, a := range m.PeerAnswers {
			fmt.Fprintf(b, "- %s\n", a)
		}
	}
	fmt.Fprintf(b, "\n")
}

// writeTable writes one concurrency's numbers, one row per family. Cells
// that were not measured show "—" rather than a zero that looks real.
func writeTable(b *bufio.Writer, results []Result, c int) {
	fmt.Fprintf(b, "## Concurrency %d\n\n", c)
	fmt.Fprintf(b, "| family | raw p50 | raw p95 | raw p99 | api p50 | api p95 | api p99 | ratio p50 | added p50 | api throughput | round trips | audit B/request |\n")
	fmt.Fprintf(b, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	var failed []string
	for _, f := range families(results) {
		raw, hasRaw := find(results, f, ModeRaw, c)
		api, hasAPI := find(results, f, ModeAPI, c)
		if !hasRaw && !hasAPI {
			continue
		}
		cells := []string{escape(f)}
		cells = append(cells, percentiles(raw, hasRaw)...)
		cells = append(cells, percentiles(api, hasAPI)...)
		ratio, added := "—", "—"
		if hasRaw && hasAPI && raw.P50 > 0 && api.P50 > 0 {
			ratio = fmt.Sprintf("%.2f×", float64(api.P50)/float64(raw.P50))
			added = fmt.Sprintf("%+.2f ms", msf(api.P50-raw.P50))
		}
		rate, trips, auditBytes := "—", "—", "—"
		if hasAPI {
			rate = fmt.Sprintf("%.1f/s", api.Throughput)
			if f == DefaultTarget.ImportFamily {
				rate = thousands(api.Throughput) + " rows/s"
			}
			// 0 is the importer's row or an unmeasured one: every
			// GraphQL request reaches Neo4j at least once.
			if api.RoundTripsPerRequest > 0 {
				trips = fmt.Sprintf("%.2f", api.RoundTripsPerRequest)
			}
			// What the audit log grew by per request: mostly the
			// victim ids the request read.
			if api.AuditBytesPerRequest > 0 {
				auditBytes = thousands(api.AuditBytesPerRequest)
			}
		}
		cells = append(cells, ratio, added, rate, trips, auditBytes)
		fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
		for _, r := range []Result{raw, api} {
			if r.Errors > 0 {
				failed = append(failed, fmt.Sprintf("%s %s: %d of %d", escape(f), r.Mode, r.Errors, r.Requests))
			}
		}
	}
	// Latencies of failed requests are not latencies of the work; say so
	// next to the numbers they taint.
	if len(failed) > 0 {
		fmt.Fprintf(b, "\nErrors: %s.\n", strings.Join(failed, "; "))
	}
	fmt.Fprintf(b, "\n")
}

// writeVerdicts writes the targets with a word beside each symbol, so the
// table reads the same where emoji do not render and can be grepped.
func writeVerdicts(b *bufio.Writer, verdicts []Verdict) {
	met := 0
	for _, v := range verdicts {
		if v.Met {
			met++
		}
	}
	fmt.Fprintf(b, "## Targets\n\n%d of %d met.\n\n", met, len(verdicts))
	fmt.Fprintf(b, "| check | want | got | result |\n|---|---|---|---|\n")
	for _, v := range verdicts {
		result := "❌ missed"
		if v.Met {
			result = "✅ met"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", escape(v.Check), escape(v.Want), escape(v.Got), result)
	}
	fmt.Fprintf(b, "\n")
}

// percentiles returns the p50, p95 and p99 cells of one row; a zero is
// a percentile the benchmark did not measure (an import reporting only
// rows/s), not an instant answer.
func percentiles(r Result, ok bool) []string {
	out := make([]string, 0, 3)
	for _, d := range []time.Duration{r.P50, r.P95, r.P99} {
		if !ok || d <= 0 {
			out = append(out, "—")
		} else {
			out = append(out, ms(d))
		}
	}
	return out
}

// escape keeps a pipe in a name from splitting a table cell.
func escape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
