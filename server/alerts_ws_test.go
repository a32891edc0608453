package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// The watched phone: agency A's recruiter uses it; agency B's importer
// loads a case whose recruiter uses it too.
const watchedPhone = "identifier:PHONE:+855969990001"

// alertPrincipals: a watcher of both cases, a watcher of A only, B's
// importer, an analyst of both (for a mutation), and one of neither.
var alertPrincipals = []auth.KeyEntry{
	{ID: "watcher-ab", Role: auth.RoleViewer, Cases: []string{"A-1", "B-1"}},
	{ID: "watcher-a", Role: auth.RoleAnalyst, Cases: []string{"A-1"}},
	{ID: "importer-b", Role: auth.RoleImporter, Cases: []string{"B-1"}},
	{ID: "analyst-ab", Role: auth.RoleAnalyst, Cases: []string{"A-1", "B-1"}},
	{ID: "analyst-c", Role: auth.RoleAnalyst, Cases: []string{"C-1"}},
}

// caseB is agency B's file: its recruiter uses A's phone.
const caseB = `{
  "case": {"id": "B-1", "title": "Case B", "agency": "Agency B", "country": "TH"},
  "entities": [
    {"ref": "RB", "type": "Recruiter", "name": "Rung Bee", "identifiers": [{"kind": "PHONE", "value": "+855 96 999 0001"}]}
  ],
  "links": []
}`

// alertAPI is the API as in production (keys, audit) over a real HTTP
// server, for WebSockets.
type alertAPI struct {
	h        http.Handler
	srv      *httptest.Server
	keys     map[string]string
	auditDir string
}

func newAlertAPI(t *testing.T, store *neo4jstore.Store, authn *auth.Authenticator, keys map[string]string, auditDir string) *alertAPI {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	log, err := audit.Open(auditDir, audit.Options{HMACKey: bytes.Repeat([]byte("k"), 32), Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	ready := &server.Readiness{}
	ready.Run(context.Background(), logger, server.Prepare(store, nil))
	h := server.New(store, ready, server.NewMetrics(), logger, server.Options{Auth: authn, Audit: log, AuditDir: auditDir, RefusedAuditWindow: 20 * time.Millisecond})
	// Short server timeouts, as production has longer ones: a
	// subscription must outlive them (TestAlertsSubscriptionOutlivesServerTimeouts).
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = 700*time.Millisecond, 700*time.Millisecond
	srv.Start()
	t.Cleanup(func() { srv.Close(); log.Close() })
	return &alertAPI{h: h, srv: srv, keys: keys, auditDir: auditDir}
}

// as runs a GraphQL operation over HTTP as principal id.
func (a *alertAPI) as(t *testing.T, id, q string, vars map[string]any) gqlResponse {
	t.Helper()
	_, r := queryAs(t, a.h, a.keys[id], q, vars)
	return r
}

// importAs uploads a case file through importCaseFile as principal id.
func (a *alertAPI) importAs(t *testing.T, id, file string) {
	t.Helper()
	_, r := answer(t, a.h, uploadRequest(a.keys[id], `mutation($file: Upload!) { importCaseFile(file: $file) { exitCode caseId } }`,
		nil, "file", "case-b.json", []byte(file)))
	if len(r.Errors) > 0 || dig(r.Data, "importCaseFile", "exitCode") != float64(0) {
		t.Fatalf("import as %s: %+v", id, r)
	}
}

// wsSub is one subscription over a WebSocket: the messages of its
// operation as they come.
type wsSub struct {
	conn   *websocket.Conn
	events chan map[string]any // payloads of next/data messages
	raw    chan string         // the same, as sent
	closed chan error
}

// subscribe opens a WebSocket to /graphql in protocol proto
// ("graphql-transport-ws" or "graphql-ws"), sends connection_init with
// initPayload (headers: on the upgrade request), waits for the ack and
// starts the operation q.
func subscribe(t *testing.T, url, proto string, header http.Header, initPayload map[string]any, q string, vars map[string]any) (*wsSub, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{proto}, HTTPHeader: header})
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { conn.CloseNow() })
	if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": initPayload}); err != nil {
		return nil, err
	}
	var ack map[string]any
	if err := wsjson.Read(ctx, conn, &ack); err != nil {
		return nil, err
	}
	if ack["type"] != "connection_ack" {
		return nil, fmt.Errorf("connection_init answered %v", ack)
	}
	start := "subscribe"
	if proto == "graphql-ws" {
		start = "start"
	}
	if err := wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": start, "payload": map[string]any{"query": q, "variables": vars}}); err != nil {
		return nil, err
	}
	s := &wsSub{conn: conn, events: make(chan map[string]any, 64), raw: make(chan string, 64), closed: make(chan error, 1)}
	go func() {
		for {
			_, b, err := conn.Read(context.Background())
			if err != nil {
				s.closed <- err
				return
			}
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			switch m["type"] {
			case "ping":
				_ = wsjson.Write(context.Background(), conn, map[string]any{"type": "pong"})
			case "next", "data":
				p, _ := m["payload"].(map[string]any)
				s.raw <- string(b)
				s.events <- p
			case "error":
				s.raw <- string(b)
				s.events <- map[string]any{"errors": m["payload"]}
			}
		}
	}()
	return s, nil
}

