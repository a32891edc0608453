package casefile_test

import (
	"context"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestProgressStagesAndTotals: an import tells Progress its stages in
// order (validating, writing entities, writing links); validation counts
// every record, and each write stage starts with its total (the records
// that passed validation) and ends there, so a display can show a bar
// with an estimate.
func TestProgressStagesAndTotals(t *testing.T) {
	s := testneo4j.Open(t)
	file := overlappingCase("PROGRESS-1", 1200, 0) // 3,600 entities, 2,400 links
	bad := "Nope"
	file.Entities = append(file.Entities, casefile.Entity{Ref: "BAD", Type: bad})
	file.Links = append(file.Links, casefile.Link{Type: "RECRUITED", From: "R1", To: "BAD"})

	var got []casefile.Progress
	rep, err := casefile.ImportCase(context.Background(), s, file, casefile.Options{BatchSize: 500,
		Progress: func(p casefile.Progress) { got = append(got, p) }})
	if err != nil || rep.ExitCode != 1 {
		t.Fatalf("import: %v %+v", err, rep)
	}
	stages := []string{}
	last := map[string]casefile.Progress{}
	first := map[string]casefile.Progress{}
	for _, p := range got {
		if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
			stages = append(stages, p.Stage)
			first[p.Stage] = p
		}
		if prev, ok := last[p.Stage]; ok && p.Done < prev.Done {
			t.Errorf("%s went back from %d to %d", p.Stage, prev.Done, p.Done)
		}
		last[p.Stage] = p
	}
	want := []string{casefile.StageValidating, casefile.StageEntities, casefile.StageLinks}
	if len(stages) != 3 || stages[0] != want[0] || stages[1] != want[1] || stages[2] != want[2] {
		t.Fatalf("stages %v, want %v", stages, want)
	}
	if v := last[casefile.StageValidating]; v.Done != 3601+2401 || v.Total != 0 {
		t.Errorf("validation ended at %+v, want every record (6,002) and no total", v)
	}
	for stage, total := range map[string]int{casefile.StageEntities: 3600, casefile.StageLinks: 2400} {
		if f, l := first[stage], last[stage]; f.Done != 0 || f.Total != total || l.Done != total || l.Total != total {
			t.Errorf("%s: began %+v, ended %+v, want 0 and %d of %d", stage, f, l, total, total)
		}
	}
	if n := len(got); n > 40 {
		t.Errorf("%d Progress calls for 6,002 records in batches of 500: too many for a display", n)
	}
}
