package casefile_test

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// A template, CSV or workbook, imports as written: its example case, the
// victim, the recruiter and the compound, recruited and held.
func TestTemplateImportsCleanly(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	for _, xlsx := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "template")
		files, err := casefile.WriteTemplate(dir, xlsx)
		if err != nil {
			t.Fatal(err)
		}
		path := dir
		if xlsx {
			if len(files) != 1 || filepath.Base(files[0]) != casefile.TemplateWorkbook {
				t.Fatalf("workbook template wrote %v", files)
			}
			path = files[0]
		} else if len(files) != 4 {
			t.Fatalf("CSV template wrote %v", files)
		}
		rep := importFile(t, s, path, casefile.Options{})
		var text strings.Builder
		rep.WriteText(&text)
		if rep.ExitCode != casefile.ExitOK || len(rep.Rejections)+len(rep.Warnings)+len(rep.Unmapped) != 0 {
			t.Fatalf("xlsx %v: the template does not import cleanly:\n%s", xlsx, text.String())
		}
		cf := node[graph.CaseFile](t, s, casefile.TemplateCaseID)
		if cf.OpenedAt != "2025-01-15" || !cf.Fictional {
			t.Fatalf("xlsx %v: case %+v", xlsx, cf)
		}
		v := node[graph.Person](t, s, "person:"+casefile.TemplateCaseID+":V1")
		if v.Name != "Example Victim" || v.BirthDate != "1998-03-02" {
			t.Fatalf("xlsx %v: victim %+v", xlsx, v)
		}
		node[graph.Person](t, s, "person:"+casefile.TemplateCaseID+":R1")
		node[graph.Compound](t, s, "compound:"+casefile.TemplateCaseID+":C1")
		for rel, from := range map[graph.RelType]string{"RECRUITED": "R1", "HELD_AT": "V1"} {
			id := "person:" + casefile.TemplateCaseID + ":" + from
			pages, err := s.EdgesOf(ctx, graph.AllCases(), rel, graph.Outgoing, []string{id})
			if err != nil || len(pages[id].Items) != 1 {
				t.Fatalf("xlsx %v: %s from %s: %v %+v", xlsx, rel, from, err, pages)
			}
		}
		if d := func() *graph.Detention {
			id := "person:" + casefile.TemplateCaseID + ":V1"
			pages, _ := s.EdgesOf(ctx, graph.AllCases(), "HELD_AT", graph.Outgoing, []string{id})
			return pages[id].Items[0].Link.(*graph.Detention)
		}(); d.Since != "2024-06-01" {
			t.Fatalf("xlsx %v: HELD_AT since %q", xlsx, d.Since)
		}
	}
}

// The accepted values list every vocabulary the importer checks, from
// the same lists; the workbook has them as a worksheet and drop-downs.
func TestTemplateAcceptedValues(t *testing.T) {
	dir := t.TempDir()
	if _, err := casefile.WriteTemplate(dir, false); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, casefile.TemplateValuesFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, r := range rows {
		all += strings.Join(r, "|") + "\n"
	}
	for _, vocab := range [][]string{graph.Genders, graph.VictimTypes, graph.VictimStatuses, graph.ControlMethods, graph.OrgKinds,
		graph.CompoundStatuses, graph.ScamTypes, graph.AccountKinds, graph.AccountStatuses, graph.Channels, graph.RecruitMethods,
		graph.TravelModes, graph.HoldingRoles, graph.PaymentReasons, graph.IdentifierKinds, graph.CaseStatuses} {
		if !strings.Contains(all, strings.Join(vocab, ", ")) {
			t.Errorf("accepted-values.csv lacks %v", vocab)
		}
	}
	for _, want := range []string{"entities|type||Person, Recruiter, Victim, Organization, Compound, BankAccount", "links|type||RECRUITED, RECRUITS_FOR, HELD_AT"} {
		if !strings.Contains(all, want) {
			t.Errorf("accepted-values.csv lacks %q:\n%s", want, all)
		}
	}

	book := filepath.Join(t.TempDir(), "t")
	files, err := casefile.WriteTemplate(book, true)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), ","); got != "case,entities,links,accepted values" {
		t.Fatalf("worksheets %s", got)
	}
	values, _ := x.GetRows("accepted values")
	if len(values) != len(rows) {
		t.Errorf("the workbook's accepted values have %d rows, the CSV's %d", len(values), len(rows))
	}
	dvs, err := x.GetDataValidations("entities")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, dv := range dvs {
		if dv.Type == "list" && strings.Contains(dv.Formula1, strings.Join(graph.Genders, ",")) {
			found = true
		}
	}
	if !found {
		t.Errorf("no gender drop-down on the entities worksheet: %+v", dvs)
	}
}

// A template never overwrites: a folder with anything in it is refused.
func TestTemplateRefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "entities.csv")
	if err := os.WriteFile(keep, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, xlsx := range []bool{false, true} {
		if _, err := casefile.WriteTemplate(dir, xlsx); !errors.Is(err, casefile.ErrTemplateDirNotEmpty) {
			t.Fatalf("xlsx %v: %v", xlsx, err)
		}
	}
	if b, _ := os.ReadFile(keep); string(b) != "mine" {
		t.Fatal("the file in the folder was changed")
	}
}
