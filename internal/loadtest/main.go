// Command loadtest puts the API under load on loopback, as in production
// (API keys, audit log on), and reports latency percentiles, errors, the
// server's memory and goroutines. With -fault it stops the test Neo4j in
// the middle of the run and starts it again, and checks that requests
// meanwhile fail cleanly with UNAVAILABLE, that the server does not crash
// or leak goroutines, and how soon after Neo4j's return it serves again.
//
// `make loadtest` runs it against the test Neo4j (never the `make run`
// one); it empties that database and loads the demo case.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/server"
)

// queries are the mixed workload: what an investigator's session does.
var queries = map[string]string{
	"network":      `query Network { recruiters(first: 5) { edges { node { name identifiers { kind value } recruited { date victim { name heldAt { compound { name country { code } } } } } } } } }`,
	"search":       `query Search { search(text: "pham duc thang") { hits { node { id } score matchedOn } } }`,
	"neighborhood": `query Chart { neighborhood(id: "person:DEMO-KH-2025-001:R01", depth: 2, limit: 200) { truncated nodes { id type label } edges { id type source target } } }`,
	"paths":        `query Paths { paths(from: "person:DEMO-KH-2025-001:R01", to: "person:DEMO-KH-2025-001:R04", maxHops: 4) { hops nodes { id } } }`,
	"moneyTrail":   `query Trail { moneyTrail(from: "person:DEMO-KH-2025-001:V03", maxHops: 6) { enteredUsd restingAccounts { id } truncated } }`,
	"victims":      `query Victims { victims(first: 20, filter: {caseId: "DEMO-KH-2025-001"}) { totalCount edges { node { name status } } } }`,
	"node":         `query Node { node(id: "person:DEMO-KH-2025-001:V03") { ... on Person { name roles caseIds } } }`,
}

