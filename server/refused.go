package server

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
)

// Defaults of the per-address limit on requests that fail authentication.
const (
	DefaultUnauthenticatedRate  = 1.0 // requests per second per client address
	DefaultUnauthenticatedBurst = 20
	// DefaultRefusedAuditWindow is how long refused requests (no or a
	// wrong credential, over a rate limit) are counted before one audit
	// record sums them up.
	DefaultRefusedAuditWindow = 10 * time.Second
)

// clientHost is the address of the client, without its port.
func clientHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// withFailedAuthLimit limits, per client address, the requests that fail
// authentication: each 401 takes a token from the address's bucket, and
// while the bucket is empty the address's requests are refused with 429
// before any credential is checked (so a key cannot be guessed faster
// than the rate). Requests that authenticate take nothing; they have the
// per-principal limit.
func withFailedAuthLimit(rl *RateLimiter, next http.Handler) http.Handler {
	if rl == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := "addr:" + clientHost(r)
		if ok, retryAfter := rl.Peek(key); !ok {
			secs := max(int(math.Ceil(retryAfter.Seconds())), 1)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			auth.WriteError(w, http.StatusTooManyRequests, CodeRateLimited,
				fmt.Sprintf("too many requests without a valid credential from this address; retry after %d s", secs))
			return
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status == http.StatusUnauthorized {
			rl.Allow(key)
		}
	})
}

// refusedAggregator sums up refused requests (401, 429) in one audit
// record per window and refusal, instead of one fsynced record each: a
// flood of bad credentials must not turn into a flood of disk syncs, nor
// bury the records that matter.
type refusedAggregator struct {
	log    *audit.Log
	logger *slog.Logger
	window time.Duration

	mu      sync.Mutex
	pending map[refusedKey]*refusedCount
	timer   *time.Timer
	start   time.Time
}

type refusedKey struct{ operation, kind, code, principal, role string }

type refusedCount struct {
	n      int
	byAddr map[string]int
}

func newRefusedAggregator(log *audit.Log, logger *slog.Logger, window time.Duration) *refusedAggregator {
	if log == nil {
		return nil
	}
	if window <= 0 {
		window = DefaultRefusedAuditWindow
	}
	return &refusedAggregator{log: log, logger: logger, window: window, pending: map[refusedKey]*refusedCount{}}
}

// add counts one refused request; the first of a window starts its timer.
func (a *refusedAggregator) add(k refusedKey, addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.pending[k]
	if c == nil {
		c = &refusedCount{byAddr: map[string]int{}}
		a.pending[k] = c
	}
	c.n++
	if _, ok := c.byAddr[addr]; ok || len(c.byAddr) < 1000 {
		c.byAddr[addr]++
	}
	if a.timer == nil {
		a.start = time.Now()
		a.timer = time.AfterFunc(a.window, a.flush)
	}
}

// flush writes one record per kind of refusal of the window.
func (a *refusedAggregator) flush() {
	a.mu.Lock()
	pending, start := a.pending, a.start
	a.pending, a.timer = map[refusedKey]*refusedCount{}, nil
	a.mu.Unlock()
	keys := make([]refusedKey, 0, len(pending))
	for k := range pending {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	for _, k := range keys {
		c := pending[k]
		addrs := make([]string, 0, len(c.byAddr))
		for addr := range c.byAddr {
			addrs = append(addrs, addr)
		}
		sort.Slice(addrs, func(i, j int) bool {
			if c.byAddr[addrs[i]] != c.byAddr[addrs[j]] {
				return c.byAddr[addrs[i]] > c.byAddr[addrs[j]]
			}
			return addrs[i] < addrs[j]
		})
		var top []string
		for i, addr := range addrs {
			if i == 20 {
				top = append(top, fmt.Sprintf("and %d more addresses", len(addrs)-20))
				break
			}
			top = append(top, fmt.Sprintf("%s x%d", addr, c.byAddr[addr]))
		}
		rec := audit.Record{
			Operation: k.operation + " (refused, aggregated)", Kind: k.kind, Principal: k.principal, Role: k.role,
			Outcome: audit.OutcomeDenied, ErrorCode: k.code, Returned: 0, Changed: 0,
			Note: fmt.Sprintf("refused:%d since %s; by address: %s", c.n, start.UTC().Format(time.RFC3339), strings.Join(top, ", ")),
		}
		if err := a.log.Write(context.Background(), rec); err != nil {
			a.logger.Error("audit log write failed", "record", "refused requests", "error", err)
		}
	}
}
