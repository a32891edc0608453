// Command bench measures scamgraph against hand-written Cypher on the
// seeded network (`make seed`, then `make bench`). The API runs as in
// production, as its own process (bin/scamgraph serve) with API keys and
// the audit log on; for each operation family it measures latency
// percentiles and throughput at concurrency 1 and 16 through GraphQL over
// HTTP, then the same work as one hand-written Cypher statement through
// the Go driver, and reports the ratio, the Neo4j round trips per GraphQL
// request (from the server's /metrics) and the server's peak memory (its
// peak resident set, from /proc). It writes bench/REPORT.md and
// bench/latency.png.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/internal/benchreport"
	"github.com/scamgraph/scamgraph/synthetic"
)

// family is one operation measured both ways. Its api and raw functions
// take a random source (one per worker) and do one request.
type family struct {
	name string
	api  func(r *rand.Rand) (string, map[string]any)
	raw  func(r *rand.Rand) (string, map[string]any)
}

// sample holds ids drawn from the seeded network once, so that requests
// touch the whole graph rather than one hot node.
type sample struct {
	victims, accounts, cases []string
	names                    []string
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

// pickTwo draws two different ids (a shortest path from a node to itself
// is an error in Cypher).
func pickTwo(r *rand.Rand, s []string) (string, string) {
	a := r.IntN(len(s))
	b := (a + 1 + r.IntN(len(s)-1)) % len(s)
	return s[a], s[b]
}

// The API's queries of the two families the peer answers too (peer.go).
const (
	listQuery   = `query($c: ID!) { victims(first: 20, filter: {caseId: $c, nameContains: "9"}) { edges { node { id name status } } } }`
	nestedQuery = `query($id: ID!) { node(id: $id) { ... on Person { asVictim { recruitedBy { recruiter { name recruited { victim { name heldAt { compound { name } } } } } } } } } }`
	// 20 recruiters of a case in NAME order, the victims each recruited,
	// where each was held, that compound's country.
	nestedListQuery = `query($c: ID!) { recruiters(first: 20, filter: {caseId: $c}) { edges { node { name recruited { victim { name heldAt { compound { name country { code } } } } } } } } }`
)

func families(s sample) []family {
	return []family{
		{benchreport.FamilyNodeLookup,
			func(r *rand.Rand) (string, map[string]any) {
				return `query($id: ID!) { node(id: $id) { id ... on Person { name birthDate roles } } }`, map[string]any{"id": pick(r, s.victims)}
			},
			func(r *rand.Rand) (string, map[string]any) {
				return `MATCH (n:Entity {id: $id}) RETURN n`, map[string]any{"id": pick(r, s.victims)}
			}},
		{benchreport.FamilyFilteredList,
			func(r *rand.Rand) (string, map[string]any) {
				return listQuery, map[string]any{"c": pick(r, s.cases)}
			},
			func(r *rand.Rand) (string, map[string]any) {
				return `MATCH (n:Victim) WHERE $c IN n.sources AND toLower(n.name) CONTAINS '9' RETURN n ORDER BY toLower(n.name), n.id LIMIT 21`, map[string]any{"c": pick(r, s.cases)}
			}},
		{benchreport.FamilyNested,
			func(r *rand.Rand) (string, map[string]any) {
				return nestedQuery, map[string]any{"id": pick(r, s.victims)}
			},
			func(r *rand.Rand) (string, map[string]any) {
				return `MATCH (v:Entity {id: $id})<-[:RECRUITED]-(rec:Recruiter)
OPTIONAL MATCH (rec)-[:RECRUITED]->(o:Victim)
OPTIONAL MATCH (o)-[:HELD_AT]->(c:Compound)
RETURN rec.name, collect({victim: o.name, compound: c.name})[..1000]`, map[string]any{"id": pick(r, s.victims)}
			}},
		{benchreport.FamilyNestedList,
			func(r *rand.Rand) (string, map[string]any) {
				return nestedListQuery, map[string]any{"c": pick(r, s.cases)}
			},
			func(r *rand.Rand) (string, map[string]any) {
				return `MATCH (rec:Recruiter) WHERE $c IN rec.sources
WITH rec ORDER BY rec.sortName, rec.id LIMIT 20
OPTIONAL MATCH (rec)-[:RECRUITED]->(o:Victim)
OPTIONAL MATCH (o)-[:HELD_AT]->(c:Compound)
OPTIONAL MATCH (c)-[:LOCATED_IN]->(k:Country)
RETURN rec.name, collect({victim: o.name, compound: c.name, country: k.code})[..1000]`, map[string]any{"c": pick(r, s.cases)}
			}},
		{benchreport.FamilyNeighborhood,
			func(r *rand.Rand) (string, map[string]any) {
				return `query($id: ID!) { neighborhood(id: $id, depth: 2, limit: 500) { truncated nodes { id type label } edges { id type source target } } }`,
					map[string]any{"id": pick(r, s.accounts)}
			},
			func(r *rand.Rand) (string, map[string]any) {
				return `MATCH (n:Entity {id: $id})-[r1]-(m) WITH n, r1, m LIMIT 500
OPTIONAL MATCH (m)-[r2]-(o) WHERE NOT m:Country
WITH n, r1, m, r2, o LIMIT 500
RETURN n, r1, m, r2, o`, map[string]any{"id": pick(r, s.accounts)}
			}},
		{benchreport.FamilyShortestPath,
			func(r *rand.Rand) (string, map[string]any) {
				a, b := pickTwo(r, s.accounts)
				return `query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 6, first: 10) { hops nodes { id } edges { id type } } }`,
					map[string]any{"a": a, "b": b}
			},
			func(r *rand.Rand) (string, map[string]any) {
				a, b := pickTwo(r, s.accounts)
				return `MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
MATCH p = allShortestPaths((a)-[:RECRUITED|HELD_AT|HOLDS|TRANSFERRED|PAID|USES|MEMBER_OF|OPERATED_BY|RECRUITS_FOR|RELOCATED_TO*..6]-(b))
RETURN p LIMIT 10`, map[string]any{"a": a, "b": b}
			}},
		{benchreport.FamilyMoneyTrail,
			func(r *rand.Rand) (string, map[string]any) {
				return `query($id: ID!) { moneyTrail(from: $id, direction: OUT, maxHops: 4, timeOrdered: false, first: 100) { truncated enteredUsd paths { hops { id amount } } } }`,
					map[string]any{"id": pick(r, s.accounts)}
			},
			func(r *rand.Rand) (string, map[string]any) {
				return `MATCH p = (a:BankAccount {id: $id})-[:TRANSFERRED*1..4]->(b:BankAccount) RETURN p LIMIT 100`, map[string]any{"id": pick(r, s.accounts)}
			}},
		// The candidates of a case of 1,000 people against the whole graph;
		// raw is the blocking lookup alone (the name keys of the case's
		// people in the full-text index), without reading, scoring or
		// checking visibility.
		{benchreport.FamilyResolution,
			func(r *rand.Rand) (string, map[string]any) {
				return `query($c: ID!) { resolutionCandidates(caseId: $c, first: 500) { a { id } b { id } score reasons status hit { id } } }`,
					map[string]any{"c": synthetic.ResolutionCaseIDs[0]}
			},
			func(r *rand.Rand) (string, map[string]any) {
				return `MATCH (n:Person) WHERE $c IN n.sources WITH n LIMIT 5000
WITH n, [t IN n.searchTokens WHERE t STARTS WITH 'rk_'] AS keys WHERE size(keys) > 0
CALL db.index.fulltext.queryNodes('entity_search', reduce(q = '', k IN keys | q + ' ' + k), {limit: 50}) YIELD node
RETURN n.id, collect(node.id)`, map[string]any{"c": synthetic.ResolutionCaseIDs[0]}
			}},
		{benchreport.FamilySearch,
			func(r *rand.Rand) (string, map[string]any) {
				return `query($t: String!) { search(text: $t, first: 20) { hits { node { id } score matchedOn } } }`, map[string]any{"t": pick(r, s.names)}
			},
			func(r *rand.Rand) (string, map[string]any) {
				toks := strings.Fields(strings.ToLower(strings.ReplaceAll(pick(r, s.names), "-", " ")))
				return `CALL db.index.fulltext.queryNodes('entity_search', $q, {limit: 20}) YIELD node, score RETURN node, score`,
					map[string]any{"q": strings.Join(toks, " OR ")}
			}},
	}
}

func main() {
	uri := flag.String("uri", envOr("NEO4J_BENCH_URI", "bolt://127.0.0.1:27687"), "the seeded Neo4j")
	binary := flag.String("server", "bin/scamgraph", "the server binary")
	perCell := flag.Duration("duration", 8*time.Second, "how long each family is measured at each concurrency, each way")
	out := flag.String("out", "bench", "where the report goes")
	importRows := flag.Int("import-units", 5000, "units of the import measurement (13 rows each)")
	only := flag.String("only", "", "measure only the families whose name contains this (no report is written)")
	profiles := flag.String("profile", "", "write a CPU profile of the server for each API cell into this folder (go tool pprof)")
	withPeer := flag.Bool("peer", false, "also measure the peer, @neo4j/graphql (bench/peer, make peer), on the nested query and the filtered list")
	peerDir := flag.String("peer-dir", "bench/peer", "where the peer's server.mjs and node_modules are")
	flag.Parse()
	if !*withPeer {
		*peerDir = ""
	}
	if err := run(*uri, *binary, *perCell, *out, *importRows, *only, *profiles, *peerDir); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}

// run measures; with peerDir set it measures the peer there too.
func run(uri, binary string, perCell time.Duration, outDir string, importUnits int, only, profiles, peerDir string) error {
	ctx := context.Background()
	pw := envOr("NEO4J_PASSWORD", "scamgraph-dev")
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth("neo4j", pw, ""), func(c *neo4j.Config) { c.MaxConnectionPoolSize = 64 })
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	s, nodes, rels, version, err := draw(ctx, driver)
	if err != nil {
		return err
	}
	fmt.Printf("bench on %s: %d nodes, %d relationships, Neo4j %s\n", uri, nodes, rels, version)

	srv, err := startServer(uri, binary, profiles != "")
	if err != nil {
		return err
	}
	defer srv.stop()

	// The side-by-side: the peer's families by name, each checked once
	// for the same data before anything is measured.
	var theirs *peer
	peerOf := map[string]peerFamily{}
	var peerAnswers []string
	if peerDir != "" {
		if theirs, err = startPeer(peerDir, uri, pw); err != nil {
			return err
		}
		defer theirs.stop()
		fmt.Printf("peer: %s at %s\n", theirs.version, theirs.url)
		for _, f := range peerFamilies(s) {
			if only != "" && !strings.Contains(f.name, only) {
				continue
			}
			peerOf[f.name] = f
			line := sameData(f, srv, theirs)
			if strings.Contains(line, "DIFFERENT") {
				fmt.Println("WARNING: the peer and the API answer different data:", line)
			} else {
				fmt.Println("peer:", line)
			}
			peerAnswers = append(peerAnswers, line)
		}
	}

	if only == "" || strings.Contains(benchreport.FamilyResolution, only) {
		if err := srv.loadResolutionCases(); err != nil {
			return err
		}
	}

	var results []benchreport.Result
	for _, conc := range []int{1, 16} {
		for _, f := range families(s) {
			if only != "" && !strings.Contains(f.name, only) {
				continue
			}
			before, auditBefore := srv.roundTrips(), srv.auditBytes()
			var profiled sync.WaitGroup
			if profiles != "" {
				profiled.Add(1)
				go func() {
					defer profiled.Done()
					path := filepath.Join(profiles, fmt.Sprintf("%s-c%d.pprof", strings.ReplaceAll(f.name, " ", "-"), conc))
					if err := srv.cpuProfile(max(perCell-time.Second, time.Second), path); err != nil {
						fmt.Fprintln(os.Stderr, "  profile:", err)
					}
				}()
			}
			api := measure(conc, perCell, func(r *rand.Rand) error {
				q, v := f.api(r)
				return srv.graphql(q, v)
			})
			profiled.Wait()
			api.RoundTripsPerRequest = float64(srv.roundTrips()-before) / float64(max(api.Requests, 1))
			api.AuditBytesPerRequest = float64(srv.auditBytes()-auditBefore) / float64(max(api.Requests, 1))
			raw := measure(conc, perCell, func(r *rand.Rand) error {
				q, v := f.raw(r)
				_, err := neo4j.ExecuteQuery(ctx, driver, q, v, neo4j.EagerResultTransformer,
					neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(15*time.Second)))
				return err
			})
			api.Family, api.Mode, api.Concurrency = f.name, benchreport.ModeAPI, conc
			raw.Family, raw.Mode, raw.Concurrency = f.name, benchreport.ModeRaw, conc
			results = append(results, api, raw)
			fmt.Printf("c=%-2d %-24s api p50 %8.2f ms p95 %8.2f ms p99 %8.2f ms %7.1f/s rt %.1f audit %.0f B | raw p50 %8.2f ms p95 %8.2f ms %7.1f/s | errors %d/%d\n",
				conc, f.name, ms(api.P50), ms(api.P95), ms(api.P99), api.Throughput, api.RoundTripsPerRequest, api.AuditBytesPerRequest,
				ms(raw.P50), ms(raw.P95), raw.Throughput, api.Errors, raw.Errors)
			if pf, ok := peerOf[f.name]; ok {
				// The same random sources as the API's cell: the
				// peer is asked the same sequence of questions.
				pr := measure(conc, perCell, func(r *rand.Rand) error {
					q, v := pf.peer(pf.param(r))
					return theirs.graphql(q, v)
				})
				pr.Family, pr.Mode, pr.Concurrency = f.name, benchreport.ModePeer, conc
				results = append(results, pr)
				fmt.Printf("c=%-2d %-24s peer p50 %7.2f ms p95 %8.2f ms p99 %8.2f ms %7.1f/s | errors %d | api/peer throughput %.2fx\n",
					conc, f.name, ms(pr.P50), ms(pr.P95), ms(pr.P99), pr.Throughput, pr.Errors, api.Throughput/max(pr.Throughput, 1e-9))
			}
		}
	}
	if only != "" {
		return nil // a probe of some families: no report
	}
	imp, err := srv.importRate(importUnits)
	if err != nil {
		return err
	}
	results = append(results, imp)
	fmt.Printf("import through the API (importCaseFile): %d rows at %.0f rows/s\n", imp.Requests, imp.Throughput)

	m := benchreport.Machine{CPUs: runtime.NumCPU(), MemoryGB: memoryGB(), OS: runtime.GOOS + "/" + runtime.GOARCH, GoVersion: runtime.Version(),
		Neo4jVersion: version, Scale: "the seeded network (make seed)", Nodes: nodes, Relationships: rels,
		PeakServerMemoryMB: srv.peakRSSMB(), Date: time.Now().UTC(), PeerAnswers: peerAnswers}
	if theirs != nil {
		m.Peer = theirs.version
	}
	verdicts := benchreport.Evaluate(results, m)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := benchreport.WriteChart(filepath.Join(outDir, "latency.png"), results); err != nil {
		return err
	}
	var md bytes.Buffer
	if err := benchreport.WriteMarkdown(&md, results, m, verdicts, "latency.png"); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "REPORT.md"), md.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("server peak memory %.1f MB; report in %s\n", m.PeakServerMemoryMB, filepath.Join(outDir, "REPORT.md"))
	for _, v := range verdicts {
		mark := "met   "
		if !v.Met {
			mark = "MISSED"
		}
		fmt.Printf("%s %-60s want %-16s got %s\n", mark, v.Check, v.Want, v.Got)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// draw samples ids and names from the seeded network.
func draw(ctx context.Context, driver neo4j.DriverWithContext) (sample, int64, int64, string, error) {
	var s sample
	col := func(q string) ([]string, error) {
		res, err := neo4j.ExecuteQuery(ctx, driver, q, nil, neo4j.EagerResultTransformer)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, r := range res.Records {
			if v, ok := r.Values[0].(string); ok {
				out = append(out, v)
			}
		}
		return out, nil
	}
	var err error
	// Every 97th victim and account: spread over all cases.
	if s.victims, err = col(`MATCH (n:Victim) WITH n SKIP 13 LIMIT 200000 WITH n WHERE id(n) % 97 = 0 RETURN n.id LIMIT 2000`); err != nil {
		return s, 0, 0, "", err
	}
	if s.accounts, err = col(`MATCH (n:BankAccount) WHERE n.kind = 'BANK' WITH n SKIP 7 LIMIT 200000 WITH n WHERE id(n) % 97 = 0 RETURN n.id LIMIT 2000`); err != nil {
		return s, 0, 0, "", err
	}
	if s.cases, err = col(`MATCH (c:CaseFile) RETURN c.id`); err != nil {
		return s, 0, 0, "", err
	}
	if s.names, err = col(`MATCH (n:Victim) WITH n SKIP 101 LIMIT 200000 WITH n WHERE id(n) % 89 = 0 RETURN n.name LIMIT 2000`); err != nil {
		return s, 0, 0, "", err
	}
	if len(s.victims) == 0 || len(s.accounts) == 0 || len(s.cases) == 0 || len(s.names) == 0 {
		return s, 0, 0, "", fmt.Errorf("the database holds no seeded network: run make seed first")
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, `CALL { MATCH (n) RETURN count(n) AS n } CALL { MATCH ()-[r]->() RETURN count(r) AS r }
CALL dbms.components() YIELD versions RETURN n, r, versions[0]`, nil, neo4j.EagerResultTransformer)
	if err != nil {
		return s, 0, 0, "", err
	}
	rec := res.Records[0]
	return s, rec.Values[0].(int64), rec.Values[1].(int64), rec.Values[2].(string), nil
}

// measure runs do from conc workers for d and summarises the latencies.
func measure(conc int, d time.Duration, do func(r *rand.Rand) error) benchreport.Result {
	var mu sync.Mutex
	var lat []time.Duration
	var errs atomic.Int64
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 42))
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t := time.Now()
				if err := do(r); err != nil {
					errs.Add(1)
					if errs.Load() <= 3 {
						fmt.Fprintln(os.Stderr, "  error:", err)
					}
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	return benchreport.Result{Requests: len(lat), Errors: int(errs.Load()), P50: q(0.50), P95: q(0.95), P99: q(0.99),
		Throughput: float64(len(lat)) / elapsed.Seconds()}
}

