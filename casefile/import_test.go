package casefile_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

const td = "../testdata/"

func importFile(t *testing.T, s *neo4jstore.Store, path string, opts casefile.Options) *casefile.Report {
	t.Helper()
	rep, err := casefile.Import(context.Background(), s, path, opts)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return rep
}

func total(rep *casefile.Report) (created, updated, unchanged, rejected int) {
	for _, c := range rep.Counts {
		created += c.Created
		updated += c.Updated
		unchanged += c.Unchanged
		rejected += c.Rejected
	}
	return
}

func node[T any](t *testing.T, s *neo4jstore.Store, id string) *T {
	t.Helper()
	n, err := s.Node(context.Background(), graph.AllCases(), id)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	v, ok := any(n).(*T)
	if !ok {
		t.Fatalf("%s is a %T", id, n)
	}
	return v
}

func TestJSONImportThenReimportChangesNothing(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importFile(t, s, td+"json/good-case.json", casefile.Options{ImportedBy: "tester"})
	created, updated, unchanged, rejected := total(rep)
	if rep.ExitCode != casefile.ExitOK || rejected != 0 || created != 10+13 || updated+unchanged != 0 {
		var b strings.Builder
		rep.WriteText(&b)
		t.Fatalf("first import:\n%s", b.String())
	}
	before, err := s.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	again := importFile(t, s, td+"json/good-case.json", casefile.Options{ImportedBy: "tester2"})
	created, updated, unchanged, rejected = total(again)
	if created+updated+rejected != 0 || unchanged != 23 {
		t.Fatalf("re-import: created %d updated %d unchanged %d rejected %d", created, updated, unchanged, rejected)
	}
	after, _ := s.Snapshot(context.Background())
	if strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Fatal("re-importing the same file changed the graph")
	}
	cf := node[graph.CaseFile](t, s, "TEST-TH-2025-07")
	imports := cf.Imports()
	if len(imports) != 2 || imports[1].By != "tester2" || imports[0].SHA256 != rep.SHA256 || imports[1].FileName != "good-case.json" {
		t.Fatalf("import log: %+v", imports)
	}
}

func TestNamesInEveryScriptAreStoredExactly(t *testing.T) {
	s := testneo4j.Open(t)
	importFile(t, s, td+"json/good-case.json", casefile.Options{})
	if p := node[graph.Person](t, s, "person:TEST-TH-2025-07:V1"); p.Name != "Trần Thị Mai" || !p.IsVictim || !p.IsRecruiter {
		t.Fatalf("V1: %+v", p)
	}
	if p := node[graph.Person](t, s, "person:TEST-TH-2025-07:V2"); p.Name != "이지은" {
		t.Fatalf("V2 name %q", p.Name)
	}
	if p := node[graph.Person](t, s, "person:TEST-TH-2025-07:V4"); p.Name != "王芳" {
		t.Fatalf("V4 name %q", p.Name)
	}
	if p := node[graph.Person](t, s, "person:TEST-TH-2025-07:R1"); p.Aliases[0] != "สมชาย รัตนกร" {
		t.Fatalf("R1 aliases %q", p.Aliases)
	}
	if c := node[graph.Compound](t, s, "compound:TEST-TH-2025-07:C1"); c.Aliases[0] != "ឧទ្យានបច្ចេកវិទ្យាឆ្នេរមាស" {
		t.Fatalf("C1 aliases %q", c.Aliases)
	}
	// Natural keys: the IBAN with spaces, the phone in national form.
	node[graph.BankAccount](t, s, "account:BANK:IBAN:GB82WEST12345698765432")
	node[graph.Identifier](t, s, "identifier:PHONE:+66812345678")
	node[graph.Identifier](t, s, "identifier:TELEGRAM:chai_jobs_th")
}

