package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server/graphiql"
)

// browser starts headless Chromium for the explorer's tests: Debian's
// chromium, which .ci/run installs. Without it the test fails, never
// skips. It records every request the page makes, and every script
// error, console error and browser log error (a refused Content-Security-
// Policy is one), for the test to check.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
	errors   []string
	shots    string
}

func newBrowser(t testing.TB) *browser {
	t.Helper()
	var bin string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Fatal("no Chromium on PATH: apt-get install chromium (.ci/run does)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1400, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &browser{ctx: ctx, shots: filepath.Join("..", ".artifacts", "explorer")}
	if err := os.MkdirAll(b.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, e.Request.URL)
		case *runtime.EventExceptionThrown:
			b.errors = append(b.errors, "exception: "+e.ExceptionDetails.Text+" "+describe(e.ExceptionDetails.Exception))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range e.Args {
					args = append(args, describe(a))
				}
				b.errors = append(b.errors, "console: "+strings.Join(args, " "))
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				b.errors = append(b.errors, "log: "+e.Entry.Text+" "+e.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return b
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if o.Description != "" {
		return o.Description
	}
	return string(o.Value)
}

// run runs actions, then keeps a screenshot of the page as step.png in
// .artifacts/explorer (git-ignored) to look at.
func (b *browser) run(t testing.TB, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v (page errors: %v)", step, err, b.pageErrors())
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("%s: screenshot: %v", step, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, step+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// value runs an action that reads something from the page.
func value[T any](t testing.TB, b *browser, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		t.Fatalf("%s: %v (page errors: %v)", what, err, b.pageErrors())
	}
	return v
}

// noPageErrors fails the test when the page reported a script error, a
// console error or a refusal (a Content-Security-Policy, a failed load).
func (b *browser) noPageErrors(t testing.TB) {
	t.Helper()
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page reported errors: %v", errs)
	}
}

// explorerOnTwoCases serves the API (development mode) over twoCases, a
// hub of hubVictims included, and opens a browser for it.
func explorerOnTwoCases(t testing.TB, hubVictims int) (*httptest.Server, *browser) {
	t.Helper()
	store := testneo4j.Open(t)
	twoCases(t, store, hubVictims)
	srv := httptest.NewServer(newAPI(t, store, true))
	t.Cleanup(srv.Close)
	return srv, newBrowser(t)
}

func (b *browser) pageErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...)
}

func (b *browser) requestsMade() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...)
}