// next is the subscription's next alert, or fails after wait.
func (s *wsSub) next(t *testing.T, wait time.Duration) (map[string]any, string) {
	t.Helper()
	select {
	case p := <-s.events:
		raw := <-s.raw
		if p["errors"] != nil {
			t.Fatalf("subscription error: %s", raw)
		}
		a, _ := dig(p, "data", "alerts").(map[string]any)
		return a, raw
	case err := <-s.closed:
		t.Fatalf("the subscription closed: %v", err)
	case <-time.After(wait):
		t.Fatalf("no alert within %v", wait)
	}
	return nil, ""
}

// quiet fails if the subscription delivers anything within wait.
func (s *wsSub) quiet(t *testing.T, wait time.Duration, why string) {
	t.Helper()
	select {
	case <-s.events:
		t.Fatalf("%s, but an alert came: %s", why, <-s.raw)
	case <-time.After(wait):
	}
}

const alertFields = `id entityId kind caseId agency at summary otherId linkId causedBy hit`

// TestAlertsEndToEnd: watches, alerts over WebSocket for a watcher of both
// cases (the whole alert) and of one (the hit), re-import, a mutation,
// the alerts query, a restart, and the refusals.
func TestAlertsEndToEnd(t *testing.T) {
	store := testneo4j.Open(t)
	begin := time.Now().UTC().Add(-time.Second)
	twoAgenciesA(t, store)
	authn, keys := keysFor(t, alertPrincipals)
	auditDir := filepath.Join(t.TempDir(), "audit")
	api := newAlertAPI(t, store, authn, keys, auditDir)

	// (5) Watching what one may not see is NOT_FOUND, word for word as a missing id.
	for _, id := range []string{watchedPhone, "identifier:PHONE:+855969990009"} {
		r := api.as(t, "analyst-c", `mutation($id: ID!) { watch(id: $id) { entityId } }`, map[string]any{"id": id})
		if r.code() != "NOT_FOUND" || r.Errors[0].Message != "not found: "+id {
			t.Fatalf("analyst-c watching %s: %+v", id, r)
		}
	}
	if r := api.as(t, "analyst-c", `mutation { watch(id: " identifier:PHONE:+855969990001") { entityId } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("an id with a space: %+v", r)
	}

	// Watch, as a VIEWER (READ is enough) and as an analyst of A only.
	for _, who := range []string{"watcher-ab", "watcher-a"} {
		r := api.as(t, who, `mutation($id: ID!) { watch(id: $id, note: "the shared phone") { entityId note } }`, map[string]any{"id": watchedPhone})
		if len(r.Errors) > 0 || dig(r.Data, "watch", "entityId") != watchedPhone {
			t.Fatalf("%s watch: %+v", who, r)
		}
	}
	if r := api.as(t, "watcher-ab", `{ watchlist { entityId note } }`, nil); len(dig(r.Data, "watchlist").([]any)) != 1 || dig(r.Data, "watchlist", 0, "note") != "the shared phone" {
		t.Fatalf("watchlist: %+v", r)
	}
	// A watch is no entity: nothing of it in the phone's neighbourhood.
	if r := api.as(t, "watcher-ab", `query($id: ID!) { neighborhood(id: $id, depth: 2) { nodes { id type } } }`, map[string]any{"id": watchedPhone}); strings.Contains(fmt.Sprint(r.Data), "watch") {
		t.Fatalf("a watch shows in a neighbourhood: %v", r.Data)
	}

	// (6) A WebSocket with a bad key is refused: in connection_init, closed
	// with 4403 and the reason; in the upgrade's headers, 401.
	q := `subscription { alerts { ` + alertFields + ` } }`
	_, err := subscribe(t, api.srv.URL, "graphql-transport-ws", nil, map[string]any{"Authorization": "Bearer sgk_not-a-key"}, q, nil)
	if status := websocket.CloseStatus(err); status != 4403 || !strings.Contains(err.Error(), "UNAUTHENTICATED") {
		t.Fatalf("a bad key in connection_init: %v (close status %d)", err, status)
	}
	_, err = subscribe(t, api.srv.URL, "graphql-transport-ws", http.Header{"X-Api-Key": {"sgk_not-a-key"}}, nil, q, nil)
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("a bad key in the upgrade's headers: %v", err)
	}
	if _, err = subscribe(t, api.srv.URL, "graphql-transport-ws", nil, nil, q, nil); websocket.CloseStatus(err) != 4403 {
		t.Fatalf("no key at all: %v", err)
	}
	// A page of another origin may not open one (no SCAMGRAPH_CORS_ORIGINS here).
	evil := http.Header{"Origin": {"https://evil.example"}}
	if _, err = subscribe(t, api.srv.URL, "graphql-transport-ws", evil, map[string]any{"X-API-Key": keys["watcher-ab"]}, q, nil); err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("another origin: %v", err)
	}
	// The refusals are summed up in the audit as refused HTTP requests are.
	var refusedNote string
	for deadline := time.Now().Add(2 * time.Second); refusedNote == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		recs, _ := audit.Read(auditDir, audit.Filter{Principal: "(unauthenticated)", Limit: 10})
		for _, rec := range recs {
			if rec.ErrorCode == "UNAUTHENTICATED" {
				refusedNote += rec.Note
			}
		}
	}
	if !strings.Contains(refusedNote, "refused:") {
		t.Errorf("the refused WebSockets are not in the audit: %q", refusedNote)
	}
	// Over HTTP a subscription is refused at once, not held open.
	if r := api.as(t, "watcher-ab", q, nil); r.code() != "BAD_REQUEST" {
		t.Fatalf("a subscription over HTTP: %+v", r)
	}

	// The watchers subscribe: one with its key in connection_init
	// (graphql-transport-ws), one in the upgrade's headers (graphql-ws).
	full, err := subscribe(t, api.srv.URL, "graphql-transport-ws", nil, map[string]any{"Authorization": "Bearer " + keys["watcher-ab"]}, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	hitOnly, err := subscribe(t, api.srv.URL, "graphql-ws", http.Header{"X-Api-Key": {keys["watcher-a"]}}, map[string]any{}, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // both subscriptions running (their grace would catch an alert anyway)

	// (1) B's importer loads a case that shares the watched phone.
	// The import runs beside the reader: the latency is from the request
	// sent to the alert received, the import's own time included.
	sent := time.Now()
	imported := make(chan time.Duration, 1)
	go func() {
		_, r := answer(t, api.h, uploadRequest(keys["importer-b"], `mutation($file: Upload!) { importCaseFile(file: $file) { exitCode } }`, nil, "file", "case-b.json", []byte(caseB)))
		if len(r.Errors) > 0 {
			t.Errorf("import: %+v", r)
		}
		imported <- time.Since(sent)
	}()
	got := map[string]map[string]any{}
	var latency time.Duration
	for range 2 {
		a, _ := full.next(t, 2*time.Second)
		if len(got) == 0 {
			latency = time.Since(sent)
		}
		got[a["kind"].(string)] = a
	}
	took := <-imported
	t.Logf("alert latency: %v from the import request sent to the first alert received over WebSocket (the import's answer came after %v)", latency, took)
	if latency > time.Second {
		t.Errorf("the first alert took %v, want under a second", latency)
	}
	m, l := got["MENTIONED"], got["LINKED"]
	if m == nil || l == nil {
		t.Fatalf("want a MENTIONED and a LINKED alert, got %v", got)
	}
	for _, a := range []map[string]any{m, l} {
		if a["caseId"] != "B-1" || a["agency"] != "Agency B" || a["entityId"] != watchedPhone || a["causedBy"] != "importer-b" || a["hit"] != false {
			t.Errorf("the whole alert: %v", a)
		}
	}
	if l["summary"] != "USES from person:B-1:RB" || l["otherId"] != "person:B-1:RB" || l["linkId"] == nil {
		t.Errorf("the LINKED alert's summary: %v", l)
	}

	// (2) The watcher of A only is shown the hit: case and agency, nothing more, once.
	h, raw := hitOnly.next(t, time.Second)
	if h["kind"] != "HIT" || h["caseId"] != "B-1" || h["agency"] != "Agency B" || h["hit"] != true || h["entityId"] != watchedPhone {
		t.Fatalf("the hit: %v", h)
	}
	for _, k := range []string{"summary", "otherId", "linkId", "causedBy"} {
		if h[k] != nil {
			t.Errorf("the hit shows %s: %v", k, h[k])
		}
	}
	for _, leak := range []string{"person:B-1", "RB", "Rung", "importer-b", "USES"} {
		if strings.Contains(raw, leak) {
			t.Errorf("the hit says %q: %s", leak, raw)
		}
	}
	hitOnly.quiet(t, 300*time.Millisecond, "one hit stands for the whole batch")

	// (4) Importing the same file again alerts nobody.
	api.importAs(t, "importer-b", caseB)
	full.quiet(t, time.Second, "a re-import changes nothing")

	// A mutation that joins the phone to another person of B alerts too.
	r := api.as(t, "analyst-ab", `mutation { createPerson(input: {caseId: "B-1", ref: "P2", name: "Second User", identifiers: [{kind: PHONE, value: "+855 96 999 0001"}]}) { id } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("createPerson: %+v", r)
	}
	if a, _ := full.next(t, time.Second); a["kind"] != "LINKED" || a["summary"] != "USES from person:B-1:P2" || a["causedBy"] != "analyst-ab" {
		t.Fatalf("the mutation's alert: %v", a)
	}
	if a, _ := hitOnly.next(t, time.Second); a["kind"] != "HIT" || a["summary"] != nil {
		t.Fatalf("the mutation's hit: %v", a)
	}

	// Alerts are audited, to the watcher, without the phone.
	recs, err := audit.Read(auditDir, audit.Filter{Principal: "watcher-ab", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for _, rec := range recs {
		if rec.Kind == audit.KindAlert {
			stored++
			if strings.Contains(rec.Note, "+855") || strings.Contains(rec.Note, "person:") {
				t.Errorf("the audit of an alert names the entity: %s", rec.Note)
			}
		}
	}
	if stored != 3 {
		t.Errorf("%d alert records for watcher-ab, want 3", stored)
	}
	hits, _ := audit.Read(auditDir, audit.Filter{Principal: "watcher-a", Limit: 100})
	var notes []string
	for _, rec := range hits {
		notes = append(notes, rec.Note)
	}
	if !strings.Contains(strings.Join(notes, "|"), "cross-case hit: B-1") {
		t.Errorf("the hit delivered is not audited as a cross-case hit: %q", notes)
	}

	// (3) After a restart (a new server, a new connection to Neo4j) the
	// alerts are still there, newest first.
	api.srv.Close()
	api2 := newAlertAPI(t, testneo4j.OpenKeep(t), authn, keys, filepath.Join(t.TempDir(), "audit"))
	r = api2.as(t, "watcher-ab", `query($since: DateTime) { alerts(since: $since) { `+alertFields+` } }`, map[string]any{"since": begin.Format(time.RFC3339Nano)})
	list, _ := dig(r.Data, "alerts").([]any)
	if len(r.Errors) > 0 || len(list) != 3 {
		t.Fatalf("alerts after a restart: %+v", r)
	}
	if dig(list[0], "summary") != "USES from person:B-1:P2" {
		t.Errorf("not newest first: %v", list)
	}
	r = api2.as(t, "watcher-a", `{ alerts { `+alertFields+` } }`, nil)
	list, _ = dig(r.Data, "alerts").([]any)
	if len(list) != 2 || dig(list[0], "kind") != "HIT" || dig(list[1], "kind") != "HIT" || dig(list[0], "summary") != nil {
		t.Fatalf("watcher-a's alerts after a restart: %+v", r)
	}
	if r = api2.as(t, "watcher-ab", `{ alerts(since: "2999-01-01T00:00:00Z") { id } }`, nil); len(dig(r.Data, "alerts").([]any)) != 0 {
		t.Fatalf("alerts since the future: %+v", r)
	}

	// Unwatching ends the watch, and a watcher who no longer sees the
	// entity... is one whose compartments changed: tested in TestAlertsForgetWhatTheWatcherCannotSee.
	if r = api2.as(t, "watcher-ab", `mutation($id: ID!) { unwatch(id: $id) }`, map[string]any{"id": watchedPhone}); dig(r.Data, "unwatch") != true {
		t.Fatalf("unwatch: %+v", r)
	}
	if r = api2.as(t, "watcher-ab", `{ watchlist { entityId } }`, nil); len(dig(r.Data, "watchlist").([]any)) != 0 {
		t.Fatalf("watchlist after unwatch: %+v", r)
	}
}

// twoAgenciesA loads agency A's case only (twoAgencies' first file).
func twoAgenciesA(t *testing.T, store *neo4jstore.Store) {
	t.Helper()
	rep, err := casefile.ImportCase(context.Background(), store, agencyCases()[0], casefile.Options{})
	if err != nil || rep.ExitCode != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
}

// TestAlertsForgetWhatTheWatcherCannotSee: a watcher whose compartments
// no longer hold the watched entity is told nothing about it: not in the
// watchlist, not in alerts, not over a subscription.
func TestAlertsForgetWhatTheWatcherCannotSee(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgenciesA(t, store)
	before := []auth.KeyEntry{{ID: "mover", Role: auth.RoleViewer, Cases: []string{"A-1"}}, {ID: "importer-b", Role: auth.RoleImporter, Cases: []string{"B-1"}}}
	authn, keys := keysFor(t, before)
	api := newAlertAPI(t, store, authn, keys, filepath.Join(t.TempDir(), "audit"))
	if r := api.as(t, "mover", `mutation($id: ID!) { watch(id: $id) { entityId } }`, map[string]any{"id": watchedPhone}); len(r.Errors) > 0 {
		t.Fatalf("watch: %+v", r)
	}
	api.importAs(t, "importer-b", caseB)
	if r := api.as(t, "mover", `{ alerts { kind } }`, nil); len(dig(r.Data, "alerts").([]any)) != 1 {
		t.Fatalf("alerts while the phone is visible: %+v", r)
	}
	// The same principal, moved to another case.
	after := []auth.KeyEntry{{ID: "mover", Role: auth.RoleViewer, Cases: []string{"C-1"}}}
	authn2, keys2 := keysFor(t, after)
	api2 := newAlertAPI(t, store, authn2, keys2, filepath.Join(t.TempDir(), "audit"))
	for _, q := range []string{`{ alerts { kind caseId } }`, `{ watchlist { entityId } }`} {
		r := api2.as(t, "mover", q, nil)
		if len(r.Errors) > 0 || strings.Contains(fmt.Sprint(r.Data), "B-1") || strings.Contains(fmt.Sprint(r.Data), "855") {
			t.Fatalf("%s after the move: %+v", q, r)
		}
	}
	sub, err := subscribe(t, api2.srv.URL, "graphql-transport-ws", nil, map[string]any{"X-API-Key": keys2["mover"]}, `subscription($since: DateTime) { alerts(since: $since) { kind } }`,
		map[string]any{"since": "2000-01-01T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	sub.quiet(t, 500*time.Millisecond, "the watcher no longer sees the phone")
	// The watch can still be removed; removing tells nothing of the entity.
	if r := api2.as(t, "mover", `mutation($id: ID!) { unwatch(id: $id) }`, map[string]any{"id": watchedPhone}); dig(r.Data, "unwatch") != true {
		t.Fatalf("unwatch of an entity no longer seen: %+v", r)
	}
	for _, id := range []string{watchedPhone, "identifier:PHONE:+855969990009"} {
		if r := api2.as(t, "mover", `mutation($id: ID!) { unwatch(id: $id) }`, map[string]any{"id": id}); dig(r.Data, "unwatch") != false {
			t.Fatalf("unwatch of %s, not watched: %+v", id, r)
		}
	}
}

// TestAlertsSubscriptionOutlivesServerTimeouts: the HTTP server's read and
// write timeouts (a minute and 150 s in production, 0.7 s here) do not cut
// a subscription: an alert comes after them.
func TestAlertsSubscriptionOutlivesServerTimeouts(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgenciesA(t, store)
	authn, keys := keysFor(t, alertPrincipals)
	api := newAlertAPI(t, store, authn, keys, filepath.Join(t.TempDir(), "audit"))
	if r := api.as(t, "watcher-a", `mutation($id: ID!) { watch(id: $id) { entityId } }`, map[string]any{"id": watchedPhone}); len(r.Errors) > 0 {
		t.Fatalf("watch: %+v", r)
	}
	sub, err := subscribe(t, api.srv.URL, "graphql-transport-ws", nil, map[string]any{"Authorization": "Bearer " + keys["watcher-a"]}, `subscription { alerts { kind summary } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if r := api.as(t, "watcher-a", `mutation { createPerson(input: {caseId: "A-1", ref: "P9", name: "Late User", identifiers: [{kind: PHONE, value: "+855 96 999 0001"}]}) { id } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("createPerson: %+v", r)
	}
	if a, _ := sub.next(t, 2*time.Second); a["summary"] != "USES from person:A-1:P9" {
		t.Fatalf("alert after the server's timeouts: %v", a)
	}
}