func TestBadRowsAreReportedAndGoodRowsWritten(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importFile(t, s, td+"json/bad-rows.json", casefile.Options{})
	if rep.ExitCode != casefile.ExitRejected {
		t.Fatalf("exit %d, want 1", rep.ExitCode)
	}
	want := map[string]string{ // record -> field that must be named
		"entities[1]": "nationality", "entities[2]": "identifiers[0].value", "entities[3]": "ref", "entities[4]": "nationalty",
		"entities[6]": "country", "links[1]": "to", "links[2]": "to", "links[3]": "from", "links[4]": "to", "links[5]": "type",
	}
	found := map[string]bool{}
	for _, r := range rep.Rejections {
		if want[r.Record] == r.Field {
			found[r.Record] = true
		}
		if r.File != "bad-rows.json" {
			t.Errorf("rejection without its file: %+v", r)
		}
	}
	for rec, field := range want {
		if !found[rec] {
			t.Errorf("no rejection of %s naming %s; got %v", rec, field, rep.Rejections)
		}
	}
	out, _ := json.Marshal(rep)
	if strings.Contains(string(out), "SECRET") || strings.Contains(string(out), "+82 1") {
		t.Fatal("the report repeats a rejected sensitive value")
	}
	node[graph.Person](t, s, "person:TEST-BAD-ROWS:V1")
	node[graph.Person](t, s, "person:TEST-BAD-ROWS:R1")
	if _, err := s.Node(context.Background(), graph.AllCases(), "person:TEST-BAD-ROWS:V2"); err == nil {
		t.Fatal("a rejected entity was written")
	}
	if rep.Counts["RECRUITED"].Created != 1 {
		t.Fatalf("the one good link: %+v", rep.Counts["RECRUITED"])
	}
}

func countCase(t *testing.T, s *neo4jstore.Store, caseID string) int {
	t.Helper()
	n := 0
	for _, label := range []graph.Label{graph.KindPerson, graph.KindOrganization, graph.KindCompound, graph.KindBankAccount, graph.KindCaseFile} {
		c, err := s.Count(context.Background(), graph.AllCases(), graph.ListQuery{Label: label, Filter: graph.ListFilter{CaseID: caseID}, Order: graph.SortOrder{Field: "NAME"}})
		if err != nil {
			t.Fatal(err)
		}
		n += c
	}
	return n
}

func TestStrictDryRunAndUnparseableWriteNothing(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importFile(t, s, td+"json/bad-rows.json", casefile.Options{Strict: true})
	if rep.ExitCode != casefile.ExitFile || len(rep.Rejections) == 0 || !strings.Contains(rep.FileError, "strict") {
		t.Fatalf("strict: exit %d, %q", rep.ExitCode, rep.FileError)
	}
	if n := countCase(t, s, "TEST-BAD-ROWS"); n != 0 {
		t.Fatalf("--strict with errors wrote %d nodes", n)
	}
	rep = importFile(t, s, td+"json/good-case.json", casefile.Options{DryRun: true})
	if rep.ExitCode != casefile.ExitOK || rep.Counts["Person"].Valid != 5 || countCase(t, s, "TEST-TH-2025-07") != 0 {
		t.Fatalf("dry run: exit %d, persons %+v", rep.ExitCode, rep.Counts["Person"])
	}
	rep = importFile(t, s, td+"json/unparseable.json", casefile.Options{})
	if rep.ExitCode != casefile.ExitFile || rep.FileError == "" || countCase(t, s, "TEST-BROKEN") != 0 {
		t.Fatalf("unparseable: exit %d %q", rep.ExitCode, rep.FileError)
	}
}

func zipFolder(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "sheets.zip")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"case.csv", "entities.csv", "links.csv"} {
		w, _ := zw.Create("export/" + name)
		in, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(w, in)
		in.Close()
	}
	zw.Close()
	f.Close()
	return out
}