// The explorer in a real Chromium against the real server and Neo4j:
// a search in Hangul finds the victim, R01's neighbourhood is drawn with
// what the API answers, and no request leaves 127.0.0.1.
func TestExplorerDrawsTheNetworkInABrowser(t *testing.T) {
	store := testneo4j.Open(t)
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	api := newAPI(t, store, true)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	b := newBrowser(t)

	const v01hit = `#hits button[data-id="person:DEMO-KH-2025-001:V01"]`
	b.run(t, "1-search-hangul",
		chromedp.Navigate(srv.URL+"/explore"),
		chromedp.WaitVisible(chromedp.CSS("#search")),
		chromedp.SendKeys(chromedp.CSS("#search"), "민준"),
		chromedp.Click(chromedp.CSS(`#search-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(v01hit)))
	if hit := value(t, b, "the hit", chromedp.Text(chromedp.CSS(v01hit))); hit != "김민준" {
		t.Errorf("search 민준: the hit reads %q, want 김민준", hit)
	}

	// A phone typed as dialled in Korea, with its region, finds who uses it.
	const phoneHit = `#hits button[data-id="identifier:PHONE:+821000000111"]`
	b.run(t, "1b-search-phone-with-region",
		chromedp.Evaluate[chromedp.Void](`void (document.getElementById("search").value = "")`),
		chromedp.SendKeys(chromedp.CSS("#search"), "010-0000-0111"),
		chromedp.SendKeys(chromedp.CSS("#region"), "KR"),
		chromedp.Click(chromedp.CSS(`#search-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(phoneHit)))

	const r01 = "person:DEMO-KH-2025-001:R01"
	b.run(t, "2-neighbourhood-R01",
		chromedp.Navigate(srv.URL+"/explore?focus="+url.QueryEscape(r01)+"&depth=2"),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)))
	nodes := value(t, b, "node count", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-node-count")).Value
	edges := value(t, b, "edge count", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-edge-count")).Value
	code, resp := queryAs(t, api, "", `{ neighborhood(id: "`+r01+`", depth: 2) { nodes { id type } edges { id source target } } }`, nil)
	if code != 200 || len(resp.Errors) > 0 {
		t.Fatalf("neighborhood: %d %v", code, resp.Errors)
	}
	// Countries are badges on the chart, not nodes: the API's other nodes
	// and the relationships between them are drawn.
	apiNodes := dig(resp.Data, "neighborhood", "nodes").([]any)
	apiEdges := dig(resp.Data, "neighborhood", "edges").([]any)
	country := map[any]bool{}
	for _, n := range apiNodes {
		if dig(n, "type") == "Country" {
			country[dig(n, "id")] = true
		}
	}
	drawnNodes, drawnEdges := len(apiNodes)-len(country), 0
	for _, e := range apiEdges {
		if !country[dig(e, "source")] && !country[dig(e, "target")] {
			drawnEdges++
		}
	}
	wantNodes, wantEdges := len(apiNodes), len(apiEdges) // what the GraphML export holds
	if nodes != strconv.Itoa(drawnNodes) || edges != strconv.Itoa(drawnEdges) || drawnEdges == 0 || len(country) == 0 {
		t.Errorf("R01 depth 2: the chart shows %s nodes and %s edges, the API answers %d and %d besides %d countries", nodes, edges, drawnNodes, drawnEdges, len(country))
	}
	label := value(t, b, "R01's label", chromedp.Evaluate[string](`window.scamgraphExplorer.cy.$id("`+r01+`").data("label")`))
	if !strings.HasSuffix(label, "[KR]") {
		t.Errorf("R01 is drawn as %q, want his nationality as a badge, [KR]", label)
	}

	// Clicking a victim lists its timeline, as the API answers it.
	const v01 = "person:DEMO-KH-2025-001:V01"
	b.run(t, "2b-timeline-V01",
		chromedp.Evaluate[chromedp.Void](`void window.scamgraphExplorer.cy.$id("`+v01+`").emit("tap")`),
		chromedp.WaitVisible(chromedp.CSS(`#timeline[data-event-count]:not([data-event-count="0"])`)))
	events := value(t, b, "V01's timeline", chromedp.AttributeValue(chromedp.CSS("#timeline"), "data-event-count")).Value
	code, resp = queryAs(t, api, "", `{ timeline(id: "`+v01+`") { events { date } } }`, nil)
	if code != 200 || len(resp.Errors) > 0 {
		t.Fatalf("timeline: %d %v", code, resp.Errors)
	}
	if want := len(dig(resp.Data, "timeline", "events").([]any)); events != strconv.Itoa(want) {
		t.Errorf("V01's timeline: %s events listed, the API answers %d", events, want)
	}

	// Double-clicking a node adds its own neighbours: from R01 at depth 1,
	// V01's compounds join the chart.
	b.run(t, "2c-expand-V01",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("chart").setAttribute("data-drawn", "false"); void window.scamgraphExplorer.focus("`+r01+`", 1)`),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)))
	before := value(t, b, "nodes before", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-node-count")).Value
	b.run(t, "2d-expanded-V01",
		chromedp.Evaluate[chromedp.Void](`void window.scamgraphExplorer.cy.$id("`+v01+`").emit("dbltap")`),
		chromedp.WaitVisible(chromedp.CSS(`#status:not(:empty)`)),
		chromedp.Poll[chromedp.Void](`document.getElementById("status").textContent.startsWith("Added")`))
	after := value(t, b, "nodes after", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-node-count")).Value
	if b, _ := strconv.Atoi(before); after == before || b == 0 {
		t.Errorf("double-clicking V01 around R01: %s nodes before, %s after", before, after)
	}

	// Two nodes selected, paths over identifiers only, then Paths: R01's
	// phone, which R02 uses too, is on the highlighted path (R02 shares a
	// handle with R04).
	const r04 = "person:DEMO-KH-2025-001:R04"
	b.run(t, "3-paths-R01-R04",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("chart").setAttribute("data-drawn", "false"); void window.scamgraphExplorer.focus("`+r01+`", 2)`),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)),
		chromedp.Evaluate[chromedp.Void](`(() => { const cy = window.scamgraphExplorer.cy; cy.nodes().unselect(); cy.$id("`+r01+`").select(); cy.$id("`+r04+`").select();
			for (const o of document.getElementById("path-types").options) { o.selected = o.value === "USES"; } })()`),
		chromedp.Click(chromedp.CSS("#paths")),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"][data-path-edge-count]:not([data-path-edge-count="0"])`)))
	onPath := value(t, b, "the highlighted path", chromedp.Evaluate[[]string](
		`window.scamgraphExplorer.cy.nodes(".path").map(n => n.data("type") + " " + n.data("label"))`))
	code, resp = queryAs(t, api, "", `{ paths(from: "`+r01+`", to: "`+r04+`", maxHops: 6, relationshipTypes: [USES]) { nodes { type label } } }`, nil)
	if code != 200 || len(resp.Errors) > 0 {
		t.Fatalf("paths: %d %v", code, resp.Errors)
	}
	var phones []string
	for _, p := range resp.Data["paths"].([]any) {
		for _, n := range p.(map[string]any)["nodes"].([]any) {
			if nm := n.(map[string]any); nm["type"] == "Identifier" && strings.HasPrefix(nm["label"].(string), "PHONE") {
				phones = append(phones, "Identifier "+nm["label"].(string))
			}
		}
	}
	if len(phones) == 0 {
		t.Fatalf("the API's paths from R01 to R04 go through no phone: %v", resp.Data)
	}
	for _, ph := range phones {
		if !slices.Contains(onPath, ph) {
			t.Errorf("R01 to R04: the highlighted path holds %v, not the shared %s", onPath, ph)
		}
	}

	// V03's money trail from the URL: every hop the API answers, seven
	// within the trail's 8 hops at most.
	const v03 = "person:DEMO-KH-2025-001:V03"
	b.run(t, "4-money-trail-V03",
		chromedp.Navigate(srv.URL+"/explore?trail="+url.QueryEscape(v03)),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)))
	hops := value(t, b, "trail hops", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-trail-hop-count")).Value
	code, resp = queryAs(t, api, "", `{ moneyTrail(from: "`+v03+`", maxHops: 8) { graph { edges { id } } } }`, nil)
	if code != 200 || len(resp.Errors) > 0 {
		t.Fatalf("moneyTrail: %d %v", code, resp.Errors)
	}
	if want := len(dig(resp.Data, "moneyTrail", "graph", "edges").([]any)); hops != strconv.Itoa(want) || want != 7 {
		t.Errorf("V03's trail: the chart shows %s hops, the API answers %d", hops, want)
	}
	status := value(t, b, "status", chromedp.Text(chromedp.CSS("#status")))
	if !strings.Contains(status, "Entered:") || !strings.Contains(status, "USD") {
		t.Errorf("V03's trail: the status says %q, want the totals", status)
	}

	// GraphML of R01's neighbourhood, downloaded through the page.
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	b.run(t, "5-graphml-export",
		chromedp.Navigate(srv.URL+"/explore?focus="+url.QueryEscape(r01)+"&depth=2"),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)),
		chromedp.Click(chromedp.CSS("#export-graphml")))
	file := filepath.Join(downloads, "scamgraph-chart.graphml")
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(file); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("GraphML export: %v", err)
	}
	ids, err := elementIDs("graphml", raw)
	if err != nil {
		t.Fatalf("GraphML export: %v", err)
	}
	if len(ids) != wantNodes+wantEdges || len(repeated(ids)) > 0 {
		t.Errorf("GraphML export: %d elements (%d repeated), the chart drew %d", len(ids), len(repeated(ids)), wantNodes+wantEdges)
	}
	// And the chart as a picture.
	b.run(t, "5b-png-export", chromedp.Click(chromedp.CSS("#export-png")))
	pngFile := filepath.Join(downloads, "scamgraph-chart.png")
	for i := 0; i < 100; i++ {
		if st, err := os.Stat(pngFile); err == nil && st.Size() > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if img, err := os.ReadFile(pngFile); err != nil || len(img) < 10_000 || string(img[1:4]) != "PNG" {
		t.Errorf("PNG export: %d bytes (%v), want a picture of the chart", len(img), err)
	}

	// The flows map: victims from Thailand into Cambodia are an arrow, as
	// the API answers; money flows are drawn too.
	code, resp = queryAs(t, api, "", `{ crossBorderFlows(kind: VICTIMS) { count from { code } to { code } } }`, nil)
	if code != 200 || len(resp.Errors) > 0 {
		t.Fatalf("crossBorderFlows: %d %v", code, resp.Errors)
	}
	thkh := ""
	for _, f := range resp.Data["crossBorderFlows"].([]any) {
		if dig(f, "from", "code") == "TH" && dig(f, "to", "code") == "KH" {
			thkh = strconv.Itoa(int(dig(f, "count").(float64)))
		}
	}
	if thkh == "" {
		t.Fatal("the API has no TH to KH victims' flow in the demo")
	}
	const arrow = `path.flow[data-from="TH"][data-to="KH"]`
	b.run(t, "6-flows-map-victims",
		chromedp.Navigate(srv.URL+"/explore?view=flows&kind=VICTIMS"),
		chromedp.WaitVisible(chromedp.CSS(`#map[data-drawn="true"]`)))
	if got := value(t, b, "the TH to KH arrow", chromedp.Evaluate[string](`(document.querySelector('`+arrow+`') || {getAttribute: () => ""}).getAttribute("data-count")`)); got != thkh {
		t.Errorf("flows map: the TH to KH arrow says %q victims, the API %s", got, thkh)
	}
	b.run(t, "7-flows-map-money",
		chromedp.Click(chromedp.CSS("#flow-kind")),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("flow-kind").value = "MONEY"; document.getElementById("flow-by").value = "usd"`),
		chromedp.Click(chromedp.CSS(`#flows-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#map-svg.money path.flow`)))
	// Money that went to a wallet goes to a chain, not to a country: it is
	// in the table, never an arrow to some outline.
	if n := value(t, b, "arrows to chains", chromedp.Evaluate[int](`document.querySelectorAll('path.flow[data-to^="chain:"], path.flow[data-from^="chain:"]').length`)); n != 0 {
		t.Errorf("flows map: %d arrows to or from a chain", n)
	}
	if rows := value(t, b, "rows to chains", chromedp.Evaluate[int](`[...document.querySelectorAll("#flow-table td")].filter(td => td.textContent.startsWith("chain:")).length`)); rows == 0 {
		t.Errorf("flows map: the table lists no flow to a chain (the demo's money reaches TRON wallets)")
	}

	b.noPageErrors(t)
	local := 0
	for _, u := range b.requestsMade() {
		p, err := url.Parse(u)
		switch {
		case err != nil:
			t.Errorf("request to %q", u)
		case p.Scheme == "data" || p.Scheme == "blob":
		case p.Hostname() != "127.0.0.1":
			t.Errorf("the page sent a request off the machine: %s", u)
		default:
			local++
		}
	}
	if local < 5 {
		t.Errorf("%d requests seen: the listener saw too few to vouch for", local)
	}
	t.Logf("R01 depth 2 drawn: %s nodes, %s edges (and %d countries as badges); %d requests, all to 127.0.0.1", nodes, edges, len(country), local)
}

// With authentication, the key typed into the page decides what it shows:
// an admin sees the victims' passports around R01, a viewer (victims'
// documents redacted) then sees none of them in the same tab, in the chart
// or anywhere in the page: nothing is kept across keys.
func TestExplorerShowsWhatTheKeyMaySee(t *testing.T) {
	store := testneo4j.Open(t)
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	api, keys, _ := securedAPI(t, store)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	b := newBrowser(t)
	const r01 = "person:DEMO-KH-2025-001:R01"
	// Everything the page holds: its text and the chart's data.
	const pageAndChart = `document.body.innerText + JSON.stringify(window.scamgraphExplorer.cy.elements().jsons())`
	useKey := func(key string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{
			chromedp.WaitVisible(chromedp.CSS("#key")),
			chromedp.SendKeys(chromedp.CSS("#key"), key),
			chromedp.Click(chromedp.CSS(`#key-form button[type="submit"]`)),
		}
	}

	// The admin's key first, then R01's network.
	b.run(t, "8-admin-key", append(append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(srv.URL + "/explore")}, useKey(keys["admin"])...),
		chromedp.Navigate(srv.URL+"/explore?focus="+url.QueryEscape(r01)+"&depth=2"),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)))...)
	seen := value(t, b, "the admin's page", chromedp.Evaluate[string](pageAndChart))
	if !strings.Contains(seen, "PASSPORT M9000010") {
		t.Fatalf("as admin the chart around R01 shows no victim's passport: the check below could not fail")
	}
	// A viewer's key typed into the same tab: the chart is drawn again.
	b.run(t, "9-viewer-key", append([]chromedp.Action[chromedp.Void]{
		chromedp.Evaluate[chromedp.Void](`document.getElementById("chart").setAttribute("data-drawn", "false")`)},
		append(useKey(keys["viewer-all"]), chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)))...)...)
	seen = value(t, b, "the viewer's page", chromedp.Evaluate[string](pageAndChart))
	if strings.Contains(seen, "PASSPORT") || strings.Contains(seen, "M9000010") {
		t.Errorf("as a viewer the page shows a victim's passport")
	}
	if n := value(t, b, "node count", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-node-count")).Value; n == "0" || n == "" {
		t.Errorf("as a viewer nothing was drawn")
	}
	b.noPageErrors(t)
}

