package auth

import (
	"encoding/json"
	"errors"
	"net/http"
)

// Middleware authenticates every request and puts the Principal in its
// context (FromContext) before calling next. A request that fails is
// answered 401 with `WWW-Authenticate: Bearer` and a body in the shape of
// a GraphQL error, so GraphQL clients show it like any other error:
//
//	{"errors":[{"message":"token expired","extensions":{"code":"UNAUTHENTICATED"}}]}
//
// The credential headers are removed from the request passed to next, so
// nothing downstream can log or forward them, and the answer never
// repeats them.
//
// Which paths need authentication is the caller's business: the server
// mounts Middleware on /graphql and /export only, and leaves /healthz,
// /readyz and /metrics open to the orchestrator and the metrics scraper.
func Middleware(a *Authenticator, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := a.Authenticate(r)
		if err != nil {
			unauthorized(w, err)
			return
		}
		r = r.Clone(WithPrincipal(r.Context(), p))
		r.Header.Del("Authorization")
		r.Header.Del("X-API-Key")
		next.ServeHTTP(w, r)
	})
}

// unauthorized writes the 401 answer. The WWW-Authenticate error code
// follows RFC 6750: none when no credential came, invalid_token when one
// was refused.
func unauthorized(w http.ResponseWriter, err error) {
	msg := "authentication failed"
	challenge := `Bearer realm="scamgraph"`
	var e *Error
	if errors.As(err, &e) {
		msg = e.Reason
		if e.Presented {
			challenge += `, error="invalid_token"`
		}
	}
	w.Header().Set("WWW-Authenticate", challenge)
	WriteError(w, http.StatusUnauthorized, "UNAUTHENTICATED", msg)
}

// WriteError answers a request refused before it reached GraphQL (no
// credential, rate limit) with a body in the shape of a GraphQL error, so
// clients show it like any other: {"errors":[{"message":…,"extensions":{"code":…}}]}.
// Such answers are never cached.
func WriteError(w http.ResponseWriter, status int, code, message string) {
	type extensions struct {
		Code string `json:"code"`
	}
	type gqlError struct {
		Message    string     `json:"message"`
		Extensions extensions `json:"extensions"`
	}
	body, _ := json.Marshal(struct {
		Errors []gqlError `json:"errors"`
	}{[]gqlError{{Message: message, Extensions: extensions{Code: code}}}})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