func TestCSVSheetsWithSpreadsheetHabits(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importFile(t, s, td+"csv/good", casefile.Options{})
	if rep.ExitCode != casefile.ExitOK || rep.Format != "csv" {
		var b strings.Builder
		rep.WriteText(&b)
		t.Fatalf("csv folder:\n%s", b.String())
	}
	p := node[graph.Person](t, s, "person:TEST-KH-CSV-01:P2")
	if p.BirthDate != "1997-07-12" || p.Name != "Nguyễn Văn An" {
		t.Fatalf("DD/MM/YYYY birth date or name: %+v", p)
	}
	if p := node[graph.Person](t, s, "person:TEST-KH-CSV-01:P1"); p.Name != "Somchai Rattanakorn" || len(p.Aliases) != 2 {
		t.Fatalf("trailing spaces or list: %q %q", p.Name, p.Aliases)
	}
	if c := node[graph.Compound](t, s, "compound:TEST-KH-CSV-01:C1"); *c.EstimatedWorkers != 1200 || c.Location() == nil {
		t.Fatalf("1,200 workers and a location: %+v", c)
	}
	cf := node[graph.CaseFile](t, s, "TEST-KH-CSV-01")
	if cf.OpenedAt != "2025-02-13" || !cf.Fictional {
		t.Fatalf("case.csv: %+v", cf)
	}
	// 52.350,00 THB and 1,500.00 USD became exact decimals.
	pages, _ := s.EdgesOf(context.Background(), graph.AllCases(), "TRANSFERRED", graph.Outgoing, []string{"account:E_WALLET:KH:KHMERPAY:KP00991234"})
	items := pages["account:E_WALLET:KH:KHMERPAY:KP00991234"].Items
	if len(items) != 1 || items[0].Link.(*graph.Transfer).Amount != "52350" || *items[0].Link.(*graph.Transfer).AmountUsd != "1450" {
		t.Fatalf("transfer amounts: %+v", items)
	}
	// The same sheets zipped are the same data: nothing changes.
	again := importFile(t, s, zipFolder(t, td+"csv/good"), casefile.Options{})
	created, updated, unchanged, rejected := total(again)
	if created+updated+rejected != 0 || unchanged == 0 || again.ExitCode != 0 {
		t.Fatalf("the zipped sheets: created %d updated %d unchanged %d rejected %d", created, updated, unchanged, rejected)
	}
}

func TestCSVProblems(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importFile(t, s, td+"csv/bad-column", casefile.Options{})
	column := false
	for _, r := range rep.Rejections {
		column = column || (r.Kind == "column" && r.Field == "nationalty" && r.Location.String() == "bad-column/entities.csv:1" &&
			strings.Contains(r.Reason, "did you mean nationality?"))
	}
	if rep.ExitCode != casefile.ExitFile || rep.FileError == "" || !column {
		t.Fatalf("unknown column: exit %d %q %v", rep.ExitCode, rep.FileError, rep.Rejections)
	}
	rep = importFile(t, s, td+"csv/bad-rows", casefile.Options{})
	if rep.ExitCode != casefile.ExitRejected || rep.Counts["Person"].Created != 1 {
		t.Fatalf("bad rows: exit %d %+v %v", rep.ExitCode, rep.Counts["Person"], rep.Rejections)
	}
	lines := map[int]string{}
	for _, r := range rep.Rejections {
		lines[r.Line] = r.Field
	}
	if lines[3] != "birthDate" || lines[4] != "identifiers" || lines[5] != "estimatedWorkers" {
		t.Fatalf("rejections by line: %v", rep.Rejections)
	}
}

func TestFollowTheMoney(t *testing.T) {
	s := testneo4j.Open(t)
	if _, err := casefile.Import(context.Background(), s, td+"ftm/good.ftm.jsonl", casefile.Options{}); err == nil {
		t.Fatal("an FtM file without --case must not import")
	}
	rep := importFile(t, s, td+"ftm/good.ftm.jsonl", casefile.Options{CaseID: "TEST-FTM-01"})
	if rep.ExitCode != casefile.ExitOK || rep.Format != "ftm" {
		var b strings.Builder
		rep.WriteText(&b)
		t.Fatalf("ftm:\n%s", b.String())
	}
	if rep.Unmapped["Address"] != 1 || rep.Unmapped["Vessel"] != 1 || rep.Unmapped["Family"] != 1 {
		t.Fatalf("unmapped schemata must be counted: %v", rep.Unmapped)
	}
	if rep.Counts["TRANSFERRED"].Created != 2 || rep.Counts["HOLDS"].Created != 3 || rep.Counts["MEMBER_OF"].Created != 2 {
		t.Fatalf("links: %+v %+v %+v", rep.Counts["TRANSFERRED"], rep.Counts["HOLDS"], rep.Counts["MEMBER_OF"])
	}
	node[graph.Identifier](t, s, "identifier:TELEGRAM:chai_jobs_th")
	node[graph.Identifier](t, s, "identifier:PASSPORT:M7654321")
	node[graph.BankAccount](t, s, "account:CRYPTO_WALLET:TRON:TQ5Yb8nX1kWz3mVdLpH7rC9sJfE2gAu4Ko")
	if o := node[graph.Organization](t, s, "organization:TEST-FTM-01:c-mekong"); *o.Kind != "FRONT_COMPANY" {
		t.Fatalf("Company kind %v", *o.Kind)
	}
	rep = importFile(t, s, td+"ftm/bad.ftm.jsonl", casefile.Options{CaseID: "TEST-FTM-02"})
	if rep.ExitCode != casefile.ExitRejected || rep.Counts["Person"].Created != 1 || len(rep.Rejections) != 3 {
		t.Fatalf("bad ftm: exit %d %+v %v", rep.ExitCode, rep.Counts["Person"], rep.Rejections)
	}
}