func main() {
	duration := flag.Duration("duration", 60*time.Second, "how long to attack")
	clients := flag.Int("clients", 64, "concurrent clients")
	fault := flag.Bool("fault", false, "stop the test Neo4j during the run and start it again")
	stopCmd := flag.String("stop-cmd", "make -s neo4j-test-stop", "command that stops the test Neo4j (-fault)")
	startCmd := flag.String("start-cmd", "make -s neo4j-test", "command that starts the test Neo4j and waits for it (-fault)")
	flag.Parse()
	if err := run(*duration, *clients, *fault, *stopCmd, *startCmd); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(duration time.Duration, clients int, fault bool, stopCmd, startCmd string) error {
	ctx := context.Background()
	uri := os.Getenv("NEO4J_TEST_URI")
	if uri == "" {
		uri = "bolt://127.0.0.1:17687"
	}
	pw := os.Getenv("NEO4J_PASSWORD")
	if pw == "" {
		pw = "scamgraph-dev"
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	store, err := neo4jstore.Open(neo4jstore.Config{URI: uri, User: "neo4j", Password: pw, Database: "neo4j", TxTimeout: 15 * time.Second}, nil)
	if err != nil {
		return err
	}
	defer store.Close(ctx)
	if err := store.DeleteEverything(ctx); err != nil {
		return fmt.Errorf("emptying the test database at %s: %w", uri, err)
	}
	if err := store.Bootstrap(ctx); err != nil {
		return err
	}
	if _, err := demo.Load(ctx, store); err != nil {
		return err
	}

	dir, err := os.MkdirTemp("", "scamgraph-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	keysFile := filepath.Join(dir, "keys.jsonl")
	keys, err := auth.WriteKeysFile(keysFile, []auth.KeyEntry{{ID: "loadtest-analyst", Role: auth.RoleAnalyst, AllCases: true}})
	if err != nil {
		return err
	}
	key := keys["loadtest-analyst"]
	authn, err := auth.New(auth.Config{KeysFile: keysFile})
	if err != nil {
		return err
	}
	auditDir := filepath.Join(dir, "audit")
	auditLog, err := audit.Open(auditDir, audit.Options{HMACKey: bytes.Repeat([]byte{7}, 32), SyncEvery: 100 * time.Millisecond, Logger: logger})
	if err != nil {
		return err
	}
	defer auditLog.Close()
	ready := &server.Readiness{}
	go ready.Run(ctx, logger, server.Prepare(store, nil))
	// One principal makes every request here, so the per-principal rate
	// limit (tested on its own) is set out of the way.
	h := server.New(store, ready, server.NewMetrics(), logger, server.Options{Auth: authn, Audit: auditLog, AuditDir: auditDir,
		RateLimiter: server.NewRateLimiter(1e6, 1e6, 0)})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/graphql"

	var targets []vegeta.Target
	names := []string{}
	for name, q := range queries {
		body, _ := json.Marshal(map[string]any{"query": q})
		// The operation's name rides in the URL (the server ignores it) so
		// that results can be told apart per query.
		targets = append(targets, vegeta.Target{Method: "POST", URL: url + "?op=" + name, Body: body,
			Header: http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + key}}})
		names = append(names, name)
	}
	// Warm up (Neo4j plans its queries on first use): every query 20
	// times, and each must answer without error.
	for round := 0; round < 20; round++ {
		for i, t := range targets {
			if code, body := post(t); code != 200 || bytes.Contains(body, []byte(`"errors"`)) {
				return fmt.Errorf("warm-up %s: %d %s", names[i], code, body)
			}
		}
	}
	runtime.GC()
	goroutinesBefore := runtime.NumGoroutine()

	var peakHeap, peakSys atomic.Uint64
	stopSampling := make(chan struct{})
	var sampling sync.WaitGroup
	sampling.Add(1)
	go func() {
		defer sampling.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
			if ms.Sys > peakSys.Load() {
				peakSys.Store(ms.Sys)
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()

	var faultLog []string
	var outageStart, outageEnd atomic.Int64 // unix nanos
	var faulting sync.WaitGroup
	if fault {
		faulting.Add(1)
		go func() {
			defer faulting.Done()
			time.Sleep(duration / 4)
			outageStart.Store(time.Now().UnixNano())
			faultLog = append(faultLog, shell(stopCmd))
			time.Sleep(duration / 6)
			faultLog = append(faultLog, shell(startCmd))
			outageEnd.Store(time.Now().UnixNano())
		}()
	}

	attacker := vegeta.NewAttacker(vegeta.Workers(uint64(clients)), vegeta.MaxWorkers(uint64(clients)),
		vegeta.Connections(clients), vegeta.Timeout(30*time.Second), vegeta.KeepAlive(true))
	var metrics vegeta.Metrics
	perOp := map[string]*vegeta.Metrics{}
	codes := map[string]int{}
	var firstOKAfterReturn time.Time
	var firstOK atomic.Int64
	var badBodies []string
	// With a fault the attack goes on until the server has answered well
	// for 10 s after Neo4j's return (a restart on two busy cores can take
	// longer than the planned duration), but at most 10 minutes.
	attackStart := time.Now()
	go func() {
		deadline := attackStart.Add(10 * time.Minute)
		for time.Now().Before(deadline) {
			time.Sleep(250 * time.Millisecond)
			if time.Since(attackStart) < duration {
				continue
			}
			if !fault {
				break
			}
			if ok := firstOK.Load(); ok != 0 && time.Since(time.Unix(0, ok)) > 10*time.Second {
				break
			}
		}
		attacker.Stop()
	}()
	for res := range attacker.Attack(vegeta.NewStaticTargeter(targets...), vegeta.Rate{Freq: 0}, 0, "mixed") {
		metrics.Add(res)
		op := res.URL[strings.Index(res.URL, "?op=")+4:]
		if perOp[op] == nil {
			perOp[op] = &vegeta.Metrics{}
		}
		perOp[op].Add(res)
		code := errorCode(res)
		codes[code]++
		end := outageEnd.Load()
		if code == "ok" && end != 0 && firstOKAfterReturn.IsZero() && res.Timestamp.UnixNano() > end {
			firstOKAfterReturn = res.Timestamp
			firstOK.Store(res.Timestamp.UnixNano())
		}
		if code == "other" && len(badBodies) < 3 {
			badBodies = append(badBodies, fmt.Sprintf("%d %s", res.Code, res.Body))
		}
	}
	metrics.Close()
	faulting.Wait()
	close(stopSampling)
	sampling.Wait()
	srv.SetKeepAlivesEnabled(false)
	time.Sleep(2 * time.Second) // idle connections close
	runtime.GC()
	goroutinesAfter := runtime.NumGoroutine()

	fmt.Printf("scamgraph load test: %d clients, %v, mixed queries (%s), API keys and audit on, Neo4j at %s\n",
		clients, metrics.Duration.Round(time.Second), strings.Join(names, ", "), uri)
	fmt.Printf("requests %d, throughput %.1f/s, success %.2f%%\n", metrics.Requests, metrics.Throughput, metrics.Success*100)
	fmt.Printf("latency p50 %v, p95 %v, p99 %v, max %v\n", metrics.Latencies.P50.Round(time.Microsecond),
		metrics.Latencies.P95.Round(time.Microsecond), metrics.Latencies.P99.Round(time.Microsecond), metrics.Latencies.Max.Round(time.Millisecond))
	fmt.Printf("outcomes %v\n", codes)
	for _, name := range names {
		if m := perOp[name]; m != nil {
			m.Close()
			fmt.Printf("  %-13s %6d requests, p50 %v, p95 %v, p99 %v\n", name, m.Requests, m.Latencies.P50.Round(time.Millisecond),
				m.Latencies.P95.Round(time.Millisecond), m.Latencies.P99.Round(time.Millisecond))
		}
	}
	fmt.Printf("server memory: peak heap in use %.1f MB, peak from OS %.1f MB; goroutines %d before, %d after\n",
		float64(peakHeap.Load())/1e6, float64(peakSys.Load())/1e6, goroutinesBefore, goroutinesAfter)
	for _, b := range badBodies {
		fmt.Println("unexpected answer:", b)
	}
	var failures []string
	if fault {
		for _, l := range faultLog {
			fmt.Println(l)
		}
		if !firstOKAfterReturn.IsZero() {
			fmt.Printf("Neo4j stopped at +%v, back at +%v; first good answer %v after its return\n",
				time.Duration(outageStart.Load()-metrics.Earliest.UnixNano()).Round(time.Millisecond),
				time.Duration(outageEnd.Load()-metrics.Earliest.UnixNano()).Round(time.Millisecond),
				firstOKAfterReturn.Sub(time.Unix(0, outageEnd.Load())).Round(time.Millisecond))
		} else {
			failures = append(failures, "no good answer after Neo4j came back")
		}
		if codes["UNAVAILABLE"] == 0 {
			failures = append(failures, "no UNAVAILABLE during the outage")
		}
	} else if codes["ok"] != int(metrics.Requests) {
		failures = append(failures, "errors under load")
	}
	if codes["other"] > 0 {
		failures = append(failures, "answers that are neither data nor a clean error")
	}
	if goroutinesAfter > goroutinesBefore+10 {
		failures = append(failures, fmt.Sprintf("goroutines grew from %d to %d", goroutinesBefore, goroutinesAfter))
	}
	// The server must still answer after the run.
	for i, t := range targets {
		if code, body := post(t); code != 200 || bytes.Contains(body, []byte(`"errors"`)) {
			failures = append(failures, fmt.Sprintf("after the run, %s: %d %s", names[i], code, body))
		}
	}
	if len(failures) > 0 {
		return fmt.Errorf("%s", strings.Join(failures, "; "))
	}
	fmt.Println("PASS")
	return nil
}

// errorCode sorts an answer: ok, a clean GraphQL error by its code, or other.
func errorCode(res *vegeta.Result) string {
	if res.Code != 200 {
		return "other"
	}
	var body struct {
		Data   any `json:"data"`
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(res.Body, &body) != nil {
		return "other"
	}
	if len(body.Errors) == 0 {
		return "ok"
	}
	if c := body.Errors[0].Extensions.Code; c != "" {
		return c
	}
	return "other"
}

func post(t vegeta.Target) (int, []byte) {
	req, _ := http.NewRequest(t.Method, t.URL, bytes.NewReader(t.Body))
	req.Header = t.Header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func shell(cmd string) string {
	start := time.Now()
	out, err := exec.Command("bash", "-c", cmd).CombinedOutput()
	return fmt.Sprintf("$ %s (%v, err %v)\n%s", cmd, time.Since(start).Round(time.Millisecond), err, strings.TrimSpace(string(out)))
}
