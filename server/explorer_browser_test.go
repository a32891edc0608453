package server_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
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

func newBrowser(t *testing.T) *browser {
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
func (b *browser) run(t *testing.T, step string, actions ...chromedp.Action[chromedp.Void]) {
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
func value[T any](t *testing.T, b *browser, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		t.Fatalf("%s: %v (page errors: %v)", what, err, b.pageErrors())
	}
	return v
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

	const v01 = `#hits button[data-id="person:DEMO-KH-2025-001:V01"]`
	b.run(t, "1-search-hangul",
		chromedp.Navigate(srv.URL+"/explore"),
		chromedp.WaitVisible(chromedp.CSS("#search")),
		chromedp.SendKeys(chromedp.CSS("#search"), "민준"),
		chromedp.Click(chromedp.CSS(`#search-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(v01)))
	if hit := value(t, b, "the hit", chromedp.Text(chromedp.CSS(v01))); hit != "김민준" {
		t.Errorf("search 민준: the hit reads %q, want 김민준", hit)
	}

	const r01 = "person:DEMO-KH-2025-001:R01"
	b.run(t, "2-neighbourhood-R01",
		chromedp.Navigate(srv.URL+"/explore?focus="+url.QueryEscape(r01)+"&depth=2"),
		chromedp.WaitVisible(chromedp.CSS(`#chart[data-drawn="true"]`)))
	nodes := value(t, b, "node count", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-node-count")).Value
	edges := value(t, b, "edge count", chromedp.AttributeValue(chromedp.CSS("#chart"), "data-edge-count")).Value
	code, resp := queryAs(t, api, "", `{ neighborhood(id: "`+r01+`", depth: 2) { nodes { id } edges { id } } }`, nil)
	if code != 200 || len(resp.Errors) > 0 {
		t.Fatalf("neighborhood: %d %v", code, resp.Errors)
	}
	wantNodes := len(dig(resp.Data, "neighborhood", "nodes").([]any))
	wantEdges := len(dig(resp.Data, "neighborhood", "edges").([]any))
	if nodes != strconv.Itoa(wantNodes) || edges != strconv.Itoa(wantEdges) || wantEdges == 0 {
		t.Errorf("R01 depth 2: the chart shows %s nodes and %s edges, the API answers %d and %d", nodes, edges, wantNodes, wantEdges)
	}

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page reported errors: %v", errs)
	}
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
	t.Logf("R01 depth 2 drawn: %s nodes, %s edges; %d requests, all to 127.0.0.1", nodes, edges, local)
}
