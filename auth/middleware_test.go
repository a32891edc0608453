package auth

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// testAuthenticator accepts one API key (an importer of C1) and HS256 JWTs.
func testAuthenticator(t *testing.T) (*Authenticator, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys.jsonl")
	key, line := newTestKey(t, "bulk-importer", RoleImporter, "C1")
	writeFile(t, path, line)
	a, err := New(Config{KeysFile: path, JWT: JWTConfig{HS256Secret: testSecret, Issuer: testIssuer, Audience: testAudience}})
	if err != nil {
		t.Fatal(err)
	}
	return a, key
}

// echo answers with the principal it finds and the credential headers it sees.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	p, ok := FromContext(r.Context())
	if !ok {
		http.Error(w, "no principal", http.StatusInternalServerError)
		return
	}
	w.Header().Set("X-Principal", p.ID+" "+string(p.Role)+" "+p.Method)
	w.Header().Set("X-Seen-Credentials", r.Header.Get("Authorization")+r.Header.Get("X-API-Key"))
})

func do(h http.Handler, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestMiddlewareAccepts(t *testing.T) {
	a, key := testAuthenticator(t)
	h := Middleware(a, echo)
	token := sign(t, jwt.SigningMethodHS256, []byte(testSecret), claims())
	for name, headers := range map[string][]string{
		"bearer key": {"Authorization", "Bearer " + key},
		"x-api-key":  {"X-API-Key", key},
		"bearer jwt": {"Authorization", "Bearer " + token},
		"lower-case": {"Authorization", "bearer " + token},
	} {
		w := do(h, headers...)
		if w.Code != http.StatusOK {
			t.Errorf("%s: status %d %s", name, w.Code, w.Body)
			continue
		}
		want := "bulk-importer IMPORTER api-key"
		if strings.Contains(name, "jwt") || name == "lower-case" {
			want = "j.doe@nca.example ANALYST jwt"
		}
		if got := w.Header().Get("X-Principal"); got != want {
			t.Errorf("%s: principal %q, want %q", name, got, want)
		}
		if seen := w.Header().Get("X-Seen-Credentials"); seen != "" {
			t.Errorf("%s: the handler behind Middleware saw the credential", name)
		}
	}
}

func TestMiddleware401(t *testing.T) {
	a, key := testAuthenticator(t)
	h := Middleware(a, echo)
	expired := claims()
	expired["exp"] = 1
	cases := []struct {
		name      string
		headers   []string
		message   string
		presented bool
	}{
		{"nothing", nil, "authentication required", false},
		{"wrong key", []string{"X-API-Key", key + "x"}, "unknown or revoked API key", true},
		{"wrong bearer key", []string{"Authorization", "Bearer " + KeyPrefix + "guessed"}, "unknown or revoked API key", true},
		{"basic", []string{"Authorization", "Basic dXNlcjpwYXNz"}, "use the Bearer scheme", true},
		{"empty bearer", []string{"Authorization", "Bearer "}, "use the Bearer scheme", true},
		{"two credentials", []string{"Authorization", "Bearer " + key, "X-API-Key", key}, "send one credential", true},
		{"expired jwt", []string{"Authorization", "Bearer " + sign(t, jwt.SigningMethodHS256, []byte(testSecret), expired)}, "token expired", true},
		{"garbage", []string{"Authorization", "Bearer secret-garbage-token"}, "malformed token", true},
	}
	for _, c := range cases {
		w := do(h, c.headers...)
		if w.Code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", c.name, w.Code)
			continue
		}
		challenge := w.Header().Get("WWW-Authenticate")
		if !strings.HasPrefix(challenge, "Bearer") || strings.Contains(challenge, "invalid_token") != c.presented {
			t.Errorf("%s: WWW-Authenticate %q", c.name, challenge)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", c.name, ct)
		}
		var body struct {
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		dec := json.NewDecoder(w.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil || len(body.Errors) != 1 {
			t.Errorf("%s: body not in GraphQL error shape: %v", c.name, err)
			continue
		}
		e := body.Errors[0]
		if !strings.Contains(e.Message, c.message) || len(e.Extensions) != 1 || e.Extensions["code"] != "UNAUTHENTICATED" {
			t.Errorf("%s: error %+v, want message %q and code UNAUTHENTICATED", c.name, e, c.message)
		}
		for i := 1; i < len(c.headers); i += 2 {
			cred := strings.TrimPrefix(strings.TrimPrefix(c.headers[i], "Bearer "), "Basic ")
			if len(cred) > 8 && strings.Contains(e.Message+challenge, cred) {
				t.Errorf("%s: the answer echoes the credential", c.name)
			}
		}
	}
}

func TestDevModeAndConfig(t *testing.T) {
	a, err := New(Config{Dev: true})
	if err != nil {
		t.Fatal(err)
	}
	w := do(Middleware(a, echo))
	if w.Code != http.StatusOK || w.Header().Get("X-Principal") != "dev ADMIN dev" {
		t.Fatalf("dev mode: %d %q", w.Code, w.Header().Get("X-Principal"))
	}
	if p := Dev(); !p.AllCases || !p.Can(ActionAdmin) {
		t.Fatalf("Dev() = %+v", p)
	}

	for _, name := range []string{EnvDev, EnvKeysFile, EnvHS256Secret, EnvHS256SecretFile, EnvRS256PublicKeyFile, EnvJWTIssuer, EnvJWTAudience} {
		t.Setenv(name, "")
	}
	if _, err := FromEnv(); err == nil || err.Error() != errNoAuthConfigured {
		t.Fatalf("nothing configured: %v", err)
	}
	if _, err := New(Config{}); err == nil || err.Error() != errNoAuthConfigured {
		t.Fatalf("New with nothing configured: %v", err)
	}
	t.Setenv(EnvDev, "1")
	if c, err := FromEnv(); err != nil || !c.Dev {
		t.Fatalf("SCAMGRAPH_DEV=1: %+v %v", c, err)
	}
	t.Setenv(EnvDev, "")

	secretFile := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secretFile, []byte(string(testSecret)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvHS256SecretFile, secretFile)
	t.Setenv(EnvJWTIssuer, testIssuer)
	t.Setenv(EnvJWTAudience, testAudience)
	c, err := FromEnv()
	if err != nil || string(c.JWT.HS256Secret) != string(testSecret) {
		t.Fatalf("secret file: %v", err)
	}
	if _, err := New(c); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvHS256Secret, "also set")
	if _, err := FromEnv(); err == nil {
		t.Fatal("both the secret and the secret file set: accepted")
	}
	t.Setenv(EnvHS256Secret, "")
	t.Setenv(EnvJWTAudience, "")
	if c, err := FromEnv(); err != nil {
		t.Fatal(err)
	} else if _, err := New(c); err == nil || !strings.Contains(err.Error(), "AUDIENCE") {
		t.Fatalf("JWT without audience: %v", err)
	}

	// The secret never shows when a Config is printed or logged.
	for _, s := range []string{
		strings.Join([]string{sprint("%v", c), sprint("%+v", c), sprint("%#v", c), sprint("%s", c.JWT.HS256Secret)}, " "),
	} {
		if strings.Contains(s, string(testSecret)) || strings.Contains(s, "48 49 50 51") || strings.Contains(s, "30313233") {
			t.Fatalf("the secret is printed: %s", s)
		}
	}
}

func sprint(format string, v any) string { return fmt.Sprintf(format, v) }
