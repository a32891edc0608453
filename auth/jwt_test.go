package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	testIssuer   = "https://idp.example.org/realms/nca"
	testAudience = "scamgraph"
)

var testSecret = Secret("0123456789abcdef0123456789abcdef-test-only")

var rsaOnce = sync.OnceValues(func() (*rsa.PrivateKey, []byte) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		panic(err)
	}
	return key, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
})

// claims are valid claims for an analyst of one case; tests break them.
func claims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"sub":   "j.doe@nca.example",
		"role":  "ANALYST",
		"cases": []string{"KH-NCA-2026-0142"},
		"iss":   testIssuer,
		"aud":   testAudience,
		"iat":   now.Unix(),
		"exp":   now.Add(10 * time.Minute).Unix(),
	}
}

func sign(t *testing.T, m jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func verifier(t *testing.T, hs, rs bool) *JWTVerifier {
	t.Helper()
	c := JWTConfig{Issuer: testIssuer, Audience: testAudience}
	if hs {
		c.HS256Secret = testSecret
	}
	if rs {
		_, c.RS256PublicKeyPEM = rsaOnce()
	}
	v, err := NewJWTVerifier(c)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestJWTValid(t *testing.T) {
	priv, _ := rsaOnce()
	for name, tc := range map[string]struct {
		v     *JWTVerifier
		token string
	}{
		"HS256": {verifier(t, true, false), sign(t, jwt.SigningMethodHS256, []byte(testSecret), claims())},
		"RS256": {verifier(t, false, true), sign(t, jwt.SigningMethodRS256, priv, claims())},
		"both":  {verifier(t, true, true), sign(t, jwt.SigningMethodRS256, priv, claims())},
	} {
		p, err := tc.v.Verify(tc.token)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.ID != "j.doe@nca.example" || p.Role != RoleAnalyst || p.AllCases || p.Method != MethodJWT ||
			len(p.Cases) != 1 || p.Cases[0] != "KH-NCA-2026-0142" {
			t.Fatalf("%s: principal %+v", name, p)
		}
	}

	c := claims()
	c["cases"], c["role"] = "*", "viewer"
	c["aud"] = []string{"other-app", testAudience}
	p, err := verifier(t, true, false).Verify(sign(t, jwt.SigningMethodHS256, []byte(testSecret), c))
	if err != nil || !p.AllCases || p.Role != RoleViewer {
		t.Fatalf(`cases "*", lower-case role, audience list: %+v %v`, p, err)
	}

	c = claims()
	c["exp"] = time.Now().Add(-10 * time.Second).Unix() // within the leeway
	if _, err := verifier(t, true, false).Verify(sign(t, jwt.SigningMethodHS256, []byte(testSecret), c)); err != nil {
		t.Fatalf("expired 10 s ago, within the %v leeway: %v", DefaultLeeway, err)
	}
}

func TestJWTRefused(t *testing.T) {
	priv, pubPEM := rsaOnce()
	hs := func(c jwt.MapClaims) string { return sign(t, jwt.SigningMethodHS256, []byte(testSecret), c) }
	with := func(k string, v any) jwt.MapClaims { c := claims(); c[k] = v; return c }
	without := func(k string) jwt.MapClaims { c := claims(); delete(c, k); return c }
	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)

	none := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims())
	// The classic confusion: HS256 "signed" with the server's RSA public key.
	confused := sign(t, jwt.SigningMethodHS256, pubPEM, claims())

	cases := []struct {
		name  string
		v     *JWTVerifier
		token string
		want  string
	}{
		{"expired", verifier(t, true, false), hs(with("exp", time.Now().Add(-2*time.Minute).Unix())), "token expired"},
		{"no exp", verifier(t, true, false), hs(without("exp")), "lacks a required claim"},
		{"nbf in the future", verifier(t, true, false), hs(with("nbf", time.Now().Add(5*time.Minute).Unix())), "not valid yet"},
		{"iat in the future", verifier(t, true, false), hs(with("iat", time.Now().Add(5*time.Minute).Unix())), "issued in the future"},
		{"wrong iss", verifier(t, true, false), hs(with("iss", "https://evil.example")), "issuer not accepted"},
		{"no iss", verifier(t, true, false), hs(without("iss")), "lacks a required claim"},
		{"wrong aud", verifier(t, true, false), hs(with("aud", "other-app")), "audience not accepted"},
		{"no aud", verifier(t, true, false), hs(without("aud")), "lacks a required claim"},
		{"alg none", verifier(t, true, true), none, "algorithm not accepted"},
		{"HS256 with the RSA public key, RS256 only", verifier(t, false, true), confused, "algorithm not accepted"},
		{"HS256 with the RSA public key, both", verifier(t, true, true), confused, "invalid token signature"},
		{"RS256 on an HS256 server", verifier(t, true, false), sign(t, jwt.SigningMethodRS256, priv, claims()), "algorithm not accepted"},
		{"RS256 other key", verifier(t, false, true), sign(t, jwt.SigningMethodRS256, otherKey, claims()), "invalid token signature"},
		{"HS256 other secret", verifier(t, true, false), sign(t, jwt.SigningMethodHS256, []byte("another secret of at least 32 bytes"), claims()), "invalid token signature"},
		{"HS512", verifier(t, true, false), sign(t, jwt.SigningMethodHS512, []byte(testSecret), claims()), "algorithm not accepted"},
		{"tampered", verifier(t, true, false), tamper(hs(claims())), "invalid token signature"},
		{"malformed", verifier(t, true, false), "not.a.jwt", "malformed token"},
		{"missing role", verifier(t, true, false), hs(without("role")), "no role claim"},
		{"unknown role", verifier(t, true, false), hs(with("role", "SUPERUSER")), `role "SUPERUSER"`},
		{"missing sub", verifier(t, true, false), hs(without("sub")), "no sub claim"},
		{"exp as a string", verifier(t, true, false), hs(with("exp", fmt.Sprint(time.Now().Add(10*time.Minute).Unix()))), "exp is not a number"},
		{"nbf as a string", verifier(t, true, false), hs(with("nbf", fmt.Sprint(time.Now().Add(-time.Minute).Unix()))), "nbf is not a number"},
		{"iat as a string", verifier(t, true, false), hs(with("iat", fmt.Sprint(time.Now().Unix()))), "iat is not a number"},
		{"missing cases", verifier(t, true, false), hs(without("cases")), "cases: missing"},
		{"empty cases", verifier(t, true, false), hs(with("cases", []string{})), "cases: empty"},
	}
	for _, c := range cases {
		p, err := c.v.Verify(c.token)
		var e *Error
		if err == nil || !errors.As(err, &e) {
			t.Errorf("%s: accepted as %+v (err %v)", c.name, p, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want %q", c.name, err, c.want)
		}
		if p.ID != "" || p.Role != "" {
			t.Errorf("%s: refused but returned principal %+v", c.name, p)
		}
		if len(c.token) > 20 && strings.Contains(err.Error(), c.token[:20]) {
			t.Errorf("%s: error %q quotes the token", c.name, err)
		}
	}
}

// tamper raises the role in the payload without re-signing.
func tamper(token string) string {
	parts := strings.Split(token, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	payload = []byte(strings.Replace(string(payload), `"ANALYST"`, `"ADMIN"`, 1))
	parts[1] = base64.RawURLEncoding.EncodeToString(payload)
	return strings.Join(parts, ".")
}

func TestNewJWTVerifierRefusesWeakConfig(t *testing.T) {
	_, pubPEM := rsaOnce()
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	der, _ := x509.MarshalPKIXPublicKey(&small.PublicKey)
	smallPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	for name, c := range map[string]JWTConfig{
		"no key":        {Issuer: testIssuer, Audience: testAudience},
		"no issuer":     {HS256Secret: testSecret, Audience: testAudience},
		"no audience":   {RS256PublicKeyPEM: pubPEM, Issuer: testIssuer},
		"short secret":  {HS256Secret: Secret("short"), Issuer: testIssuer, Audience: testAudience},
		"not PEM":       {RS256PublicKeyPEM: []byte("hello"), Issuer: testIssuer, Audience: testAudience},
		"1024-bit RSA":  {RS256PublicKeyPEM: smallPEM, Issuer: testIssuer, Audience: testAudience},
		"negative skew": {HS256Secret: testSecret, Issuer: testIssuer, Audience: testAudience, Leeway: -time.Second},
	} {
		if _, err := NewJWTVerifier(c); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), string(testSecret)) {
			t.Errorf("%s: error %q contains the secret", name, err)
		}
	}
}
