package server

import (
	"container/list"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/scamgraph/scamgraph/auth"
)

// CodeRateLimited is the `extensions.code` of a request refused with HTTP
// 429 because its principal sent too many requests.
const CodeRateLimited = "RATE_LIMITED"

// Environment variables of the rate limit, read by RateLimitFromEnv.
const (
	EnvRateLimit = "SCAMGRAPH_RATE_LIMIT" // requests per second per principal (default 20)
	EnvRateBurst = "SCAMGRAPH_RATE_BURST" // requests a principal may send at once (default 40)
)

// Defaults of RateLimitFromEnv and NewRateLimiter.
const (
	DefaultRateLimit     = 20.0
	DefaultRateBurst     = 40
	DefaultMaxPrincipals = 10000
)

// RateLimitFromEnv reads SCAMGRAPH_RATE_LIMIT (a positive number of
// requests per second, fractions allowed) and SCAMGRAPH_RATE_BURST (a
// positive whole number of requests), each defaulting when unset or empty.
func RateLimitFromEnv() (perSecond float64, burst int, err error) {
	perSecond, burst = DefaultRateLimit, DefaultRateBurst
	if v := strings.TrimSpace(os.Getenv(EnvRateLimit)); v != "" {
		perSecond, err = strconv.ParseFloat(v, 64)
		if err != nil || perSecond <= 0 || math.IsInf(perSecond, 0) || math.IsNaN(perSecond) {
			return 0, 0, fmt.Errorf("%s=%q: want a positive number of requests per second per caller, such as 20 or 0.5", EnvRateLimit, v)
		}
	}
	if v := strings.TrimSpace(os.Getenv(EnvRateBurst)); v != "" {
		burst, err = strconv.Atoi(v)
		if err != nil || burst < 1 {
			return 0, 0, fmt.Errorf("%s=%q: want a positive whole number of requests, such as 40", EnvRateBurst, v)
		}
	}
	return perSecond, burst, nil
}

// RateLimiter gives each principal a token bucket of its own, so that one
// busy investigator or one leaked key cannot slow the API down for the
// others.
//
// Memory is bounded: a principal is forgotten once its bucket has been idle
// long enough to be full again (forgetting it then loses nothing, since a
// new bucket starts full), and when maxPrincipals buckets are in use the
// least recently seen one is forgotten to make room. maxPrincipals should
// be well above the number of principals active within burst/perSecond
// seconds, or busy principals get fresh buckets early.
type RateLimiter struct {
	limit     rate.Limit
	burst     int
	max       int
	idleAfter time.Duration // time for an empty bucket to fill up again

	mu      sync.Mutex
	buckets map[string]*list.Element // values of the list are *bucket
	recency *list.List               // front: most recently seen
	now     func() time.Time         // time.Now, or a test clock
}

type bucket struct {
	principal string
	limiter   *rate.Limiter
	seen      time.Time
}

// NewRateLimiter returns a limiter allowing each principal perSecond
// requests per second on average and burst at once, remembering at most
// maxPrincipals principals (DefaultMaxPrincipals when not positive). It
// panics when perSecond or burst is not positive: that is a wiring bug,
// RateLimitFromEnv refuses such settings.
func NewRateLimiter(perSecond float64, burst int, maxPrincipals int) *RateLimiter {
	if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
		panic(fmt.Sprintf("server: NewRateLimiter(%v, %d, …): want a positive finite rate and a positive burst", perSecond, burst))
	}
	if maxPrincipals <= 0 {
		maxPrincipals = DefaultMaxPrincipals
	}
	idleAfter := time.Duration(math.MaxInt64)
	if secs := float64(burst) / perSecond; secs < idleAfter.Seconds() {
		idleAfter = time.Duration(secs * float64(time.Second))
	}
	return &RateLimiter{
		limit:     rate.Limit(perSecond),
		burst:     burst,
		max:       maxPrincipals,
		idleAfter: idleAfter,
		buckets:   make(map[string]*list.Element),
		recency:   list.New(),
		now:       time.Now,
	}
}

// Allow takes one request from the bucket of principalID. When the bucket
// is empty it takes nothing and says how long until it holds one request.
func (rl *RateLimiter) Allow(principalID string) (ok bool, retryAfter time.Duration) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := rl.now()
	b := rl.bucketOf(principalID, now)
	r := b.limiter.ReserveN(now, 1)
	if !r.OK() {
		return false, rl.idleAfter // cannot happen with burst ≥ 1
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Peek says whether the bucket of key holds a request, without taking
// it, and if not, how long until it does.
func (rl *RateLimiter) Peek(key string) (ok bool, retryAfter time.Duration) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := rl.now()
	e, found := rl.buckets[key]
	if !found {
		return true, 0
	}
	tokens := e.Value.(*bucket).limiter.TokensAt(now)
	if tokens >= 1 {
		return true, 0
	}
	return false, time.Duration((1 - tokens) / float64(rl.limit) * float64(time.Second))
}

// bucketOf returns the bucket of principal, marked as seen now, after
// forgetting the idle buckets and, when full, the least recently seen one.
// rl.mu is held.
func (rl *RateLimiter) bucketOf(principal string, now time.Time) *bucket {
	for e := rl.recency.Back(); e != nil; e = rl.recency.Back() {
		if b := e.Value.(*bucket); b.principal == principal || now.Sub(b.seen) < rl.idleAfter {
			break
		}
		rl.forget(e)
	}
	if e, ok := rl.buckets[principal]; ok {
		rl.recency.MoveToFront(e)
		b := e.Value.(*bucket)
		b.seen = now
		return b
	}
	if len(rl.buckets) >= rl.max {
		rl.forget(rl.recency.Back())
	}
	b := &bucket{principal: principal, limiter: rate.NewLimiter(rl.limit, rl.burst), seen: now}
	rl.buckets[principal] = rl.recency.PushFront(b)
	return b
}

func (rl *RateLimiter) forget(e *list.Element) {
	rl.recency.Remove(e)
	delete(rl.buckets, e.Value.(*bucket).principal)
}

// Len is the number of principals remembered.
func (rl *RateLimiter) Len() int {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	return len(rl.buckets)
}

// Middleware refuses, with HTTP 429, a Retry-After header in whole seconds
// and a GraphQL error of code RATE_LIMITED, the requests of a principal
// over its rate. principalOf names the principal of a request; mount the
// middleware behind authentication so that it is the authenticated
// principal. When principalOf returns "" the client address stands in for
// it (so that the middleware also works in front of authentication, to
// slow down key guessing).
func (rl *RateLimiter) Middleware(principalOf func(*http.Request) string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := principalOf(r)
		if id == "" {
			host, _, err := net.SplitHostPort(r.RemoteAddr)
			if err != nil {
				host = r.RemoteAddr
			}
			id = "addr:" + host
		}
		ok, retryAfter := rl.Allow(id)
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := int(math.Ceil(retryAfter.Seconds()))
		secs = max(secs, 1)
		msg := fmt.Sprintf("rate limit exceeded: at most %s requests per second, %d at once, per caller; retry after %d s",
			strconv.FormatFloat(float64(rl.limit), 'f', -1, 64), rl.burst, secs)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		auth.WriteError(w, http.StatusTooManyRequests, CodeRateLimited, msg)
	})
}