func TestCasesMeetOnSharedIdentifiersAndAccounts(t *testing.T) {
	s := testneo4j.Open(t)
	importFile(t, s, td+"json/good-case.json", casefile.Options{})
	importFile(t, s, td+"csv/good", casefile.Options{})
	importFile(t, s, td+"ftm/good.ftm.jsonl", casefile.Options{CaseID: "TEST-FTM-01"})
	phone := node[graph.Identifier](t, s, "identifier:PHONE:+66812345678")
	acct := node[graph.BankAccount](t, s, "account:BANK:TH:SRBKTHBK:1234567890")
	for _, got := range [][]string{phone.CaseIDs, acct.CaseIDs} {
		if len(got) != 3 {
			t.Fatalf("the shared phone and account should be known to all three cases: %v", got)
		}
	}
	// Each case's holder name is kept with its case.
	claims, err := s.Claims(context.Background(), graph.AllCases(), []string{acct.ID})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, c := range claims[acct.ID] {
		if v, ok := c.Props["name"].(string); ok {
			names[c.CaseID] = v
		}
	}
	if names["TEST-TH-2025-07"] != "SOMCHAI R." || names["TEST-KH-CSV-01"] != "SOMCHAI RATTANAKORN" {
		t.Fatalf("holder name per case: %v", names)
	}
	// Importing the first case again changes nothing, though the others
	// wrote other values since.
	again := importFile(t, s, td+"json/good-case.json", casefile.Options{})
	if created, updated, _, _ := total(again); created+updated != 0 {
		t.Fatalf("re-import after other cases: created %d updated %d", created, updated)
	}
}

