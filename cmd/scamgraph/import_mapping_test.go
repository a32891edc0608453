package main

import (
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestImportWithMapping runs `scamgraph import --mapping` as a user would:
// a bank statement read through its mapping, its problem rows reported
// with the statement's lines; --case is required; a mapping mistake
// rejects the file (exit 2) naming the mapping's line.
func TestImportWithMapping(t *testing.T) {
	testneo4j.Open(t)
	t.Setenv("NEO4J_URI", testneo4j.URI())
	const maps = "../../testdata/mappings/"

	code, out, errOut := runCLI(t, "--case", "TEST-MAP-CLI", "--mapping", maps+"statement.yml", maps+"statement.csv")
	if code != 1 || !strings.Contains(out, "statement.csv:9 [TRANSFERRED] date") || !strings.Contains(out, "statement.csv:10 [TRANSFERRED] currency") {
		t.Fatalf("statement: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "--case", "TEST-MAP-CLI", "--mapping", maps+"intake.yml", maps+"intake.csv"); code != 0 || !strings.Contains(out, "HELD_AT") {
		t.Fatalf("intake: exit %d\n%s", code, out)
	}
	if code, _, errOut = runCLI(t, "--mapping", maps+"statement.yml", maps+"statement.csv"); code != 3 || !strings.Contains(errOut, "--mapping needs --case") {
		t.Fatalf("--mapping without --case: exit %d %s", code, errOut)
	}
	if code, _, errOut = runCLI(t, "--case", "TEST-MAP-CLI", "--mapping", maps+"missing.yml", maps+"statement.csv"); code != 3 || !strings.Contains(errOut, "missing.yml") {
		t.Fatalf("a mapping that is not there: exit %d %s", code, errOut)
	}
	// The intake mapping read against the statement: its columns are not there.
	if code, out, _ = runCLI(t, "--case", "TEST-MAP-CLI", "--mapping", maps+"intake.yml", maps+"statement.csv"); code != 2 ||
		!strings.Contains(out, "intake.yml:6") || !strings.Contains(out, `column "Intake No" is not in the header of statement.csv`) {
		t.Fatalf("mapping and sheet that do not fit: exit %d\n%s", code, out)
	}
}
