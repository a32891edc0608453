package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
	"github.com/scamgraph/scamgraph/server"
)

// readSpy says whether a body was read.
type readSpy struct {
	r    io.Reader
	read bool
	n    int
}

func (s *readSpy) Read(p []byte) (int, error) {
	s.read = true
	n, err := s.r.Read(p)
	s.n += n
	return n, err
}

// multipartImport is an importCaseFile request with the given variables
// and file; chunked hides the length.
func multipartImport(t *testing.T, key string, vars map[string]any, file []byte, chunked bool) (*http.Request, *readSpy) {
	t.Helper()
	body, contentType := uploadForm(`mutation($f: Upload!, $caseId: ID) { importCaseFile(file: $f, caseId: $caseId) { exitCode } }`, vars, "f", "case.json", file)
	spy := &readSpy{r: bytes.NewReader(body.Bytes())}
	req := httptest.NewRequest(http.MethodPost, "/graphql", spy)
	if !chunked {
		req.ContentLength = int64(body.Len())
	} else {
		req.ContentLength = -1
	}
	req.Header.Set("Content-Type", contentType)
	withKey(req, key)
	return req, spy
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Issue 11, item 9: uploads only for roles that may import, checked
// before the body is read; 413 PAYLOAD_TOO_LARGE for an oversize body on
// every transport; a 5 MB variable refused alike as JSON and multipart.
func TestBodyLimitsOnEveryTransport(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	const maxBody, maxUpload = 64 << 10, 256 << 10
	api, keys, _ := securedAPIWith(t, store, logger, server.NewMetrics(), server.Options{MaxBodyBytes: maxBody, MaxUploadBytes: maxUpload})
	file := []byte(`{"case": {"id": "A-1", "title": "Case A", "agency": "Agency A"}, "entities": [], "links": []}`)

	for _, who := range []string{"viewer-a", "analyst-a", "analyst-b"} {
		req, spy := multipartImport(t, keys[who], nil, file, false)
		rec := serve(api, req)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), `"FORBIDDEN"`) || spy.read {
			t.Errorf("%s uploading: %d %s (body read: %v)", who, rec.Code, rec.Body.String(), spy.read)
		}
	}
	req, _ := multipartImport(t, keys["importer-a"], nil, file, false)
	if rec := serve(api, req); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		t.Fatalf("an importer's upload: %d %s", rec.Code, rec.Body.String())
	}

	tooLarge := func(what string, rec *httptest.ResponseRecorder) {
		t.Helper()
		if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), `"PAYLOAD_TOO_LARGE"`) {
			t.Errorf("%s: %d %.300s", what, rec.Code, rec.Body.String())
		}
	}
	big := strings.Repeat("x", maxUpload)
	for _, chunked := range []bool{false, true} {
		req, _ := multipartImport(t, keys["importer-a"], nil, []byte(big), chunked)
		tooLarge(fmt.Sprintf("an upload over the limit (chunked %v)", chunked), serve(api, req))
	}
	// A variable over the body limit: JSON, multipart and GET alike.
	huge := strings.Repeat("y", maxBody+1)
	body, _ := json.Marshal(map[string]any{"query": `query($t: String!) { search(text: $t) { total } }`, "variables": map[string]any{"t": huge}})
	tooLarge("JSON", post(t, api, keys["analyst-a"], "application/json", string(body)))
	for _, chunked := range []bool{false, true} {
		req, _ := multipartImport(t, keys["importer-a"], map[string]any{"caseId": huge}, file, chunked)
		tooLarge(fmt.Sprintf("a multipart variable (chunked %v)", chunked), serve(api, req))
	}
	// An operations part far over the limit is refused after reading
	// about the limit, not all of it.
	req, spy := multipartImport(t, keys["importer-a"], map[string]any{"caseId": strings.Repeat("z", maxUpload/2)}, file, true)
	tooLarge("a multipart operations part of half the upload limit", serve(api, req))
	if spy.n > maxBody+16<<10 {
		t.Errorf("read %d bytes of an operations part over the %d byte limit", spy.n, maxBody)
	}
	get := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`query($t: String!) { search(text: $t) { total } }`)+"&variables="+url.QueryEscape(`{"t": "`+huge+`"}`), nil)
	get.Header.Set("Authorization", "Bearer "+keys["analyst-a"])
	tooLarge("GET", serve(api, get))
}

