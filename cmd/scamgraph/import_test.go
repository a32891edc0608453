package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runImport(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestImportCommandExitCodes runs `scamgraph import` as a user would and
// checks the documented exit codes and outputs.
func TestImportCommandExitCodes(t *testing.T) {
	testneo4j.Open(t)
	t.Setenv("NEO4J_URI", testneo4j.URI())
	const td = "../../testdata/"

	code, out, _ := runCLI(t, td+"json/good-case.json")
	if code != 0 || !strings.Contains(out, "TEST-TH-2025-07") || !strings.Contains(out, "created") {
		t.Fatalf("good file: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "--json", td+"json/good-case.json")
	var rep struct {
		Files []struct {
			Counts map[string]struct{ Created, Unchanged int }
		}
		ExitCode int
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Files[0].Counts["Person"].Unchanged != 5 {
		t.Fatalf("--json re-import: exit %d, %v\n%s", code, err, out)
	}
	code, out, _ = runCLI(t, td+"json/bad-rows.json")
	if code != 1 || !strings.Contains(out, "entities[1]") || !strings.Contains(out, "nationality") {
		t.Fatalf("bad rows: exit %d\n%s", code, out)
	}
	if code, _, _ = runCLI(t, "--strict", td+"csv/bad-rows"); code != 2 {
		t.Fatalf("--strict with bad rows: exit %d, want 2", code)
	}
	if code, _, _ = runCLI(t, td+"json/unparseable.json"); code != 2 {
		t.Fatalf("unparseable: exit %d, want 2", code)
	}
	// Several files: the highest code wins.
	if code, _, _ = runCLI(t, td+"json/good-case.json", td+"json/unparseable.json", td+"json/bad-rows.json"); code != 2 {
		t.Fatalf("three files: exit %d, want 2", code)
	}
	// Usage errors and a file that names no case: 3.
	if code, _, errOut := runCLI(t, td+"ftm/good.ftm.jsonl"); code != 3 || !strings.Contains(errOut, "--case") {
		t.Fatalf("FtM without --case: exit %d %s", code, errOut)
	}
	if code, _, _ = runCLI(t, "--case", "OTHER", td+"json/good-case.json"); code != 3 {
		t.Fatalf("--case disagreeing with the file: exit %d", code)
	}
	if code, _, _ = runCLI(t); code != 3 {
		t.Fatalf("no files: exit %d", code)
	}
	if code, out, _ = runCLI(t, "--case", "TEST-FTM-CLI", "--dry-run", td+"ftm/good.ftm.jsonl"); code != 0 || !strings.Contains(out, "dry run") || !strings.Contains(out, "Vessel 1") {
		t.Fatalf("FtM dry run: exit %d\n%s", code, out)
	}
	// Neo4j unavailable: 3.
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	if code, _, _ = runCLI(t, td+"json/good-case.json"); code != 3 {
		t.Fatalf("Neo4j unavailable: exit %d, want 3", code)
	}
}

// TestOfflineDryRunNeedsNoDatabase: `scamgraph import --offline` checks
// case files where no Neo4j answers (an analyst's laptop, a file before it
// is sent): the same row errors and exit codes as a dry run, nothing
// written, and no connection attempted.
func TestOfflineDryRunNeedsNoDatabase(t *testing.T) {
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1") // nothing listens there
	const td = "../../testdata/"
	code, out, errOut := runCLI(t, "--offline", td+"json/good-case.json")
	if code != 0 || !strings.Contains(out, "offline dry run") || !strings.Contains(out, "valid") {
		t.Fatalf("good file offline: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "--offline", td+"json/bad-rows.json")
	if code != 1 || !strings.Contains(out, "entities[1]") || !strings.Contains(out, "nationality") {
		t.Fatalf("bad rows offline: exit %d\n%s", code, out)
	}
	if code, _, _ = runCLI(t, "--offline", "--strict", td+"csv/bad-rows"); code != 2 {
		t.Fatalf("--offline --strict with bad rows: exit %d, want 2", code)
	}
	code, out, _ = runCLI(t, "--offline", "--json", td+"json/good-case.json")
	var rep struct {
		Files []struct {
			DryRun, Offline bool
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || len(rep.Files) != 1 || !rep.Files[0].DryRun || !rep.Files[0].Offline {
		t.Fatalf("--offline --json: exit %d, %v\n%s", code, err, out)
	}
}

// A dry run when Neo4j cannot be reached validates offline and says so;
// --errors-csv writes every problem as a sheet, and a path it cannot
// write stops the command before anything is read.
func TestDryRunWithoutTheDatabaseAndTheErrorsSheet(t *testing.T) {
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1") // nothing listens there
	const td = "../../testdata/"
	sheet := filepath.Join(t.TempDir(), "problems.csv")
	code, out, errOut := runCLI(t, "--dry-run", "--errors-csv", sheet, td+"csv/messy")
	if code != 2 || !strings.Contains(out, "offline dry run") || !strings.Contains(errOut, "validating offline") {
		t.Fatalf("dry run without the database: exit %d\n%s\n%s", code, out, errOut)
	}
	data, err := os.ReadFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 11 || rows[0][0] != "file" || rows[2][6] != "nationalty" {
		t.Fatalf("the errors sheet: %v %q", err, rows)
	}
	code, out, errOut = runCLI(t, "--offline", "--errors-csv", filepath.Join(t.TempDir(), "no", "such", "dir.csv"), td+"csv/messy")
	if code != 3 || out != "" || !strings.Contains(errOut, "--errors-csv") {
		t.Fatalf("an unwritable errors sheet: exit %d\n%s\n%s", code, out, errOut)
	}
}
