package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/audit"
)

// These tests need no Neo4j: go test -run Audit ./cmd/scamgraph/

func runAuditCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := runAudit(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// auditFixture writes a small audit log and returns its folder and files.
func auditFixture(t *testing.T) (string, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "audit")
	l, err := audit.Open(dir, audit.Options{
		HMACKey: bytes.Repeat([]byte("k"), audit.MinKeyBytes),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"CaseGraph", "SearchPersons", "export"} {
		rec := audit.Record{Principal: "alice", Role: "investigator", Scope: []string{"TH-2025-07"},
			Operation: op, Kind: audit.KindQuery, Outcome: audit.OutcomeOK}
		if op == "SearchPersons" {
			rec.VictimIDs = []string{"person:TH-2025-07:V2", "person:TH-2025-07:V1"}
		}
		if err := l.Write(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "audit-*.jsonl"))
	return dir, matches
}

func TestAuditVerifyCommand(t *testing.T) {
	dir, files := auditFixture(t)
	code, out, errOut := runAuditCLI("verify", "--dir", dir)
	if code != 0 || !strings.Contains(out, "intact: 6 records") || !strings.Contains(out, "head: seq 6 hash ") {
		t.Fatalf("intact log: exit %d\n%s%s", code, out, errOut)
	}

	// The folder from the environment.
	t.Setenv(audit.EnvDir, dir)
	if code, out, _ := runAuditCLI("verify"); code != 0 {
		t.Fatalf("SCAMGRAPH_AUDIT_DIR: exit %d\n%s", code, out)
	}

	// One byte changed in the fourth line.
	data, _ := os.ReadFile(files[0])
	changed := strings.Replace(string(data), `"operation":"SearchPersons"`, `"operation":"SearchPersonz"`, 1)
	os.WriteFile(files[0], []byte(changed), 0o600)
	code, out, _ = runAuditCLI("verify", "--dir", dir)
	want := "BROKEN: " + filepath.Base(files[0]) + ":4: hash does not match"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("changed log: exit %d, want 1 and %q\n%s", code, want, out)
	}

	for _, args := range [][]string{
		{"verify", "--dir", filepath.Join(dir, "missing")},
		{"verify", "--dir", t.TempDir()},
		{"verify", "--bogus"},
		{"verify", "extra"},
		{"frobnicate"},
		{},
	} {
		if code, out, errOut := runAuditCLI(args...); code != 3 {
			t.Errorf("%q: exit %d, want 3\n%s%s", args, code, out, errOut)
		}
	}
}

// TestAuditTailByVictim: tail -victim finds the record that read a victim,
// stored in the compact form.
func TestAuditTailByVictim(t *testing.T) {
	dir, _ := auditFixture(t)
	code, out, errOut := runAuditCLI("tail", "--dir", dir, "-victim", "person:TH-2025-07:V2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `"operation":"SearchPersons"`) ||
		!strings.Contains(lines[0], `"victims":{"person:TH-2025-07:":"V1 V2"}`) {
		t.Fatalf("tail -victim printed:\n%s", out)
	}
	if code, out, _ := runAuditCLI("tail", "--dir", dir, "-victim", "person:TH-2025-07:V3"); code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("tail -victim of a victim nobody read: exit %d, %q", code, out)
	}
}

func TestAuditTailCommand(t *testing.T) {
	dir, _ := auditFixture(t)
	code, out, errOut := runAuditCLI("tail", "--dir", dir, "-n", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	var ops []string
	for _, line := range lines {
		var rec audit.Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		ops = append(ops, rec.Operation)
	}
	if strings.Join(ops, ",") != "SearchPersons,export,audit-close" {
		t.Errorf("operations %v, want the last three oldest first", ops)
	}
	if code, _, _ := runAuditCLI("tail", "--dir", dir, "-n", "5000"); code != 3 {
		t.Errorf("-n 5000: exit %d, want 3", code)
	}
	if code, _, _ := runAuditCLI("tail", "--dir", filepath.Join(dir, "missing")); code != 3 {
		t.Errorf("missing folder: exit %d, want 3", code)
	}
}
