package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// overlapCase is a third case that speaks of the demo's first recruiter
// (attached by id) with another spelling of the name and a birth year,
// uses the demo's shared phone, and recruits a victim of its own: the
// round trip must give each case back its own word about the shared nodes.
const overlapCase = `{
 "case": {"id": "RT-OVERLAP-1", "title": "Round trip: a second word", "agency": "Test agency (fictional)", "country": "KR", "fictional": true},
 "entities": [
  {"ref": "R", "type": "Recruiter", "id": "person:DEMO-KH-2025-001:R01", "name": "Other Spelling", "birthDate": "1990",
   "identifiers": [{"kind": "PHONE", "value": "+855 96 999 0001"}]},
  {"ref": "V", "type": "Victim", "name": "Test Victim", "nationality": ["KR", "VN"], "consentToShare": false}
 ],
 "links": [
  {"type": "RECRUITED", "from": "R", "to": "V", "date": "2025-03", "channel": "TELEGRAM"},
  {"type": "TRANSITED", "from": "V", "to": "TH", "order": 1, "mode": "AIR"}
 ]
}`

// loadRoundTripCases fills the test database with the demo case, the
// good JSON test case and overlapCase, in that order.
func loadRoundTripCases(t *testing.T, store *neo4jstore.Store) {
	t.Helper()
	ctx := context.Background()
	if rep, err := demo.Load(ctx, store); err != nil || rep.ExitCode != 0 {
		t.Fatalf("demo: %v %+v", err, rep)
	}
	for _, f := range []string{"../../testdata/json/good-case.json", writeTemp(t, "overlap.json", overlapCase)} {
		if rep, err := casefile.Import(ctx, store, f, casefile.Options{}); err != nil || rep.ExitCode != 0 {
			t.Fatalf("%s: %v %+v", f, err, rep)
		}
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// snapshot is the whole graph as Store.Snapshot describes it: every node
// and relationship with its properties, claims and sources, leaving out
// only what the round trip documents as not kept (createdAt, updatedAt,
// the per-case times, and the import log of the case files).
func snapshot(t *testing.T, store *neo4jstore.Store) []string {
	t.Helper()
	s, err := store.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// emptyDatabase leaves the test database as a new one is: no data, the
// schema and the countries.
func emptyDatabase(t *testing.T, store *neo4jstore.Store) {
	t.Helper()
	ctx := context.Background()
	if err := store.DeleteEverything(ctx); err != nil {
		t.Fatal(err)
	}
	if err := store.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
}

func sameSnapshots(t *testing.T, before, after []string) {
	t.Helper()
	if strings.Join(before, "\n") == strings.Join(after, "\n") {
		return
	}
	in := map[string]bool{}
	for _, l := range after {
		in[l] = true
	}
	was := map[string]bool{}
	for _, l := range before {
		was[l] = true
		if !in[l] {
			t.Errorf("lost:   %s", l)
		}
	}
	for _, l := range after {
		if !was[l] {
			t.Errorf("gained: %s", l)
		}
	}
	t.Fatalf("the graph differs after the round trip (%d lines before, %d after)", len(before), len(after))
}

func runCmd(t *testing.T, cmd func(context.Context, []string, *bytes.Buffer, *bytes.Buffer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmd(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func exportCmd(ctx context.Context, args []string, out, errOut *bytes.Buffer) int {
	return runExport(ctx, args, out, errOut)
}
func importCmd(ctx context.Context, args []string, out, errOut *bytes.Buffer) int {
	return runImport(ctx, args, out, errOut)
}
func backupCmd(ctx context.Context, args []string, out, errOut *bytes.Buffer) int {
	return runBackup(ctx, args, out, errOut)
}
func restoreCmd(ctx context.Context, args []string, out, errOut *bytes.Buffer) int {
	return runRestore(ctx, args, out, errOut)
}

// TestExportRoundTrip exports each case with `scamgraph export`, empties
// the database, imports the exports in the cases' order and finds the same
// graph: nodes with their properties and every case's claim, identifiers,
// relationships with their properties and claims, and sources.
func TestExportRoundTrip(t *testing.T) {
	store := testneo4j.Open(t)
	t.Setenv("NEO4J_URI", testneo4j.URI())
	loadRoundTripCases(t, store)
	before := snapshot(t, store)

	dir := t.TempDir()
	var files []string
	for _, id := range []string{"DEMO-KH-2025-001", "TEST-TH-2025-07", "RT-OVERLAP-1"} {
		f := filepath.Join(dir, id+".json")
		if code, _, errOut := runCmd(t, exportCmd, "--case", id, "--out", f); code != 0 {
			t.Fatalf("export %s: exit %d %s", id, code, errOut)
		}
		files = append(files, f)
	}
	// Each case's file holds that case's word about the shared recruiter.
	word := func(file, id string) map[string]any {
		var c casefile.Case
		data, _ := os.ReadFile(file)
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatal(err)
		}
		for _, e := range c.Entities {
			if e.ID != nil && *e.ID == id || e.Ref == strings.TrimPrefix(id, "person:"+c.Case.ID+":") {
				b, _ := json.Marshal(e)
				var m map[string]any
				_ = json.Unmarshal(b, &m)
				return m
			}
		}
		t.Fatalf("%s: no entity %s", file, id)
		return nil
	}
	demoR01, otherR01 := word(files[0], "person:DEMO-KH-2025-001:R01"), word(files[2], "person:DEMO-KH-2025-001:R01")
	if otherR01["name"] != "Other Spelling" || otherR01["birthDate"] != "1990" || demoR01["name"] != "Choi Dae-sung" || demoR01["birthDate"] != "1986-07" {
		t.Fatalf("the exports mix the cases' words: demo %v, other %v", demoR01["name"], otherR01["name"])
	}

	emptyDatabase(t, store)
	for _, f := range files {
		if code, out, errOut := runCmd(t, importCmd, f); code != 0 {
			t.Fatalf("import %s: exit %d\n%s%s", f, code, out, errOut)
		}
	}
	sameSnapshots(t, before, snapshot(t, store))

	// A single case exported alone imports alone into an empty database.
	emptyDatabase(t, store)
	if code, out, errOut := runCmd(t, importCmd, files[1]); code != 0 {
		t.Fatalf("import %s alone: exit %d\n%s%s", files[1], code, out, errOut)
	}
	if code, _, errOut := runCmd(t, exportCmd, "--case", "NO-SUCH-CASE"); code != 3 || !strings.Contains(errOut, "not found") {
		t.Fatalf("unknown case: exit %d %s", code, errOut)
	}
}

// TestBackupRestore backs up three cases and an audit folder, refuses a
// tampered backup and a non-empty database, restores into an empty one and
// finds the same graph.
func TestBackupRestore(t *testing.T) {
	store := testneo4j.Open(t)
	t.Setenv("NEO4J_URI", testneo4j.URI())
	loadRoundTripCases(t, store)
	before := snapshot(t, store)
	nodes, rels, err := store.Size(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	auditDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(auditDir, "audit-000001.jsonl"), []byte(`{"seq":1}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	dir := filepath.Join(t.TempDir(), "backup")
	if code, out, errOut := runCmd(t, backupCmd, "--audit-dir", auditDir, dir); code != 0 || !strings.Contains(out, "3 cases, 4 files") {
		t.Fatalf("backup: exit %d %s %s", code, out, errOut)
	}
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil || json.Unmarshal(data, &m) != nil {
		t.Fatalf("manifest: %v", err)
	}
	if strings.Join(m.Cases, ",") != "DEMO-KH-2025-001,TEST-TH-2025-07,RT-OVERLAP-1" || m.Files[3].Path != "audit/audit-000001.jsonl" || m.Files[0].SHA256 == "" || m.Files[0].Size == 0 || m.ScamgraphVersion == "" {
		t.Fatalf("manifest: %s", data)
	}
	if code, _, errOut := runCmd(t, backupCmd, dir); code != 3 || !strings.Contains(errOut, "not empty") {
		t.Fatalf("backup into a used folder: exit %d %s", code, errOut)
	}

	// A restore into a database that holds cases is refused without --force.
	if code, _, errOut := runCmd(t, restoreCmd, dir); code != 2 || !strings.Contains(errOut, "--force") {
		t.Fatalf("restore into a full database: exit %d %s", code, errOut)
	}
	// --force merges: importing the same cases again changes nothing.
	if code, out, errOut := runCmd(t, restoreCmd, "--force", dir); code != 0 {
		t.Fatalf("restore --force: exit %d %s %s", code, out, errOut)
	}
	sameSnapshots(t, before, snapshot(t, store))

	emptyDatabase(t, store)
	// One changed byte in one file refuses the whole restore, naming it.
	tampered := filepath.Join(t.TempDir(), "tampered")
	if err := os.CopyFS(tampered, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	victimFile := filepath.Join(tampered, filepath.FromSlash(m.Files[2].Path))
	content, _ := os.ReadFile(victimFile)
	if err := os.WriteFile(victimFile, bytes.Replace(content, []byte("Test Victim"), []byte("Test Victin"), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd(t, restoreCmd, tampered); code != 2 || !strings.Contains(errOut, m.Files[2].Path) {
		t.Fatalf("tampered backup: exit %d %s", code, errOut)
	}
	if ids, err := store.CaseFileIDs(context.Background(), graphAll()); err != nil || len(ids) != 0 {
		t.Fatalf("a refused restore wrote %v (%v)", ids, err)
	}

	if code, out, errOut := runCmd(t, restoreCmd, dir); code != 0 || !strings.Contains(out, "restored 3 cases") {
		t.Fatalf("restore: exit %d %s %s", code, out, errOut)
	}
	n2, r2, err := store.Size(context.Background())
	if err != nil || n2 != nodes || r2 != rels {
		t.Fatalf("counts: %d nodes %d relationships before, %d %d after (%v)", nodes, rels, n2, r2, err)
	}
	sameSnapshots(t, before, snapshot(t, store))
}

func graphAll() graph.Scope { return graph.AllCases() }

// TestRestoreOfAnErasedVictim shows what README says a backup does not
// keep: an erased victim comes back named "[erased]", without her
// personal data, but without the erasure tombstone.
func TestRestoreOfAnErasedVictim(t *testing.T) {
	store := testneo4j.Open(t)
	t.Setenv("NEO4J_URI", testneo4j.URI())
	ctx := context.Background()
	if rep, err := casefile.Import(ctx, store, "../../testdata/json/good-case.json", casefile.Options{}); err != nil || rep.ExitCode != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
	const victim = "person:TEST-TH-2025-07:V2"
	if _, err := store.EraseVictimData(ctx, victim); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backup")
	if code, out, errOut := runCmd(t, backupCmd, "--audit-dir", "", dir); code != 0 {
		t.Fatalf("backup: exit %d %s %s", code, out, errOut)
	}
	emptyDatabase(t, store)
	if code, out, errOut := runCmd(t, restoreCmd, dir); code != 0 {
		t.Fatalf("restore: exit %d %s %s", code, out, errOut)
	}
	n, err := store.Node(ctx, graphAll(), victim)
	if err != nil {
		t.Fatal(err)
	}
	if p := n.(*graph.Person); p.Name != "[erased]" || p.BirthDate != "" || len(p.Aliases) != 0 {
		t.Fatalf("the erased victim after a restore: %+v", p)
	}
	for _, l := range snapshot(t, store) {
		if strings.Contains(l, "ErasureTombstone") {
			t.Fatalf("a tombstone came back, which README says a backup does not keep: %s", l)
		}
	}
}
