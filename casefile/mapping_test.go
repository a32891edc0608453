package casefile_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

const maps = td + "mappings/"

// importMapped imports testdata/mappings/<name>.csv through <name>.yml.
func importMapped(t *testing.T, s *neo4jstore.Store, name, caseID string) *casefile.Report {
	t.Helper()
	return importFile(t, s, maps+name+".csv", casefile.Options{CaseID: caseID, Mapping: maps + name + ".yml"})
}

// edges returns id's relationships of type rel in direction dir.
func edges(t *testing.T, s *neo4jstore.Store, rel graph.RelType, dir graph.Direction, id string) []graph.EdgeItem {
	t.Helper()
	pages, err := s.EdgesOf(context.Background(), graph.AllCases(), rel, dir, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	return pages[id].Items
}

// expectReimportUnchanged imports the same sheet through the same mapping
// again: nothing may be created or updated.
func expectReimportUnchanged(t *testing.T, s *neo4jstore.Store, name, caseID string) {
	t.Helper()
	rep := importMapped(t, s, name, caseID)
	created, updated, unchanged, _ := total(rep)
	if created+updated != 0 || unchanged == 0 {
		t.Fatalf("%s imported again: created %d updated %d unchanged %d\n%s", name, created, updated, unchanged, reportText(rep))
	}
}

func TestMappedBankStatement(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importMapped(t, s, "statement", "TEST-MAP-STMT")
	if rep.ExitCode != casefile.ExitRejected || rep.Format != "csv" || rep.CaseID != "TEST-MAP-STMT" {
		t.Fatalf("statement:\n%s", reportText(rep))
	}
	// The holder's account, given once in the mapping, is one entity; the
	// counterparty that appears in three rows is one too.
	if c := rep.Counts["BankAccount"]; c.Created != 4 || c.Rejected != 0 {
		t.Fatalf("accounts: %+v\n%s", c, reportText(rep))
	}
	if c := rep.Counts["TRANSFERRED"]; c.Created != 5 || c.Rejected != 2 {
		t.Fatalf("transfers: %+v\n%s", c, reportText(rep))
	}
	// The opening balance and the ATM withdrawal name no counterparty.
	if rep.Unmapped["rows with no record"] != 2 {
		t.Fatalf("rows with no record: %v", rep.Unmapped)
	}
	// Problem rows are reported with the statement's own line and the
	// field, never the value.
	byLine := map[int]string{}
	for _, r := range rep.Rejections {
		if r.File != "statement.csv" {
			t.Fatalf("rejection in %q, want statement.csv: %+v", r.File, r)
		}
		byLine[r.Line] = r.Field
		if strings.Contains(r.Reason, "THQ") || strings.Contains(r.Reason, "31/02") {
			t.Fatalf("a rejection repeats the cell: %+v", r)
		}
	}
	if len(byLine) != 2 || byLine[9] != "date" || byLine[10] != "currency" {
		t.Fatalf("rejections by line: %+v", rep.Rejections)
	}

	const holder = "account:BANK:TH:KASITHBK:7021448103"
	const golden = "account:BANK:TH:SICOTHBK:5550111111"
	const krit = "account:BANK:TH:KRTHTHBK:9817255302"
	const siam = "account:BANK:TH:BKKBTHBK:3182004176"
	if a := node[graph.BankAccount](t, s, holder); a.Currency == nil || *a.Currency != "THB" {
		t.Fatalf("holder account: %+v", a)
	}
	if a := node[graph.BankAccount](t, s, golden); a.AccountNumber == nil || a.HolderName == nil || *a.HolderName != "Golden Tide Trading" {
		t.Fatalf("counterparty account: %+v", a)
	}
	type transfer struct{ far, amount, date, ref string }
	collect := func(dir graph.Direction) []transfer {
		var out []transfer
		for _, it := range edges(t, s, graph.RelTransferred, dir, holder) {
			tr := it.Link.(*graph.Transfer)
			out = append(out, transfer{it.Far.GetID(), string(tr.Amount), string(tr.Date), *tr.Reference})
			if tr.Currency != "THB" {
				t.Fatalf("currency %q", tr.Currency)
			}
		}
		slices.SortFunc(out, func(a, b transfer) int { return strings.Compare(a.date, b.date) })
		return out
	}
	// Debit rows go from the holder, credit rows come to it.
	wantOut := []transfer{{golden, "12500", "2024-03-06", "INV-1001"}, {golden, "30000", "2024-03-09", "INV-1002"}, {krit, "45000.5", "2024-03-14", "TAX-FEE"}}
	if got := collect(graph.Outgoing); !slices.Equal(got, wantOut) {
		t.Fatalf("debits:\n got %v\nwant %v", got, wantOut)
	}
	wantIn := []transfer{{siam, "21000", "2024-03-04", "PAY-0324"}, {golden, "1500", "2024-03-11", "RF-77"}}
	if got := collect(graph.Incoming); !slices.Equal(got, wantIn) {
		t.Fatalf("credits:\n got %v\nwant %v", got, wantIn)
	}
	expectReimportUnchanged(t, s, "statement", "TEST-MAP-STMT")
}

func TestMappedIntakeSheet(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importMapped(t, s, "intake", "TEST-MAP-INTAKE")
	if rep.ExitCode != casefile.ExitOK || len(rep.Warnings) != 0 {
		t.Fatalf("intake:\n%s", reportText(rep))
	}
	// Four victims and two recruiters; the recruiter of two rows is one.
	if rep.Counts["Person"].Created != 6 || rep.Counts["Compound"].Created != 2 {
		t.Fatalf("entities:\n%s", reportText(rep))
	}
	// The fourth row names no recruiter: it has no RECRUITED link.
	if rep.Counts["RECRUITED"].Created != 3 || rep.Counts["HELD_AT"].Created != 4 {
		t.Fatalf("links:\n%s", reportText(rep))
	}
	v := node[graph.Person](t, s, "person:TEST-MAP-INTAKE:IN-2024-001")
	if v.Name != "Tran Van Binh" || v.BirthDate != "1998-05-21" || v.Gender == nil || *v.Gender != "MALE" || !v.IsVictim ||
		v.VictimType == nil || *v.VictimType != "TRAFFICKED_WORKER" || v.ConsentToShare == nil || !*v.ConsentToShare {
		t.Fatalf("victim: %+v", v)
	}
	nat := edges(t, s, graph.RelNationalOf, graph.Outgoing, v.ID)
	if len(nat) != 1 || nat[0].Far.GetID() != "country:VN" {
		t.Fatalf("Viet Nam is VN: %+v", nat)
	}
	held := edges(t, s, graph.RelHeldAt, graph.Outgoing, v.ID)
	if len(held) != 1 {
		t.Fatalf("held at: %+v", held)
	}
	d := held[0].Link.(*graph.Detention)
	if c := held[0].Far.(*graph.Compound); c.Name != "Golden Lotus Park" || d.Since != "2024-01-20" || d.Until != "2024-04-02" {
		t.Fatalf("detention: %+v at %+v", d, held[0].Far)
	}
	// The recruiter is found by the phone number the sheet gives, and
	// recruited both of the first two victims.
	uses := edges(t, s, graph.RelUses, graph.Incoming, "identifier:PHONE:+66815550101")
	if len(uses) != 1 {
		t.Fatalf("the recruiter's phone: %+v", uses)
	}
	r := uses[0].Far.(*graph.Person)
	if r.Name != "Kevin Lau" || !r.IsRecruiter || strings.Contains(r.ID, "555") {
		t.Fatalf("recruiter (its id must not carry the phone): %+v", r)
	}
	var recruited []string
	for _, it := range edges(t, s, graph.RelRecruited, graph.Outgoing, r.ID) {
		recruited = append(recruited, it.Far.GetID())
		if it.Far.GetID() == v.ID {
			rc := it.Link.(*graph.Recruitment)
			if rc.Date != "2024-01-10" || rc.Channel == nil || *rc.Channel != "FACEBOOK" {
				t.Fatalf("recruitment: %+v", rc)
			}
		}
	}
	slices.Sort(recruited)
	if !slices.Equal(recruited, []string{"person:TEST-MAP-INTAKE:IN-2024-001", "person:TEST-MAP-INTAKE:IN-2024-002"}) {
		t.Fatalf("recruited: %v", recruited)
	}
	expectReimportUnchanged(t, s, "intake", "TEST-MAP-INTAKE")
}

func TestMappedContactExport(t *testing.T) {
	s := testneo4j.Open(t)
	rep := importMapped(t, s, "contacts", "TEST-MAP-CONTACTS")
	// Five rows, the last the first again: four people.
	if rep.ExitCode != casefile.ExitOK || rep.Counts["Person"].Created != 4 || rep.Counts["Person"].Valid != 4 {
		t.Fatalf("contacts:\n%s", reportText(rep))
	}
	uses := edges(t, s, graph.RelUses, graph.Incoming, "identifier:TELEGRAM:bosschai_jobs")
	if len(uses) != 1 || uses[0].Far.(*graph.Person).Name != "Boss Chai" {
		t.Fatalf("telegram handle: %+v", uses)
	}
	var kinds []string
	for _, it := range edges(t, s, graph.RelUses, graph.Outgoing, uses[0].Far.GetID()) {
		kinds = append(kinds, it.Far.GetID())
	}
	slices.Sort(kinds)
	want := []string{"identifier:LINE:chai.recruit", "identifier:PHONE:+66895550142", "identifier:TELEGRAM:bosschai_jobs", "identifier:WHATSAPP:+66895550142"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("identifiers:\n got %v\nwant %v", kinds, want)
	}
	// A contact with a handle only.
	if uses := edges(t, s, graph.RelUses, graph.Incoming, "identifier:TELEGRAM:nana_hr_team"); len(uses) != 1 {
		t.Fatalf("handle-only contact: %+v", uses)
	}
	expectReimportUnchanged(t, s, "contacts", "TEST-MAP-CONTACTS")
}

// TestMappingErrors checks that a mistake in a mapping rejects the file
// as a whole, naming the mapping and the line of the mistake and, for a
// misspelling, the name meant. No database: the mapping is refused before
// anything is read.
func TestMappingErrors(t *testing.T) {
	lineOf := func(text, sub string) int {
		i := strings.Index(text, sub)
		return strings.Count(text[:i], "\n") + 1
	}
	cases := []struct {
		name, from, to string
		want           []string
		sheet          string // default statement
		dline          int    // the error's line after the first changed line
	}{
		{"unknown key", "    fields:\n      kind: {value: BANK}\n      country: {value: TH}\n      bankCode: Counterparty Bank",
			"    feilds:\n      kind: {value: BANK}\n      country: {value: TH}\n      bankCode: Counterparty Bank", []string{`unknown key "feilds"`, `did you mean "fields"?`}, "", 0},
		{"unknown column", "accountNumber: Counterparty Account", "accountNumber: Counterparty Acount",
			[]string{`column "Counterparty Acount" is not in the header of statement.csv`, `did you mean "Counterparty Account"?`}, "", 0},
		{"unknown column in a template", "{Counterparty Account}\"", "{Counterpart Account}\"", []string{`did you mean "Counterparty Account"?`}, "", 0},
		{"undeclared entity", "    from: holder\n    to: counterparty\n    when: {column: Debit", "    from: holdr\n    to: counterparty\n    when: {column: Debit",
			[]string{`from "holdr" is not an entity of the mapping`, `did you mean "holder"?`}, "", 0},
		{"unknown field", "      reference: Reference\n  - type", "      referense: Reference\n  - type", []string{`unknown field "referense"`, `did you mean "reference"?`}, "", 0},
		{"unknown entity type", "type: BankAccount\n    ref: holder", "type: BankAcount\n    ref: holder", []string{`unknown type "BankAcount"`, `did you mean "BankAccount"?`}, "", 0},
		{"unknown link type", "  - type: TRANSFERRED\n    from: holder", "  - type: TRANSFERED\n    from: holder", []string{"did you mean TRANSFERRED?"}, "", 0},
		{"a constant entity reading a column", "      name: {value: Lan Pham}", "      name: Counterparty Name", []string{"one entity for the whole file", "field name must be a value"}, "", 0},
		{"when with neither present nor equals", "when: {column: Debit, present: true}", "when: {column: Debit}", []string{"when is {column: X, present: true}"}, "", 0},
		{"a field the type does not have", "      currency: {value: THB}", "      gender: {value: THB}", []string{"a BankAccount has no field gender"}, "", 0},
		{"a field the link type does not have", "      reference: Reference\n  - type", "      channel: Reference\n  - type", []string{"a TRANSFERRED link has no field channel"}, "", 0},
		{"identifiers of an account", "      name: Counterparty Name\nlinks:", "      name: Counterparty Name\n    identifiers:\n      - {kind: PHONE, column: Reference}\nlinks:",
			[]string{"a BankAccount has no identifiers"}, "", 1},
		{"a link end of the wrong type", "  - type: RECRUITED\n    from: recruiter", "  - type: RECRUITED\n    from: compound",
			[]string{`from "compound" is a Compound; a RECRUITED link goes from Recruiter to Victim`}, "intake", 0},
		{"an unknown identifier kind", "{kind: PHONE, column: Recruiter Phone}", "{kind: PHONY, column: Recruiter Phone}", []string{"did you mean PHONE?"}, "intake", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sheet := c.sheet
			if sheet == "" {
				sheet = "statement"
			}
			good, err := os.ReadFile(maps + sheet + ".yml")
			if err != nil {
				t.Fatal(err)
			}
			text := string(good)
			if !strings.Contains(text, c.from) {
				t.Fatalf("%q is not in %s.yml", c.from, sheet)
			}
			bad := strings.Replace(text, c.from, c.to, 1)
			// the line of the first changed line
			line := lineOf(text, c.from) + c.dline
			for i := range strings.Split(c.from, "\n") {
				if strings.Split(c.from, "\n")[i] != strings.Split(c.to, "\n")[i] {
					line += i
					break
				}
			}
			path := filepath.Join(t.TempDir(), "bad.yml")
			if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
				t.Fatal(err)
			}
			rep, err := casefile.Import(context.Background(), nil, maps+sheet+".csv", casefile.Options{CaseID: "TEST-MAP-BAD", Mapping: path, Offline: true})
			if err != nil {
				t.Fatal(err)
			}
			want := append([]string{"bad.yml:" + strconv.Itoa(line) + ": "}, c.want...)
			for _, w := range want {
				if !strings.Contains(rep.FileError, w) {
					t.Fatalf("exit %d, file error %q: want %q", rep.ExitCode, rep.FileError, w)
				}
			}
			if rep.ExitCode != casefile.ExitFile {
				t.Fatalf("exit %d, want %d", rep.ExitCode, casefile.ExitFile)
			}
		})
	}

	// YAML that does not parse is reported at its line too.
	path := filepath.Join(t.TempDir(), "broken.yml")
	if err := os.WriteFile(path, []byte("entities:\n  holder:\n    type: [BankAccount\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := casefile.Import(context.Background(), nil, maps+"statement.csv", casefile.Options{CaseID: "TEST-MAP-BAD", Mapping: path, Offline: true})
	if err != nil || rep.ExitCode != casefile.ExitFile || !strings.HasPrefix(rep.FileError, "broken.yml:") {
		t.Fatalf("broken YAML: %v %d %q", err, rep.ExitCode, rep.FileError)
	}
	// A mapped sheet names no case: without --case the import cannot run.
	if _, err := casefile.Import(context.Background(), nil, maps+"statement.csv", casefile.Options{Mapping: maps + "statement.yml", Offline: true}); err == nil {
		t.Fatal("a mapped sheet without a case must not import")
	}
}

// A mapped sheet is checked and decoded like our sheets: saved in a code
// page, it is refused whole without --encoding and read with it.
func TestMappedSheetEncoding(t *testing.T) {
	text := "Display Name;Phone;Telegram;WhatsApp;LINE ID\nสมชาย ใจดี;+66 89 555 0142;;;\n"
	b, err := charmap.Windows874.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "contacts-th.csv")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	opts := casefile.Options{CaseID: "TEST-MAP-ENC", Mapping: maps + "contacts.yml", Offline: true}
	rep, err := casefile.Import(context.Background(), nil, path, opts)
	if err != nil || rep.ExitCode != casefile.ExitFile || !strings.Contains(rep.FileError, "windows-874") {
		t.Fatalf("without --encoding: %v %d %q", err, rep.ExitCode, rep.FileError)
	}
	opts.Encoding = "windows-874"
	rep, err = casefile.Import(context.Background(), nil, path, opts)
	if err != nil || rep.ExitCode != casefile.ExitOK || rep.Counts["Person"].Valid != 1 {
		t.Fatalf("with --encoding: %v\n%s", err, reportText(rep))
	}
}

// A problem in an entity the mapping gives whole (the holder's account)
// is reported at the mapping's line, and costs the links to it.
func TestMappedConstantProblemIsReportedAtTheMapping(t *testing.T) {
	good, err := os.ReadFile(maps + "statement.yml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "holder.yml")
	if err := os.WriteFile(path, []byte(strings.Replace(string(good), "kind: {value: BANK}", "kind: {value: SAFE}", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := casefile.Import(context.Background(), nil, maps+"statement.csv", casefile.Options{CaseID: "TEST-MAP-HOLDER", Mapping: path, Offline: true})
	if err != nil || rep.ExitCode != casefile.ExitRejected || len(rep.Rejections) == 0 {
		t.Fatalf("%v\n%s", err, reportText(rep))
	}
	first := rep.Rejections[0]
	if first.File != "holder.yml" || first.Line != 6 || first.Field != "kind" {
		t.Fatalf("the holder's problem: %+v", first)
	}
	if rep.Counts["TRANSFERRED"].Valid != 0 {
		t.Fatalf("transfers of a refused holder: %+v", rep.Counts["TRANSFERRED"])
	}
}
