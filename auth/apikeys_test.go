package auth

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newTestKey makes a key and its keys file line.
func newTestKey(t *testing.T, id string, role Role, cases ...string) (key, line string) {
	t.Helper()
	key, sum, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	e := KeyEntry{ID: id, Role: role, AllCases: len(cases) == 1 && cases[0] == "*", Cases: cases, SHA256: sum}
	if e.AllCases {
		e.Cases = nil
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return key, string(b)
}

func writeFile(t *testing.T, path string, lines ...string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestNewKey(t *testing.T) {
	k1, h1, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	k2, _, _ := NewKey()
	if !strings.HasPrefix(k1, KeyPrefix) || len(k1) != len(KeyPrefix)+43 || k1 == k2 {
		t.Fatalf("keys %q %q: want %s + 43 base64url characters, different each time", k1, k2, KeyPrefix)
	}
	if h1 != HashKey(k1) || len(h1) != 64 {
		t.Fatalf("hash %q is not the hex SHA-256 of the key", h1)
	}
}

func TestKeyStoreLoadLookup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.jsonl")
	analystKey, analyst := newTestKey(t, "nca-analyst-1", RoleAnalyst, "KH-NCA-2026-0142", "KH-NCA-2026-0150")
	adminKey, admin := newTestKey(t, "ops-admin", RoleAdmin, "*")
	writeFile(t, path, "# issued 2026-03-01 to the NCA desk", analyst, "", "  "+admin+"  ")

	ks, err := LoadKeyStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if ks.Len() != 2 {
		t.Fatalf("Len = %d, want 2", ks.Len())
	}
	p, ok := ks.Lookup(analystKey)
	if !ok || p.ID != "nca-analyst-1" || p.Role != RoleAnalyst || p.AllCases || p.Method != MethodAPIKey ||
		strings.Join(p.Cases, ",") != "KH-NCA-2026-0142,KH-NCA-2026-0150" {
		t.Fatalf("analyst key: %+v %v", p, ok)
	}
	p.Cases[0] = "changed" // a caller must not be able to change the store
	if p, _ := ks.Lookup(analystKey); p.Cases[0] != "KH-NCA-2026-0142" {
		t.Fatal("Lookup shares its Cases slice with the store")
	}
	if p, ok := ks.Lookup(adminKey); !ok || p.Role != RoleAdmin || !p.AllCases {
		t.Fatalf("admin key: %+v %v", p, ok)
	}
	for _, wrong := range []string{"", KeyPrefix, analystKey + "x", analystKey[:len(analystKey)-1], HashKey(analystKey)} {
		if p, ok := ks.Lookup(wrong); ok {
			t.Errorf("Lookup(%q) = %+v, want refused", wrong, p)
		}
	}
	var zero KeyStore
	if _, ok := zero.Lookup(analystKey); ok || zero.Reload() == nil {
		t.Fatal("the zero KeyStore must know no keys and have nothing to reload")
	}
}

func TestKeyStoreRejectsBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	_, good := newTestKey(t, "good", RoleViewer, "C1")
	sum := HashKey("sgk_some-key")
	cases := []struct{ line, want string }{
		{`{"id":"a","role":"ANALYST","cases":["C1"]`, "not a JSON object"},
		{`{"id":"a","role":"ANALYSTS","cases":["C1"],"sha256":"` + sum + `"}`, `role "ANALYSTS"`},
		{`{"id":"a","role":"ANALYST","case":["C1"],"sha256":"` + sum + `"}`, `unknown field "case"`},
		{`{"id":"a","role":"ANALYST","sha256":"` + sum + `"}`, "cases: missing"},
		{`{"id":"a","role":"ANALYST","cases":[],"sha256":"` + sum + `"}`, "cases: empty"},
		{`{"id":"a","role":"ANALYST","cases":"all","sha256":"` + sum + `"}`, `must be "*"`},
		{`{"id":"a","role":"ANALYST","cases":["*"],"sha256":"` + sum + `"}`, `not inside an array`},
		{`{"id":"","role":"ANALYST","cases":["C1"],"sha256":"` + sum + `"}`, "id:"},
		{`{"id":"a","role":"ANALYST","cases":["C1"],"sha256":"sgk_plaintext-by-mistake"}`, "sha256: want 64 hex digits"},
		{`{"id":"a","role":"ANALYST","cases":["C1"],"sha256":"` + sum[:60] + `"}`, "sha256: want 64 hex digits"},
		{`{"id":"a","role":"ANALYST","cases":["C1"],"sha256":42}`, "sha256: wrong type"},
		{`{"id":"good","role":"ANALYST","cases":["C1"],"sha256":"` + sum + `"}`, `id "good" already used on line 1`},
		{strings.Replace(good, `"id":"good"`, `"id":"other"`, 1), `(id "other"): same key as line 1`},
	}
	for i, c := range cases {
		path := filepath.Join(dir, "keys.jsonl")
		writeFile(t, path, good, c.line)
		_, err := LoadKeyStore(path)
		if err == nil {
			t.Errorf("case %d: %s loaded, want an error", i, c.line)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.want) || !strings.Contains(msg, path+" line 2") {
			t.Errorf("case %d: error %q, want it to name %s line 2 and say %q", i, msg, path, c.want)
		}
		if strings.Contains(msg, sum[:16]) || strings.Contains(msg, "plaintext") {
			t.Errorf("case %d: error %q repeats the hash or key", i, msg)
		}
	}
	if _, err := LoadKeyStore(filepath.Join(dir, "missing.jsonl")); err == nil || !strings.Contains(err.Error(), "missing.jsonl") {
		t.Errorf("missing file: %v", err)
	}
}

