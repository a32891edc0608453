package auth

import (
	"bytes"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// JWT bearer tokens are for people: an agency's identity provider logs
// the investigator in and issues a short-lived token naming their role
// and cases. Claims:
//
//	sub    the principal id (required)
//	role   VIEWER, ANALYST, IMPORTER or ADMIN (required)
//	cases  an array of case ids, or "*" for all cases (required)
//	exp    required; nbf honoured when present; iss and aud must match
//
// Tokens are signed HS256 with a shared secret or RS256 with the
// identity provider's private key (this server holds only the public key).

// DefaultLeeway is the clock skew allowed between the identity provider
// and this server when checking exp, nbf and iat. Thirty seconds covers
// ordinary NTP drift without keeping expired tokens alive for long.
const DefaultLeeway = 30 * time.Second

// Secret is key material. It prints and logs as "[redacted]", so a Config
// can be logged or dumped in a panic without leaking it.
type Secret []byte

func (Secret) String() string       { return "[redacted]" }
func (Secret) GoString() string     { return "[redacted]" }
func (Secret) LogValue() slog.Value { return slog.StringValue("[redacted]") }

// JWTConfig says how to verify tokens. At least one of HS256Secret and
// RS256PublicKeyPEM must be set, and Issuer and Audience both: without an
// audience check, a token the same identity provider issued for another
// application would open this one.
type JWTConfig struct {
	HS256Secret       Secret // at least 32 bytes (RFC 7518: no shorter than the hash)
	RS256PublicKeyPEM []byte // PKIX or PKCS#1 public key, or a certificate
	Issuer            string
	Audience          string
	Leeway            time.Duration // 0 means DefaultLeeway
}

// Enabled reports whether any JWT key is configured.
func (c JWTConfig) Enabled() bool {
	return len(c.HS256Secret) > 0 || len(c.RS256PublicKeyPEM) > 0
}

// JWTVerifier checks bearer tokens. It is safe for concurrent use.
type JWTVerifier struct {
	hsSecret []byte
	rsKey    *rsa.PublicKey
	parser   *jwt.Parser
	methods  []string // the accepted algorithms
}

// NewJWTVerifier checks c and returns a verifier for it.
func NewJWTVerifier(c JWTConfig) (*JWTVerifier, error) {
	if !c.Enabled() {
		return nil, errors.New("jwt: no HS256 secret and no RS256 public key configured")
	}
	if c.Issuer == "" || c.Audience == "" {
		return nil, errors.New("jwt: SCAMGRAPH_JWT_ISSUER and SCAMGRAPH_JWT_AUDIENCE are both required")
	}
	if c.Leeway < 0 {
		return nil, errors.New("jwt: negative leeway")
	}
	if c.Leeway == 0 {
		c.Leeway = DefaultLeeway
	}
	v := &JWTVerifier{}
	// The accepted algorithms are pinned to the configured keys: a token
	// cannot choose "none", nor HS256 with the RSA public key as the
	// secret (the classic algorithm confusion).
	var methods []string
	if len(c.HS256Secret) > 0 {
		if len(c.HS256Secret) < 32 {
			return nil, errors.New("jwt: the HS256 secret must be at least 32 bytes")
		}
		v.hsSecret = []byte(c.HS256Secret)
		methods = append(methods, jwt.SigningMethodHS256.Alg())
	}
	if len(c.RS256PublicKeyPEM) > 0 {
		key, err := jwt.ParseRSAPublicKeyFromPEM(c.RS256PublicKeyPEM)
		if err != nil {
			return nil, fmt.Errorf("jwt: RS256 public key: %w", err)
		}
		if key.N.BitLen() < 2048 {
			return nil, fmt.Errorf("jwt: RS256 public key has %d bits, want at least 2048", key.N.BitLen())
		}
		v.rsKey = key
		methods = append(methods, jwt.SigningMethodRS256.Alg())
	}
	v.methods = methods
	v.parser = jwt.NewParser(
		jwt.WithValidMethods(methods),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(c.Issuer),
		jwt.WithAudience(c.Audience),
		jwt.WithLeeway(c.Leeway),
	)
	return v, nil
}

// tokenClaims are the claims Verify reads.
type tokenClaims struct {
	jwt.RegisteredClaims
	Role  *string         `json:"role"`
	Cases json.RawMessage `json:"cases"`
}

// key picks the verification key by the token's algorithm, and checks
// the key type matches it even though WithValidMethods already did.
func (v *JWTVerifier) key(t *jwt.Token) (any, error) {
	switch t.Method.(type) {
	case *jwt.SigningMethodHMAC:
		if v.hsSecret != nil && t.Method == jwt.SigningMethodHS256 {
			return v.hsSecret, nil
		}
	case *jwt.SigningMethodRSA:
		if v.rsKey != nil && t.Method == jwt.SigningMethodRS256 {
			return v.rsKey, nil
		}
	}
	return nil, errors.New("algorithm not accepted")
}

// Verify checks token and returns its principal. Errors are *Error with
// a reason safe to show the client; they never contain the token.
func (v *JWTVerifier) Verify(token string) (Principal, error) {
	var c tokenClaims
	t, err := v.parser.ParseWithClaims(token, &c, v.key)
	if err != nil {
		if t != nil && t.Method != nil && !slices.Contains(v.methods, t.Method.Alg()) {
			return Principal{}, &Error{Reason: "token algorithm not accepted (this server accepts " + strings.Join(v.methods, " or ") + ")"}
		}
		return Principal{}, &Error{Reason: reason(err)}
	}
	if err := numericTimes(token); err != nil {
		return Principal{}, err
	}
	if c.Subject == "" {
		return Principal{}, &Error{Reason: "token has no sub claim"}
	}
	if c.Role == nil {
		return Principal{}, &Error{Reason: "token has no role claim"}
	}
	role, err := ParseRole(*c.Role)
	if err != nil {
		return Principal{}, &Error{Reason: "token " + err.Error()}
	}
	all, cases, err := parseCases(c.Cases)
	if err != nil {
		return Principal{}, &Error{Reason: "token " + err.Error()}
	}
	return Principal{ID: c.Subject, Role: role, AllCases: all, Cases: cases, Method: MethodJWT}, nil
}

// numericTimes refuses a token whose exp, nbf or iat is not a JSON number
// (RFC 7519 §2 NumericDate): the library reads "exp": "1999999999" as a
// number, and an issuer that writes strings is not one to trust on times.
func numericTimes(token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return &Error{Reason: "malformed token"}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return &Error{Reason: "malformed token"}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(payload, &raw); err != nil {
		return &Error{Reason: "malformed token"}
	}
	for _, k := range []string{"exp", "nbf", "iat"} {
		v, ok := raw[k]
		if !ok {
			continue
		}
		d := json.NewDecoder(bytes.NewReader(v))
		d.UseNumber()
		var val any
		if err := d.Decode(&val); err != nil {
			return &Error{Reason: "malformed token"}
		}
		if _, ok := val.(json.Number); !ok {
			return &Error{Reason: "token " + k + " is not a number (NumericDate: seconds since 1970, not a string)"}
		}
	}
	return nil
}

// reason turns a jwt error into words for the client. The library's own
// messages are not passed on: they can quote parts of the token.
func reason(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed token"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "token algorithm not accepted"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "invalid token signature"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "token expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return "token not valid yet (nbf)"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "token issued in the future (iat)"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "token issuer not accepted"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "token audience not accepted"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "token lacks a required claim (exp, aud or iss)"
	default:
		return "invalid token"
	}
}