// TestValuesAsClerksTypeThem: a file written as a data clerk writes it
// (lower-case values, M for male, country names and alpha-3 codes,
// "victim" rows, "held at" links with the sheet's date) imports whole,
// stored in canonical form.
func TestValuesAsClerksTypeThem(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importFile(t, s, "../testdata/json/agency-spellings.json", casefile.Options{})
	if _, _, _, rejected := total(rep); rejected != 0 || rep.ExitCode != casefile.ExitOK {
		t.Fatalf("rejected %d, exit %d: %+v", rejected, rep.ExitCode, rep.Rejections)
	}
	v := node[graph.Person](t, s, "person:TEST-SPELLINGS-1:V1")
	if v.Gender == nil || *v.Gender != "FEMALE" || v.Status == nil || *v.Status != "HELD" || !v.IsVictim ||
		v.ConsentToShare == nil || *v.ConsentToShare { // "N" in the file
		t.Errorf("victim stored as %+v", v)
	}
	if cf := node[graph.CaseFile](t, s, "TEST-SPELLINGS-1"); !cf.Fictional {
		t.Errorf(`"fictional": "yes" is true`)
	}
	r := node[graph.Person](t, s, "person:TEST-SPELLINGS-1:R1")
	if r.Gender == nil || *r.Gender != "MALE" || !r.IsRecruiter {
		t.Errorf("recruiter stored as %+v", r)
	}
	held, err := s.EdgesOf(context.Background(), graph.AllCases(), graph.RelHeldAt, graph.Outgoing, []string{v.ID})
	if err != nil || len(held[v.ID].Items) != 1 {
		t.Fatalf("held at: %v %v", held, err)
	}
	if d := held[v.ID].Items[0].Link.(*graph.Detention); d.Since != "2024-03" {
		t.Errorf("a HELD_AT's date is when it began: %+v", d)
	}
	c := node[graph.Compound](t, s, "compound:TEST-SPELLINGS-1:C1")
	if len(c.ScamTypes) != 1 || c.ScamTypes[0] != "PIG_BUTCHERING" {
		t.Errorf("compound stored as %+v", c)
	}
	// a recruiter who works for a recruiting agency: RECRUITS_FOR to an
	// organisation, its date when it began
	agency, err := s.EdgesOf(context.Background(), graph.AllCases(), graph.RelRecruitsFor, graph.Incoming, []string{"organization:TEST-SPELLINGS-1:O1"})
	if err != nil || len(agency["organization:TEST-SPELLINGS-1:O1"].Items) != 1 {
		t.Fatalf("recruits for an agency: %v %v", agency, err)
	}
	if rf := agency["organization:TEST-SPELLINGS-1:O1"].Items[0].Link.(*graph.RecruitsFor); rf.FromID != r.ID || rf.Since != "2023-11" {
		t.Errorf("recruits for: %+v", rf)
	}
	if o := node[graph.Organization](t, s, "organization:TEST-SPELLINGS-1:O1"); o.Kind == nil || *o.Kind != "RECRUITMENT_AGENCY" {
		t.Errorf("agency stored as %+v", o)
	}
}

// TestAnUnknownOptionalValueCostsOnlyThatValue: a gender, a scam type or a
// channel outside the vocabulary no longer costs the record and its links
// (issue 13): the record is written without the value and the report warns,
// naming the field and never the value; with --strict it is an error and
// nothing is written.
func TestAnUnknownOptionalValueCostsOnlyThatValue(t *testing.T) {
	s := testneo4j.Open(t)
	strict := importFile(t, s, "../testdata/json/warnings.json", casefile.Options{Strict: true})
	if strict.ExitCode != casefile.ExitFile || len(strict.Rejections) < 2 || strict.Rejections[0].Field != "gender" || strict.Rejections[1].Field != "scamTypes" {
		t.Fatalf("--strict: exit %d, %+v", strict.ExitCode, strict.Rejections)
	}
	if n, err := s.NodesByID(context.Background(), graph.AllCases(), []string{"person:TEST-WARNINGS-1:R1"}); err != nil || len(n) != 0 {
		t.Fatalf("--strict wrote %v (%v)", n, err)
	}

	rep := importFile(t, s, "../testdata/json/warnings.json", casefile.Options{})
	created, _, _, rejected := total(rep)
	if rep.ExitCode != casefile.ExitOK || rejected != 0 || created != 5 {
		t.Fatalf("exit %d, created %d, rejected %d: %+v", rep.ExitCode, created, rejected, rep.Rejections)
	}
	got := map[string]bool{}
	for _, w := range rep.Warnings {
		got[w.Ref+" "+w.Field] = true
		for _, v := range []string{"robot", "lottery", "pigeon"} {
			if strings.Contains(w.Reason, v) {
				t.Errorf("a warning repeats the value: %+v", w)
			}
		}
	}
	if len(rep.Warnings) != 3 || !got["R1 gender"] || !got["C1 scamTypes"] || !got[" channel"] {
		t.Errorf("warnings: %+v", rep.Warnings)
	}
	var text strings.Builder
	rep.WriteText(&text)
	if !strings.Contains(text.String(), "warnings (written without the value):") {
		t.Errorf("report text:\n%s", text.String())
	}
	r := node[graph.Person](t, s, "person:TEST-WARNINGS-1:R1")
	c := node[graph.Compound](t, s, "compound:TEST-WARNINGS-1:C1")
	if r.Gender != nil || len(c.ScamTypes) != 1 || c.ScamTypes[0] != "PIG_BUTCHERING" {
		t.Errorf("stored gender %v, scam types %v", r.Gender, c.ScamTypes)
	}
}