func TestKeyStoreReloadKeepsOldSetOnBrokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.jsonl")
	oldKey, old := newTestKey(t, "old", RoleViewer, "C1")
	writeFile(t, path, old)
	ks, err := LoadKeyStore(path)
	if err != nil {
		t.Fatal(err)
	}

	newKey, added := newTestKey(t, "new", RoleImporter, "C2")
	writeFile(t, path, old, added, `{"id":"broken"`)
	if err := ks.Reload(); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("Reload of a broken file: %v, want an error naming line 3", err)
	}
	if _, ok := ks.Lookup(oldKey); !ok {
		t.Fatal("a broken file dropped the keys loaded before")
	}
	if _, ok := ks.Lookup(newKey); ok {
		t.Fatal("a broken file was half loaded")
	}

	writeFile(t, path, added) // "old" revoked, "new" issued
	if err := ks.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, ok := ks.Lookup(oldKey); ok {
		t.Fatal("revoked key still accepted after Reload")
	}
	if p, ok := ks.Lookup(newKey); !ok || p.Role != RoleImporter {
		t.Fatalf("new key after Reload: %+v %v", p, ok)
	}
}

func TestKeyEntryJSONRoundTrip(t *testing.T) {
	for _, e := range []KeyEntry{
		{ID: "a", Role: RoleViewer, Cases: []string{"C1", "C2"}, SHA256: HashKey("k")},
		{ID: "b", Role: RoleAdmin, AllCases: true, SHA256: HashKey("k")},
	} {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back KeyEntry
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if back.ID != e.ID || back.Role != e.Role || back.AllCases != e.AllCases ||
			strings.Join(back.Cases, ",") != strings.Join(e.Cases, ",") || back.SHA256 != e.SHA256 {
			t.Fatalf("%s read back as %+v", b, back)
		}
	}
	b, _ := json.Marshal(KeyEntry{ID: "b", Role: RoleAdmin, AllCases: true, SHA256: HashKey("k")})
	if !strings.Contains(string(b), `"cases":"*"`) {
		t.Fatalf("all cases written as %s, want \"cases\":\"*\"", b)
	}
}