// BenchmarkExplorerDraws500Nodes is the time from focus to drawn for a
// neighbourhood of 500 nodes (a recruiter and the 499 victims he
// recruited) in headless Chromium, on a page already open: the page's
// query, Cytoscape.js replacing the elements and its layout, until #chart
// says data-drawn. Run it with make bench-explorer.
func BenchmarkExplorerDraws500Nodes(b *testing.B) {
	srv, br := explorerOnTwoCases(b, 499)
	if err := chromedp.Do(br.ctx, chromedp.Navigate(srv.URL+"/explore"), chromedp.WaitVisible(chromedp.CSS("#chart"))); err != nil {
		b.Fatal(err)
	}
	focus := chromedp.Evaluate[chromedp.Void](`document.getElementById("chart").setAttribute("data-drawn", "false");
		window.scamgraphExplorer.focus("person:KH-1:HUB", 1)`)
	for b.Loop() {
		if err := chromedp.Do(br.ctx, focus, chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`))); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	n := value(b, br, "node count", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-node-count")).Value
	if n != "500" {
		b.Fatalf("drew %s nodes, want 500", n)
	}
	br.run(b, "10-500-nodes")
}

// GraphiQL on a first visit opens the README's examples as tabs, and a
// link with ?query= opens that query in the editor.
func TestGraphiQLOpensTheExamplesAndALinkedQuery(t *testing.T) {
	store := testneo4j.Open(t)
	srv := httptest.NewServer(newAPI(t, store, true))
	t.Cleanup(srv.Close)
	b := newBrowser(t)
	const linked = "{ countries(first: 1) { totalCount } }"
	b.run(t, "11-graphiql-linked-query",
		chromedp.Navigate(srv.URL+"/?query="+url.QueryEscape(linked)),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-query-editor .CodeMirror")))
	editor := value(t, b, "the editor", chromedp.Evaluate[string](`document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.getValue()`))
	if editor != linked {
		t.Errorf("?query= opened %q in the editor, want %q", editor, linked)
	}
	// The explorer plugin, opened from the sidebar, lists the root fields to tick.
	b.run(t, "11b-graphiql-explorer-plugin",
		chromedp.Click(chromedp.CSS(`.graphiql-sidebar button[aria-label="Show GraphiQL Explorer"]`)),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-explorer-root")))
	if roots := value(t, b, "the explorer plugin", chromedp.Evaluate[string](`document.querySelector(".graphiql-explorer-root").innerText`)); !strings.Contains(roots, "recruiters") {
		t.Errorf("the explorer plugin does not list the root field recruiters: %.300q", roots)
	}
	tabs := value(t, b, "the tabs", chromedp.Evaluate[[]string](`[...document.querySelectorAll(".graphiql-tab")].map(t => t.textContent.trim())`))
	if want := len(graphiql.Examples()) + 1; len(tabs) != want {
		t.Errorf("GraphiQL opened %d tabs (%v), want the default and the README's %d examples", len(tabs), tabs, want-1)
	}
	b.noPageErrors(t)
}

// The case filter shows what one case says: around R1 (case KR-1) at
// depth 2 the chart holds KH-1's use of the shared phone too; with KR-1
// chosen, every relationship left says KR-1, and the URL keeps the choice.
func TestExplorerCaseFilter(t *testing.T) {
	srv, b := explorerOnTwoCases(t, 0)
	b.run(t, "12-case-filter",
		chromedp.Navigate(srv.URL+"/explore?focus="+url.QueryEscape("person:KR-1:R1")+"&depth=2&case=KR-1"),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)))
	all := value(t, b, "edges", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-edge-count")).Value
	shown := value(t, b, "edges shown", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-visible-edge-count")).Value
	if all == shown || shown == "0" {
		t.Errorf("case KR-1: %s of %s edges shown, want fewer but some", shown, all)
	}
	others := value(t, b, "edges of other cases", chromedp.Evaluate[int](
		`window.scamgraphExplorer.cy.edges(":visible").filter(e => !e.data("caseIds").includes("KR-1")).length`))
	if others != 0 {
		t.Errorf("case KR-1: %d edges of other cases shown", others)
	}
	if sel := value(t, b, "the filter", chromedp.Evaluate[string](`document.getElementById("case-filter").value`)); sel != "KR-1" {
		t.Errorf("?case=KR-1 chose %q", sel)
	}
}

// With "Same as" ticked (?sameAs=1), a person's other name, confirmed by a
// case, is drawn with the person, joined by a SAME_AS edge, and so are
// the other name's own neighbours.
func TestExplorerDrawsConfirmedPairsAsOne(t *testing.T) {
	srv, b := explorerOnTwoCases(t, 0)
	h := newAPI(t, testneo4j.OpenKeep(t), true)
	mustQuery(t, h, `mutation { confirmSameAs(a: "person:KR-1:V9", b: "person:KH-1:V1", caseId: "KR-1", note: "same passport photo") { status } }`, nil)
	count := func(step, query string) (int, int) {
		b.run(t, step, chromedp.Navigate(srv.URL+"/explore?focus="+url.QueryEscape("person:KR-1:V9")+"&depth=1"+query),
			chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)))
		return value(t, b, "the other name", chromedp.Evaluate[int](`window.scamgraphExplorer.cy.getElementById("compound:KH-1:C1").length`)),
			value(t, b, "SAME_AS edges", chromedp.Evaluate[int](`window.scamgraphExplorer.cy.edges("[type = 'SAME_AS']").length`))
	}
	if compound, same := count("13-without-same-as", ""); compound != 0 || same != 0 {
		t.Errorf("without Same as: the other name's compound %d, SAME_AS edges %d", compound, same)
	}
	if compound, same := count("14-same-as", "&sameAs=1"); compound != 1 || same != 1 {
		t.Errorf("with Same as: the other name's compound %d, SAME_AS edges %d, want 1 and 1", compound, same)
	}
	if ticked := value(t, b, "the box", chromedp.Evaluate[bool](`document.getElementById("same-as").checked`)); !ticked {
		t.Error("?sameAs=1 did not tick the box")
	}
	b.noPageErrors(t)
}

// A newcomer runs the README's subscription in GraphiQL and sees an alert
// arrive in the result pane when another case writes at what they watch:
// GraphiQL's own WebSocket client, against the server's transport.
func TestGraphiQLDeliversAnAlertSubscription(t *testing.T) {
	srv, b := explorerOnTwoCases(t, 0)
	h := newAPI(t, testneo4j.OpenKeep(t), true)
	mustQuery(t, h, `mutation { watch(id: "person:KR-1:R1", note: "does another case know him?") { entityId } }`, nil)
	const sub = "subscription { alerts { kind entityId caseId summary } }"
	b.run(t, "15-graphiql-subscription",
		chromedp.Navigate(srv.URL+"/?query="+url.QueryEscape(sub)),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-query-editor .CodeMirror")),
		chromedp.Click(chromedp.CSS(".graphiql-execute-button")),
		// The socket is open and subscribed once GraphiQL shows its stop button.
		chromedp.Sleep(time.Second))
	// The write goes to the same server (its alerts wake its subscriptions
	// at once; another process's are read within its 5 s poll).
	body := `{"query": "mutation { addLink(input: {caseId: \"KH-1\", type: RECRUITED, from: \"person:KR-1:R1\", to: \"person:KH-1:V1\"}) { __typename } }"}`
	resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("addLink: %v %v", resp, err)
	}
	resp.Body.Close()
	start := time.Now()
	b.run(t, "16-graphiql-alert-arrived",
		chromedp.Poll[chromedp.Void](`document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue().includes("KH-1")`))
	t.Logf("the alert showed in GraphiQL %v after the write answered", time.Since(start).Round(time.Millisecond))
	got := value(t, b, "the result pane", chromedp.Evaluate[string](`document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue()`))
	// GraphiQL shows the latest event: the new link (LINKED) or, right
	// after it, the candidate it brought (R2 shares R1's phone).
	if !strings.Contains(got, `"entityId": "person:KR-1:R1"`) || !strings.Contains(got, `"caseId": "KH-1"`) {
		t.Errorf("GraphiQL's result pane: %.500s", got)
	}
	b.noPageErrors(t)
}
