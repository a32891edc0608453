package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/auth"
)

func runKeysCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := runKeys(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestKeysNew makes keys as an operator would, appends the printed lines
// to a keys file and checks the server would accept the keys. No Neo4j.
func TestKeysNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.jsonl")
	var file strings.Builder
	type made struct {
		key   string
		id    string
		role  auth.Role
		all   bool
		cases string
	}
	var keys []made
	for _, args := range [][]string{
		{"new", "--id", "nca-analyst-1", "--role", "analyst", "--cases", "KH-NCA-2026-0142, KH-NCA-2026-0150"},
		{"new", "--id=ops-admin", "--role=ADMIN", "--cases=*"},
	} {
		code, out, errOut := runKeysCLI(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], auth.KeyPrefix) || !strings.HasPrefix(lines[1], "{") {
			t.Fatalf("%v: stdout %q, want the key and a JSON line", args, out)
		}
		if strings.Contains(errOut, lines[0]) || strings.Contains(lines[1], lines[0]) {
			t.Fatalf("%v: the key is printed more than once", args)
		}
		if !strings.Contains(lines[1], auth.HashKey(lines[0])) {
			t.Fatalf("%v: the line %s does not hold the key's hash", args, lines[1])
		}
		file.WriteString(lines[1] + "\n")
		keys = append(keys, made{key: lines[0]})
	}
	keys[0].id, keys[0].role, keys[0].cases = "nca-analyst-1", auth.RoleAnalyst, "KH-NCA-2026-0142,KH-NCA-2026-0150"
	keys[1].id, keys[1].role, keys[1].all = "ops-admin", auth.RoleAdmin, true

	if err := os.WriteFile(path, []byte(file.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	ks, err := auth.LoadKeyStore(path)
	if err != nil {
		t.Fatalf("the printed lines do not load: %v\n%s", err, file.String())
	}
	for _, k := range keys {
		p, ok := ks.Lookup(k.key)
		if !ok || p.ID != k.id || p.Role != k.role || p.AllCases != k.all || strings.Join(p.Cases, ",") != k.cases {
			t.Errorf("key of %s: %+v %v", k.id, p, ok)
		}
	}
}

func TestKeysBadUsage(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"list"},
		{"new"},
		{"new", "--id", "a", "--role", "ANALYST"},
		{"new", "--id", "a", "--role", "ROOT", "--cases", "C1"},
		{"new", "--id", "a", "--role", "ANALYST", "--cases", "C1,,C2"},
		{"new", "--id", "a", "--role", "ANALYST", "--cases", "C1,*"},
		{"new", "--id", " a", "--role", "ANALYST", "--cases", "C1"},
		{"new", "--id", "a", "--role", "ANALYST", "--cases", "C1", "extra"},
		{"new", "--bogus"},
	} {
		code, out, errOut := runKeysCLI(args...)
		if code != 2 || out != "" || !strings.Contains(errOut, "usage: scamgraph keys new") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2, usage on stderr, nothing on stdout", args, code, out, errOut)
		}
	}
	if code, out, _ := runKeysCLI("--help"); code != 0 || !strings.Contains(out, "usage") {
		t.Errorf("--help: exit %d %q", code, out)
	}
}