// Issue 11, item 9: requests that fail authentication are limited per
// client address, and refused requests are summed up in the audit
// instead of one record each.
func TestUnauthenticatedRequestsAreLimitedAndAggregated(t *testing.T) {
	store := testneo4j.Open(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	api, keys, dir := securedAPIWith(t, store, logger, server.NewMetrics(), server.Options{
		FailedAuthLimiter: server.NewRateLimiter(0.01, 5, 0), RefusedAuditWindow: 300 * time.Millisecond})
	codes := map[int]int{}
	for i := 0; i < 30; i++ {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "{ countries(first: 1) { totalCount } }"}`))
		req.RemoteAddr = "198.51.100.7:4242"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer sgk_guess-"+fmt.Sprint(i))
		codes[serve(api, req).Code]++
	}
	if codes[http.StatusUnauthorized] != 5 || codes[http.StatusTooManyRequests] != 25 {
		t.Errorf("answers: %v", codes)
	}
	// Another address, and a valid key from the limited one, still get in.
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "{ countries(first: 1) { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+keys["analyst-a"])
	if rec := serve(api, req); rec.Code != http.StatusOK {
		t.Errorf("a valid key from another address: %d", rec.Code)
	}
	time.Sleep(time.Second)
	recs, err := audit.Read(dir, audit.Filter{Limit: audit.MaxReadLimit})
	if err != nil {
		t.Fatal(err)
	}
	refused, summed := 0, 0
	for _, r := range recs {
		if r.ErrorCode == "UNAUTHENTICATED" || r.ErrorCode == "RATE_LIMITED" {
			refused++
			var n int
			if _, err := fmt.Sscanf(r.Note, "refused:%d", &n); err != nil {
				t.Errorf("note %q", r.Note)
			}
			summed += n
			if !strings.Contains(r.Note, "198.51.100.7") {
				t.Errorf("note %q lacks the address", r.Note)
			}
		}
	}
	if refused != 2 || summed != 30 {
		t.Errorf("%d refusal records summing %d, want 2 summing 30", refused, summed)
	}
}

// Issue 11, item 9: an upload that trickles in is cut at the upload
// timeout, and the HTTP server's write timeout outlasts an export.
func TestUploadReadDeadlineAndWriteTimeout(t *testing.T) {
	if server.WriteTimeout(20*time.Second) <= server.ExportTimeout(20*time.Second) {
		t.Errorf("WriteTimeout %s does not outlast an export (%s)", server.WriteTimeout(20*time.Second), server.ExportTimeout(20*time.Second))
	}
	store := testneo4j.Open(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	api, keys, _ := securedAPIWith(t, store, logger, server.NewMetrics(), server.Options{UploadTimeout: time.Second})
	srv := httptest.NewServer(api)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n", keys["importer-a"])
	start := time.Now()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err = http.ReadResponse(bufio.NewReader(conn), nil)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a trickling upload held the connection %s (%v)", took, err)
	}
}

// failingWriter is a client that went away: every write fails.
type failingWriter struct {
	h    http.Header
	code int
}

func (f *failingWriter) Header() http.Header       { return f.h }
func (f *failingWriter) WriteHeader(code int)      { f.code = code }
func (f *failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// Issue 11, item 9: an export that could not be finished is not "ok" in
// the audit.
func TestInterruptedExportIsNotOKInTheAudit(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, dir := securedAPI(t, store)
	req := httptest.NewRequest(http.MethodGet, "/export?view=case&caseId=A-1&format=graphml", nil)
	req.Header.Set("Authorization", "Bearer "+keys["analyst-a"])
	api.ServeHTTP(&failingWriter{h: http.Header{}}, req)
	if r := lastAudit(t, dir); r.Kind != audit.KindExport || r.Outcome != audit.OutcomeError || r.ErrorCode != "INTERRUPTED" {
		t.Errorf("audit of an interrupted export: %+v", r)
	}
}
