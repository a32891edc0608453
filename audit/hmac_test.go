package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestVariablesHMAC(t *testing.T) {
	a, err := VariablesHMAC(testKey, map[string]any{"passport": "AA1234567", "filter": map[string]any{"b": 1, "a": []any{"x", 2.5}}})
	if err != nil {
		t.Fatal(err)
	}
	type filter struct {
		A []any `json:"a"`
		B int   `json:"b"`
	}
	b, _ := VariablesHMAC(testKey, map[string]any{"filter": filter{A: []any{"x", 2.5}, B: 1}, "passport": "AA1234567"})
	if a != b || len(a) != 64 {
		t.Errorf("same variables, other order or types: %q vs %q", a, b)
	}
	c, _ := VariablesHMAC(testKey, map[string]any{"passport": "AA1234568", "filter": map[string]any{"b": 1, "a": []any{"x", 2.5}}})
	other := append([]byte(nil), testKey...)
	other[0] = 'x'
	d, _ := VariablesHMAC(other, map[string]any{"passport": "AA1234567", "filter": map[string]any{"b": 1, "a": []any{"x", 2.5}}})
	if a == c || a == d {
		t.Error("different variables or keys gave the same HMAC")
	}
	if strings.Contains(a, "AA1234567") {
		t.Error("the HMAC holds the variable")
	}
	if e, _ := VariablesHMAC(testKey, nil); e != "" {
		t.Errorf("no variables gave %q", e)
	}
	if _, err := VariablesHMAC(testKey, map[string]any{"f": func() {}}); err == nil {
		t.Error("unencodable variables gave no error")
	}
}

func TestOptionsFromEnv(t *testing.T) {
	for _, name := range []string{EnvDir, EnvHMACKey, EnvHMACKeyFile, EnvSyncEvery, EnvMaxBytes, EnvMaxAge, EnvMaxFiles} {
		t.Setenv(name, "")
	}
	opts, err := OptionsFromEnv()
	if err != nil || opts.HMACKey != nil || opts.MaxBytes != DefaultMaxBytes || opts.MaxAge != DefaultMaxAge || opts.MaxFiles != 0 || opts.SyncEvery != 0 {
		t.Fatalf("defaults %+v %v", opts, err)
	}
	if DirFromEnv() != DefaultDir {
		t.Errorf("DirFromEnv() = %q", DirFromEnv())
	}

	t.Setenv(EnvDir, "/var/lib/scamgraph/audit")
	t.Setenv(EnvHMACKey, strings.Repeat("s", 40))
	t.Setenv(EnvSyncEvery, "100ms")
	t.Setenv(EnvMaxBytes, "1048576")
	t.Setenv(EnvMaxAge, "1h")
	t.Setenv(EnvMaxFiles, "30")
	opts, err = OptionsFromEnv()
	if err != nil || string(opts.HMACKey) != strings.Repeat("s", 40) || opts.SyncEvery != 100*time.Millisecond ||
		opts.MaxBytes != 1<<20 || opts.MaxAge != time.Hour || opts.MaxFiles != 30 || DirFromEnv() != "/var/lib/scamgraph/audit" {
		t.Fatalf("from env %+v %v", opts, err)
	}

	keyFile := filepath.Join(t.TempDir(), "key")
	os.WriteFile(keyFile, []byte(strings.Repeat("f", 32)+"\n"), 0o600)
	t.Setenv(EnvHMACKeyFile, keyFile)
	if _, err := OptionsFromEnv(); err == nil {
		t.Error("both key variables set: no error")
	}
	t.Setenv(EnvHMACKey, "")
	if opts, err = OptionsFromEnv(); err != nil || string(opts.HMACKey) != strings.Repeat("f", 32) || !strings.Contains(opts.HMACKeySource, keyFile) {
		t.Errorf("key file: %q %q %v", opts.HMACKey, opts.HMACKeySource, err)
	}

	for name, val := range map[string]string{EnvHMACKey: "too-short", EnvMaxBytes: "-1", EnvMaxAge: "daily", EnvMaxFiles: "x", EnvSyncEvery: "-1s"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(EnvHMACKeyFile, "")
			t.Setenv(name, val)
			if _, err := OptionsFromEnv(); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%q: error %v", name, val, err)
			}
		})
	}
}
