package auth

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
)

// Environment variables read by FromEnv.
const (
	EnvDev                = "SCAMGRAPH_DEV"                       // "1": development mode, no authentication
	EnvKeysFile           = "SCAMGRAPH_KEYS_FILE"                 // API keys file (JSON lines)
	EnvHS256Secret        = "SCAMGRAPH_JWT_HS256_SECRET"          // HS256 shared secret
	EnvHS256SecretFile    = "SCAMGRAPH_JWT_HS256_SECRET_FILE"     // or a file holding it
	EnvRS256PublicKeyFile = "SCAMGRAPH_JWT_RS256_PUBLIC_KEY_FILE" // PEM public key of the identity provider
	EnvJWTIssuer          = "SCAMGRAPH_JWT_ISSUER"                // required iss
	EnvJWTAudience        = "SCAMGRAPH_JWT_AUDIENCE"              // required aud
)

const errNoAuthConfigured = "authentication is on: set SCAMGRAPH_KEYS_FILE or SCAMGRAPH_JWT_*, or SCAMGRAPH_DEV=1 for development"

// Config says how callers authenticate.
type Config struct {
	// Dev turns authentication off: every request is Dev(). Only for a
	// developer's machine, never with real case data.
	Dev      bool
	KeysFile string
	JWT      JWTConfig
}

// LogValue lets a Config be logged at start-up: which methods are on,
// never the secret.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Bool("dev", c.Dev),
		slog.String("keys_file", c.KeysFile),
		slog.Bool("jwt_hs256", len(c.JWT.HS256Secret) > 0),
		slog.Bool("jwt_rs256", len(c.JWT.RS256PublicKeyPEM) > 0),
		slog.String("jwt_issuer", c.JWT.Issuer),
		slog.String("jwt_audience", c.JWT.Audience),
	)
}

// validate refuses a configuration in which nobody could log in, so a
// forgotten variable stops the server at start-up instead of answering
// 401 to everyone (or, worse, tempting someone to switch auth off).
func (c Config) validate() error {
	if !c.Dev && c.KeysFile == "" && !c.JWT.Enabled() {
		return errors.New(errNoAuthConfigured)
	}
	return nil
}

// FromEnv reads the configuration from the environment and reads the
// secret and key files it names. It does not load the keys file; New does.
func FromEnv() (Config, error) {
	c := Config{
		Dev:      os.Getenv(EnvDev) == "1",
		KeysFile: os.Getenv(EnvKeysFile),
		JWT: JWTConfig{
			Issuer:   os.Getenv(EnvJWTIssuer),
			Audience: os.Getenv(EnvJWTAudience),
		},
	}
	secret, secretFile := os.Getenv(EnvHS256Secret), os.Getenv(EnvHS256SecretFile)
	switch {
	case secret != "" && secretFile != "":
		return c, fmt.Errorf("set %s or %s, not both", EnvHS256Secret, EnvHS256SecretFile)
	case secret != "":
		c.JWT.HS256Secret = Secret(secret)
	case secretFile != "":
		b, err := os.ReadFile(secretFile)
		if err != nil {
			return c, fmt.Errorf("%s: %w", EnvHS256SecretFile, err)
		}
		// Editors and `echo` add a final newline that is not part of the secret.
		c.JWT.HS256Secret = Secret(strings.TrimRight(string(b), "\r\n"))
		if len(c.JWT.HS256Secret) == 0 {
			return c, fmt.Errorf("%s: %s is empty", EnvHS256SecretFile, secretFile)
		}
	}
	if path := os.Getenv(EnvRS256PublicKeyFile); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return c, fmt.Errorf("%s: %w", EnvRS256PublicKeyFile, err)
		}
		c.JWT.RS256PublicKeyPEM = b
	}
	return c, c.validate()
}

// Error is why a request was not authenticated, in words safe to send to
// the client: it never contains the credential.
type Error struct {
	Reason string
	// Presented is true when the request carried a credential that was
	// refused (RFC 6750 "invalid_token"), false when it carried none.
	Presented bool
}

func (e *Error) Error() string { return e.Reason }

// Authenticator finds the principal of a request.
type Authenticator struct {
	dev  bool
	keys *KeyStore    // nil when no keys file is configured
	jwt  *JWTVerifier // nil when JWT is not configured
}

// New builds an Authenticator from c, loading the keys file. In
// development mode nothing else is loaded: every request is Dev().
func New(c Config) (*Authenticator, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	if c.Dev {
		return &Authenticator{dev: true}, nil
	}
	a := &Authenticator{}
	if c.KeysFile != "" {
		ks, err := LoadKeyStore(c.KeysFile)
		if err != nil {
			return nil, err
		}
		a.keys = ks
	}
	if c.JWT.Enabled() || c.JWT.Issuer != "" || c.JWT.Audience != "" {
		v, err := NewJWTVerifier(c.JWT)
		if err != nil {
			return nil, err
		}
		a.jwt = v
	}
	return a, nil
}

// Keys is the API key store, for WatchSIGHUP; nil without a keys file.
func (a *Authenticator) Keys() *KeyStore { return a.keys }

// Authenticate returns the principal of r. Credentials come in one of
//
//	Authorization: Bearer <API key or JWT>
//	X-API-Key: <API key>
//
// A bearer token starting with KeyPrefix is an API key, anything else a
// JWT. Errors are *Error.
func (a *Authenticator) Authenticate(r *http.Request) (Principal, error) {
	if a.dev {
		return Dev(), nil
	}
	authz, apiKey := r.Header.Values("Authorization"), r.Header.Values("X-API-Key")
	switch {
	case len(authz)+len(apiKey) == 0:
		return Principal{}, &Error{Reason: "authentication required: send Authorization: Bearer <token> or X-API-Key: <key>"}
	case len(authz)+len(apiKey) > 1:
		return Principal{}, &Error{Reason: "send one credential, in one Authorization or X-API-Key header", Presented: true}
	case len(apiKey) == 1:
		return a.lookupKey(strings.TrimSpace(apiKey[0]))
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(authz[0]), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return Principal{}, &Error{Reason: "Authorization: use the Bearer scheme", Presented: true}
	}
	if strings.HasPrefix(token, KeyPrefix) {
		return a.lookupKey(token)
	}
	if a.jwt == nil {
		return Principal{}, &Error{Reason: "invalid token: this server takes API keys (" + KeyPrefix + "...), JWT is not configured", Presented: true}
	}
	p, err := a.jwt.Verify(token)
	if e, ok := err.(*Error); ok {
		e.Presented = true
	}
	return p, err
}

func (a *Authenticator) lookupKey(key string) (Principal, error) {
	if a.keys == nil {
		return Principal{}, &Error{Reason: "API keys are not configured on this server", Presented: true}
	}
	if p, ok := a.keys.Lookup(key); ok {
		return p, nil
	}
	return Principal{}, &Error{Reason: "unknown or revoked API key", Presented: true}
}