// server is bin/scamgraph serve as its own process, as in production.
type server struct {
	cmd    *exec.Cmd
	base   string
	debug  string // the profiling listener, when asked for
	key    string
	client *http.Client
	dir    string
}

func startServer(uri, binary string, profiling bool) (*server, error) {
	dir, err := os.MkdirTemp("", "scamgraph-bench-")
	if err != nil {
		return nil, err
	}
	keys, err := auth.WriteKeysFile(filepath.Join(dir, "keys.jsonl"), []auth.KeyEntry{{ID: "bench-analyst", Role: auth.RoleAdmin, AllCases: true}})
	if err != nil {
		return nil, err
	}
	key := keys["bench-analyst"]
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	debugAddr := ""
	if profiling {
		if debugAddr, err = freeAddr(); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "SCAMGRAPH_DEBUG_ADDR="+debugAddr, "NEO4J_URI="+uri, "SCAMGRAPH_ADDR="+addr, "SCAMGRAPH_KEYS_FILE="+filepath.Join(dir, "keys.jsonl"),
		"SCAMGRAPH_AUDIT_DIR="+filepath.Join(dir, "audit"), "SCAMGRAPH_AUDIT_HMAC_KEY="+strings.Repeat("b", 32),
		"SCAMGRAPH_RATE_LIMIT=100000", "SCAMGRAPH_RATE_BURST=100000", "SCAMGRAPH_DEV=")
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, debug: "http://" + debugAddr, key: key, dir: dir,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 60 * time.Second}}
	// Up to 10 minutes: a database seeded by an earlier version is
	// brought up to date (search tokens, sort keys) before it is ready.
	for i := 0; i < 1200; i++ {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, nil
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("the server did not get ready; its log is %s", logf.Name())
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func (s *server) stop() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		_ = s.cmd.Wait()
	}
}

func (s *server) graphql(q string, vars map[string]any) error {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.key)
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 || bytes.Contains(b, []byte(`"errors"`)) {
		return fmt.Errorf("%d %.300s", resp.StatusCode, b)
	}
	return nil
}

// cpuProfile records the server's CPU profile for d into path.
func (s *server) cpuProfile(d time.Duration, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	resp, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.debug, int(d.Seconds())))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// roundTrips reads the server's count of statements sent to Neo4j.
func (s *server) roundTrips() float64 {
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	total := 0.0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "scamgraph_neo4j_round_trips_total{") {
			f := strings.Fields(line)
			v, _ := strconv.ParseFloat(f[len(f)-1], 64)
			total += v
		}
	}
	return total
}

// auditBytes is the size of the server's audit log files: their growth
// over a family, per request, is the size of its audit records.
func (s *server) auditBytes() int64 {
	files, _ := filepath.Glob(filepath.Join(s.dir, "audit", "audit-*.jsonl"))
	var total int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// peakRSSMB is the server's peak resident memory (VmHWM).
func (s *server) peakRSSMB() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func memoryGB() float64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "MemTotal:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024 / 1024
		}
	}
	return 0
}
