// Package auth says who is calling the API and what they may do.
//
// A caller is a Principal: an id, a Role (what kind of work they do) and
// case compartments (which cases they may see). Principals come from API
// keys (apikeys.go), JWT bearer tokens (jwt.go) or, in development mode
// only, Dev(). The Authenticator (config.go) picks the method from the
// request; Middleware (middleware.go) puts the Principal in the request
// context, where resolvers find it with FromContext.
//
// The package never logs, stores or echoes a credential: API keys exist
// only as SHA-256 hashes in the keys file, and error messages name files,
// lines and ids, never keys, tokens or secrets.
package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Role is the kind of work a principal does; permissions.go says what each
// role may do. Roles are coarse on purpose: investigators of different
// agencies are kept apart by case compartments, not by roles.
type Role string

// The roles, weakest first. Their values are what keys files and JWT
// claims carry.
const (
	RoleViewer   Role = "VIEWER"
	RoleAnalyst  Role = "ANALYST"
	RoleImporter Role = "IMPORTER"
	RoleAdmin    Role = "ADMIN"
)

// Roles lists every role in the order of the permission table.
func Roles() []Role {
	return []Role{RoleViewer, RoleAnalyst, RoleImporter, RoleAdmin}
}

// ParseRole reads a role name as keys files, JWT claims and the CLI give
// it. Case does not matter ("analyst" is ANALYST), because identity
// providers differ in how they spell claims; anything else is refused
// rather than mapped to a weaker role, so a typo is noticed.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToUpper(strings.TrimSpace(s)))
	if slices.Contains(Roles(), r) {
		return r, nil
	}
	return "", fmt.Errorf("role %q: want VIEWER, ANALYST, IMPORTER or ADMIN", s)
}

// How a principal was authenticated, in Principal.Method. The audit log
// records it, so a reviewer can tell a script's key from a person's login.
const (
	MethodAPIKey = "api-key"
	MethodJWT    = "jwt"
	MethodDev    = "dev"
)

// Principal is the authenticated caller.
type Principal struct {
	// ID names the caller in the audit log: the key's id or the JWT sub.
	ID   string
	Role Role
	// AllCases is true for principals that see every case ("cases": "*");
	// otherwise Cases lists the case ids of their compartments.
	AllCases bool
	Cases    []string
	// Method is MethodAPIKey, MethodJWT or MethodDev.
	Method string
}

// Dev is the principal of development mode (SCAMGRAPH_DEV=1), where
// authentication is off: an administrator who sees every case. It must
// never be used when authentication is on.
func Dev() Principal {
	return Principal{ID: "dev", Role: RoleAdmin, AllCases: true, Method: MethodDev}
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p, for the handlers behind Middleware.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal Middleware put in ctx. The boolean is
// false when there is none, which callers must treat as "may do nothing":
// a missing principal is a wiring bug, not an anonymous user.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// parseCases reads the "cases" of a keys file entry or a JWT: either the
// string "*" (every case) or a non-empty array of case ids. A missing or
// empty value is refused rather than read as "no cases", because such a
// principal could do nothing and is almost certainly a mistake; "*" inside
// an array is refused so that "all cases" is always written the same way
// and easy to grep for.
func parseCases(raw json.RawMessage) (all bool, cases []string, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return false, nil, errors.New(`cases: missing; give an array of case ids or "*" for all cases`)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "*" {
			return true, nil, nil
		}
		return false, nil, errors.New(`cases: a string must be "*" (all cases); give case ids as an array`)
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		return false, nil, errors.New(`cases: want an array of case ids or "*"`)
	}
	if len(cases) == 0 {
		return false, nil, errors.New(`cases: empty; give case ids or "*" for all cases`)
	}
	for i, c := range cases {
		if c == "*" {
			return false, nil, errors.New(`cases: write "cases": "*" for all cases, not inside an array`)
		}
		if strings.TrimSpace(c) == "" || c != strings.TrimSpace(c) {
			return false, nil, fmt.Errorf("cases[%d]: empty or padded with spaces", i)
		}
	}
	return false, cases, nil
}
