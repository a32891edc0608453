package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"
)

type requestIDKey struct{}

// RequestID is the id of the request in ctx, shown to clients in masked
// errors and written to every log line about the request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

type clientRequestIDKey struct{}

// ClientRequestID is the X-Request-Id the client sent, when it was valid.
func ClientRequestID(ctx context.Context) string {
	id, _ := ctx.Value(clientRequestIDKey{}).(string)
	return id
}

var clientRequestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:\-]{1,64}$`)

// withRequestID gives every request an id of the server's own making (the
// audit's request id, shown in masked errors and the X-Request-Id answer
// header). A client's X-Request-Id is kept apart, and only when it looks
// like an id: a client must not choose the id an audit record is found
// by, nor write into the logs through it.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		if c := r.Header.Get("X-Request-Id"); clientRequestIDPattern.MatchString(c) {
			ctx = context.WithValue(ctx, clientRequestIDKey{}, c)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (read and
// write deadlines of uploads).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// withAccessLog logs method, path, status and duration. It never logs
// bodies or GraphQL variables: they carry victims' data.
func withAccessLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			return
		}
		logger.InfoContext(r.Context(), "http", "request_id", RequestID(r.Context()), "client_request_id", ClientRequestID(r.Context()), "method", r.Method,
			"path", r.URL.Path, "status", rec.status, "duration_ms", time.Since(start).Milliseconds())
	})
}

// withRequestTimeout bounds how long one request may hold the server: a
// Neo4j that accepts connections but does not answer (while starting, or
// overloaded) must turn into UNAVAILABLE, not a hung client. Uploads
// (case file imports) get uploadTimeout instead: they take as long as the
// file, but not for ever.
func withRequestTimeout(d, uploadTimeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := d
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			d = uploadTimeout
		}
		if d <= 0 {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
