package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/casefile"
)

// TestStageBar: on a terminal the import shows validation as a count and
// each write stage as a bar with its total and an estimate of the time
// left; off a terminal (a buffer here, a pipe or a log in use) nothing.
func TestStageBar(t *testing.T) {
	if progress(&bytes.Buffer{}, "x.json") != nil {
		t.Fatal("a progress display on a non-terminal")
	}
	var out bytes.Buffer
	bar := &stageBar{w: &out, name: "case.json"}
	bar.update(casefile.Progress{Stage: casefile.StageValidating, Done: 1000})
	bar.update(casefile.Progress{Stage: casefile.StageValidating, Done: 6002})
	bar.update(casefile.Progress{Stage: casefile.StageEntities, Total: 3600})
	time.Sleep(150 * time.Millisecond) // past the throttle: a frame in the middle, with its estimate
	bar.update(casefile.Progress{Stage: casefile.StageEntities, Done: 1800, Total: 3600})
	bar.update(casefile.Progress{Stage: casefile.StageEntities, Done: 3600, Total: 3600})
	bar.update(casefile.Progress{Stage: casefile.StageLinks, Total: 2400})
	bar.update(casefile.Progress{Stage: casefile.StageLinks, Done: 2400, Total: 2400})
	bar.finish()
	got := out.String()
	for _, want := range []string{"case.json: validating", "6002", "case.json: writing entities", "1800/3600", "3600/3600",
		"case.json: writing links", "2400/2400", "records/s"} {
		if !strings.Contains(got, want) {
			t.Errorf("display lacks %q:\n%q", want, got)
		}
	}
	// [elapsed:left] after the count
	if !regexp.MustCompile(`1800/3600[^\]]*\[\d+\w*:\d+\w*\]`).MatchString(got) {
		t.Errorf("the half-way frame shows no time estimate:\n%q", got)
	}
}
