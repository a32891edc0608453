package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testClock is a clock the test moves by hand.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time          { return c.t }
func (c *testClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newTestLimiter(perSecond float64, burst, max int) (*RateLimiter, *testClock) {
	rl := NewRateLimiter(perSecond, burst, max)
	c := &testClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	rl.now = c.now
	return rl, c
}

func TestRateLimiterBurstThenWait(t *testing.T) {
	rl, clock := newTestLimiter(2, 3, 100)
	for i := range 3 {
		if ok, _ := rl.Allow("alice"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, retry := rl.Allow("alice")
	if ok || retry != 500*time.Millisecond {
		t.Fatalf("after the burst: ok=%v retryAfter=%v, want refused for 500ms", ok, retry)
	}
	// A refused request takes nothing: the wait does not grow.
	if _, again := rl.Allow("alice"); again != retry {
		t.Fatalf("second refusal waits %v, want %v", again, retry)
	}
	clock.advance(retry)
	if ok, _ := rl.Allow("alice"); !ok {
		t.Fatal("refused after waiting retryAfter")
	}
}

func TestRateLimiterPrincipalsAreIndependent(t *testing.T) {
	rl, _ := newTestLimiter(1, 2, 100)
	rl.Allow("alice")
	rl.Allow("alice")
	if ok, _ := rl.Allow("alice"); ok {
		t.Fatal("alice over her burst allowed")
	}
	for i := range 2 {
		if ok, _ := rl.Allow("bob"); !ok {
			t.Fatalf("bob's request %d refused because of alice", i+1)
		}
	}
}

func TestRateLimiterEvictionBoundsMemory(t *testing.T) {
	const max = 100
	rl, clock := newTestLimiter(1, 5, max)
	for i := range 10 * max {
		rl.Allow(fmt.Sprintf("p%d", i))
		if n := rl.Len(); n > max {
			t.Fatalf("%d principals remembered, limit %d", n, max)
		}
		clock.advance(time.Millisecond)
	}
	// The most recent principal keeps its (partly used) bucket.
	last := fmt.Sprintf("p%d", 10*max-1)
	for range 4 {
		rl.Allow(last)
	}
	if ok, _ := rl.Allow(last); ok {
		t.Fatal("recent principal got a fresh bucket")
	}
	// Idle principals, whose buckets have filled up again, are forgotten.
	clock.advance(5 * time.Second)
	rl.Allow("newcomer")
	if n := rl.Len(); n != 1 {
		t.Fatalf("%d principals remembered after all went idle, want 1", n)
	}
}

func TestRateLimiterConcurrent(t *testing.T) {
	rl := NewRateLimiter(1, 50, 10)
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				if ok, _ := rl.Allow(fmt.Sprintf("p%d", (g+i)%3)); ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if allowed < 150 || allowed > 160 { // 3 bursts of 50, plus what refills during the test
		t.Fatalf("%d requests allowed, want about 150", allowed)
	}
}

func TestRateLimitMiddleware(t *testing.T) {
	rl, _ := newTestLimiter(20, 2, 100)
	principalOf := func(r *http.Request) string { return r.Header.Get("X-Test-Principal") }
	h := rl.Middleware(principalOf, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	send := func(principal string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		req.Header.Set("X-Test-Principal", principal)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for range 2 {
		if rec := send("alice"); rec.Code != http.StatusNoContent {
			t.Fatalf("within the burst: %d", rec.Code)
		}
	}
	rec := send("alice")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("over the burst: %d", rec.Code)
	}
	if got := rec.Header().Get("Retry-After"); got != "1" {
		t.Fatalf("Retry-After = %q, want 1 (50ms rounded up to a whole second)", got)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q", ct)
	}
	var body struct {
		Errors []struct {
			Message    string            `json:"message"`
			Extensions map[string]string `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body.String(), err)
	}
	if len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != CodeRateLimited ||
		!strings.HasPrefix(body.Errors[0].Message, "rate limit exceeded: ") {
		t.Fatalf("body %s", rec.Body.String())
	}
	if rec := send("bob"); rec.Code != http.StatusNoContent {
		t.Fatalf("bob refused because of alice: %d", rec.Code)
	}
	// Without a principal, the client address is the key.
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	req.RemoteAddr = "192.0.2.7:4711"
	for range 2 {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("anonymous client over the burst: %d", rec.Code)
	}
}

func TestRateLimitFromEnv(t *testing.T) {
	t.Setenv(EnvRateLimit, "")
	t.Setenv(EnvRateBurst, "")
	if r, b, err := RateLimitFromEnv(); err != nil || r != 20 || b != 40 {
		t.Fatalf("defaults: %v %v %v", r, b, err)
	}
	t.Setenv(EnvRateLimit, " 0.5 ")
	t.Setenv(EnvRateBurst, "3")
	if r, b, err := RateLimitFromEnv(); err != nil || r != 0.5 || b != 3 {
		t.Fatalf("0.5/3: %v %v %v", r, b, err)
	}
	for _, c := range []struct{ env, value string }{
		{EnvRateLimit, "fast"}, {EnvRateLimit, "0"}, {EnvRateLimit, "-1"}, {EnvRateLimit, "Inf"}, {EnvRateLimit, "NaN"},
		{EnvRateBurst, "1.5"}, {EnvRateBurst, "0"},
	} {
		t.Run(c.env+"="+c.value, func(t *testing.T) {
			t.Setenv(EnvRateLimit, "20")
			t.Setenv(EnvRateBurst, "40")
			t.Setenv(c.env, c.value)
			_, _, err := RateLimitFromEnv()
			if err == nil || !strings.Contains(err.Error(), c.env) {
				t.Fatalf("error %v does not name %s", err, c.env)
			}
		})
	}
}
