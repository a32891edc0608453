package server

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// EnvCORSOrigins lists, comma-separated, the exact origins
// ("https://console.example.org") whose web pages may call the API from a
// browser, or is "*" alone for any page without credentials. Unset or
// empty, CORS is off: the API sends no Access-Control-* header and
// browsers keep other sites' pages from reading its answers.
const EnvCORSOrigins = "SCAMGRAPH_CORS_ORIGINS"

// What a preflight answer allows: the methods of the GraphQL transports and
// the headers of authentication (auth.Middleware), of JSON bodies and of
// request ids (withRequestID). Browsers may cache the answer 10 minutes.
const (
	corsAllowMethods = "GET, POST, OPTIONS"
	corsAllowHeaders = "Authorization, Content-Type, X-API-Key, X-Request-Id"
	corsMaxAge       = "600"
	// Headers a page may read besides the CORS-safelisted ones: the wait of
	// a rate-limited client, and the id to quote in a bug report.
	corsExposeHeaders = "Retry-After, X-Request-Id"
)

// CORSFromEnv reads SCAMGRAPH_CORS_ORIGINS: nil when unset or empty,
// ["*"] for the wildcard, otherwise the origins in their serialized form
// (scheme://host[:port], lower case). It refuses wildcards mixed with
// origins or inside them ("https://*.example.org"), "null", and anything
// with a path, query, fragment or user name, since browsers send none.
func CORSFromEnv() ([]string, error) {
	raw := strings.TrimSpace(os.Getenv(EnvCORSOrigins))
	if raw == "" {
		return nil, nil
	}
	var origins []string
	for item := range strings.SplitSeq(raw, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue // a trailing or doubled comma
		}
		if item == "*" {
			origins = append(origins, item)
			continue
		}
		origin, err := parseOrigin(item)
		if err != nil {
			return nil, fmt.Errorf("%s: %q: %w", EnvCORSOrigins, item, err)
		}
		origins = append(origins, origin)
	}
	if len(origins) > 1 {
		for _, o := range origins {
			if o == "*" {
				return nil, fmt.Errorf(`%s=%q: "*" must stand alone: it allows any origin and cannot be combined with origins that get credentials`, EnvCORSOrigins, raw)
			}
		}
	}
	return origins, nil
}

// parseOrigin checks that s is an exact web origin and returns it as
// browsers serialize it in the Origin header.
func parseOrigin(s string) (string, error) {
	if s == "null" {
		return "", fmt.Errorf(`the "null" origin (sandboxed frames, local files) cannot be trusted`)
	}
	if strings.Contains(s, "*") {
		return "", fmt.Errorf("wildcards are not allowed in an origin; list each origin exactly")
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("not a URL: %w", err)
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme != "http" && scheme != "https":
		return "", fmt.Errorf("want an http or https origin such as https://console.example.org")
	case u.Host == "" || u.Opaque != "":
		return "", fmt.Errorf("no host; want scheme://host[:port]")
	case u.User != nil:
		return "", fmt.Errorf("an origin has no user name")
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("an origin has no path, query or fragment; want scheme://host[:port]")
	}
	host := strings.ToLower(u.Host)
	if port := u.Port(); (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		host = strings.TrimSuffix(host, ":"+port) // browsers leave default ports out
	}
	return scheme + "://" + host, nil
}

// withCORS answers the CORS preflight requests of the listed origins and
// lets the pages of those origins read the answers. With no origins it is
// next itself: no Access-Control-* header at all. Explicit origins are
// allowed credentials (cookies or client certificates of a proxy in front
// of the API); the wildcard never is, as the CORS standard requires.
//
// Mount it outside authentication: a browser's preflight carries no
// credentials and must not be answered 401.
func withCORS(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	wildcard := len(origins) == 1 && origins[0] == "*"
	allowed := make(map[string]bool, len(origins))
	for _, o := range origins {
		allowed[o] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		ok := origin != "" && (wildcard || allowed[origin])
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if ok {
			if wildcard {
				h.Set("Access-Control-Allow-Origin", "*")
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
				h.Set("Access-Control-Allow-Credentials", "true")
			}
		}
		switch {
		case preflight && ok:
			h.Set("Access-Control-Allow-Methods", corsAllowMethods)
			h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
			h.Set("Access-Control-Max-Age", corsMaxAge)
			w.WriteHeader(http.StatusNoContent)
		case preflight:
			http.Error(w, "CORS: origin not allowed", http.StatusForbidden)
		default:
			if ok {
				h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
			}
			next.ServeHTTP(w, r)
		}
	})
}
